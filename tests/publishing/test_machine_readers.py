"""Texts every machine reader survives (issue 21, item 4).

A control character that arrived by the ORM (as an import or a backup would store it) in each
kind of editor text: the Atom feed, the data portal's catalogue, the sitemap, the open-data
JSON and CSV, the action plan's files, the pages and their JSON-LD and the alert e-mails are
still read by the parsers their readers use (feedparser, rdflib, an XML parser, json, csv,
the email package), with the character gone. And every form, in the admin and on the public
site, refuses one with a Swedish message and writes nothing.
"""

import csv
import datetime
import email
import email.policy
import io
import json
import re
from xml.etree import ElementTree

import feedparser
import pytest
from django.core import mail
from rdflib import Graph

from medborgarlofte.clean_html import CleanHtmlMiddleware
from promises.models import (
    CONTENT_MODELS,
    AccessibilityReport,
    AlertPrivacy,
    GlossaryTerm,
    OutgoingMessage,
    Partner,
    PromisePeriod,
    Subscription,
)
from promises.models.control_characters import (
    CONTROL_CHARACTERS,
    RefusesControlCharacters,
    has_control_bytes,
    without_control_bytes,
    without_control_characters,
)
from promises.publishing import alerts, mail_queue

from ..public.test_accessibility_statement import filled_form, later, post  # noqa: F401 - fixture
from ..support.actions import TJORN, action, indicator, promise_given_by
from ..support.follow_ups import report
from ..support.html import form_data
from ..support.sitemaps import sitemap_locations
from .test_dcat import complete  # noqa: F401 - fixture
from .test_subscribe_addresses import subscribe_with

pytestmark = pytest.mark.django_db

# What a pasted text may carry: ESC, a vertical tab, a form feed, DEL, a C1 control and a
# non-character. NUL is left out: PostgreSQL itself refuses it in text.
DIRT = "\x1b\x0b\x0c\x7f\x85\ufffe\uffff"
SWEDISH_MESSAGE = "osynligt styrtecken"


def dirty(text: str) -> str:
    return f"{text} {DIRT}smutsig"


def clean(text: str) -> str:
    return without_control_characters(dirty(text))


@pytest.fixture
def poisoned(complete):  # noqa: F811 - the fixture imported above
    """Each kind of editor text with control characters, stored through the ORM."""
    period = PromisePeriod.objects.published().get()
    period.title = dirty("Perioden")
    period.intro = dirty("Inledningen")
    period.save()
    promise = promise_given_by(TJORN)
    promise.text = dirty("Löftet")
    promise.save()
    partner = Partner.objects.get(slug=TJORN)
    partner.name = dirty("Tjörn")
    partner.save()
    follow_up = report(promise, "in_progress", "2026-03-10", text=dirty("Uppföljningen"))
    the_action = action(promise, TJORN, title=dirty("Åtgärden"), goal=dirty("Målet"))
    the_indicator = indicator(
        promise, values=[("5", "2024-06-01")], name=dirty("Indikatorn"), unit=dirty("st")
    )
    term = GlossaryTerm.objects.create(
        term=dirty("Ordet"), slug="ordet", definition=dirty("Förklaringen")
    )
    return {
        "period": period,
        "promise": promise,
        "partner": partner,
        "follow_up": follow_up,
        "action": the_action,
        "indicator": the_indicator,
        "term": term,
    }


def assert_clean_text(text: str):
    assert CONTROL_CHARACTERS.search(text) is None, repr(CONTROL_CHARACTERS.search(text))


def all_strings(data):
    if isinstance(data, dict):
        for key, value in data.items():
            yield key
            yield from all_strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from all_strings(value)
    elif isinstance(data, str):
        yield data


# The rule itself ------------------------------------------------------------------------------


def test_the_bytes_find_exactly_the_characters_of_the_text_pattern():
    """The finished pages are cleaned as bytes: bytes and text must agree on every code point
    UTF-8 can carry, and removing the bytes must leave valid UTF-8. Every one-, two- and
    three-byte character around the ones removed, and four-byte ones (lone surrogates are not
    in UTF-8 at all)."""
    for code_point in (*range(0x3000), *range(0xE000, 0x10000), *range(0x10000, 0x10800)):
        char = chr(code_point)
        encoded = char.encode()
        is_control = CONTROL_CHARACTERS.fullmatch(char) is not None
        assert has_control_bytes(encoded) == is_control, hex(code_point)
        kept = b"a" + (b"" if is_control else encoded) + b"b"
        assert without_control_bytes(b"a" + encoded + b"b") == kept, hex(code_point)
    sample = ("å\x1b\u0085é\ufffe€\uffff😀" * 3).encode()
    assert without_control_bytes(sample).decode() == "åé€😀" * 3


def test_tab_line_feed_and_carriage_return_stay():
    assert without_control_characters("a\tb\nc\r\nd") == "a\tb\nc\r\nd"
    assert without_control_characters("a\x00b\x1fc\x7fd\x9fe\ud800f") == "abcdef"


def test_every_model_whose_texts_reach_the_public_refuses_control_characters():
    for model in (*CONTENT_MODELS, AccessibilityReport, AlertPrivacy):
        assert issubclass(model, RefusesControlCharacters), model.__name__


# What machines read ---------------------------------------------------------------------------


def test_the_feed_parses_with_feedparser(client, poisoned):
    response = client.get("/flode.atom")
    assert response.status_code == 200
    assert_clean_text(response.content.decode())
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    titles = [entry.title for entry in feed.entries]
    assert any(clean("Löftet") in title for title in titles), titles
    assert any(clean("Åtgärden") in title for title in titles), titles
    assert clean("Perioden") in titles
    summaries = " ".join(entry.summary for entry in feed.entries)
    assert clean("Uppföljningen") in summaries


def test_the_catalogue_parses_with_rdflib_and_as_xml(client, poisoned):
    response = client.get("/oppna-data/katalog.rdf")
    assert response.status_code == 200, response.content.decode()
    ElementTree.fromstring(response.content)
    graph = Graph().parse(data=response.content, format="xml")
    literals = {str(o) for o in graph.objects()}
    assert clean("Perioden") in literals
    assert clean("Tjörn") in literals
    for literal in literals:
        assert_clean_text(literal)


def test_the_sitemap_parses_as_xml(client, poisoned):
    # Every sitemap the index lists parses (tests/support/sitemaps.py asserts it).
    locations = sitemap_locations(client)
    assert any(poisoned["promise"].get_absolute_url() in loc for loc in locations)


def test_the_periods_json_and_csv_parse(client, poisoned):
    slug = poisoned["period"].slug
    for path in ("/oppna-data/medborgarloften.json", f"/oppna-data/medborgarloften/{slug}.json"):
        response = client.get(path)
        assert response.status_code == 200
        for text in all_strings(json.loads(response.content)):
            assert_clean_text(text)
    document = json.loads(client.get(f"/oppna-data/medborgarloften/{slug}.json").content)
    assert document["period"]["titel"] == clean("Perioden")
    texts = [promise["text"] for promise in document["loften"]]
    assert clean("Löftet") in texts
    follow_up_texts = [f["text"] for p in document["loften"] for f in p["uppfoljningar"]]
    assert clean("Uppföljningen") in follow_up_texts

    for path, column, expected in [
        (f"/oppna-data/medborgarloften/{slug}.csv", "text", clean("Löftet")),
        (f"/oppna-data/medborgarloften/{slug}/uppfoljningar.csv", "text", clean("Uppföljningen")),
        (f"/oppna-data/medborgarloften/{slug}/atgarder.csv", "atgard", clean("Åtgärden")),
    ]:
        response = client.get(path)
        assert response.status_code == 200
        text = response.content.decode("utf-8-sig")
        assert_clean_text(text)
        rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))
        assert expected in [row[column] for row in rows], path


def test_the_action_plan_json_parses(client, poisoned):
    slug = poisoned["period"].slug
    response = client.get(f"/oppna-data/medborgarloften/{slug}/atgarder.json")
    assert response.status_code == 200
    document = json.loads(response.content)
    for text in all_strings(document):
        assert_clean_text(text)
    assert clean("Åtgärden") in [a["atgard"] for a in document["atgarder"]]
    assert clean("Indikatorn") in [i["namn"] for i in document["indikatorer"]]


def test_pages_and_their_json_ld_carry_no_control_characters(client, poisoned):
    period = poisoned["period"]
    for path in (
        "/",
        period.get_absolute_url(),
        poisoned["promise"].get_absolute_url(),
        poisoned["partner"].get_absolute_url(),
        f"/medborgarloften/{period.slug}/atgardsplan/",
        "/ordlista/",
        "/loften/",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert not has_control_bytes(response.content), path
        html = response.content.decode()
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
            json.loads(block)
    assert clean("Löftet") in client.get(poisoned["promise"].get_absolute_url()).content.decode()


def test_the_page_middleware_leaves_clean_pages_and_other_types_alone(rf):
    from django.http import HttpResponse

    def view(content, content_type):
        return CleanHtmlMiddleware(lambda request: HttpResponse(content, content_type=content_type))

    page = view("<p>a\x1bb</p>", "text/html; charset=utf-8")(rf.get("/"))
    assert page.content == b"<p>ab</p>"
    data = view(b"\x1b\x00", "application/octet-stream")(rf.get("/"))
    assert data.content == b"\x1b\x00"


def parsed(message: OutgoingMessage) -> email.message.EmailMessage:
    raw = mail_queue._email(message).message().as_bytes()
    return email.message_from_bytes(raw, policy=email.policy.default)


def test_alert_mails_build_and_parse(poisoned, settings):
    settings.ALERT_DIGEST_HOUR = 0
    promise = poisoned["promise"]
    # A confirmation naming the promise, and a digest with a headline made from its text.
    alerts.request_subscription("invanare@example.se", promise=promise)
    Subscription.objects.update(confirmed_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
    report(promise, "done", "2026-03-11", text=dirty("Klar"))
    assert alerts.build_digests() == 1
    # And one stored as an import or an old version might have left it.
    OutgoingMessage.objects.create(
        kind=OutgoingMessage.Kind.DIGEST,
        to_address="annan@example.se",
        subject=dirty("Ämne\r\nBcc: alla@example.se\n"),
        text_body=dirty("Brödtext"),
        html_body=f"<p>{dirty('Brödtext')}</p>",
        unsubscribe_url="http://testserver/bevaka/avsluta/abc/\r\nX-Evil: 1",
    )
    messages = list(OutgoingMessage.objects.order_by("pk"))
    assert len(messages) == 3
    for message in messages:
        received = parsed(message)
        assert received["Bcc"] is None and received["X-Evil"] is None
        assert "\n" not in received["Subject"]
        assert_clean_text(received["Subject"])
        for part in ("plain", "html"):
            body = received.get_body(preferencelist=(part,)).get_content()
            assert_clean_text(body)
    confirmation, digest, stored = (parsed(m) for m in messages)
    assert clean("Löftet") in confirmation.get_body(("plain",)).get_content()
    assert clean("Löftet")[:40] in digest.get_body(("plain",)).get_content()
    assert stored["Subject"] == "Ämne Bcc: alla@example.se smutsig"
    # And they really go out through Django's mail backend.
    for message in messages:
        mail_queue._email(message).send()
    assert len(mail.outbox) == 3


# What people type -----------------------------------------------------------------------------

ADMIN_FIELDS = [
    ("promiseperiod", lambda p: p["period"], "title"),
    ("promise", lambda p: p["promise"], "text"),
    ("partner", lambda p: p["partner"], "name"),
    ("followup", lambda p: p["follow_up"], "text"),
    ("action", lambda p: p["action"], "title"),
    ("indicator", lambda p: p["indicator"], "name"),
    ("glossaryterm", lambda p: p["term"], "definition"),
]


@pytest.fixture
def stored(complete):  # noqa: F811 - the fixture imported above
    """One of each, with clean texts, to edit in the admin."""
    promise = promise_given_by(TJORN)
    return {
        "period": PromisePeriod.objects.published().get(),
        "promise": promise,
        "partner": Partner.objects.get(slug=TJORN),
        "follow_up": report(promise, "in_progress", "2026-03-10"),
        "action": action(promise, TJORN),
        "indicator": indicator(promise),
        "term": GlossaryTerm.objects.create(term="Ordet", slug="ordet", definition="Förklaring."),
    }


@pytest.mark.parametrize(("model", "row", "field"), ADMIN_FIELDS)
def test_every_admin_form_refuses_a_control_character(client_for, stored, model, row, field):
    admin = client_for("admin")
    obj = row(stored)
    obj.refresh_from_db()  # saving the others moved the period's "last changed"
    url = f"/admin/promises/{model}/{obj.pk}/change/"
    data = form_data(admin.get(url).content.decode(), f"{model}_form")
    before = {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}
    data[field] = "Ny text\x1b som klistrats in"
    response = admin.post(url, data)
    assert response.status_code == 200, response.get("Location")
    assert SWEDISH_MESSAGE in response.content.decode()
    obj.refresh_from_db()
    assert {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields} == before
    # The same form with the character taken out is saved: the refusal was the character.
    data[field] = "Ny text som klistrats in"
    assert admin.post(url, data).status_code == 302
    obj.refresh_from_db()
    assert getattr(obj, field) == "Ny text som klistrats in"


@pytest.mark.parametrize("field", ["message", "name", "page"])
def test_the_report_form_refuses_a_control_character(client, later, field):  # noqa: F811
    data = filled_form(client)
    data[field] = "https://medborgarlofte.example.se/\x1b" if field == "page" else "Hej\x1b där"
    later()
    response = post(client, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert SWEDISH_MESSAGE in html or "Ange en giltig URL" in html
    assert not AccessibilityReport.objects.exists()


def test_the_subscribe_form_refuses_a_control_character(client, settings):
    response = subscribe_with(client, "namn\x1b@example.se")
    assert response.status_code == 400
    assert "Skriv e-postadressen så här" in response.content.decode()
    assert not Subscription.objects.exists() and not OutgoingMessage.objects.exists()


def test_an_admin_form_shows_a_stored_text_without_the_character_so_saving_cleans_it(
    client_for, poisoned
):
    """A row that arrived by an import: the editor sees the text clean, and saving the form as
    it is stores it clean, instead of a refusal about a character nobody can see."""
    admin = client_for("admin")
    period = PromisePeriod.objects.get(pk=poisoned["period"].pk)
    url = f"/admin/promises/promiseperiod/{period.pk}/change/"
    page = admin.get(url)
    assert not has_control_bytes(page.content)
    data = form_data(page.content.decode(), "promiseperiod_form")
    assert data["title"] == clean("Perioden")
    assert admin.post(url, data).status_code == 302
    period.refresh_from_db()
    assert period.title == clean("Perioden")
    assert period.intro == clean("Inledningen")


def test_the_catalogues_list_of_missing_values_is_clean_text(client, settings):
    """While the catalogue is incomplete its 503 names partners as stored."""
    settings.OPEN_DATA_PUBLISHER = TJORN
    Partner.objects.filter(slug=TJORN).update(name=dirty("Tjörn"), organisation_number="")
    response = client.get("/oppna-data/katalog.rdf")
    assert response.status_code == 503
    text = response.content.decode()
    assert clean("Tjörn") in text
    assert_clean_text(text)
