"""Editors write and publish translations in the admin: under the Swedish fields, one section
per language, within exactly the rules that already say who may change the row; and
"Översättningar som saknas" lists, per language, only the rows the user may change."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from promises.admin.translations import ROWS_PER_PAGE
from promises.models import GlossaryTerm, Promise, PromisePeriod

from ..support.areas import NORTH, make_area
from ..support.html import form_data, visible_text

pytestmark = pytest.mark.django_db

POLICE = "lokalpolisomrade-sodra-fyrbodal"
LIST = "/admin/oversattningar/"


def change_url(obj):
    return f"/admin/promises/{obj._meta.model_name}/{obj.pk}/change/"


def own_promise():
    return Promise.objects.filter(givers__slug=POLICE).order_by("pk").first()


def others_promise():
    return Promise.objects.exclude(givers__slug=POLICE).order_by("pk").first()


def test_an_editor_writes_and_publishes_a_translation_on_its_own(client_for, client):
    editor = client_for(POLICE)
    promise = own_promise()
    page = editor.get(change_url(promise)).content.decode()
    text = visible_text(page)
    assert "Engelsk översättning" in text and "Arabisk översättning" in text
    assert "Publicera den engelska översättningen" in text
    assert "Löfte på engelska" in text
    data = form_data(page, "promise_form")
    data["text_en"] = "Test translation of a promise."
    assert editor.post(change_url(promise), data).status_code == 302
    promise.refresh_from_db()
    assert promise.text_en == "Test translation of a promise."
    assert not promise.translation_published_en
    # Saved, but a draft: residents reading English still see Swedish.
    address = "/en" + promise.get_absolute_url()
    assert "Test translation of a promise." not in client.get(address).content.decode()
    data = form_data(editor.get(change_url(promise)).content.decode(), "promise_form")
    data["translation_published_en"] = "on"
    assert editor.post(change_url(promise), data).status_code == 302
    assert "Test translation of a promise." in client.get(address).content.decode()
    # The Swedish text and its page are as they were.
    promise.refresh_from_db()
    assert promise.text not in ("", "Test translation of a promise.")
    assert (
        "Test translation of a promise."
        not in client.get(promise.get_absolute_url()).content.decode()
    )


def test_an_editor_cannot_open_or_change_another_partners_translation(client_for):
    editor = client_for(POLICE)
    crafter = client_for("admin", "crafter@example.se")
    promise = others_promise()
    data = form_data(crafter.get(change_url(promise)).content.decode(), "promise_form")
    data.update(text_en="Crafted.", translation_published_en="on")
    assert editor.get(change_url(promise)).status_code == 404
    assert editor.post(change_url(promise), data).status_code == 404
    promise.refresh_from_db()
    assert promise.text_en == "" and not promise.translation_published_en


def test_an_editor_of_another_area_reaches_none_of_these_translations(client_for):
    area = make_area(NORTH)
    outsider = client_for(area.partners.get(kind="police_area").slug)
    promise = own_promise()
    crafter = client_for("admin", "crafter@example.se")
    data = form_data(crafter.get(change_url(promise)).content.decode(), "promise_form")
    data.update(text_en="Crafted.", translation_published_en="on")
    assert outsider.get(change_url(promise)).status_code == 404
    assert outsider.post(change_url(promise), data).status_code == 404
    promise.refresh_from_db()
    assert promise.text_en == ""
    listed = outsider.get(LIST + "?sprak=en&typ=promise").content.decode()
    assert promise.text[:30] not in listed
    assert "Påhittat löfte 1 i Testområde Norr" in listed


def test_a_partners_editor_cannot_translate_the_period_itself(client_for):
    editor = client_for(POLICE)
    coordinator = client_for("coordinator")
    period = PromisePeriod.objects.get(slug="2023-2024")
    assert "Engelsk översättning" in coordinator.get(change_url(period)).content.decode()
    page = editor.get(change_url(period)).content.decode()
    assert 'name="title_en"' not in page
    data = form_data(page, "promiseperiod_form")
    data.update(title_en="Crafted.", translation_published_en="on")
    editor.post(change_url(period), data)
    period.refresh_from_db()
    assert period.title_en == "" and not period.translation_published_en


def test_the_shared_texts_are_translated_by_coordinators_not_by_partners(client_for):
    term = GlossaryTerm.objects.get(slug="lagesbild")
    coordinator = client_for("coordinator")
    data = form_data(coordinator.get(change_url(term)).content.decode(), "glossaryterm_form")
    data.update(term_en="Local situation report", translation_published_en="on")
    data["definition_en"] = "Test translation of the explanation."
    assert coordinator.post(change_url(term), data).status_code == 302
    term.refresh_from_db()
    assert term.term_en == "Local situation report" and term.translation_published_en
    assert client_for(POLICE).get(change_url(term)).status_code == 403


def test_the_list_shows_one_language_and_kind_at_a_time(client_for):
    editor = client_for(POLICE)
    own = list(Promise.objects.filter(givers__slug=POLICE).order_by("pk"))
    assert editor.get("/admin/").content.decode().count(LIST) == 1
    page = visible_text(editor.get(LIST + "?sprak=en&typ=promise").content.decode())
    assert "Översättningar som saknas" in page
    assert f"{len(own)} av löften saknar publicerad översättning" in page
    assert others_promise().text[:40] not in page
    # Published in English: gone from the English list, still on the Arabic one.
    own[0].text_en, own[0].translation_published_en = "Test translation.", True
    own[0].save()
    english = editor.get(LIST + "?sprak=en&typ=promise").content.decode()
    assert change_url(own[0]) not in english
    assert change_url(own[0]) in editor.get(LIST + "?sprak=ar&typ=promise").content.decode()
    # Kinds the editor cannot translate are not offered.
    assert 'value="glossaryterm"' not in english
    assert editor.get(LIST + "?sprak=en&typ=glossaryterm").status_code == 400


@pytest.mark.parametrize("query", ["?sprak=de", "?typ=user", "?sprak=en&typ=x%00", "?sprak="])
def test_a_bad_choice_answers_a_swedish_400(client_for, query):
    response = client_for("admin").get(LIST + query)
    assert response.status_code == 400
    assert "Det språket eller den sortens text finns inte." in response.content.decode()


def test_visitors_and_accounts_without_translatable_texts_get_no_list(client, client_for):
    assert client.get(LIST).status_code == 302  # to the sign-in page
    from django.contrib.auth.models import User

    nobody = User.objects.create_user("ingen@example.se", password="x", is_staff=True)
    client.force_login(nobody)
    assert client.get(LIST).status_code == 404


def test_the_list_is_paged_and_its_cost_does_not_grow_with_the_rows(client_for):
    admin = client_for("admin")
    period = PromisePeriod.objects.get(slug="2023-2024")
    Promise.objects.bulk_create(
        Promise(period=period, text=f"Påhittat löfte {number}.", order=100 + number)
        for number in range(ROWS_PER_PAGE + 5)
    )
    with CaptureQueriesContext(connection) as first:
        page = admin.get(LIST + "?sprak=ar&typ=promise").content.decode()
    assert len(re.findall(r'<tr><td><a href="/admin/promises/promise/\d+/change/"', page)) == (
        ROWS_PER_PAGE
    )
    assert "Sida 1 av 2" in page
    with CaptureQueriesContext(connection) as second:
        last = admin.get(LIST + "?sprak=ar&typ=promise&sida=2")
    assert last.status_code == 200
    assert "Påhittat löfte" in last.content.decode()
    assert len(second.captured_queries) == len(first.captured_queries)
    # A page number past the end or not a number shows a page, never an error.
    assert admin.get(LIST + "?sprak=ar&typ=promise&sida=999").status_code == 200
    assert admin.get(LIST + "?sprak=ar&typ=promise&sida=x").status_code == 200
