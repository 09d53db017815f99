"""Coordinators per area: what an area's coordinator creates lands in their area, another
area's id posted in a form is refused, and another area's rows are in no list, autocomplete or
history they can open. Accounts they give are their own area's editors'. Partner editors cannot
move a partner, a period or a promise to another area.

The second area is tests/support/attack_world.py's made-up "Testområde Norr".
"""

import json
import re

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command

from promises.editing import roles
from promises.models import Area, FollowUp, Partner, Promise, PromisePeriod, Subscription

from ..support import attack_world
from ..support.html import form_data, visible_text
from ..support.subscriptions import confirmed_subscriber

pytestmark = pytest.mark.django_db

SOUTH = attack_world.HOME_AREA
NORTH = attack_world.NORTH
NORTH_COORDINATOR = attack_world.NORTH_COORDINATOR
INVALID_CHOICE = "Välj ett giltigt alternativ"


@pytest.fixture
def north():
    return attack_world.build_north()


def add_partner_form(client, **values):
    data = form_data(client.get("/admin/promises/partner/add/").content.decode(), "partner_form")
    data.update(
        {
            "name": "Påhittade stadsdelen",
            "slug": "pahittade-stadsdelen",
            "kind": "city_district",
            "representative_name": "Påhittad Person",
            "representative_title": "Stadsdelschef",
        }
    )
    data.update(values)
    return data


def test_a_partner_a_coordinator_creates_lands_in_their_area(client_for, north):
    client = client_for(NORTH_COORDINATOR)
    page = client.get("/admin/promises/partner/add/").content.decode()
    # One area of their own: the only choice, chosen already.
    served = form_data(page, "partner_form")
    assert served["area"] == str(north["area"].pk)
    assert "Södra Fyrbodal" not in page.split('name="area"')[1].split("</select>")[0]

    response = client.post("/admin/promises/partner/add/", add_partner_form(client))
    assert response.status_code == 302, visible_text(response.content.decode())[:2000]
    assert Partner.objects.get(slug="pahittade-stadsdelen").area == north["area"]
    # The new partner's editor group is one the coordinator can give accounts in.
    assert Group.objects.filter(name="Redaktörer – Påhittade stadsdelen").exists()


def test_a_coordinator_cannot_put_a_partner_in_another_area_by_its_id(client_for, north):
    client = client_for(NORTH_COORDINATOR)
    south = Area.objects.get(slug=SOUTH)
    response = client.post(
        "/admin/promises/partner/add/", add_partner_form(client, area=str(south.pk))
    )
    assert response.status_code == 200
    assert INVALID_CHOICE in response.content.decode()
    assert not Partner.objects.filter(slug="pahittade-stadsdelen").exists()

    # Nor move their own partner there.
    partner = north["partners"][attack_world.NORTH_MUNICIPALITY]
    url = f"/admin/promises/partner/{partner.pk}/change/"
    data = form_data(client.get(url).content.decode(), "partner_form")
    data["area"] = str(south.pk)
    response = client.post(url, data)
    assert response.status_code == 200
    assert INVALID_CHOICE in response.content.decode()
    partner.refresh_from_db()
    assert partner.area == north["area"]


def test_a_coordinator_of_two_areas_chooses_between_them(client_for, north, staff_user):
    user = staff_user(NORTH_COORDINATOR)
    user.groups.add(Area.objects.get(slug=SOUTH).coordinator_group)
    from django.test import Client

    client = Client()
    client.force_login(user)
    page = client.get("/admin/promises/promiseperiod/add/").content.decode()
    choices = page.split('name="area"')[1].split("</select>")[0]
    assert "Södra Fyrbodal" in choices and "Testområde Norr" in choices
    # A site administrator's choices hold every area; an editor's form shows it read-only.
    admin_page = client_for("admin").get("/admin/promises/promiseperiod/add/").content.decode()
    assert "Testområde Norr" in admin_page.split('name="area"')[1].split("</select>")[0]


def period_data(client, area, partners, slug="pahittade-2027"):
    data = form_data(
        client.get("/admin/promises/promiseperiod/add/").content.decode(), "promiseperiod_form"
    )
    data.update(
        {
            "title": "Påhittade löften 2027",
            "slug": slug,
            "area": str(area.pk),
            "starts_on": "2027-01-01",
            "ends_on": "2027-12-31",
            "partners": [str(partner.pk) for partner in partners],
        }
    )
    return data


def test_a_period_a_coordinator_creates_lands_in_their_area_with_its_partners(client_for, north):
    client = client_for(NORTH_COORDINATOR)
    own = list(north["partners"].values())
    south = Area.objects.get(slug=SOUTH)
    tjorn = Partner.objects.get(slug=attack_world.TJORN)

    # Another area, or another area's partner: refused, nothing saved.
    for data in (
        period_data(client, south, own),
        period_data(client, north["area"], [*own, tjorn]),
    ):
        response = client.post("/admin/promises/promiseperiod/add/", data)
        assert response.status_code == 200
        assert INVALID_CHOICE in response.content.decode()
    assert not PromisePeriod.objects.filter(slug="pahittade-2027").exists()

    response = client.post(
        "/admin/promises/promiseperiod/add/", period_data(client, north["area"], own)
    )
    assert response.status_code == 302, visible_text(response.content.decode())[:2000]
    period = PromisePeriod.objects.get(slug="pahittade-2027")
    assert period.area == north["area"]
    assert set(period.partners.all()) == set(own)


def test_a_site_administrator_cannot_give_a_period_another_areas_partners(client_for, north):
    client = client_for("admin")
    tjorn = Partner.objects.get(slug=attack_world.TJORN)
    data = period_data(client, north["area"], [tjorn])
    response = client.post("/admin/promises/promiseperiod/add/", data)
    assert response.status_code == 200
    # Only the chosen area's partners are choices (promises/admin/scope.py, partners_of_area).
    assert INVALID_CHOICE in response.content.decode()
    assert not PromisePeriod.objects.filter(slug="pahittade-2027").exists()


LISTS = (
    ("partner", "Påhittade polisen", "Tjörns kommun"),
    ("promiseperiod", "Påhittade löften 2025", "2023"),
    ("promise", "Påhittade gemensamma löftet", "Polisen"),
    ("followup", "Påhittade polisens", None),
    ("action", "Påhittade åtgärden", None),
    ("indicator", "Påhittade mätningen", None),
    ("area", "Testområde Norr", "Södra Fyrbodal"),
)


def test_each_coordinator_sees_only_their_own_areas_rows(client_for):
    attack_world.build()  # both areas' follow-ups, actions and indicators
    south_client = client_for("coordinator")
    north_client = client_for(NORTH_COORDINATOR)
    admin_client = client_for("admin")
    for model_name, north_word, south_word in LISTS:
        url = f"/admin/promises/{model_name}/"
        seen_by_south = visible_text(south_client.get(url).content.decode())
        seen_by_north = visible_text(north_client.get(url).content.decode())
        assert north_word in visible_text(admin_client.get(url).content.decode()), url
        assert north_word not in seen_by_south, url
        assert north_word in seen_by_north, url
        if south_word:
            assert south_word not in seen_by_north, url
            assert south_word in seen_by_south, url
        # Nor does a list filter name another area's period.
        assert "Påhittade löften" not in visible_text(south_client.get(url).content.decode()), url
        # Searching for it finds nothing either.
        assert north_word not in visible_text(
            south_client.get(url, {"q": north_word}).content.decode()
        )


def test_autocomplete_offers_no_other_areas_rows(client_for, north):
    client = client_for("coordinator")
    for model_name, field in (("promise", "period"), ("followup", "reported_by")):
        response = client.get(
            "/admin/autocomplete/",
            {
                "app_label": "promises",
                "model_name": model_name,
                "field_name": field,
                "term": "Påhittade",
            },
        )
        assert response.status_code == 200
        assert json.loads(response.content)["results"] == []
    response = client_for(NORTH_COORDINATOR).get(
        "/admin/autocomplete/",
        {"app_label": "promises", "model_name": "promise", "field_name": "period", "term": ""},
    )
    titles = {result["text"] for result in json.loads(response.content)["results"]}
    assert titles == {"Påhittade löften 2025"}


def test_another_areas_history_and_pages_answer_404(client_for, north):
    client = client_for("coordinator")
    partner = north["partners"][attack_world.NORTH_POLICE]
    period = north["period"]
    follow_up = north["follow ups"]["police"]
    for obj in (partner, period, follow_up, north["area"]):
        meta = obj._meta
        base = f"/admin/promises/{meta.model_name}/{obj.pk}/"
        for page in ("change/", "history/", "delete/"):
            assert client.get(base + page).status_code in (302, 403, 404), base + page
    assert client.post(f"/admin/promises/promiseperiod/{period.pk}/publicera/").status_code == 404


def test_a_partners_editor_cannot_move_their_partner_or_promise_to_another_area(client_for, north):
    client = client_for(attack_world.TJORN)
    tjorn = Partner.objects.get(slug=attack_world.TJORN)
    url = f"/admin/promises/partner/{tjorn.pk}/change/"
    data = form_data(client.get(url).content.decode(), "partner_form")
    assert "area" not in data  # shown, not editable
    data["area"] = str(north["area"].pk)
    assert client.post(url, data).status_code == 302
    tjorn.refresh_from_db()
    assert tjorn.area.slug == SOUTH

    promise = Promise.objects.filter(givers=tjorn).first()
    url = f"/admin/promises/promise/{promise.pk}/change/"
    data = form_data(client.get(url).content.decode(), "promise_form")
    data["period"] = str(north["period"].pk)
    response = client.post(url, data)
    assert INVALID_CHOICE in response.content.decode()
    promise.refresh_from_db()
    assert promise.period.area.slug == SOUTH


def test_the_import_page_offers_only_the_users_areas_periods(client_for, north):
    client = client_for(attack_world.TJORN)
    page = client.get("/admin/promises/action/import/").content.decode()
    assert "Påhittade löften 2025" not in page
    response = client.post(
        "/admin/promises/action/import/",
        {"period": str(north["period"].pk), "file": _upload()},
    )
    assert INVALID_CHOICE in response.content.decode()
    assert not FollowUp.objects.filter(text__contains="Importerad").exists()


def _upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("plan.csv", "Löfte;Åtgärd\n1;Importerad\n".encode(), "text/csv")


# Accounts


def test_a_coordinator_gives_an_account_to_their_own_partners_editor(client_for, north):
    client = client_for(NORTH_COORDINATOR)
    own_group = north["partners"][attack_world.NORTH_MUNICIPALITY].editor_group
    other_group = Partner.objects.get(slug=attack_world.TJORN).editor_group
    page = client.get("/admin/auth/user/add/").content.decode()
    assert own_group.name in page
    assert other_group.name not in page
    assert roles.SITE_ADMINS not in page
    base = {
        "username": "ny.redaktor@example.se",
        "usable_password": "true",
        "password1": "Ett-annat-langt-losenord-2024",
        "password2": "Ett-annat-langt-losenord-2024",
        "email": "ny.redaktor@example.se",
    }
    for group in (other_group, Group.objects.get(name=roles.SITE_ADMINS)):
        response = client.post("/admin/auth/user/add/", {**base, "groups": [str(group.pk)]})
        assert INVALID_CHOICE in response.content.decode()
    assert not User.objects.filter(username="ny.redaktor@example.se").exists()
    response = client.post(
        "/admin/auth/user/add/", {**base, "groups": [str(own_group.pk)], "is_superuser": "on"}
    )
    assert response.status_code == 302, visible_text(response.content.decode())[:2000]
    user = User.objects.get(username="ny.redaktor@example.se")
    assert list(user.groups.all()) == [own_group]
    assert user.is_staff and not user.is_superuser


def test_a_coordinator_sees_and_changes_no_other_account(client_for, north, staff_user):
    client = client_for(NORTH_COORDINATOR)
    own_editor = staff_user(attack_world.NORTH_POLICE)
    others = [
        staff_user(attack_world.TJORN),
        staff_user("admin"),
        staff_user("coordinator"),
        User.objects.get(username=f"{NORTH_COORDINATOR}@example.se"),  # themselves
    ]
    listed = client.get("/admin/auth/user/").content.decode()
    assert f"/admin/auth/user/{own_editor.pk}/change/" in listed
    for other in others:
        assert f"/admin/auth/user/{other.pk}/change/" not in listed
        url = f"/admin/auth/user/{other.pk}/change/"
        client.post(url, {"username": other.username, "groups": [], "is_active": ""})
        other.refresh_from_db()
        assert other.is_active and other.groups.exists()
        assert client.get(f"/admin/auth/user/{other.pk}/password/").status_code in (403, 404)
    # Their own editor: no password change (the editor chooses it), no other group.
    assert client.get(f"/admin/auth/user/{own_editor.pk}/password/").status_code == 403
    url = f"/admin/auth/user/{own_editor.pk}/change/"
    data = form_data(client.get(url).content.decode(), "user_form")
    data["groups"] = [str(Group.objects.get(name=roles.SITE_ADMINS).pk)]
    assert INVALID_CHOICE in client.post(url, data).content.decode()
    assert not roles.is_site_admin(User.objects.get(pk=own_editor.pk))


# Areas and their coordinator groups


def test_only_site_administrators_add_or_delete_areas(client_for, north):
    client = client_for("coordinator")
    assert client.get("/admin/promises/area/add/").status_code == 403
    south = Area.objects.get(slug=SOUTH)
    assert client.get(f"/admin/promises/area/{south.pk}/change/").status_code == 200
    assert client.post(f"/admin/promises/area/{south.pk}/delete/", {"post": "yes"}).status_code in (
        403,
        404,
    )
    assert Area.objects.filter(pk=south.pk).exists()
    admin_client = client_for("admin")
    page = admin_client.get("/admin/promises/area/", {"county": "25"}).content.decode()
    assert "Testområde Norr" in page and "Södra Fyrbodal" not in visible_text(page)


def test_every_area_has_a_coordinator_group_named_after_it(north):
    area = north["area"]
    assert area.coordinator_group.name == "Samordnare – Testområde Norr"
    assert area.coordinator_group.permissions.filter(codename="add_partner").exists()
    area.name = "Testområde Nord"
    area.save()
    area.coordinator_group.refresh_from_db()
    assert area.coordinator_group.name == "Samordnare – Testområde Nord"
    # Its members coordinate the area; a group whose area is gone (deleted, or a backup being
    # replaced) makes nobody a coordinator, and its members keep their accounts.
    member = User.objects.create_user("kvar@example.se", is_staff=True)
    member.groups.add(area.coordinator_group)
    area.periods.all().delete()
    Partner.objects.filter(area=area).delete()
    area.delete()
    assert not roles.is_coordinator(User.objects.get(pk=member.pk))


def test_the_site_wide_coordinators_become_sodra_fyrbodals(staff_user):
    """Migration 0023: an existing install's coordinators keep their work."""
    from importlib import import_module

    from django.apps import apps
    from django.db import connection

    migration = import_module("promises.migrations.0024_area_coordinator_groups")
    old = Group.objects.create(name="Samordnare")
    person = User.objects.create_user("gammal.samordnare@example.se", is_staff=True)
    person.groups.add(old)

    class Editor:
        pass

    editor = Editor()
    editor.connection = connection
    migration.give_areas_coordinator_groups(apps, editor)
    assert not Group.objects.filter(name="Samordnare").exists()
    assert roles.areas_of(person).get().slug == SOUTH


def test_create_editor_makes_an_areas_coordinator(north, capsys):
    call_command("create_editor", "norr@example.se", "--role", "coordinator", "--area", NORTH)
    assert "Samordnare – Testområde Norr" in capsys.readouterr().out
    assert roles.areas_of(User.objects.get(username="norr@example.se")).get() == north["area"]
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--area"):
        call_command("create_editor", "vem@example.se", "--role", "coordinator")


def test_a_copied_period_stays_in_its_area(north):
    import datetime

    from promises.editing import period_copy

    copy = period_copy.copy_period(
        north["period"],
        title="Påhittade löften 2026",
        slug="pahittade-loften-2026",
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
    )
    assert copy.area == north["area"]
    assert set(copy.partners.all()) == set(north["partners"].values())


def period_rows(client) -> dict[str, list[str]]:
    """The subscriber counts page's per-period table: {period title: its two counts}."""
    html = client.get("/admin/promises/subscription/").content.decode()
    table = re.search(r"<caption>Per period</caption>(.*?)</table>", html, re.S).group(1)
    rows = re.findall(r'<th scope="row">(.*?)</th><td>(\d+)</td><td>(\d+)</td>', table)
    return {title: [period, area] for title, period, area in rows}


def test_each_role_counts_the_followers_of_its_own_areas_only(client_for, north):
    south = Area.objects.get(slug=SOUTH)
    north_period = north["period"]
    south_period = PromisePeriod.objects.filter(area=south).order_by("-starts_on").first()
    for number in range(3):
        confirmed_subscriber(f"norr{number}@example.se", area=north["area"])
    # One address following the area and the period counts once in each column.
    confirmed_subscriber("norr0@example.se", period=north_period)
    confirmed_subscriber("syd@example.se", area=south)
    Subscription.objects.create(email="obekraftad@example.se", area=south)  # not confirmed

    seen = {
        role: period_rows(client_for(role))
        for role in ("admin", "coordinator", "tjorns-kommun", NORTH_COORDINATOR)
    }
    assert seen["admin"][north_period.title] == ["1", "3"]
    assert seen["admin"][south_period.title] == ["0", "1"]
    for role in ("coordinator", "tjorns-kommun"):
        assert seen[role][south_period.title] == ["0", "1"]
        assert north_period.title not in seen[role]
    assert seen[NORTH_COORDINATOR] == {north_period.title: ["1", "3"]}
