import csv
import io
import json

import pytest

from promises.models import Partner, Promise, PromisePeriod

from ..support.html import visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    period = PromisePeriod.objects.create(
        title="Utkast 2030", slug="2030", starts_on="2030-01-01", ends_on="2030-12-31"
    )
    promise = Promise.objects.create(period=period, text="Ett hemligt utkastlöfte.")
    promise.givers.set([Partner.objects.get(slug="orust-kommun")])
    return period


def test_index_lists_published_periods_only(client, draft):
    response = client.get("/oppna-data/medborgarloften.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    document = json.loads(response.content.decode("utf-8"))
    assert [period["id"] for period in document["perioder"]] == ["2023-2024"]
    assert document["licens"]["namn"].startswith("CC0")
    for period in document["perioder"]:
        assert client.get(period["json"].removeprefix("http://testserver")).status_code == 200
        assert client.get(period["csv"].removeprefix("http://testserver")).status_code == 200


def test_period_json_holds_every_seed_promise_verbatim(client, seed_promise_texts):
    response = client.get("/oppna-data/medborgarloften/2023-2024.json")
    assert response.status_code == 200
    document = json.loads(response.content.decode("utf-8"))
    assert "å" in response.content.decode("utf-8")  # not \u-escaped
    promises = document["loften"]
    assert [promise["text"] for promise in promises] == seed_promise_texts
    assert [promise["nummer"] for promise in promises] == list(range(1, 12))
    police, municipalities = promises[:5], promises[5:]
    assert all(p["givare"] == ["lokalpolisomrade-sodra-fyrbodal"] for p in police)
    assert all(
        sorted(p["givare"]) == ["orust-kommun", "stenungsunds-kommun", "tjorns-kommun"]
        for p in municipalities
    )
    assert {p["grupp"] for p in police} == {"polisen"}
    assert police[0]["inledande_mening"] == (
        "Under tiden 1 januari 2023 - 31 december 2024 lovar polisen att:"
    )
    period = document["period"]
    assert (period["giltig_fran"], period["giltig_till"]) == ("2023-01-01", "2024-12-31")
    assert period["mal"]["rubrik"] == "Målet"
    assert {p["namn"] for p in document["parter"]} == {p.name for p in Partner.objects.all()}


def test_period_csv_opens_in_excel_with_every_seed_promise(client, seed_promise_texts):
    response = client.get("/oppna-data/medborgarloften/2023-2024.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv; charset=utf-8")
    assert 'filename="medborgarlofte-2023-2024.csv"' in response["Content-Disposition"]
    raw = response.content
    assert raw.startswith(b"\xef\xbb\xbf")  # the byte order mark Excel needs for UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert [row["text"] for row in rows] == seed_promise_texts
    assert rows[0]["givare"] == "Lokalpolisområde Södra Fyrbodal"
    assert rows[5]["grupp"] == "kommunerna"


def test_drafts_never_appear_in_data(client, draft):
    assert client.get("/oppna-data/medborgarloften/2030.json").status_code == 404
    assert client.get("/oppna-data/medborgarloften/2030.csv").status_code == 404
    for url in [
        "/oppna-data/medborgarloften.json",
        "/oppna-data/medborgarloften/2023-2024.json",
        "/oppna-data/medborgarloften/2023-2024.csv",
        "/oppna-data/",
    ]:
        assert "utkast" not in client.get(url).content.decode().lower(), url


def test_open_data_page_explains_and_links_the_files(client):
    response = client.get("/oppna-data/")
    html = response.content.decode()
    text = visible_text(html)
    for href in [
        "/oppna-data/medborgarloften.json",
        "/oppna-data/medborgarloften/2023-2024.json",
        "/oppna-data/medborgarloften/2023-2024.csv",
        "/flode.atom",
        "/sitemap.xml",
    ]:
        assert f'href="{href}"' in html
    assert "CC0 1.0" in text
    assert "semikolon" in text
    assert 'href="/oppna-data/"' in client.get("/").content.decode()


def test_an_edit_shows_in_the_data_at_once(client):
    promise = Promise.objects.get(text__startswith="Fokusera")
    client.get("/oppna-data/medborgarloften/2023-2024.json")
    promise.text = "Ny formulering."
    promise.save()
    document = json.loads(client.get("/oppna-data/medborgarloften/2023-2024.json").content)
    assert "Ny formulering." in [p["text"] for p in document["loften"]]


def test_the_publication_date_is_the_editors_or_null(client):
    import datetime

    def published():
        document = json.loads(client.get("/oppna-data/medborgarloften.json").content)
        return document["perioder"][0]["publicerad"]

    assert published() is None
    period = PromisePeriod.objects.get(slug="2023-2024")
    period.published_on = datetime.date(2023, 2, 14)
    period.save()
    assert published() == "2023-02-14"
