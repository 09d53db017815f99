"""Follow-ups: the seed has none, statuses come from the latest published one, the overview
counts match, and drafts of follow-ups never reach the public."""

import csv
import io
import re
from xml.etree import ElementTree

import pytest
from django.urls import reverse

from promises.models import FollowUp, FollowUpFigure, FollowUpLink, Promise, PromisePeriod

from ..support.follow_ups import (
    municipal_promises,
    overall_status,
    overview_table,
    police_promises,
    report,
)
from ..support.html import visible_text
from ..support.public_pages import PUBLIC_PAGES

pytestmark = pytest.mark.django_db

NONE_YET = "Ingen uppföljning publicerad ännu."
LABELS = {
    "not_started": "Ej påbörjat",
    "in_progress": "Pågår",
    "done": "Genomfört",
    "partly_done": "Delvis genomfört",
    "not_done": "Ej genomfört",
    "unclear": "Oklart utfall",
    "mixed": "Olika för olika parter",
    "no_follow_up": "Ingen uppföljning",
}
ATOM = "{http://www.w3.org/2005/Atom}"


def test_the_seed_has_no_follow_up_and_the_pages_say_so(client):
    assert not FollowUp.objects.exists()
    period_page = client.get("/medborgarloften/2023-2024/").content.decode()
    assert NONE_YET in visible_text(period_page)
    head, rows = overview_table(period_page)
    assert head == ["Status", "Polisen", "Kommunerna", "Alla löften"]
    assert rows["Ingen uppföljning"] == [5, 6, 11]
    for label in list(LABELS.values())[:-1]:
        assert rows[label] == [0, 0, 0]
    for promise in Promise.objects.all():
        text = visible_text(client.get(promise.get_absolute_url()).content.decode())
        assert NONE_YET in text
        # The seed's period has ended: no page may say what the status is "now".
        assert "Senast rapporterad status: Ingen uppföljning" in text
        assert "Status nu" not in text
    data = client.get("/oppna-data/medborgarloften/2023-2024.json").json()
    assert {p["status"] for p in data["loften"]} == {"no_follow_up"}
    assert all(p["uppfoljningar"] == [] for p in data["loften"])
    follow_ups_csv = client.get("/oppna-data/medborgarloften/2023-2024/uppfoljningar.csv")
    assert len(follow_ups_csv.content.decode("utf-8-sig").splitlines()) == 1  # the header only
    feed = ElementTree.fromstring(client.get("/flode.atom").content)
    assert not [
        e for e in feed.iter(f"{ATOM}entry") if "Uppföljning" in e.find(f"{ATOM}title").text
    ]


def test_current_status_is_the_latest_published_follow_up():
    promise = police_promises()[0]
    assert Promise.objects.with_status().get(pk=promise.pk).current_status == "no_follow_up"
    report(promise, "not_started", "2023-02-01")
    report(promise, "in_progress", "2023-06-01")
    report(promise, "done", "2023-09-01", published=False)  # a draft does not count
    report(promise, "unclear", "2023-03-01")  # older, entered later
    annotated = Promise.objects.with_status().get(pk=promise.pk)
    assert annotated.current_status == "in_progress"
    assert str(annotated.status_reported_on) == "2023-06-01"
    assert promise.status_label == "Pågår"
    # Same day: the one entered last wins.
    report(promise, "partly_done", "2023-06-01")
    assert Promise.objects.with_status().get(pk=promise.pk).current_status == "partly_done"


def expected_counts():
    """Counted independently of the site's code, by the overall-status rule."""
    counts = {}
    for side, promises in (("police", police_promises()), ("municipal", municipal_promises())):
        for promise in promises:
            status = overall_status(promise)
            counts[(side, status)] = counts.get((side, status), 0) + 1
    return counts


def test_overview_counts_match_the_follow_ups_in_table_and_chart(client):
    police, municipal = police_promises(), municipal_promises()
    report(police[0], "done", "2023-05-01")
    report(police[1], "in_progress", "2023-05-01")
    report(police[1], "done", "2023-11-01")
    report(police[2], "in_progress", "2023-05-01")
    report(police[2], "not_done", "2024-01-10", published=False)
    report(municipal[0], "partly_done", "2024-02-01")
    report(municipal[1], "unclear", "2024-02-01")
    report(municipal[2], "not_started", "2023-02-01")
    report(municipal[3], "not_done", "2024-12-01")
    expected = expected_counts()

    html = client.get("/medborgarloften/2023-2024/").content.decode()
    assert NONE_YET not in visible_text(html)
    _head, rows = overview_table(html)
    for code, label in LABELS.items():
        police_count = expected.get(("police", code), 0)
        municipal_count = expected.get(("municipal", code), 0)
        assert rows[label] == [police_count, municipal_count, police_count + municipal_count]
    assert rows["Genomfört"] == [2, 0, 2]
    assert rows["Ingen uppföljning"] == [2, 2, 4]

    # The chart draws the same numbers, each next to its status name, in the police's figure
    # and then the municipalities'.
    charts = re.findall(r'<svg class="chart__svg".*?</svg>', html, re.S)
    assert len(charts) == 2
    for side, chart in zip(("police", "municipal"), charts, strict=True):
        labels = re.findall(r'class="chart__label">(.*?)</text>', chart)
        numbers = [int(n) for n in re.findall(r'class="chart__count">(\d+)</text>', chart)]
        assert labels == list(LABELS.values())
        assert numbers == [expected.get((side, code), 0) for code in LABELS]
        widths = [int(w) for w in re.findall(r'<rect [^>]*width="(\d+)"', chart)]
        total = sum(numbers)
        assert total == (5 if side == "police" else 6)
        # Bars are proportional to the counts (190 drawing units for all of a side's promises).
        assert widths == [round(190 * n / total) for n in numbers]
        assert 'aria-hidden="true"' in chart
        assert "style=" not in chart  # the CSP forbids inline styles


def test_overview_links_lead_to_exactly_the_counted_promises(client):
    police = police_promises()
    report(police[0], "done", "2023-05-01")
    report(police[3], "done", "2023-05-01")
    html = client.get("/medborgarloften/2023-2024/").content.decode()
    link = re.search(r'href="(/loften/\?[^"]*givare=polisen&amp;status=done)"', html).group(1)
    listed = client.get(link.replace("&amp;", "&")).content.decode()
    assert "2 löften" in visible_text(listed)
    assert police[0].text in listed and police[3].text in listed


def test_promise_page_shows_the_whole_dated_timeline(client):
    promise = police_promises()[0]
    first = report(promise, "in_progress", "2023-03-15", text="Första insatsen genomfördes.")
    FollowUpFigure.objects.create(follow_up=first, label="Genomförda kontroller", value="40")
    FollowUpLink.objects.create(
        follow_up=first, title="Tertialrapport 1", url="https://example.se/rapport.pdf"
    )
    report(promise, "done", "2024-10-01", text="Arbetet avslutades.")
    report(promise, "not_done", "2024-11-01", published=False, text="Hemligt utkast.")
    html = client.get(promise.get_absolute_url()).content.decode()
    # visible_text puts a space where a tag ends; a reader sees "2024)" and "2024:".
    text = re.sub(r" ([).:,])", r"\1", visible_text(html))
    assert "Senast rapporterad status: Genomfört (1 oktober 2024)" in text
    # Every follow-up says who reported it.
    by = "Rapporterad av Lokalpolisområde Södra Fyrbodal"
    newest = text.index(f"1 oktober 2024: Genomfört {by} Arbetet avslutades.")
    oldest = text.index(f"15 mars 2023: Pågår {by} Första insatsen genomfördes.")
    assert newest < oldest
    assert "Genomförda kontroller 40" in text  # the colon comes from the stylesheet
    assert '<a href="https://example.se/rapport.pdf" rel="noopener">Tertialrapport 1</a>' in html
    assert "Hemligt utkast" not in html
    assert NONE_YET not in text
    assert html.count("<h1") == 1


def test_unpublished_follow_ups_never_appear_publicly(client):
    secret = "ZQX-7"
    promise = police_promises()[0]
    report(promise, "done", "2024-01-01", published=False, text=f"Hemlighetsfull {secret}.")
    # A published follow-up on a draft period's promise is not public either.
    draft = PromisePeriod.objects.create(
        title="Utkast 2025", slug="2025-2026", starts_on="2025-01-01", ends_on="2026-12-31"
    )
    draft_promise = Promise.objects.create(period=draft, text="Utkastlöfte.", order=1)
    report(draft_promise, "done", "2025-02-01", text=f"Hemlighetsfull {secret} i utkast.")
    pages = [
        *PUBLIC_PAGES,
        promise.get_absolute_url(),
        "/sok/?q=hemlighetsfull",
        "/loften/?status=done",
    ]
    for url in pages:
        body = client.get(url).content.decode("utf-8-sig")
        assert secret not in body, url
    assert "Senast rapporterad status: Ingen uppföljning" in visible_text(
        client.get(promise.get_absolute_url()).content.decode()
    )
    found = visible_text(client.get("/sok/?q=hemlighetsfull").content.decode())
    assert "0 träffar på ”hemlighetsfull”" in found


def test_follow_ups_are_in_the_data_files_and_the_feed(client):
    promise = police_promises()[1]
    follow_up = report(promise, "partly_done", "2024-03-01", text="Hälften av insatserna gjordes.")
    FollowUpFigure.objects.create(follow_up=follow_up, label="Insatser", value="12")
    FollowUpLink.objects.create(follow_up=follow_up, title="Rapport", url="https://example.se/r")

    data = client.get("/oppna-data/medborgarloften/2023-2024.json").json()
    entry = next(p for p in data["loften"] if p["id"] == promise.pk)
    assert entry["status"] == "partly_done"
    assert entry["status_namn"] == "Delvis genomfört"
    assert entry["status_datum"] == "2024-03-01"
    [reported] = entry["uppfoljningar"]
    assert reported["text"] == "Hälften av insatserna gjordes."
    assert reported["siffror"] == [{"etikett": "Insatser", "varde": "12"}]
    assert reported["kallor"] == [{"titel": "Rapport", "url": "https://example.se/r"}]
    assert reported["webbadress"].endswith(
        f"{promise.get_absolute_url()}#uppfoljning-{follow_up.pk}"
    )

    table = client.get("/oppna-data/medborgarloften/2023-2024.csv").content.decode("utf-8-sig")
    rows = {row["lofte_id"]: row for row in csv.DictReader(io.StringIO(table), delimiter=";")}
    assert rows[str(promise.pk)]["status"] == "partly_done"
    assert rows[str(promise.pk)]["status_namn"] == "Delvis genomfört"
    assert {row["status"] for row in rows.values()} == {"partly_done", "no_follow_up"}

    reports = client.get(reverse("machine:follow_ups_csv", args=["2023-2024"])).content.decode(
        "utf-8-sig"
    )
    [row] = list(csv.DictReader(io.StringIO(reports), delimiter=";"))
    assert row["uppfoljning_id"] == str(follow_up.pk)
    assert row["datum"] == "2024-03-01"
    assert row["siffror"] == "Insatser: 12"

    feed = ElementTree.fromstring(client.get("/flode.atom").content)
    entries = list(feed.iter(f"{ATOM}entry"))
    reported = [e for e in entries if e.find(f"{ATOM}title").text.startswith("Uppföljning")]
    assert [e.find(f"{ATOM}title").text for e in reported] == [
        f"Uppföljning 2024-03-01, Delvis genomfört: {promise.text}"
    ]
    link = reported[0].find(f"{ATOM}link").get("href")
    assert link.endswith(f"#uppfoljning-{follow_up.pk}")
    # The entry is among the newest: the follow-up also moved its promise and period.
    assert entries.index(reported[0]) < 3


def test_a_follow_up_moves_its_promise_and_period_and_the_content_stamp():
    from promises.caching import content_stamp as content

    promise = police_promises()[0]
    period = promise.period
    before = (promise.updated_at, period.updated_at, content.last_changed())
    follow_up = report(promise, "done", "2024-01-01")
    promise.refresh_from_db()
    period.refresh_from_db()
    assert promise.updated_at > before[0]
    assert period.updated_at > before[1]
    from promises.models import ContentStamp

    assert ContentStamp.objects.get().changed_at > before[2]
    follow_up.delete()


def test_status_definitions_page_defines_every_status(client):
    html = client.get("/sa-foljer-vi-upp/").content.decode()
    text = visible_text(html)
    assert html.count("<h1") == 1
    assert "Så följer vi upp" in text
    for label in LABELS.values():
        assert label in text
    assert 'aria-current="page"' in html
    breadcrumbs = re.search(r'<nav class="breadcrumbs".*?</nav>', html, re.S).group(0)
    assert "Så följer vi upp" in visible_text(breadcrumbs)
