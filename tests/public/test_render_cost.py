"""What keeps the register's pages cheap to render at 300 areas (issue 25, "Growth without
slowdown"), each checked for giving the same page as before: the list by county reads the
areas alone, the promise list computes its statuses for one page only, the long selects are
written in Python with Django's HTML, and the open-data page asks whether the catalogue is
complete without loading every period and partner."""

import datetime
import re
import unicodedata

import pytest
from django import forms
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from promises.models import FollowUp, Partner, Promise, PromisePeriod
from promises.models.organisation_numbers import luhn_is_valid
from promises.public.finding import PROMISES_PER_PAGE, listed_promises
from promises.public.long_select import LongSelect
from promises.publishing import dcat

from ..support.areas import current_period, make_area, make_many_areas, publish_follow_up
from ..support.html import visible_text

pytestmark = pytest.mark.django_db

CATALOGUE = override_settings(
    OPEN_DATA_PUBLISHER="lokalpolisomrade-sodra-fyrbodal",
    OPEN_DATA_CONTACT_EMAIL="oppnadata@example.se",
)


def spec(number):
    return {
        "name": f"Påhittat område {number:03d}",
        "slug": f"pahittat-omrade-{number:03d}",
        "county": ["01", "03", "12", "14", "25"][number % 5],
        "places": f"Låtsasköping {number:03d}",
        "municipalities": [
            (f"Påhittade kommun {number:03d}-{k}", f"pahittade-kommun-{number:03d}-{k}", "")
            for k in (1, 2)
        ],
        "police": (f"Lokalpolisområde påhittat {number:03d}", f"lpo-pahittat-{number:03d}"),
    }


def queries_of(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return response, [query["sql"] for query in captured.captured_queries]


@pytest.mark.parametrize(
    ("value", "attrs"),
    [
        ("", None),
        ("a&b", {"id": "id_polisomrade"}),
        ("3", {"id": "x", "aria-describedby": 'tips"1', "required": True, "disabled": False}),
        ("okänd", None),
        (None, {"class": "<b>"}),
    ],
)
def test_the_long_select_writes_djangos_html(value, attrs):
    choices = [("", "Alla"), ("a&b", 'Område <b> & "c"'), ("o", "Ö-sund"), (3, "tre")]
    django_html = forms.Select(choices=choices).render("polisomrade", value, attrs)
    assert LongSelect(choices=choices).render("polisomrade", value, attrs) == django_html


def test_the_list_by_county_reads_no_partners_or_periods(client):
    make_many_areas(4)
    client.get("/")  # the content stamp is created by the first request
    for url in ("/", "/omraden/"):
        response, sql = queries_of(client, url)
        assert not [q for q in sql if 'FROM "promises_partner"' in q], url
        assert 'href="/omraden/pahittat-omrade-003/">Påhittat område 003</a>' in (
            response.content.decode()
        )
    # A search reads the partners: a municipality's name finds its area.
    response, sql = queries_of(client, "/omraden/?q=L%C3%A5tsask%C3%B6pings+kommun+002")
    assert [q for q in sql if 'FROM "promises_partner"' in q]
    found = re.search(
        r'<section aria-labelledby="traffar">.*?</section>', response.content.decode(), re.S
    )
    assert "Påhittat område 002" in found.group(0)
    assert "Påhittat område 003" not in found.group(0)


def test_the_promise_list_computes_statuses_for_its_page_only(client):
    for number in range(1, 6):
        area = make_area(spec(number), promises=11)
        for promise in current_period(area).promises.all()[:3]:
            publish_follow_up(promise, status="done")
    client.get("/")
    total = Promise.objects.public().count()
    assert total > PROMISES_PER_PAGE
    expected = list(listed_promises())
    shown = []
    for url in ("/loften/", "/loften/?sida=2"):
        response, sql = queries_of(client, url)
        # No status subqueries at all: the page's rows are picked by a subquery of its keys,
        # and their statuses read from the follow-ups prefetched for them.
        assert not [q for q in sql if '"current_status"' in q]
        rows = [q for q in sql if 'FROM "promises_promise"' in q and "LIMIT" in q]
        assert len(rows) == 1 and re.search(r'"id" IN \(SELECT .* LIMIT', rows[0]), rows
        shown += re.findall(
            r'<li id="(lofte-\d+)">.*?promise-status--([a-z_]+)', response.content.decode(), re.S
        )
    # The same promises in the same order as one query over the whole list, each once, and
    # each with the status that query computes.
    assert shown == [(p.anchor, p.current_status) for p in expected][: len(shown)]
    assert len(shown) == len(set(shown)) == min(total, 2 * PROMISES_PER_PAGE)
    assert {status for _anchor, status in shown} >= {"mixed", "no_follow_up"}


def test_a_status_filter_still_finds_promises_on_every_page(client):
    for number in range(1, 6):
        area = make_area(spec(number), promises=11)
        for promise in current_period(area).promises.all():
            for giver in promise.givers.all():  # every giver reports it done
                FollowUp.objects.create(
                    promise=promise,
                    reported_by=giver,
                    status="done",
                    reported_on=datetime.date(2026, 11, 2),
                    text="Påhittad uppföljning.",
                    is_published=True,
                )
    client.get("/")
    done = [p for p in listed_promises() if p.current_status == "done"]
    assert len(done) > PROMISES_PER_PAGE
    html = client.get("/loften/?status=done&sida=2").content.decode()
    assert len(re.findall(r'<li id="lofte-\d+">', html)) == len(done) - PROMISES_PER_PAGE
    assert f"{len(done)} löften" in html


def complete_numbers():
    for serial, partner in enumerate(Partner.objects.order_by("pk")):
        prefix = f"99{serial:07d}"
        number = next(prefix + str(d) for d in range(10) if luhn_is_valid(prefix + str(d)))
        Partner.objects.filter(pk=partner.pk).update(organisation_number=number)


def agrees():
    periods = list(dcat.catalogue_periods(PromisePeriod.objects.published()))
    publisher = dcat.publisher()
    return dcat.is_complete(publisher) == (not dcat.missing_values(periods, publisher))


@CATALOGUE
def test_is_complete_agrees_with_the_missing_values():
    make_area(spec(1))
    draft = make_area(spec(2), published=False)
    complete_numbers()
    assert dcat.is_complete(dcat.publisher()) and agrees()
    # A partner of an unpublished period only is not in the catalogue.
    draft.partners.filter(kind=Partner.Kind.MUNICIPALITY).update(organisation_number="")
    assert dcat.is_complete(dcat.publisher()) and agrees()
    # A published period's partner without a number, or with a wrong one, makes it incomplete.
    Partner.objects.filter(slug="pahittade-kommun-001-2").update(organisation_number="")
    assert not dcat.is_complete(dcat.publisher()) and agrees()
    Partner.objects.filter(slug="pahittade-kommun-001-2").update(organisation_number="9900000001")
    assert not dcat.is_complete(dcat.publisher()) and agrees()
    complete_numbers()
    Partner.objects.filter(slug="lokalpolisomrade-sodra-fyrbodal").update(organisation_number="")
    assert not dcat.is_complete(dcat.publisher()) and agrees()
    complete_numbers()
    with override_settings(OPEN_DATA_CONTACT_EMAIL=""):
        assert not dcat.is_complete(dcat.publisher()) and agrees()
    with override_settings(OPEN_DATA_PUBLISHER="ingen-sadan"):
        assert not dcat.is_complete(None) and agrees()


@CATALOGUE
def test_the_open_data_page_costs_the_same_queries_with_more_areas(client):
    make_many_areas(3)
    complete_numbers()
    client.get("/")
    _small, small_sql = queries_of(client, "/oppna-data/")
    make_many_areas(12, start=3)
    complete_numbers()
    large, large_sql = queries_of(client, "/oppna-data/")
    assert len(small_sql) == len(large_sql)
    # The partners are read as their organisation numbers alone, not as rows (but the
    # publisher, one row).
    rows = [q for q in large_sql if '"promises_partner"."name"' in q and "LIMIT 1" not in q]
    assert not rows
    # Complete: the page links the catalogue.
    assert "/oppna-data/katalog.rdf</a>" in large.content.decode()


def test_the_newest_follow_ups_come_first_on_the_start_page(client):
    areas = make_many_areas(3)
    old = publish_follow_up(current_period(areas[0]).promises.first(), day="2025-01-02")
    new = publish_follow_up(current_period(areas[1]).promises.first(), day="2026-10-01")
    html = client.get("/").content.decode()
    assert html.index(new.get_absolute_url()) < html.index(old.get_absolute_url())
    assert FollowUp.objects.count() == 2


@pytest.mark.parametrize(
    "text",
    ["Tjörns Kommun", "MALMÖ", "Malmö\x00\x7f\x9f", "Straße Æbeltoft", "e\u0301", "", "Ö-sund\t"],
)
def test_fold_drops_accents_and_control_characters_only(text):
    from promises.public.area_finder import fold

    decomposed = unicodedata.normalize("NFKD", text)
    # The rule, one character at a time (fold() looks only at the non-ASCII ones).
    kept = "".join(c for c in decomposed if not unicodedata.combining(c) and c.isprintable())
    assert fold(text) == kept.casefold()


def test_every_areas_municipalities_are_filtered_by_their_kind(client):
    for number in range(1, 4):
        area = make_area(spec(number), promises=3)
        for promise in current_period(area).promises.all():
            publish_follow_up(promise)  # by the police: the municipalities have reported nothing
        for municipality in area.partners.filter(kind=Partner.Kind.MUNICIPALITY):
            FollowUp.objects.create(
                promise=current_period(area).promises.first(),
                reported_by=municipality,
                status="in_progress",
                reported_on=datetime.date(2026, 11, 3),
                text="Påhittad uppföljning.",
                is_published=True,
            )
    client.get("/")
    municipalities = list(Partner.objects.filter(kind=Partner.Kind.MUNICIPALITY))
    expected = (
        Promise.objects.public()
        .given_by(municipalities)
        .with_status_among(municipalities)
        .filter(chosen_status="in_progress")
    )
    assert expected.count() >= 3  # one per made-up area, and the seed's own
    response, sql = queries_of(client, "/loften/?givare=kommunerna&status=in_progress")
    # Not one query listing every municipality of the register.
    assert not [q for q in sql if 'FROM "promises_partner" WHERE' in q and '"kind"' in q]
    html = response.content.decode()
    listed = re.findall(r'<li id="(lofte-\d+)">', html)
    assert sorted(listed) == sorted(promise.anchor for promise in expected)
    # Each municipality's own status is shown, not the police's.
    assert "Påhittade kommun 001-1: Pågår" in visible_text(html)
    assert "Lokalpolisområde påhittat 001:" not in visible_text(html)
