"""History pages attacked over real HTTP: version ids of other objects and other models.

For every role and every admin with history, the revision and recovery addresses are given
version ids that are not this object's (another object of the same kind, the same id of
another kind, a whole period's revision, the version of a draft from when it was published).
GET and a POST of the form as served both answer 403 or 404, and a dump of every content,
account and history table is the same afterwards.

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

    from promises.models import Area, Partner

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


def other_area_versions(content_type, home):
    """The first version of the content type's first object in another area (none for models
    without areas)."""
    versions = Version.objects.filter(content_type=content_type).order_by("-pk")
    for version in versions:
        obj = version.object
        if obj is not None:
            area = attack_world.area_of(obj)
            if area is None:
                return []
            if area.slug != home:
                return [version]
    return []


def foreign_versions(model, target, world):
    """Versions that are not `target`'s, one per way of being someone else's: of this model,
    two other objects; of every other model, the version with the same object id (the one
    django-reversion's own lookup would take for this object's) or, where none has it, one
    other; and of every model, one of another area's object. Period revisions are among them
    (a period's version in a revision of all its promises).

    More versions of the same kind would only repeat a request to the same door with the same
    answer: the views tell versions apart by model, object id and area, nothing else.
    """
    own_type = ContentType.objects.get_for_model(model)
    chosen = {}
    for content_type in ContentType.objects.filter(
        pk__in=Version.objects.values("content_type")
    ).order_by("pk"):
        versions = Version.objects.filter(content_type=content_type).order_by("pk")
        if content_type == own_type:
            versions = versions.exclude(object_id=str(target.pk))
            picked = [versions.first(), versions.last()]
        else:
            picked = [versions.filter(object_id=str(target.pk)).first() or versions.first()]
        # The same for every model's attack: looked up once per module.
        others = world.once(
            ("other area's version", content_type.pk),
            lambda content_type=content_type: other_area_versions(
                content_type, attack_world.HOME_AREA
            ),
        )
        for version in (*picked, *others):
            if version is not None:
                chosen[version.pk] = version
    return list(chosen.values())


def one_of_each_kind(versions, model):
    """Of the versions, the first of this model, the first of another model and the first of
    another area's object."""
    own_type = ContentType.objects.get_for_model(model)
    kinds = {}
    for version in versions:
        area = attack_world.area_of(version.object) if version.object is not None else None
        kind = (
            version.content_type_id == own_type.pk,
            area is not None and area.slug != attack_world.HOME_AREA,
        )
        kinds.setdefault(kind, version)
    return list(kinds.values())


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
        versions = foreign_versions(model, target, shared_world)
        recover = f"/admin/promises/{meta.model_name}/recover/"
        # A role refused the list of deleted objects has no recovery door at all: one version
        # of each kind shows it stays shut, whichever version is slipped in.
        recoverable = versions
        if session.get(recover)[0] in REFUSED:
            recoverable = one_of_each_kind(versions, model)
        for version in versions:
            plans.append(
                (
                    f"/admin/promises/{meta.model_name}/{target.pk}/history/{version.pk}/",
                    version,
                    model,
                )
            )
        for version in recoverable:
            plans.append((f"{recover}{version.pk}/", version, model))
        # A version of the living object itself is not a recovery either.
        own = Version.objects.get_for_object(target).first()
        if own is not None:
            plans.append((f"/admin/promises/{meta.model_name}/recover/{own.pk}/", own, model))
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
    assert len(plans) > 50  # the matrix really ran

    # The same session can restore where it may: the refusals above were the rules at work.
    if role in attack_world.EDITOR_ROLES or role == "admin":
        from promises.models import Promise

        promise = roles.editable(user, Promise.objects.order_by("pk")).first()
        version = Version.objects.get_for_object(promise).first()
        url = f"/admin/promises/promise/{promise.pk}/history/{version.pk}/"
        status, html = session.get(url)
        assert status == 200
        assert session.post(url, form_data(html, "promise_form"))[0] == 302
