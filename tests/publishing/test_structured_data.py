"""Titles, descriptions, canonical links, Open Graph and JSON-LD match what each page shows."""

import json
import re

import pytest

from promises.models import Partner, Promise, PromisePeriod

from ..support.html import visible_text

pytestmark = pytest.mark.django_db

PAGE_TYPES = [
    "/",
    "/medborgarloften/",
    "/medborgarloften/2023-2024/",
    "/parter/",
    "/parter/orust-kommun/",
    "/parter/lokalpolisomrade-sodra-fyrbodal/",
    "/oppna-data/",
    "/loften/",
    "/sok/",
    "/sa-foljer-vi-upp/",
]


def promise_url():
    return Promise.objects.get(text__startswith="Fokusera").get_absolute_url()


def json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def nodes(data, kind):
    return [node for node in data["@graph"] if node["@type"] == kind]


def listed_promises(html):
    """The promise texts a person sees in the page's promise lists (each item's text, without
    the givers named after it; the item also says the promise's status and links on)."""
    items = re.findall(
        r'<p class="promise-item__text"[^>]*>(.*?)(?: <span class="givers">.*?</span>)?</p>',
        html,
        re.S,
    )
    return [visible_text(item) for item in items]


def all_pages():
    return [*PAGE_TYPES, promise_url()]


def test_every_page_has_a_unique_title_and_description(client):
    titles, descriptions = set(), set()
    for url in all_pages():
        html = client.get(url).content.decode()
        title = re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()
        description = re.search(r'<meta name="description" content="([^"]*)"', html).group(1)
        assert title and description, url
        titles.add(title)
        descriptions.add(description)
    assert len(titles) == len(all_pages())
    assert len(descriptions) == len(all_pages())


def test_canonical_and_open_graph_use_the_configured_site_url(client, settings):
    settings.SITE_URL = "https://medborgarlofte.example.se"
    for url in all_pages():
        html = client.get(url, HTTP_HOST="testserver").content.decode()
        canonical = f"https://medborgarlofte.example.se{url}"
        assert f'<link rel="canonical" href="{canonical}">' in html, url
        assert f'<meta property="og:url" content="{canonical}">' in html, url
        assert '<meta property="og:locale" content="sv_SE">' in html
        assert '<link rel="alternate" type="application/atom+xml" href="/flode.atom"' in html


@pytest.mark.parametrize("url", ["/", "/medborgarloften/2023-2024/"])
def test_period_json_ld_holds_the_promises_and_partners_the_page_shows(client, url):
    html = client.get(url).content.decode()
    data = json_ld(html)
    page = nodes(data, "WebPage")[0]
    listed = [item["item"]["name"] for item in page["mainEntity"]["itemListElement"]]
    assert listed == listed_promises(html)
    assert len(listed) == 11
    organisations = {node["name"] for node in nodes(data, "GovernmentOrganization")}
    assert organisations == {p.name for p in Partner.objects.all()}
    text = visible_text(html)
    for node in nodes(data, "GovernmentOrganization"):
        assert f"{node['employee']['name']}, {node['employee']['jobTitle']}" in text


def test_partner_json_ld_lists_exactly_its_promises(client):
    html = client.get("/parter/orust-kommun/").content.decode()
    data = json_ld(html)
    page = nodes(data, "WebPage")[0]
    listed = [item["item"]["name"] for item in page["mainEntity"]["itemListElement"]]
    assert listed == listed_promises(html)
    assert len(listed) == 6
    assert [n["name"] for n in nodes(data, "GovernmentOrganization")] == ["Orust kommun"]


def test_promise_json_ld_describes_the_promise_and_its_givers(client):
    promise = Promise.objects.get(text__startswith="Fokusera")
    html = client.get(promise.get_absolute_url()).content.decode()
    data = json_ld(html)
    work = nodes(data, "WebPage")[0]["mainEntity"]
    assert work["text"] == promise.text
    assert promise.text in visible_text(html)
    assert [n["name"] for n in nodes(data, "GovernmentOrganization")] == [
        "Lokalpolisområde Södra Fyrbodal"
    ]
    assert work["temporalCoverage"] == "2023-01-01/2024-12-31"


def test_breadcrumbs_are_visible_and_match_the_json_ld(client):
    for url in all_pages()[1:]:
        html = client.get(url).content.decode()
        trail = re.search(r'<nav class="breadcrumbs".*?</nav>', html, re.S)
        assert trail, url
        visible = [visible_text(a) for a in re.findall(r"<a [^>]*>(.*?)</a>", trail.group(0))]
        crumbs = nodes(json_ld(html), "BreadcrumbList")[0]["itemListElement"]
        assert [crumb["name"] for crumb in crumbs] == visible, url
        assert visible[0] == "Start"


def test_json_ld_cannot_be_broken_out_of_by_editor_text(client):
    period = PromisePeriod.objects.get(slug="2023-2024")
    period.promises.update(text='</script><script>alert("x")</script>')
    html = client.get("/").content.decode()
    assert '<script>alert("x")</script>' not in html
    json_ld(html)  # still one block that parses


def test_each_promise_has_a_permanent_page_and_anchor(client):
    period = PromisePeriod.objects.get(slug="2023-2024")
    html = client.get("/").content.decode()
    for promise in period.promises.all():
        assert f'id="{promise.anchor}"' in html
        assert f'href="{promise.get_absolute_url()}"' in html
        response = client.get(promise.get_absolute_url())
        assert response.status_code == 200
        assert promise.text in visible_text(response.content.decode())
    wrong_period = f"/medborgarloften/finns-inte/loften/{period.promises.first().pk}/"
    assert client.get(wrong_period).status_code == 404
    assert client.get("/medborgarloften/2023-2024/loften/999999/").status_code == 404


def test_a_draft_promise_page_is_not_public(client, admin_client):
    draft = PromisePeriod.objects.create(
        title="Utkast", slug="utkast", starts_on="2025-01-01", ends_on="2025-12-31"
    )
    promise = Promise.objects.create(period=draft, text="Hemligt löfte.")
    assert client.get(promise.get_absolute_url()).status_code == 404
    preview = admin_client.get(promise.get_absolute_url())
    assert preview.status_code == 200
    assert "no-store" in preview["Cache-Control"]


def test_no_page_claims_a_publication_date_nobody_entered(client):
    """The seed period's publication date is unknown: no datePublished, only dateModified."""
    for url in all_pages():
        page = nodes(json_ld(client.get(url).content.decode()), "WebPage")[0]
        assert "datePublished" not in page, url


def test_the_editors_publication_date_is_the_pages_date_published(client):
    import datetime

    period = PromisePeriod.objects.get(slug="2023-2024")
    period.published_on = datetime.date(2023, 2, 14)
    period.save()
    for url in ("/", period.get_absolute_url(), promise_url()):
        page = nodes(json_ld(client.get(url).content.decode()), "WebPage")[0]
        assert page["datePublished"] == "2023-02-14", url
