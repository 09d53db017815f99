"""Actions and indicators as open data: the JSON document with its documented fields, the CSV
through the neutralising writer, only what is public, constant queries."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from promises.models import ActionNote, PromisePeriod

from ..support.actions import POLICE, TJORN, action, day, indicator, promise_given_by

pytestmark = pytest.mark.django_db

JSON_URL = "/oppna-data/medborgarloften/2023-2024/atgarder.json"
CSV_URL = "/oppna-data/medborgarloften/2023-2024/atgarder.csv"


@pytest.fixture
def content():
    police = action(
        promise_given_by(POLICE),
        POLICE,
        title='=HYPERLINK("http://x")',
        key="pol-1",
        starts_on=day("2024-01-01"),
        status="gul",
        progress=30,
    )
    ActionNote.objects.create(
        action=police,
        noted_on=day("2024-03-01"),
        text="Hälften klart.",
        source_title="Rapport",
        source_url="https://example.se/r",
    )
    action(promise_given_by(TJORN), TJORN, title="Utkast.", published=False)
    indicator(
        promise_given_by(POLICE),
        baseline=("0", "2024-01-01"),
        target=("6", "2024-12-31"),
        values=[("11", "2024-08-31")],
    )
    return police


def test_the_json_holds_every_documented_field(client, content, frozen_today):
    frozen_today(2024, 9, 10)
    response = client.get(JSON_URL)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    document = response.json()
    assert set(document) == {"licens", "period", "json", "csv", "sida", "atgarder", "indikatorer"}
    [item] = document["atgarder"]  # the draft is not there
    assert item["atgard"] == '=HYPERLINK("http://x")'  # the JSON keeps the exact text
    assert (item["nyckel"], item["status"], item["status_namn"], item["framsteg"]) == (
        "pol-1",
        "gul",
        "Risk för försening",
        30,
    )
    assert (item["start"], item["slut"], item["ansvarig"]) == ("2024-01-01", None, POLICE)
    assert item["lagesanteckningar"] == [
        {
            "datum": "2024-03-01",
            "text": "Hälften klart.",
            "kalla": "Rapport",
            "url": "https://example.se/r",
        }
    ]
    [measure] = document["indikatorer"]
    assert measure["utgangsvarde"] == {"varde": 0, "datum": "2024-01-01", "kalla": ""}
    assert measure["mal"] == {"varde": 6, "datum": "2024-12-31", "riktning": "oka"}
    assert measure["matningar"] == [
        {"datum": "2024-08-31", "varde": 11, "kalla": "Testkälla", "url": None}
    ]
    assert (measure["bedomning"], measure["bedomning_namn"]) == ("uppnatt", "Målet är nått")
    page = client.get("/oppna-data/").content.decode()
    for name in ("lagesanteckningar", "bedomning", "utgangsvarde", JSON_URL, CSV_URL):
        assert name in page


def test_the_csv_is_neutralised_and_has_the_documented_columns(client, content):
    response = client.get(CSV_URL)
    assert response.status_code == 200
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:6] == ["period", "atgard_id", "nyckel", "lofte_id", "lofte_nummer", "atgard"]
    assert len(rows) == 2
    assert rows[1][5] == '\'=HYPERLINK("http://x")'
    assert rows[1][rows[0].index("status_namn")] == "Risk för försening"


def test_unpublished_periods_and_unknown_ones_have_no_files(client, content):
    assert client.get("/oppna-data/medborgarloften/finns-inte/atgarder.json").status_code == 404
    PromisePeriod.objects.update(is_published=False)
    assert client.get(JSON_URL).status_code == 404
    assert client.get(CSV_URL).status_code == 404


def test_the_files_cost_the_same_queries_with_more_actions(client, content):
    client.get("/")
    with CaptureQueriesContext(connection) as few:
        client.get(JSON_URL)
    for number in range(5):
        made = action(promise_given_by(TJORN), TJORN, title=f"Åtgärd {number}.")
        ActionNote.objects.create(action=made, noted_on=day("2024-02-01"), text="Påbörjad.")
    with CaptureQueriesContext(connection) as many:
        client.get(JSON_URL)
    assert len(many.captured_queries) == len(few.captured_queries)


def test_published_actions_are_in_the_feed_and_drafts_are_not(client, content):
    feed = client.get("/flode.atom").content.decode()
    assert "Åtgärd, Risk för försening: =HYPERLINK" in feed
    assert f":action/{content.pk}</id>" in feed
    assert "Utkast." not in feed


def test_search_finds_a_promise_by_its_published_actions_only(client, content):
    action(promise_given_by(TJORN), TJORN, title="Belysning vid Kållekärrs skola.", published=True)
    action(promise_given_by(TJORN), TJORN, title="Hemlig cykelpatrull.", published=False)
    found = client.get("/sok/", {"q": "KÅLLEKÄRRS"}).content.decode()
    assert promise_given_by(TJORN).get_absolute_url() in found
    hidden = client.get("/sok/", {"q": "cykelpatrull"}).content.decode()
    assert promise_given_by(TJORN).get_absolute_url() not in hidden


def test_an_action_moves_its_promises_last_changed_time(content):
    promise = promise_given_by(POLICE)
    before = promise.updated_at
    content.title = "Ändrad."
    content.save()
    promise.refresh_from_db()
    assert promise.updated_at > before
