"""Actions (åtgärder): the model's rules, who may edit which, the admin (history, conflicts,
the personal-address warning) and the promise page."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from reversion.models import Version

from promises.editing import roles
from promises.models import Action, ActionStatus, Promise, looks_personal

from ..support.actions import ORUST, POLICE, TJORN, action, day, partner, promise_given_by
from ..support.html import form_data, visible_text

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/promises/action/add/"
NO_NOTES = {"notes-TOTAL_FORMS": "0", "notes-INITIAL_FORMS": "0", "notes-MIN_NUM_FORMS": "0"}


def action_post(promise, responsible, **extra):
    return {
        "promise": promise.pk,
        "title": "Trygghetsvandringar i centrum.",
        "goal": "Minst sex vandringar.",
        "starts_on": "2024-01-01",
        "ends_on": "2024-12-31",
        "recurrence": "",
        "responsible": responsible.pk,
        "contact": "trygghet@example.se",
        "status": "gron",
        "progress": "40",
        "order": "0",
        "key": "",
        "is_published": "on",
        "edit_token": "",
        **NO_NOTES,
        **extra,
    }


@pytest.mark.parametrize("progress", [-1, 101])
def test_progress_is_a_percentage_in_the_database(progress):
    with pytest.raises(IntegrityError), transaction.atomic():
        action(promise_given_by(POLICE), POLICE, progress=progress)


def test_an_action_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        action(
            promise_given_by(POLICE), POLICE, starts_on=day("2024-05-01"), ends_on=day("2024-04-30")
        )
    made = action(
        promise_given_by(POLICE),
        POLICE,
        starts_on=day("2024-05-01"),
        ends_on=day("2024-05-01"),
        progress=100,
    )
    assert made.progress == 100


def test_the_traffic_light_is_stored_as_its_colour_and_shown_in_words():
    assert [(code, str(label)) for code, label in ActionStatus.choices] == [
        ("gron", "I fas"),
        ("gul", "Risk för försening"),
        ("rod", "Försenad"),
    ]
    made = action(promise_given_by(POLICE), POLICE)
    assert str(made.status_label) == "Ännu inte bedömd"


@pytest.mark.parametrize(
    ("contact", "personal"),
    [
        ("anna.andersson@tjorn.se", True),
        ("Trygghetssamordnare, per-olof.ek@polisen.se", True),
        ("Kontakt: åsa.öberg@orust.se", True),
        ("trygghet@tjorn.se", False),
        ("registrator.tjorn@tjorn.se", True),  # looks like a name: a warning, not a refusal
        ("Trygghetssamordnaren, 0304-123 45", False),
        ("", False),
    ],
)
def test_personal_looking_addresses_are_recognised(contact, personal):
    assert looks_personal(contact) is personal


def test_an_editor_edits_only_actions_their_partner_is_responsible_for_in_their_promises(
    staff_user,
):
    municipal = Promise.objects.filter(givers__slug=TJORN).filter(givers__slug=ORUST).first()
    police_promise = promise_given_by(POLICE)
    tjorns_own = action(municipal, TJORN)
    orusts = action(municipal, ORUST)
    tjorn_in_police_promise = action(police_promise, TJORN)
    polices = action(police_promise, POLICE)
    tjorn = staff_user(TJORN)
    police = staff_user(POLICE)
    assert set(roles.editable(tjorn, Action.objects.all())) == {tjorns_own}
    assert set(roles.editable(police, Action.objects.all())) == {polices}
    assert not roles.may_edit(tjorn, tjorn_in_police_promise)
    assert not roles.may_edit(tjorn, orusts)
    assert roles.may_delete(tjorn, tjorns_own)
    assert set(roles.visible(staff_user("coordinator"), Action.objects.all())) == {
        tjorns_own,
        orusts,
        tjorn_in_police_promise,
        polices,
    }


def test_an_editor_adds_an_action_for_their_own_partner_and_promise_only(client_for):
    client = client_for(TJORN)
    own_promise, police_promise = promise_given_by(TJORN), promise_given_by(POLICE)
    form = client.get(ADD_URL).content.decode()
    assert f'<option value="{own_promise.pk}"' in form
    assert f'<option value="{police_promise.pk}"' not in form

    for data in (
        action_post(police_promise, partner(TJORN)),  # not a promise Tjörn gives
        action_post(own_promise, partner(ORUST)),  # Orust is responsible, not Tjörn
        action_post(own_promise, partner(POLICE)),
    ):
        response = client.post(ADD_URL, data)
        assert response.status_code == 200
        assert "Välj ett giltigt alternativ" in visible_text(response.content.decode())
    assert not Action.objects.exists()

    response = client.post(ADD_URL, action_post(own_promise, partner(TJORN)))
    assert response.status_code == 302
    made = Action.objects.get()
    assert (made.promise, made.responsible.slug, made.progress) == (own_promise, TJORN, 40)
    assert len(made.key) == 12  # a stable key is given when none is entered
    [version] = Version.objects.get_for_object(made)
    assert version.revision.user.username == f"{TJORN}@example.se"


def test_a_progress_above_100_is_refused_in_swedish(client_for):
    client = client_for(TJORN)
    response = client.post(
        ADD_URL, action_post(promise_given_by(TJORN), partner(TJORN), progress="120")
    )
    assert response.status_code == 200
    assert "Framsteg är en procentsats från 0 till 100" in visible_text(response.content.decode())
    assert not Action.objects.exists()


def test_a_personal_contact_address_is_saved_with_a_warning(client_for):
    client = client_for(TJORN)
    data = action_post(promise_given_by(TJORN), partner(TJORN), contact="anna.andersson@tjorn.se")
    response = client.post(ADD_URL, data, follow=True)
    assert response.status_code == 200
    assert Action.objects.get().contact == "anna.andersson@tjorn.se"
    assert "ser ut som en personlig e-postadress" in visible_text(response.content.decode())

    other = client.post(ADD_URL, {**data, "contact": "trygghet@tjorn.se"}, follow=True)
    assert "personlig e-postadress" not in visible_text(other.content.decode())


def test_another_partners_editor_can_neither_see_nor_change_an_action(client_for):
    polices = action(promise_given_by(POLICE), POLICE, title="Polisens åtgärd.")
    url = f"/admin/promises/action/{polices.pk}/change/"
    tjorn = client_for(TJORN)
    assert tjorn.get(url).status_code == 404
    assert "Polisens åtgärd" not in tjorn.get("/admin/promises/action/").content.decode()
    admin = client_for("admin", "crafter@example.se")
    data = form_data(admin.get(url).content.decode(), "action_form")
    data["title"] = "Ändrad av Tjörn."
    assert tjorn.post(url, data).status_code in (403, 404)
    assert tjorn.post(
        f"/admin/promises/action/{polices.pk}/delete/", {"post": "yes"}
    ).status_code in (403, 404)
    polices.refresh_from_db()
    assert polices.title == "Polisens åtgärd."
    coordinator = client_for("coordinator")
    assert coordinator.get(url).status_code == 200
    assert coordinator.post(url, data).status_code == 403


def test_the_second_of_two_conflicting_saves_is_refused(client_for):
    made = action(promise_given_by(POLICE), POLICE, title="Ursprunglig åtgärd.")
    url = f"/admin/promises/action/{made.pk}/change/"
    first, second = client_for(POLICE, "anna@example.se"), client_for(POLICE, "bo@example.se")
    anna = form_data(first.get(url).content.decode(), "action_form")
    bo = form_data(second.get(url).content.decode(), "action_form")
    anna["title"] = "Annas åtgärd."
    assert first.post(url, anna).status_code == 302
    bo["title"] = "Bos åtgärd."
    response = second.post(url, bo)
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert "anna@example.se sparade" in text
    assert "Dina ändringar har INTE sparats" in text
    made.refresh_from_db()
    assert made.title == "Annas åtgärd."


def test_a_restored_version_brings_back_the_old_wording(client_for):
    client = client_for(POLICE)
    promise = promise_given_by(POLICE)
    assert (
        client.post(ADD_URL, action_post(promise, partner(POLICE), title="Första.")).status_code
        == 302
    )
    made = Action.objects.get()
    url = f"/admin/promises/action/{made.pk}/change/"
    data = form_data(client.get(url).content.decode(), "action_form")
    data["title"] = "Andra."
    assert client.post(url, data).status_code == 302
    oldest = Version.objects.get_for_object(made).order_by("pk").first()
    restore_url = f"/admin/promises/action/{made.pk}/history/{oldest.pk}/"
    restored = form_data(client.get(restore_url).content.decode(), "action_form")
    assert restored["title"] == "Första."
    assert client.post(restore_url, restored).status_code == 302
    made.refresh_from_db()
    assert made.title == "Första."


def test_the_promise_page_shows_published_actions_and_says_when_there_are_none(client):
    promise = promise_given_by(POLICE)
    page = visible_text(client.get(promise.get_absolute_url()).content.decode())
    assert "Inga åtgärder publicerade ännu." in page
    assert "Inga indikatorer publicerade ännu." in page

    action(
        promise,
        POLICE,
        title="Fler synliga poliser i Stenungsund.",
        goal="Minst sex insatser.",
        starts_on=day("2024-01-01"),
        ends_on=day("2024-06-30"),
        status="gul",
        progress=50,
        contact="Kommunpolis, kontakt@example.se",
    )
    action(promise, POLICE, title="Ett utkast som ingen ser.", published=False)
    page = visible_text(client.get(promise.get_absolute_url()).content.decode())
    assert "Fler synliga poliser i Stenungsund." in page
    assert "Status: Risk för försening , 50 procent klart" in page
    assert "Minst sex insatser." in page
    assert "1 januari 2024 – 30 juni 2024" in page
    assert "Kommunpolis, kontakt@example.se" in page
    assert "Ett utkast som ingen ser" not in page
    assert "Inga åtgärder publicerade ännu." not in page


def test_the_promise_page_costs_the_same_queries_with_one_and_many_actions(client):
    from promises.models import ActionNote

    promise = promise_given_by(POLICE)
    url = promise.get_absolute_url()
    first = action(promise, POLICE)
    ActionNote.objects.create(action=first, noted_on=day("2024-02-01"), text="Påbörjad.")
    client.get("/")
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for number in range(10):
        made = action(promise, POLICE, title=f"Åtgärd {number}.")
        ActionNote.objects.create(action=made, noted_on=day("2024-02-01"), text="Påbörjad.")
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many.captured_queries) == len(one.captured_queries)
