"""Lättläst (easy-to-read Swedish, webbriktlinjer guideline 12): each page answers in Swedish,
marked, linked from every public page; a promise without a lättläst text shows its ordinary
text with a note; a register lets the resident choose an area."""

import re

import pytest

from promises.models import Area, Partner, Promise, PromisePeriod

from ..support.areas import NORTH, make_area
from ..support.html import visible_text
from ..support.public_pages import PUBLIC_PAGES, promise_page

pytestmark = pytest.mark.django_db

SEED_AREA = "sodra-fyrbodal"
EASY_READ_PAGES = [
    "/lattlast/",
    "/lattlast/uppfoljning/",
    "/lattlast/kontakt/",
    f"/lattlast/omraden/{SEED_AREA}/",
    f"/lattlast/omraden/{SEED_AREA}/kontakt/",
]
MISSING_NOTE = "Det finns ingen lättläst text om det här löftet än."
# What MTM asks lättläst to leave out: abbreviations.
ABBREVIATIONS = re.compile(r"\b(t\.ex|bl\.a|m\.m|osv|dvs|ca)\b\.?", re.IGNORECASE)


def seed_promises():
    return list(PromisePeriod.objects.get(slug="2023-2024").promises.order_by("order", "pk"))


@pytest.mark.parametrize("path", EASY_READ_PAGES)
def test_each_easy_read_page_is_swedish_marked_and_without_abbreviations(client, path):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="sv"' in html
    assert '<div class="easy-read" lang="sv" dir="ltr">' in html
    assert '<p class="easy-read-mark">Lättläst</p>' in html
    # The header's link says it is the page the visitor is on.
    assert 'href="/lattlast/" class="easy-read-link" aria-current="page"' in html
    main = visible_text(html.split("<main", 1)[1].split("</main>", 1)[0])
    assert not ABBREVIATIONS.search(main), ABBREVIATIONS.search(main)
    assert response["Cache-Control"] == "public, max-age=300"


def test_every_public_page_type_links_to_the_easy_read_pages(client):
    checked = 0
    for path in [*PUBLIC_PAGES, promise_page(), "/finns-inte/", "/tillganglighet/rapportera/"]:
        response = client.get(path)
        # The embed is a part of the partners' own pages, without the site's header.
        if not response["Content-Type"].startswith("text/html") or path.startswith("/inbaddning/"):
            continue
        checked += 1
        assert 'href="/lattlast/" class="easy-read-link"' in response.content.decode(), path
    assert checked > 15


def test_the_index_says_what_a_citizen_promise_is_and_leads_to_the_only_area(client):
    html = client.get("/lattlast/").content.decode()
    text = visible_text(html)
    assert "Vad är ett medborgarlöfte?" in text
    assert "Polisen och kommunen ger löftet tillsammans." in text
    assert f'href="/lattlast/omraden/{SEED_AREA}/"' in html
    # One area: no choice to make.
    assert 'name="polisomrade"' not in html


def test_promises_without_an_easy_read_text_show_their_text_with_a_note(client):
    promises = seed_promises()
    written = promises[1]
    easy = "Kommunen lovar en sak.\n\nEn till."
    Promise.objects.filter(pk=written.pk).update(easy_read_text=easy)
    html = client.get(f"/lattlast/omraden/{SEED_AREA}/").content.decode()
    text = visible_text(html)
    assert text.count(MISSING_NOTE) == len(promises) - 1
    assert "<p>Kommunen lovar en sak.</p>\n\n<p>En till.</p>" in html
    # The ordinary text is there for every promise without one, never an empty space.
    for promise in promises:
        if promise != written:
            assert visible_text(promise.text) in text
        assert f'href="{promise.get_absolute_url()}#uppfoljning"' in html
    assert f"Det finns {len(promises)} löften." in text
    assert "Löfte 1" in text and f"Löfte {len(promises)}" in text
    assert "Så här går det: Ingen uppföljning" in text


def test_an_editors_text_is_escaped(client):
    promise = seed_promises()[0]
    Promise.objects.filter(pk=promise.pk).update(easy_read_text="<script>x()</script> & mer")
    html = client.get(f"/lattlast/omraden/{SEED_AREA}/").content.decode()
    assert "<script>x()" not in html
    assert "&lt;script&gt;x()&lt;/script&gt; &amp; mer" in html


def test_the_follow_up_page_explains_every_status_word(client):
    text = visible_text(client.get("/lattlast/uppfoljning/").content.decode())
    for word in ("Ej påbörjat", "Pågår", "Genomfört", "Delvis genomfört", "Ej genomfört"):
        assert word in text
    assert "Olika för olika parter" in text and "Ingen uppföljning" in text
    assert "De har gjort det de lovade." in text


def test_the_area_contact_page_has_the_emergency_numbers_and_the_partners_own_data(client):
    partner = Partner.objects.filter(area__slug=SEED_AREA).order_by("order").last()
    Partner.objects.filter(pk=partner.pk).update(
        contact_phone="000-11 22 33", contact_email="test@example.se"
    )
    html = client.get(f"/lattlast/omraden/{SEED_AREA}/kontakt/").content.decode()
    assert 'href="tel:112"' in html and 'href="tel:11414"' in html
    assert "000-11 22 33" in html and 'href="mailto:test@example.se"' in html
    for listed in Partner.objects.filter(area__slug=SEED_AREA):
        assert listed.name in visible_text(html)
    general = client.get("/lattlast/kontakt/").content.decode()
    assert 'href="tel:112"' in general and 'href="tel:11414"' in general
    assert f'href="/lattlast/omraden/{SEED_AREA}/kontakt/"' in general


def test_a_register_offers_the_choice_of_area_and_leads_to_it(client):
    make_area(NORTH)
    html = client.get("/lattlast/").content.decode()
    assert '<option value="testomrade-norr">Testområde Norr</option>' in html
    assert f'<option value="{SEED_AREA}">' in html
    chosen = client.get("/lattlast/valj/", {"polisomrade": NORTH["slug"], "till": "loften"})
    assert chosen.status_code == 302
    assert chosen["Location"] == "/lattlast/omraden/testomrade-norr/"
    contact = client.get("/lattlast/valj/", {"polisomrade": NORTH["slug"], "till": "kontakt"})
    assert contact["Location"] == "/lattlast/omraden/testomrade-norr/kontakt/"
    # A destination nobody offers leads to the area's promises.
    odd = client.get("/lattlast/valj/", {"polisomrade": NORTH["slug"], "till": "<x>"})
    assert odd["Location"] == "/lattlast/omraden/testomrade-norr/"
    assert client.get("/lattlast/valj/")["Location"] == "/lattlast/"
    north = client.get("/lattlast/omraden/testomrade-norr/").content.decode()
    assert "Påhittat löfte 1 i Testområde Norr." in north
    assert "Löftena i Testområde Norr" in visible_text(north)


@pytest.mark.parametrize(
    "path",
    [
        "/lattlast/omraden/finns-inte/",
        "/lattlast/omraden/finns-inte/kontakt/",
        "/lattlast/valj/?polisomrade=finns-inte",
        "/lattlast/valj/?polisomrade=%00",
    ],
)
def test_an_area_that_is_not_published_answers_404_in_swedish(client, path):
    Area.objects.create(name="Opublicerat testområde", slug="opublicerat", county="25")
    response = client.get(path)
    assert response.status_code == 404
    assert "Sidan finns inte" in visible_text(response.content.decode()) or (
        "Det finns inget område" in visible_text(response.content.decode())
    )
    assert client.get("/lattlast/omraden/opublicerat/").status_code == 404


def test_easy_read_has_one_address_the_swedish_one(client):
    """Lättläst is Swedish: `/en/lattlast/…` would be the Swedish page under an English
    address, so it redirects; the page names no other language versions and its language
    links lead to the other languages' start pages."""
    for prefix in ("/en", "/ar"):
        response = client.get(f"{prefix}/lattlast/uppfoljning/?x=1")
        assert response.status_code == 301
        assert response["Location"] == "/lattlast/uppfoljning/?x=1"
    html = client.get("/lattlast/uppfoljning/").content.decode()
    assert 'hreflang="en"' not in html.split("<body")[0]
    assert re.search(r'<a href="/en/" lang="en" hreflang="en"', html)
    assert re.search(r'<a href="/ar/" lang="ar" hreflang="ar"', html)


@pytest.mark.parametrize(
    ("prefix", "mark"), [("", ""), ("/en", ' lang="sv"'), ("/ar", ' lang="sv" dir="ltr"')]
)
def test_the_menu_link_is_the_swedish_word_and_address_on_every_language(client, prefix, mark):
    html = client.get(f"{prefix}/loften/").content.decode()
    link = f'<a href="/lattlast/" class="easy-read-link"{mark}>Lättläst</a>'
    assert link in html
