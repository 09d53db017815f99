"""A generated walk through every registered admin, for every role, against what the role may
not change: every other partner's rows, everything outside the role, and another area's rows.

For each such object the walk opens and posts (with the form a site administrator is served,
its texts changed) the list, add, change, preview, delete, history, restore and recovery pages,
the "view on site" redirect, autocomplete, and every bulk action. Afterwards every content,
account and history table is exactly as before. Nothing may answer 500 (the test client
re-raises). The world has two areas (tests/support/attack_world.py): every role of Södra
Fyrbodal, and the other area's coordinator, meets the other area's rows at every door, in the
same walk (each door once per object), and autocomplete offers none of them.

The objects are chosen by kind, not by id (kind_at_home): per model, one row of each kind the
role may not change in its own area (part of a promise it gives, a joint row, another
partner's own, nobody's; accounts by their groups) and one of another area's. A door every
object of a model shares (its list, search, add and recovery pages, and each model's restore
page reached with another model's version) is knocked on once per walk, not once per object.
"""

import json

import pytest
import reversion
from django.contrib import admin
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.test import RequestFactory
from reversion.models import Version

from promises.admin.history import HistoryAdmin
from promises.admin.preview import PREVIEW_BUTTON, PreviewMixin
from promises.models import (
    TRANSLATION_LANGUAGES,
    Action,
    ActionNote,
    Area,
    FollowUp,
    Indicator,
    IndicatorValue,
    Partner,
    Promise,
    PromisePeriod,
)

from ..support import attack_world
from ..support.html import form_data
from ..support.roles import role_params

pytestmark = pytest.mark.django_db

ROLES = ("coordinator", *attack_world.EDITOR_ROLES, attack_world.NORTH_COORDINATOR)


def home_area(role, user):
    """The area the role works in: a coordinator's own, an editor's partner's."""
    if role.startswith("coordinator"):
        return roles_area(user)
    return Partner.objects.get(slug=role).area


def roles_area(user):
    return Area.objects.get(coordinator_group__user=user)


def belongs_to(obj, slug) -> bool:
    """Written out here, apart from promises/editing/roles.py, so the walk checks the rules."""
    if isinstance(obj, Partner):
        return obj.slug == slug
    if isinstance(obj, Promise):
        return obj.givers.filter(slug=slug).exists()
    if isinstance(obj, FollowUp):
        # The reporter's, within a promise the reporter gives; without a reporter, nobody's.
        reporter = obj.reported_by
        return reporter is not None and reporter.slug == slug and belongs_to(obj.promise, slug)
    if isinstance(obj, Action):
        return obj.responsible.slug == slug and belongs_to(obj.promise, slug)
    if isinstance(obj, ActionNote):
        return belongs_to(obj.action, slug)
    if isinstance(obj, Indicator):
        return belongs_to(obj.promise, slug)
    if isinstance(obj, IndicatorValue):
        return belongs_to(obj.indicator, slug)
    return False


def off_limits(role, user, obj) -> bool:
    """Objects the role may not change at all."""
    if role.startswith("coordinator"):
        # A coordinator changes their own area's partners and periods (and the shared texts),
        # nothing of another area's.
        meta = obj._meta
        area = attack_world.area_of(obj)
        if area is not None and area != roles_area(user):
            return True
        if isinstance(obj, User):
            # Only accounts of their own area's partners' editors, and nothing more.
            groups = list(obj.groups.all())
            editors_here = Partner.objects.filter(area=roles_area(user), editor_group__in=groups)
            return obj.is_superuser or not groups or editors_here.count() != len(groups)
        return not user.has_perm(f"{meta.app_label}.change_{meta.model_name}")
    area = attack_world.area_of(obj)
    if area is not None and area != home_area(role, user):
        return True
    if isinstance(obj, PromisePeriod):
        # Editors change their own promises through the period's form; its own fields are
        # read-only (tests/admin/test_admin_side_doors.py covers the period itself).
        return False
    return not belongs_to(obj, role)


def promise_of(obj):
    """The promise a row is part of (itself for a promise), or None."""
    if isinstance(obj, Promise):
        return obj
    if isinstance(obj, FollowUp | Action | Indicator):
        return obj.promise
    return None


def owners_of(obj) -> set:
    """The partners a row is someone's through, written out as belongs_to is."""
    if isinstance(obj, Partner):
        return {obj.slug}
    if isinstance(obj, Promise | Indicator):
        return set(promise_of(obj).givers.values_list("slug", flat=True))
    if isinstance(obj, FollowUp):
        return {obj.reported_by.slug} if obj.reported_by is not None else set()
    if isinstance(obj, Action):
        return {obj.responsible.slug}
    return set()


def account_kind(user, home):
    """What an account is to a role of `home`: superuser or not, and each of its groups as
    site administrators, coordinators or editors, of this area or another."""
    groups = set()
    for group in user.groups.all():
        partner = Partner.objects.filter(editor_group=group).first()
        area = partner.area if partner else None
        if area is None:
            area = Area.objects.filter(coordinator_group=group).first()
            kind = "coordinators" if area else group.name
        else:
            kind = "editors"
        groups.add((kind, None if area is None else area == home))
    return ("account", user.is_superuser, tuple(sorted(groups, key=str)))


def kind_at_home(role, obj, home):
    """What a row the role may not change is to the role: part of a promise it gives (another
    partner's report or action there), a joint row, another partner's own, or nobody's; an
    account by its groups. Two rows of one kind meet the same rules at every door."""
    if isinstance(obj, User):
        return account_kind(obj, home)
    promise = promise_of(obj)
    if promise is not None and promise.givers.filter(slug=role).exists():
        return "part of a promise the role gives"
    owners = owners_of(obj)
    if not owners:
        return "nobody's"
    return "joint" if len(owners) > 1 else "another partner's"


def targets(role, user):
    """Per model, one object of each kind (kind_at_home) the role may not change in its own
    area (or of no area), and the first of another area's."""
    home = home_area(role, user)
    for model, model_admin in admin.site._registry.items():
        chosen = [
            obj for obj in model._default_manager.order_by("pk") if off_limits(role, user, obj)
        ]
        areas = {obj.pk: attack_world.area_of(obj) for obj in chosen}
        at_home = {}
        for obj in chosen:
            if areas[obj.pk] in (None, home):
                at_home.setdefault(kind_at_home(role, obj, home), obj)
        elsewhere = [obj for obj in chosen if areas[obj.pk] not in (None, home)]
        for obj in [*at_home.values(), *elsewhere[:1]]:
            yield model_admin, obj


def altered(model, data):
    """The served form with every free text changed, as an attacker would post it."""
    changed = dict(data)
    model_fields = {field.name: field for field in model._meta.get_fields()}
    for name, value in data.items():
        # Form-only fields (edit_token, inline rows) are posted as served.
        field = model_fields.get(name)
        free_text = isinstance(field, models.TextField | models.CharField) and not (
            field.choices or isinstance(field, models.SlugField)
        )
        if free_text and isinstance(value, str):
            changed[name] = value + " (ändrat utifrån)"
    # And every translation it carries published (promises/models/translations.py).
    for language in TRANSLATION_LANGUAGES:
        if f"translation_published_{language}" in model_fields:
            changed[f"translation_published_{language}"] = "on"
    return changed


def admin_form(shared, url, model):
    status, html = shared.admin_page(url)
    if status != 200:
        return {}
    return form_data(html, f"{model._meta.model_name}_form")


def entry_points(role_request, version):
    """Pages the role may open whose history the version id could be slipped into: objects of
    other kinds with the same id (django-reversion matches a version by id and object id)."""
    points = []
    for model, model_admin in admin.site._registry.items():
        if not isinstance(model_admin, HistoryAdmin) or model is version.content_type.model_class():
            continue
        if not model_admin.has_view_or_change_permission(role_request):
            continue
        if model_admin.get_queryset(role_request).filter(pk=version.object_id).exists():
            meta = model._meta
            entry = f"/admin/{meta.app_label}/{meta.model_name}/{version.object_id}/"
            points.append((entry, meta.model_name))
    return points


class ServedForms:
    """The form a role is served at a door, fetched once per door.

    Many versions lead to the same refused restore page and so to the same object's change
    form: the walk asks for each such page once and re-posts what it served, as an attacker
    re-posting one open tab would.
    """

    def __init__(self, client):
        self.client = client
        self.pages = {}

    def page(self, url, form_id):
        if url not in self.pages:
            page = self.client.get(url)
            self.pages[url] = (
                form_data(page.content.decode(), form_id) if page.status_code == 200 else {}
            )
        return self.pages[url]

    def at(self, restore_url, model_name):
        form_id = f"{model_name}_form"
        data = self.page(restore_url, form_id)
        if not data:
            data = self.page(restore_url.split("history/")[0] + "change/", form_id)
        return data


def doors(shared, model_admin, obj, role_request, side):
    """Every request the walk makes about one object: (method, url, data, door). A request
    whose door another object of the model already knocked on the same way is not sent
    again (walk): the same list, add, search and recovery pages answer the same."""
    model = type(obj)
    meta = model._meta
    base = f"/admin/{meta.app_label}/{meta.model_name}/"
    change = f"{base}{obj.pk}/change/"
    served = altered(model, admin_form(shared, change, model))
    requests = [
        ("get", base, None, base),
        # Any id as a search term: the search's door, not the object's.
        ("get", f"{base}?q={obj.pk}", None, ("search", base)),
        ("get", f"{base}add/", None, f"{base}add/"),
        # A new row from this area's form, or from another area's (its area and partners).
        ("post", f"{base}add/", served, ("add", base, side)),
        ("get", change, None, change),
        ("post", change, served, None),
    ]
    if isinstance(model_admin, PreviewMixin):
        requests.append(("post", change, {**served, PREVIEW_BUTTON: "1"}, None))
    requests += [
        ("get", f"{base}{obj.pk}/delete/", None, None),
        ("post", f"{base}{obj.pk}/delete/", {"post": "yes"}, None),
        ("get", f"{base}{obj.pk}/history/", None, None),
        ("get", f"{base}recover/", None, f"{base}recover/"),
        ("get", f"/admin/r/{ContentType.objects.get_for_model(model).pk}/{obj.pk}/", None, None),
    ]
    versions = Version.objects.none()
    if reversion.is_registered(model):
        versions = Version.objects.get_for_object(obj)[:2]
    for version in versions:
        revision = f"{base}{obj.pk}/history/{version.pk}/"
        restore_form = admin_form(shared, revision, model)
        requests += [
            ("get", revision, None, None),
            ("post", revision, restore_form, None),
            # The walk's roles are refused the list of deleted objects (walk asserts it) and
            # the recovery view refuses them before it reads the version: one version per
            # model knocks on that door.
            ("get", f"{base}recover/{version.pk}/", None, ("recovery", "get", base)),
            ("post", f"{base}recover/{version.pk}/", restore_form, ("recovery", "post", base)),
        ]
        for entry, model_name in entry_points(role_request, version):
            # The form the role is served there (the other object's form, after the revert),
            # or that object's own change form where the restore page is refused. Each model's
            # restore door is tried once with a version of another model the role may not
            # change (tests/attacks/test_history_attacks.py tries every kind at every door).
            url = f"{entry}history/{version.pk}/"
            requests.append(("post served", url, model_name, ("served", model_name)))
    for action in model_admin.get_actions(shared.admin_request):
        data = {"action": action, "_selected_action": [obj.pk], "post": "yes"}
        requests.append(("post", base, data, None))
    return requests


def walk(client, shared, chosen, role_request, home):
    """Send every door's requests once: a door two objects share (the list, the add, search
    and recovery pages of their model) is walked once, not once per object."""
    served_forms = ServedForms(client)
    answered = {}
    walked = set()
    count = 0
    for model_admin, obj in chosen:
        side = "home" if attack_world.area_of(obj) in (None, home) else "elsewhere"
        for method, url, data, door in doors(shared, model_admin, obj, role_request, side):
            if door is not None:
                if door in walked:
                    continue
                walked.add(door)
            if isinstance(door, tuple) and door[0] == "recovery":
                assert answered[f"{door[2]}recover/"] in (403, 404), door
            if method == "post served":
                method, data = "post", served_forms.at(url, data)
            response = getattr(client, method)(url, data) if method == "post" else client.get(url)
            assert response.status_code < 500, (method, url)
            answered[url] = response.status_code
            count += 1
    return count


def walk_translation_lists(client, chosen):
    """ "Översättningar som saknas" for every language and every walked kind: it answers, and
    lists none of the rows the role may not change (promises/admin/translations.py)."""
    count = 0
    for model in {type(obj) for _admin, obj in chosen}:
        for language in TRANSLATION_LANGUAGES:
            url = f"/admin/oversattningar/?sprak={language}&typ={model._meta.model_name}"
            response = client.get(url)
            assert response.status_code < 500, url
            html = response.content.decode()
            for _admin, obj in chosen:
                if type(obj) is model:
                    assert f"/{model._meta.model_name}/{obj.pk}/change/" not in html, (url, obj)
            count += 1
    return count


def autocomplete_urls(term):
    """Every relation the admin could offer for autocomplete, from every registered model."""
    for model in admin.site._registry:
        for field in model._meta.get_fields():
            if field.is_relation and field.concrete and field.related_model in admin.site._registry:
                url = (
                    f"/admin/autocomplete/?app_label={model._meta.app_label}"
                    f"&model_name={model._meta.model_name}&field_name={field.name}&term={term}"
                )
                yield field.related_model, url


def walk_autocomplete(client, home):
    """Every autocomplete, searching for the other area's word: nothing of another area is
    offered (the rows offered are those the target model's scoped admin list shows)."""
    count = 0
    for related_model, url in autocomplete_urls(attack_world.NORTH_WORD):
        response = client.get(url)
        assert response.status_code < 500, url
        if response.status_code == 200:
            ids = [result["id"] for result in json.loads(response.content)["results"]]
            for obj in related_model._default_manager.filter(pk__in=ids):
                assert attack_world.area_of(obj) in (None, home), (url, obj)
        count += 1
    return count


# Each role is its own pytest-xdist group (tests/conftest.py otherwise keeps a file's tests on
# one worker), so the two workers share the roles out; each builds the world once.
@pytest.mark.parametrize("role", role_params(ROLES, group="walk"))
def test_nothing_the_role_may_not_change_changes(shared_world, client_for, role):
    client = client_for(role)
    user = User.objects.get(username=f"{role}@example.se")
    chosen = list(targets(role, user))
    # The world has something of every kind the walk is about, of both areas.
    walked_models = {type(obj) for _admin, obj in chosen}
    assert {Partner, Promise, FollowUp, Action} <= walked_models
    assert len(walked_models) >= 6
    home = home_area(role, user)
    elsewhere = {
        type(obj) for _admin, obj in chosen if attack_world.area_of(obj) not in (None, home)
    }
    assert {Partner, PromisePeriod, Promise, FollowUp, Action, Indicator} <= elsewhere
    if role == "coordinator":
        # Another area's editor's account among the walked accounts.
        assert attack_world.NORTH_EDITOR in {
            obj.username for _a, obj in chosen if type(obj) is User
        }

    before = attack_world.dump()
    role_request = RequestFactory().get("/admin/")
    role_request.user = user
    total = walk(client, shared_world, chosen, role_request, home)
    total += walk_autocomplete(client, home)
    total += walk_translation_lists(client, chosen)
    assert attack_world.dump() == before
    assert total > 100


def test_the_walk_sees_a_change_when_the_role_may_make_it(shared_world, client_for):
    """The control: the same walk's change request does change an object the role owns."""
    client = client_for(attack_world.TJORN)
    promise = shared_world.world["tjorn only"]
    url = f"/admin/promises/promise/{promise.pk}/change/"
    served = altered(Promise, admin_form(shared_world, url, Promise))
    served["edit_token"] = form_data(client.get(url).content.decode(), "promise_form")["edit_token"]
    assert client.post(url, served).status_code == 302
    promise.refresh_from_db()
    assert promise.text.endswith("(ändrat utifrån)")
    assert promise.text_en.endswith("(ändrat utifrån)") and promise.translation_published_en


def test_the_translation_lists_would_show_what_the_walk_looks_for(shared_world):
    """The control of walk_translation_lists: a site administrator's list has another
    partner's promise, so its absence from the roles' lists is the rules at work."""
    promise = shared_world.world["tjorn only"]
    _status, html = shared_world.admin_page("/admin/oversattningar/?sprak=ar&typ=promise")
    assert f"/promise/{promise.pk}/change/" in html


def test_the_autocomplete_attack_would_see_the_other_area(shared_world):
    """The control of walk_autocomplete: a site administrator searching for the other area's
    word is offered its rows, so an empty answer for the roles is the rules at work."""
    url = dict(autocomplete_urls(attack_world.NORTH_WORD))[Partner]
    ids = {int(r["id"]) for r in json.loads(shared_world.admin_page(url)[1])["results"]}
    assert {p.pk for p in shared_world.world["north"]["partners"].values()} <= ids
