"""The permission matrix: every role × object kind × view/add/change/delete, by real requests."""

import pytest
from django.contrib.auth.models import Group

from promises.editing import roles
from promises.models import Partner, Promise, PromisePeriod

from ..support.html import form_data, visible_text

pytestmark = pytest.mark.django_db

POLICE = "lokalpolisomrade-sodra-fyrbodal"
TJORN = "tjorns-kommun"
POLICE_PROMISE = "Fokusera och prioritera särskilt utsatta brottsoffer."
JOINT_MUNICIPAL_PROMISE = "Genomföra tidiga föräldrastärkande insatser."


def target(kind):
    """The objects of the matrix, by name."""
    if kind == "own partner (police)":
        return Partner.objects.get(slug=POLICE)
    if kind == "other partner (Tjörn)":
        return Partner.objects.get(slug=TJORN)
    if kind == "period":
        return PromisePeriod.objects.get(slug="2023-2024")
    if kind == "police promise":
        return Promise.objects.get(text=POLICE_PROMISE)
    if kind == "municipal promise":
        return Promise.objects.get(text=JOINT_MUNICIPAL_PROMISE)
    raise AssertionError(kind)


def admin_url(obj, view="change"):
    meta = obj._meta
    return f"/admin/{meta.app_label}/{meta.model_name}/{obj.pk}/{view}/"


# The text field each kind's change test edits, and which form holds it.
EDITED_FIELD = {
    Partner: "representative_title",
    PromisePeriod: "intro",
    Promise: "text",
}

ROLES = ("admin", "coordinator", POLICE, TJORN)
KINDS = (
    "own partner (police)",
    "other partner (Tjörn)",
    "period",
    "police promise",
    "municipal promise",
)

# What each role may do. V view, C change, D delete. Adding is per model, below.
ALLOWED = {
    "admin": dict.fromkeys(KINDS, "VCD"),
    # Södra Fyrbodal's coordinator: the area's partners and periods (tests/admin/
    # test_area_coordinators.py: and nothing of another area's).
    "coordinator": {
        "own partner (police)": "VC",
        "other partner (Tjörn)": "VC",
        "period": "VC",
        "police promise": "V",
        "municipal promise": "V",
    },
    POLICE: {
        "own partner (police)": "VC",
        "other partner (Tjörn)": "",
        # Editors open the period to change their promises; its own fields stay read-only.
        "period": "V",
        "police promise": "VCD",
        "municipal promise": "",
    },
    TJORN: {
        "own partner (police)": "",
        "other partner (Tjörn)": "VC",
        "period": "V",
        "police promise": "",
        # Given by all three municipalities: Tjörn may change it, but not delete it.
        "municipal promise": "VC",
    },
}
MAY_ADD = {
    "admin": {Partner, PromisePeriod, Promise},
    "coordinator": {Partner, PromisePeriod},
    POLICE: {Promise},
    TJORN: {Promise},
}

MATRIX = [(role, kind) for role in ROLES for kind in KINDS]


@pytest.mark.parametrize(("role", "kind"), MATRIX)
def test_view(client_for, role, kind):
    client = client_for(role)
    obj = target(kind)
    response = client.get(admin_url(obj))
    if "V" in ALLOWED[role][kind]:
        assert response.status_code == 200
        assert str(obj)[:40] in response.content.decode()
        assert client.get(admin_url(obj, "history")).status_code == 200
    else:
        assert response.status_code in (403, 404)
        assert client.get(admin_url(obj, "history")).status_code in (403, 404)


@pytest.mark.parametrize(("role", "kind"), MATRIX)
def test_change(client_for, role, kind, client):
    user_client = client_for(role)
    obj = target(kind)
    field = EDITED_FIELD[type(obj)]
    before = getattr(obj, field)
    form_id = f"{obj._meta.model_name}_form"
    if "V" in ALLOWED[role][kind]:
        data = form_data(user_client.get(admin_url(obj)).content.decode(), form_id)
    else:
        # A crafted POST: what an administrator's form would send.
        admin_client = client_for("admin", "crafter@example.se")
        data = form_data(admin_client.get(admin_url(obj)).content.decode(), form_id)
    data[field] = "Ändrat av " + role
    response = user_client.post(admin_url(obj), data)
    obj.refresh_from_db()
    if "C" in ALLOWED[role][kind]:
        assert response.status_code == 302, visible_text(response.content.decode())[:1500]
        assert getattr(obj, field) == "Ändrat av " + role
    else:
        assert getattr(obj, field) == before
        if "V" not in ALLOWED[role][kind] or type(obj) is not PromisePeriod:
            assert response.status_code in (403, 404)


@pytest.mark.parametrize(("role", "kind"), MATRIX)
def test_delete(client_for, role, kind):
    client = client_for(role)
    obj = target(kind)
    model = type(obj)
    page = client.get(admin_url(obj, "delete"))
    response = client.post(admin_url(obj, "delete"), {"post": "yes"})
    if "D" in ALLOWED[role][kind]:
        # The confirmation page comes first; only the confirmed POST deletes.
        assert page.status_code == 200
        assert response.status_code == 302
        assert not model.objects.filter(pk=obj.pk).exists()
    else:
        assert page.status_code in (403, 404)
        assert response.status_code in (403, 404)
        assert model.objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("model", [Partner, PromisePeriod, Promise])
def test_add(client_for, role, model):
    client = client_for(role)
    url = f"/admin/promises/{model._meta.model_name}/add/"
    assert client.get(url).status_code == (200 if model in MAY_ADD[role] else 403)


def test_an_editor_adds_a_promise_only_for_their_own_partner(client_for):
    client = client_for(TJORN)
    period = PromisePeriod.objects.get(slug="2023-2024")
    police = Partner.objects.get(slug=POLICE)
    tjorn = Partner.objects.get(slug=TJORN)
    url = "/admin/promises/promise/add/"
    base = {"period": period.pk, "text": "Nytt löfte.", "order": 50, "edit_token": ""}

    response = client.post(url, {**base, "givers": [police.pk]})
    assert response.status_code == 200
    assert "din egen organisation" in response.content.decode()
    assert not Promise.objects.filter(text="Nytt löfte.").exists()

    assert client.post(url, {**base, "givers": [tjorn.pk]}).status_code == 302
    assert list(Promise.objects.get(text="Nytt löfte.").givers.all()) == [tjorn]


def test_an_editor_cannot_hand_a_joint_promise_to_another_partner(client_for):
    client = client_for(TJORN)
    promise = target("municipal promise")
    givers_before = set(promise.givers.values_list("pk", flat=True))
    data = form_data(client.get(admin_url(promise)).content.decode(), "promise_form")
    data["givers"] = [str(Partner.objects.get(slug=POLICE).pk)]
    response = client.post(admin_url(promise), data)
    assert response.status_code == 200
    assert "Du kan bara lägga till eller ta bort din egen organisation" in (
        response.content.decode()
    )
    assert set(promise.givers.values_list("pk", flat=True)) == givers_before

    # Nor can they leave it, which would take it out of their reach: an administrator does.
    tjorn = Partner.objects.get(slug=TJORN)
    data["givers"] = [str(pk) for pk in givers_before - {tjorn.pk}]
    response = client.post(admin_url(promise), data)
    assert response.status_code == 200
    assert "måste ges av din egen organisation" in response.content.decode()
    assert set(promise.givers.values_list("pk", flat=True)) == givers_before


def period_form(client, period):
    url = admin_url(period)
    return url, form_data(client.get(url).content.decode(), "promiseperiod_form")


def test_the_period_inline_shows_an_editor_only_their_own_promises(client_for):
    client = client_for(POLICE)
    period = target("period")
    _url, data = period_form(client, period)
    ids = {
        v
        for k, v in data.items()
        if k.startswith("promises-") and k.endswith("-id") and "__prefix__" not in k
    }
    police_ids = {
        str(pk) for pk in period.promises.filter(givers__slug=POLICE).values_list("pk", flat=True)
    }
    assert ids == police_ids


def test_a_crafted_inline_post_at_another_partners_promise_is_refused(client_for):
    client = client_for(POLICE)
    period = target("period")
    url, data = period_form(client, period)
    municipal = target("municipal promise")
    # Point the first inline row at the municipalities' promise.
    data["promises-0-id"] = str(municipal.pk)
    data["promises-0-text"] = "Kapat."
    response = client.post(url, data)
    assert response.status_code == 403
    municipal.refresh_from_db()
    assert municipal.text == JOINT_MUNICIPAL_PROMISE
    assert not Promise.objects.filter(text="Kapat.").exists()


def test_a_crafted_inline_delete_of_another_partners_promise_is_refused(client_for):
    client = client_for(POLICE)
    period = target("period")
    url, data = period_form(client, period)
    municipal = target("municipal promise")
    data["promises-0-id"] = str(municipal.pk)
    data["promises-0-DELETE"] = "on"
    assert client.post(url, data).status_code == 403
    assert Promise.objects.filter(pk=municipal.pk).exists()


def test_an_editor_changes_their_promise_through_the_period_form(client_for):
    client = client_for(POLICE)
    period = target("period")
    url, data = period_form(client, period)
    police = target("police promise")
    prefix = next(k for k, v in data.items() if k.endswith("-id") and v == str(police.pk))[:-3]
    data[f"{prefix}-text"] = "Ändrat av polisen."
    data["intro"] = "Försök att ändra inledningen."
    response = client.post(url, data)
    assert response.status_code == 302, visible_text(response.content.decode())[:1500]
    police.refresh_from_db()
    assert police.text == "Ändrat av polisen."
    period.refresh_from_db()
    assert period.intro != "Försök att ändra inledningen."


def test_an_editor_cannot_delete_a_joint_promise_through_the_period_form(client_for):
    client = client_for(TJORN)
    period = target("period")
    url, data = period_form(client, period)
    municipal = target("municipal promise")
    prefix = next(k for k, v in data.items() if k.endswith("-id") and v == str(municipal.pk))[:-3]
    data[f"{prefix}-DELETE"] = "on"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "ges också av en annan part" in response.content.decode()
    assert Promise.objects.filter(pk=municipal.pk).exists()


def test_every_partner_has_an_editor_group_and_new_partners_get_one():
    for partner in Partner.objects.all():
        assert partner.editor_group.name == f"Redaktörer – {partner.name}"
    new = Partner.objects.create(
        name="Kungälvs kommun", slug="kungalvs-kommun", kind="municipality"
    )
    assert new.editor_group.name == "Redaktörer – Kungälvs kommun"
    assert new.editor_group.permissions.filter(codename="change_promise").exists()
    new.name = "Kungälv"
    new.save()
    new.editor_group.refresh_from_db()
    assert new.editor_group.name == "Redaktörer – Kungälv"
    assert Group.objects.filter(name=roles.SITE_ADMINS).exists()
    assert Group.objects.filter(name="Samordnare – Södra Fyrbodal").exists()
    assert not Group.objects.filter(name="Samordnare").exists()


def test_drafts_are_previewed_only_by_staff_who_may_view_periods(client, client_for):
    period = target("period")
    period.is_published = False
    period.save()
    url = period.get_absolute_url()
    assert client.get(url).status_code == 404
    preview = client_for(TJORN).get(url)
    assert preview.status_code == 200
    assert "no-cache" in preview["Cache-Control"]
    from django.contrib.auth.models import User

    bare_staff = User.objects.create_user("bara-personal", is_staff=True)
    client.force_login(bare_staff)
    assert client.get(url).status_code == 404


def test_a_coordinator_cannot_change_promises_through_the_period_form(client_for):
    client = client_for("coordinator")
    period = target("period")
    url, data = period_form(client, period)
    police = target("police promise")
    prefix = next(k for k, v in data.items() if k.endswith("-id") and v == str(police.pk))[:-3]
    data[f"{prefix}-text"] = "Ändrat av samordnaren."
    data[f"{prefix}-DELETE"] = "on"
    data["intro"] = "Samordnarens inledning."
    assert client.post(url, data).status_code == 302
    police.refresh_from_db()
    assert police.text == POLICE_PROMISE
    period.refresh_from_db()
    assert period.intro == "Samordnarens inledning."


def test_bulk_delete_cannot_remove_a_promise_shared_with_other_partners(client_for):
    client = client_for(TJORN)
    municipal = target("municipal promise")
    police = target("police promise")
    response = client.post(
        "/admin/promises/promise/",
        {
            "action": "delete_selected",
            "_selected_action": [str(municipal.pk), str(police.pk)],
            "post": "yes",
        },
    )
    assert response.status_code == 403, response.status_code
    assert Promise.objects.filter(pk__in=[municipal.pk, police.pk]).count() == 2


def test_only_administrators_see_the_recovery_link(client_for):
    assert "recoverlink" in client_for("admin").get("/admin/promises/promise/").content.decode()
    assert "recoverlink" not in client_for(POLICE).get("/admin/promises/promise/").content.decode()
