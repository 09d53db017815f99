"""History, restore, recovery after delete, publishing, and the refused second save."""

import pytest
from reversion.models import Version

from promises.models import Promise, PromisePeriod

from ..support.html import form_data, visible_text

pytestmark = pytest.mark.django_db

POLICE = "lokalpolisomrade-sodra-fyrbodal"


def change(client, obj, **values):
    meta = obj._meta
    url = f"/admin/promises/{meta.model_name}/{obj.pk}/change/"
    data = form_data(client.get(url).content.decode(), f"{meta.model_name}_form")
    data.update(values)
    return client.post(url, data)


def test_saves_are_recorded_shown_field_by_field_and_restorable(client_for):
    client = client_for("admin")
    promise = Promise.objects.get(text="Fokusera och prioritera särskilt utsatta brottsoffer.")
    assert change(client, promise, text="Version två.").status_code == 302
    assert change(client, promise, text="Version tre.").status_code == 302
    versions = Version.objects.get_for_object(promise)
    # The seeded wording, then the two saves.
    assert versions.count() == 3
    assert versions.first().revision.user.username == "admin@example.se"
    assert versions.last().field_dict["text"] == (
        "Fokusera och prioritera särskilt utsatta brottsoffer."
    )

    history = client.get(f"/admin/promises/promise/{promise.pk}/history/")
    text = visible_text(history.content.decode())
    assert "Löfte Version två. Version tre." in text  # field, before, after
    assert "Återställ den här versionen" in text

    older = versions[1]
    url = f"/admin/promises/promise/{promise.pk}/history/{older.pk}/"
    form = form_data(client.get(url).content.decode(), "promise_form")
    assert form["text"] == "Version två."
    assert client.post(url, form).status_code == 302
    promise.refresh_from_db()
    assert promise.text == "Version två."
    newest = Version.objects.get_for_object(promise).first()
    assert "Återställde versionen" in newest.revision.comment
    assert Version.objects.get_for_object(promise).count() == 4


def test_restoring_one_promise_leaves_the_other_promises_alone(client_for):
    client = client_for("admin")
    period = PromisePeriod.objects.get(slug="2023-2024")
    # A save of the period stores all its promises in one revision.
    assert change(client, period, intro="Ny inledning.").status_code == 302
    promise, other = period.promises.all()[:2]
    version = Version.objects.get_for_object(promise).first()
    other.text = "Ändrad senare."
    other.save()
    promise.text = "Också ändrad senare."
    promise.save()
    url = f"/admin/promises/promise/{promise.pk}/history/{version.pk}/"
    form = form_data(client.get(url).content.decode(), "promise_form")
    assert client.post(url, form).status_code == 302
    promise.refresh_from_db()
    other.refresh_from_db()
    assert promise.text != "Också ändrad senare."
    assert other.text == "Ändrad senare."


def test_editors_cannot_restore_the_shared_period(client_for):
    admin = client_for("admin")
    period = PromisePeriod.objects.get(slug="2023-2024")
    change(admin, period, intro="Ny inledning.")
    version = Version.objects.get_for_object(period).first()
    url = f"/admin/promises/promiseperiod/{period.pk}/history/{version.pk}/"
    assert client_for(POLICE).get(url).status_code == 403
    assert client_for("coordinator").post(url, {}).status_code == 403


def test_a_deleted_period_asks_first_and_can_be_recovered_with_its_promises(client_for, client):
    admin = client_for("admin")
    period = PromisePeriod.objects.get(slug="2023-2024")
    url = f"/admin/promises/promiseperiod/{period.pk}/delete/"
    confirm = admin.get(url)
    assert "Ja, jag är säker" in confirm.content.decode()
    assert PromisePeriod.objects.exists()
    assert admin.post(url, {"post": "yes"}).status_code == 302
    assert not PromisePeriod.objects.exists()
    assert not Promise.objects.exists()

    listing = admin.get("/admin/promises/promiseperiod/recover/")
    assert "Medborgarlöfte 2023-2024" in listing.content.decode()
    version = Version.objects.get_deleted(PromisePeriod).first()
    recover_url = f"/admin/promises/promiseperiod/recover/{version.pk}/"
    form = form_data(admin.get(recover_url).content.decode(), "promiseperiod_form")
    assert admin.post(recover_url, form).status_code == 302
    assert PromisePeriod.objects.get(slug="2023-2024").promises.count() == 11
    assert "Fokusera och prioritera" in client.get("/").content.decode()


def test_a_deleted_promise_can_be_recovered(client_for):
    admin = client_for("admin")
    promise = Promise.objects.get(text="Fokusera och prioritera särskilt utsatta brottsoffer.")
    givers = set(promise.givers.all())
    admin.post(f"/admin/promises/promise/{promise.pk}/delete/", {"post": "yes"})
    assert not Promise.objects.filter(pk=promise.pk).exists()
    assert client_for(POLICE).get("/admin/promises/promise/recover/").status_code == 403
    version = Version.objects.get_deleted(Promise).first()
    url = f"/admin/promises/promise/recover/{version.pk}/"
    assert (
        admin.post(url, form_data(admin.get(url).content.decode(), "promise_form")).status_code
        == 302
    )
    assert set(Promise.objects.get(pk=promise.pk).givers.all()) == givers


def test_the_second_of_two_conflicting_saves_is_refused_and_nothing_is_lost(client_for):
    first = client_for(POLICE, "anna@example.se")
    second = client_for(POLICE, "bo@example.se")
    promise = Promise.objects.get(text="Fokusera och prioritera särskilt utsatta brottsoffer.")
    url = f"/admin/promises/promise/{promise.pk}/change/"
    anna = form_data(first.get(url).content.decode(), "promise_form")
    bo = form_data(second.get(url).content.decode(), "promise_form")

    anna["text"] = "Annas version."
    assert first.post(url, anna).status_code == 302
    bo["text"] = "Bos version."
    response = second.post(url, bo)

    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert "anna@example.se sparade" in text
    assert "Dina ändringar har INTE sparats" in text
    assert "Löfte – nu: ”Annas version.”" in text
    assert "Fokusera och prioritera särskilt utsatta brottsoffer." in text
    # Bo's text is still in his form, Anna's is saved and in the history.
    assert form_data(response.content.decode(), "promise_form")["text"] == "Bos version."
    promise.refresh_from_db()
    assert promise.text == "Annas version."
    assert Version.objects.get_for_object(promise).first().field_dict["text"] == "Annas version."

    # After reloading, Bo can save on top of Anna's version.
    bo = form_data(second.get(url).content.decode(), "promise_form")
    bo["text"] = "Bos version."
    assert second.post(url, bo).status_code == 302


def test_conflicts_are_caught_in_the_period_form_and_its_promise_rows(client_for):
    first = client_for("admin", "anna@example.se")
    second = client_for("coordinator", "bo@example.se")
    period = PromisePeriod.objects.get(slug="2023-2024")
    url = f"/admin/promises/promiseperiod/{period.pk}/change/"
    anna = form_data(first.get(url).content.decode(), "promiseperiod_form")
    bo = form_data(second.get(url).content.decode(), "promiseperiod_form")
    anna["goal_text"] = "Annas mål."
    assert first.post(url, anna).status_code == 302
    bo["goal_text"] = "Bos mål."
    response = second.post(url, bo)
    assert response.status_code == 200
    assert "Text om målet – nu: ”Annas mål.”" in visible_text(response.content.decode())
    period.refresh_from_db()
    assert period.goal_text == "Annas mål."

    editor = client_for(POLICE, "cilla@example.se")
    promise = period.promises.filter(givers__slug=POLICE).first()
    cilla = form_data(editor.get(url).content.decode(), "promiseperiod_form")
    promise.text = "Ändrat av någon annan."
    promise.save()
    prefix = next(k for k, v in cilla.items() if k.endswith("-id") and v == str(promise.pk))[:-3]
    cilla[f"{prefix}-text"] = "Cillas text."
    response = editor.post(url, cilla)
    assert response.status_code == 200
    promise.refresh_from_db()
    assert promise.text == "Ändrat av någon annan."


def test_publishing_is_an_explicit_recorded_action(client_for, client):
    coordinator = client_for("coordinator")
    period = PromisePeriod.objects.get(slug="2023-2024")
    base = f"/admin/promises/promiseperiod/{period.pk}"
    page = coordinator.get(f"{base}/change/").content.decode()
    assert 'id="unpublish-form"' in page
    assert coordinator.get(f"{base}/avpublicera/").status_code == 405
    assert coordinator.post(f"{base}/avpublicera/").status_code == 302
    period.refresh_from_db()
    assert not period.is_published
    assert client.get(period.get_absolute_url()).status_code == 404
    assert Version.objects.get_for_object(period).first().revision.comment == "Avpublicerad"

    editor = client_for(POLICE)
    assert 'id="publish-form"' not in editor.get(f"{base}/change/").content.decode()
    assert editor.post(f"{base}/publicera/").status_code == 403
    period.refresh_from_db()
    assert not period.is_published

    data = form_data(
        coordinator.get("/admin/promises/promiseperiod/").content.decode(), "changelist-form"
    )
    data.update({"action": "publish_selected", "_selected_action": [str(period.pk)]})
    assert coordinator.post("/admin/promises/promiseperiod/", data).status_code == 302
    period.refresh_from_db()
    assert period.is_published
    assert client.get(period.get_absolute_url()).status_code == 200


def test_a_small_edit_in_a_long_text_is_shown_word_by_word(client_for):
    client = client_for("coordinator")
    period = PromisePeriod.objects.get(slug="2023-2024")
    original = period.goal_text
    first_word = original.split()[0]
    assert change(client, period, goal_text=original).status_code == 302
    edited = original.replace(first_word, "Förändrat", 1)
    assert change(client, period, goal_text=edited).status_code == 302
    html = client.get(f"/admin/promises/promiseperiod/{period.pk}/history/").content.decode()
    assert f"<del>{first_word}</del><ins>Förändrat</ins>" in html


def test_the_original_seed_wording_can_be_restored_after_the_first_edit(client_for, seed_text):
    client = client_for("admin")
    period = PromisePeriod.objects.get(slug="2023-2024")
    original = period.intro
    assert change(client, period, intro="Helt ny inledning.").status_code == 302
    first = Version.objects.get_for_object(period).last()
    assert first.revision.user is None
    assert first.field_dict["intro"] == original
    url = f"/admin/promises/promiseperiod/{period.pk}/history/{first.pk}/"
    form = form_data(client.get(url).content.decode(), "promiseperiod_form")
    assert client.post(url, form).status_code == 302
    period.refresh_from_db()
    assert period.intro == original
    assert original.split("\n")[0][:60] in seed_text
