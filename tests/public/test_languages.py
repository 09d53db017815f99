"""Every public page in Swedish, English and Arabic: the address decides the language.

Swedish stays at today's addresses, English and Arabic live under /en/ and /ar/; each page
says its language and direction, links its other languages in the header (each named in its
own language) and lists every language's address as an `hreflang` alternate, the same set on
each language's page (medborgarlofte/languages.py).
"""

import re
from html.parser import HTMLParser

import pytest

from promises.models import Promise
from promises.public import area_finder, search

pytestmark = pytest.mark.django_db

LANGUAGES = {"sv": "", "en": "/en", "ar": "/ar"}
NAMES = {"sv": "Svenska", "en": "English", "ar": "العربية"}

# One address of each kind of public page, Swedish (unprefixed) spelling.
PAGE_TYPES = [
    "/",
    "/omraden/",
    "/omraden/sodra-fyrbodal/",
    "/medborgarloften/",
    "/medborgarloften/2023-2024/",
    "PROMISE",
    "/medborgarloften/2023-2024/atgardsplan/",
    "/loften/",
    "/loften/?status=no_follow_up",
    "/sok/?q=trafik",
    "/sa-foljer-vi-upp/",
    "/parter/",
    "/parter/orust-kommun/",
    "/oppna-data/",
    "/ordlista/",
    "/kontakt-och-delta/",
    "/tillganglighet/",
    "/tillganglighet/rapportera/",
    "/tillganglighet/rapportera/tack/",
    "/bevaka/part/orust-kommun/",
    "/bevaka/period/2023-2024/",
    "/bevaka/skickat/",
]


class HeadAndLinks(HTMLParser):
    """The <html> element's attributes, the alternates in the head and the header's language
    links."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.html = {}
        self.alternates = {}
        self.language_links = {}
        self.in_language_nav = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html = attrs
        elif tag == "link" and attrs.get("rel") == "alternate" and "hreflang" in attrs:
            assert attrs["hreflang"] not in self.alternates, "one alternate per language"
            self.alternates[attrs["hreflang"]] = attrs["href"]
        elif tag == "nav" and attrs.get("class") == "language-links":
            self.in_language_nav = True
        elif tag == "a" and self.in_language_nav:
            self.language_links[attrs["hreflang"]] = attrs

    def handle_endtag(self, tag):
        if tag == "nav":
            self.in_language_nav = False


def read(response) -> HeadAndLinks:
    parser = HeadAndLinks()
    parser.feed(response.content.decode())
    return parser


def address(path: str) -> str:
    if path == "PROMISE":
        return Promise.objects.get(text__startswith="Fokusera").get_absolute_url()
    return path


@pytest.mark.parametrize("path", PAGE_TYPES)
def test_every_page_type_in_every_language(client, path):
    path = address(path)
    versions = {code: prefix + path for code, prefix in LANGUAGES.items()}
    pages = {}
    for code, url in versions.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Language"] == code
        assert not response.cookies
        assert "Accept-Language" not in response.get("Vary", "")
        pages[code] = read(response)
    for code, page in pages.items():
        assert page.html["lang"] == code
        assert page.html["dir"] == ("rtl" if code == "ar" else "ltr")
        # The header links the page's other languages, each named in its own language.
        assert set(page.language_links) == set(LANGUAGES) - {code}
        for other, link in page.language_links.items():
            assert link["href"] == versions[other]
            assert link["lang"] == other
    expected = {code: f"http://testserver{url.split('?')[0]}" for code, url in versions.items()}
    has_alternates = [page.alternates for page in pages.values()]
    if not any(has_alternates):
        return  # a page search engines are not sent to (a form's answer); the header suffices
    for page in pages.values():
        # The same absolute set on every language's page: the pairs are symmetric.
        alternates = {code: url.split("?")[0] for code, url in page.alternates.items()}
        assert alternates == {**expected, "x-default": expected["sv"]}
        assert all(url.startswith("http://testserver/") for url in page.alternates.values())


def test_every_page_an_engine_is_sent_to_has_alternates(client):
    for path in ["/", "/medborgarloften/2023-2024/", address("PROMISE"), "/parter/orust-kommun/"]:
        assert read(client.get("/ar" + path)).alternates, path


@pytest.mark.parametrize(
    "url",
    [
        "/xx/",
        "/xx/loften/",
        "/sv/",
        "/sv/loften/",
        "/EN/",
        "/en/oppna-data/medborgarloften.json",
        "/ar/sitemap.xml",
        "/en/robots.txt",
        "/en/admin/",
        "/en/halsa/",
    ],
)
def test_unknown_prefixes_and_language_neutral_files_answer_404(client, url):
    assert client.get(url).status_code == 404


def test_unprefixed_addresses_stay_swedish_whatever_the_browser_asks(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ar, en;q=0.9")
    assert read(response).html["lang"] == "sv"
    assert not response.cookies and "Accept-Language" not in response.get("Vary", "")
    english = client.get("/en/", HTTP_ACCEPT_LANGUAGE="sv")
    assert read(english).html["lang"] == "en"


def test_machines_files_stay_at_their_one_address(client):
    for url in ["/oppna-data/medborgarloften.json", "/sitemap.xml", "/robots.txt"]:
        assert client.get(url).status_code == 200


def test_the_admin_stays_swedish(client):
    html = client.get("/admin/login/").content.decode()
    assert re.search(r'<html lang="sv"', html)
    assert "Logga in" in html


def test_error_pages_speak_the_addresses_language(client):
    for prefix, code in (("", "sv"), ("/en", "en"), ("/ar", "ar")):
        not_found = client.get(f"{prefix}/finns-inte/")
        assert not_found.status_code == 404
        assert read(not_found).html["lang"] == code
        bad_page = client.get(f"{prefix}/loften/?sida=x")
        assert bad_page.status_code == 400
        assert read(bad_page).html["lang"] == code


def test_a_language_switched_off_has_no_address_and_no_link(client, settings):
    settings.PUBLIC_LANGUAGES = ["sv", "en"]
    assert client.get("/ar/").status_code == 404
    page = read(client.get("/en/"))
    assert set(page.alternates) == {"sv", "en", "x-default"}
    assert set(page.language_links) == {"sv"}
    assert 'hreflang="ar"' not in client.get("/sitemap-oversikt.xml").content.decode()


def test_a_stored_lists_language_links_keep_only_its_canonical_filters(client):
    # The page is stored for every visitor of its canonical address: no visitor's tracking
    # tag may end up in its links.
    page = read(client.get("/loften/?utm_source=x&status=no_follow_up"))
    assert page.language_links["en"]["href"] == "/en/loften/?status=no_follow_up"
    search = read(client.get("/sok/?q=trafik"))
    assert search.language_links["ar"]["href"] == "/ar/sok/?q=trafik"
    assert search.language_links["en"]["href"] == "/en/sok/?q=trafik"


@pytest.mark.parametrize(
    "path, longest",
    [("/sok/", search.MAX_QUERY_LENGTH), ("/omraden/", area_finder.MAX_QUERY_LENGTH)],
)
def test_a_refused_long_query_stays_behind_in_the_language_links(client, path, longest):
    # The other languages' links lead to their empty search, not to the same refusal.
    response = client.get(path, {"q": "a" * (longest + 1)})
    assert response.status_code == 400
    links = read(response).language_links
    assert {code: link["href"] for code, link in links.items()} == {
        "en": f"/en{path}",
        "ar": f"/ar{path}",
    }
