"""History pages attacked over real HTTP: version ids of other objects and other models.

For every role and every admin with history, the revision and recovery addresses of an object
the role can open are given version ids that are not this object's. GET and a POST of the form
as served (the administrator's restore form, and the role's own change form of the page) both
answer 403 or 404, and a dump of every content, account and history table is the same
afterwards.

The versions are chosen by kind, one of each at each model's doors (REVISION_KINDS and
RECOVERY_KINDS below): of this model, another object and another area's object; of another
model, the same object id (the version django-reversion's own lookup would take), another id,
another area's object, and an id this model has no row of (which a recovery would not find
still there); a version in a revision of several objects (a period's, with its promises); the
draft period's version from when it was published; and at the recovery door the living
object's own version. The views tell versions apart by model, object id, area and revision,
nothing else, so a second version of a kind only repeated a request with the same answer. The
test asserts that every kind was tried at every model's doors.

The attack world is built once per module and worker (`shared_world`, tests/support/shared_world.py)
and the live server answers inside its transaction, so every role meets the same rows, each
role's test is rolled back, and the administrator's restore forms are fetched once for all roles.
"""

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from reversion.models import Version

from promises.admin.history import HistoryAdmin
from promises.editing import roles
from promises.models import Area, Promise, PromisePeriod

from ..conftest import PASSWORD
from ..support import attack_world
from ..support.html import form_data
from ..support.http_session import HttpSession
from ..support.roles import role_params

pytestmark = pytest.mark.django_db

ROLES = ("admin", "coordinator", *attack_world.EDITOR_ROLES)
REFUSED = (403, 404)


def history_admins():
    return [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, HistoryAdmin)
    ]


def make_user(role):
    from django.contrib.auth.models import Group

    from promises.models import Partner

    user = User.objects.create_user(f"{role}@example.se", password=PASSWORD, is_staff=True)
    if role == "admin":
        user.groups.add(Group.objects.get(name=roles.SITE_ADMINS))
    elif role == "coordinator":
        user.groups.add(Area.objects.get(slug=attack_world.HOME_AREA).coordinator_group)
    else:
        user.groups.add(Partner.objects.get(slug=role).editor_group)
    return user


def target_for(user, model):
    """An object of `model` the role can open, so the attack starts from a page it may use."""
    visible = roles.visible(user, model._default_manager.order_by("pk"))
    if roles.scope_of(model) is None:
        visible = model._default_manager.order_by("pk")
    return visible.first() or model._default_manager.order_by("pk").first()


# The kinds of someone else's version, each tried at each model's doors. The views tell
# versions apart by model, object id, area and revision, nothing else, so a second version of
# the same kind would only repeat a request with the same answer.
OWN_OTHER_OBJECT = "this model, another object"
OWN_OTHER_AREA = "this model, another area's object"
OTHER_SAME_ID = "another model, the same object id"  # django-reversion's own lookup takes it
OTHER_OTHER_ID = "another model, another object id"
OTHER_AREA = "another model, another area's object"
SHARED_REVISION = "a version in a revision of several objects"  # a period's, with its promises
DRAFT = "the draft's version from when it was published"  # restoring it would publish it
LIVING = "the living object's own version"  # at the recovery door only
NO_ROW = "another model, an id this model has no row of"  # else recovery finds it still there
REVISION_KINDS = (
    OWN_OTHER_OBJECT,
    OWN_OTHER_AREA,
    OTHER_SAME_ID,
    OTHER_OTHER_ID,
    OTHER_AREA,
    SHARED_REVISION,
    DRAFT,
)
RECOVERY_KINDS = (LIVING, OWN_OTHER_OBJECT, OWN_OTHER_AREA, OTHER_OTHER_ID, OTHER_AREA, NO_ROW)


class Seen:
    """What the kinds are judged by, of every version of the world: its model, object id,
    area (None for rows of no area) and whether its revision is a period's, holding its
    promises too. Worked out once per module (`shared_world.once`).

    Versions of models with an admin of their own come first, so a kind's version is one
    whose restore form the administrator is served (an action note's is served only inside
    its action's)."""

    def __init__(self, world):
        self.draft = world["draft"]
        period_type = ContentType.objects.get_for_model(PromisePeriod)
        periods_revisions = set(
            Version.objects.filter(content_type=period_type).values_list("revision", flat=True)
        )
        self.rows = []
        for version in Version.objects.select_related("content_type").order_by("pk"):
            area = attack_world.area_of(version.object)
            self.rows.append(
                (
                    version,
                    area.slug if area is not None else None,
                    version.revision_id in periods_revisions
                    and version.content_type_id != period_type.pk,
                )
            )
        self.rows.sort(
            key=lambda row: row[0].content_type.model_class() not in admin.site._registry
        )

    def model_has_areas(self, content_type):
        return any(area for v, area, _ in self.rows if v.content_type_id == content_type.pk)


def kinds_of(row, own_type, target, seen, ids):
    """Every kind of the list above the version is, seen from `target`'s pages (`ids`: the
    ids of the model's rows)."""
    version, area, in_periods_revision = row
    own_model = version.content_type_id == own_type.pk
    same_id = version.object_id == str(target.pk)
    if own_model and same_id:
        return {LIVING}
    elsewhere = area is not None and area != attack_world.HOME_AREA
    kinds = set()
    if own_model:
        kinds.add(OWN_OTHER_AREA if elsewhere else OWN_OTHER_OBJECT)
    elif same_id:
        kinds.add(OTHER_SAME_ID)
    else:
        kinds.add(OTHER_AREA if elsewhere else OTHER_OTHER_ID)
    if not own_model and version.object_id not in ids:
        kinds.add(NO_ROW)
    if in_periods_revision and not elsewhere:
        kinds.add(SHARED_REVISION)
    if version.object == seen.draft:
        kinds.add(DRAFT)
    return kinds


def versions_by_kind(model, target, world):
    """{kind: version}, the first version of each kind that is not `target`'s own (and its own
    under LIVING), with the kinds this model's doors must be tried with."""
    seen = world.once("versions", lambda: Seen(world.world))
    own_type = ContentType.objects.get_for_model(model)
    rows = model._default_manager.values_list("pk", flat=True)
    ids = world.once(("ids", model), lambda: {str(pk) for pk in rows})
    chosen = {}
    for row in seen.rows:
        for kind in kinds_of(row, own_type, target, seen, ids):
            chosen.setdefault(kind, row[0])
    expected = set(REVISION_KINDS) | set(RECOVERY_KINDS)
    # What the world cannot have: a model without areas has no other area's row, the seed's
    # promises take every id the other models' versions have, every other area is another
    # area's, and a text there is one of has no other object.
    if not seen.model_has_areas(own_type):
        expected.discard(OWN_OTHER_AREA)
    if model is Promise:
        expected.discard(NO_ROW)
    if model is Area or len(ids) == 1:
        expected.discard(OWN_OTHER_OBJECT)
    if target == seen.draft:
        expected.discard(DRAFT)  # the draft's own version is its own history
    return chosen, expected


def served_form(world, version):
    """The form a restore page serves for this version, as a site administrator sees it
    (fetched once per module: every role re-posts the same form)."""
    model = version.content_type.model_class()
    url = (
        f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        f"{version.object_id}/history/{version.pk}/"
    )
    status, html = world.admin_page(url)
    return form_data(html, f"{model._meta.model_name}_form") if status == 200 else {}


class RoleForms:
    """What the role is served where a restore address refuses it: the change form of the
    object whose page it is. Re-posting that is the attack the issue reproduced; the form is
    fetched once per page, as an attacker re-posting one open tab would (the restore address
    itself was just refused, so it serves no form)."""

    def __init__(self, session):
        self.session = session
        self.pages = {}

    def at(self, url, model):
        if "/history/" not in url:
            return {}  # a recovery address belongs to no object: nothing else to re-post
        change = url.split("history/")[0] + "change/"
        if change not in self.pages:
            status, html = self.session.get(change)
            self.pages[change] = (
                form_data(html, f"{model._meta.model_name}_form") if status == 200 else {}
            )
        return self.pages[change]


def assert_refused(status, body, url):
    assert status in REFUSED, (url, status)
    assert "CSRF" not in body, url  # refused by the rules, not by a missing token


# Each role is its own pytest-xdist group (tests/conftest.py otherwise keeps a file's tests on
# one worker): the roles are independent, so the two workers share them out.
@pytest.mark.parametrize("role", role_params(ROLES, group="history"))
def test_versions_of_other_objects_and_models_are_refused(shared_world, world_server, role):
    user = make_user(role)
    session = HttpSession(world_server.url, user)
    plans = []
    for model, _model_admin in history_admins():
        target = target_for(user, model)
        if target is None:
            continue
        meta = model._meta
        chosen, expected = versions_by_kind(model, target, shared_world)
        # Every kind is tried at every model's doors: the matrix cannot silently shrink.
        assert expected <= set(chosen), (meta.model_name, sorted(expected - set(chosen)))
        history = f"/admin/promises/{meta.model_name}/{target.pk}/history/"
        recover = f"/admin/promises/{meta.model_name}/recover/"
        doors = {}
        for kind in REVISION_KINDS:
            if kind in expected:
                doors.setdefault(f"{history}{chosen[kind].pk}/", chosen[kind])
        for kind in RECOVERY_KINDS:
            if kind in expected:
                doors.setdefault(f"{recover}{chosen[kind].pk}/", chosen[kind])
        plans += [(url, version, model) for url, version in doors.items()]
    assert {model for _url, _version, model in plans} == {m for m, _a in history_admins()}
    for _url, version, _model in plans:
        served_form(shared_world, version)  # the administrator's requests before the dump

    before = attack_world.dump()
    role_forms = RoleForms(session)
    for url, version, model in plans:
        assert_refused(*session.get(url), url)
        administrators_form = served_form(shared_world, version)
        assert_refused(*session.post(url, administrators_form), url)
        roles_form = role_forms.at(url, model)
        if roles_form != administrators_form:  # the same request again would say nothing new
            assert_refused(*session.post(url, roles_form), url)
    assert attack_world.dump() == before

    # The same session can restore where it may: the refusals above were the rules at work.
    if role in attack_world.EDITOR_ROLES or role == "admin":
        promise = roles.editable(user, Promise.objects.order_by("pk")).first()
        version = Version.objects.get_for_object(promise).first()
        url = f"/admin/promises/promise/{promise.pk}/history/{version.pk}/"
        status, html = session.get(url)
        assert status == 200
        assert session.post(url, form_data(html, "promise_form"))[0] == 302
