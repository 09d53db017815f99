"""The period's åtgärdsplan page: every promise with its published actions, plain filter links
validated like the promise list's, linked from the period page, in the sitemap, constant
queries."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from promises.models import Promise, PromisePeriod

from ..support.actions import ORUST, POLICE, TJORN, action, day, promise_given_by
from ..support.html import visible_text
from ..support.sitemaps import sitemap_locations

pytestmark = pytest.mark.django_db

URL = "/medborgarloften/2023-2024/atgardsplan/"


def plan_rows(html):
    """The action rows as (promise heading, action, responsible, when, status) texts."""
    rows = []
    for section in re.findall(r'<section class="plan-promise".*?</section>', html, re.S):
        heading = visible_text(re.search(r"<h2.*?</h2>", section, re.S).group(0))
        for row in re.findall(r'<tr id="atgard-\d+">(.*?)</tr>', section, re.S):
            cells = [
                visible_text(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
            ]
            rows.append((heading.split(":")[0].strip(), *cells))
    return rows


@pytest.fixture
def plan():
    police_promise = promise_given_by(POLICE)
    tjorn_promise = promise_given_by(TJORN)
    action(
        police_promise,
        POLICE,
        title="Fler synliga poliser.",
        starts_on=day("2024-01-01"),
        ends_on=day("2024-06-30"),
        status="gron",
    )
    action(
        tjorn_promise, TJORN, title="Trygghetsvandringar.", recurrence="Varje höst", status="rod"
    )
    action(tjorn_promise, ORUST, title="Orusts utkast.", published=False)
    action(tjorn_promise, ORUST, title="Belysning i Henån.")
    return police_promise, tjorn_promise


def position(promise):
    return promise.position()


def test_the_plan_shows_every_promise_with_its_published_actions(client, plan):
    police_promise, tjorn_promise = plan
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    text = visible_text(html)
    assert "Åtgärdsplan – Medborgarlöfte 2023-2024" in text
    # Every promise is there, those without actions say so.
    period = PromisePeriod.objects.get(slug="2023-2024")
    assert html.count('class="plan-promise"') == period.promises.count()
    assert text.count("Inga åtgärder publicerade ännu.") == period.promises.count() - 2
    assert "Orusts utkast" not in text
    assert sorted(plan_rows(html)) == sorted(
        [
            (
                f"Löfte {position(police_promise)}",
                "Fler synliga poliser.",
                "Lokalpolisområde Södra Fyrbodal",
                "1 januari 2024 – 30 juni 2024",
                "I fas",
            ),
            (
                f"Löfte {position(tjorn_promise)}",
                "Trygghetsvandringar.",
                "Tjörns kommun",
                "Varje höst",
                "Försenad",
            ),
            (
                f"Löfte {position(tjorn_promise)}",
                "Belysning i Henån.",
                "Orust kommun",
                "Inte angiven",
                "Ännu inte bedömd",
            ),
        ]
    )


def test_filters_are_plain_links_and_narrow_the_plan(client, plan):
    html = client.get(URL).content.decode()
    assert f'href="{URL}?ansvarig={TJORN}"' in html
    assert f'href="{URL}?status=rod"' in html
    tjorn = client.get(URL, {"ansvarig": TJORN}).content.decode()
    assert [row[1] for row in plan_rows(tjorn)] == ["Trygghetsvandringar."]
    assert f'href="{URL}?ansvarig={TJORN}&amp;status=gron"' in tjorn  # keeps the other filter
    assert 'name="robots" content="noindex, follow"' in tjorn
    not_assessed = client.get(URL, {"status": "ej-bedomd"}).content.decode()
    assert [row[1] for row in plan_rows(not_assessed)] == ["Belysning i Henån."]
    nothing = client.get(URL, {"ansvarig": POLICE, "status": "rod"}).content.decode()
    assert "Ingen åtgärd passar de här filtren." in visible_text(nothing)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"ansvarig": "nobody"}, "Ansvarig: ”nobody” är inte en av parterna."),
        ({"status": "blue"}, "Status: ”blue” är ingen status."),
        ({"status": "<script>"}, "Status: ”<script>” är ingen status."),
    ],
)
def test_junk_filters_answer_400_in_swedish(client, plan, params, message):
    response = client.get(URL, params)
    assert response.status_code == 400
    text = visible_text(response.content.decode())
    assert message in text
    assert "<script>" not in response.content.decode()


def test_unknown_and_draft_periods_are_404_for_visitors(client):
    assert client.get("/medborgarloften/finns-inte/atgardsplan/").status_code == 404
    PromisePeriod.objects.filter(slug="2023-2024").update(is_published=False)
    assert client.get(URL).status_code == 404


def test_the_period_page_links_the_plan_and_the_sitemap_lists_it(client):
    assert f'href="{URL}"' in client.get("/medborgarloften/2023-2024/").content.decode()
    assert any(location.endswith(URL) for location in sitemap_locations(client))


def test_the_plan_costs_the_same_queries_with_few_and_many_actions(client, plan):
    client.get("/")
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL).status_code == 200
    for promise in Promise.objects.all():
        for number in range(3):
            action(promise, POLICE, title=f"Extra {number}.")
    with CaptureQueriesContext(connection) as many:
        assert client.get(URL).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_responsible_filter_names_only_the_periods_own_areas_partners(client):
    """On a register the filter would otherwise list every partner in Sweden."""
    from ..support.areas import NORTH, make_area

    make_area(NORTH)
    html = client.get(URL).content.decode()
    assert f'href="{URL}?ansvarig={TJORN}"' in html
    assert "ansvarig=pahittsta-kommun" not in html
    assert "ansvarig=lpo-testomrade-norr" not in html
    assert client.get(URL, {"ansvarig": "pahittsta-kommun"}).status_code == 400
