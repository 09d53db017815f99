"""The accessibility statement, its cookie-free report form, and the glossary."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse

from promises.models import AccessibilityReport, AccessibilityStatement, GlossaryTerm
from promises.public import report_guard

from ..support.html import form_data, visible_text

pytestmark = pytest.mark.django_db

REPORT_URL = "/tillganglighet/rapportera/"
ORIGIN = "http://testserver"


def filled_form(client, **changes):
    """The form as a person fills it in, with the token the page gave them."""
    html = client.get(REPORT_URL).content.decode()
    data = form_data(html, "rapportformular")
    data.update({"kind": "problem", "message": "Knappen går inte att nå med tangentbordet."})
    data.update(changes)
    return data


def post(client, data, **headers):
    headers.setdefault("HTTP_ORIGIN", ORIGIN)
    return client.post(REPORT_URL, data, **headers)


@pytest.fixture
def later(mid_hour):
    """Move the clock past the minimum time a person needs to fill in the form."""

    def travel(seconds=report_guard.MIN_SECONDS_TO_FILL + 1):
        traveller = time_machine.travel(
            datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(seconds=seconds)
        )
        traveller.start()
        travellers.append(traveller)

    travellers = []
    yield travel
    for traveller in reversed(travellers):
        traveller.stop()


def test_every_page_links_the_statement_and_the_glossary_from_its_footer(client):
    for url in ["/", "/medborgarloften/", "/parter/", "/oppna-data/", "/finns-inte/"]:
        html = client.get(url).content.decode()
        footer = html[html.index('<footer class="site-footer">') :]
        assert 'href="/tillganglighet/"' in footer, url
        assert 'href="/ordlista/"' in footer, url


def test_statement_has_what_digg_requires(client):
    response = client.get(reverse("promises:accessibility"))
    text = visible_text(response.content.decode())
    assert response.status_code == 200
    assert "Tillgänglighetsredogörelse" in text
    assert "Medborgarlöfte Södra Fyrbodal" in text
    for organisation in ("Lokalpolisområde Södra Fyrbodal", "Stenungsunds kommun", "Orust kommun"):
        assert organisation in text
    assert "delvis förenlig med lagen om tillgänglighet till digital offentlig service" in text
    assert "Kända brister" in text and "skärmläsare" in text
    assert "axe-core" in text and "Uppdaterades" not in text
    assert "Redogörelsen uppdaterades senast" in text
    assert 'href="https://www.digg.se/tdosanmalan"' in response.content.decode()
    assert f'href="{REPORT_URL}"' in response.content.decode()
    # Nothing invented: no contact details until editors fill them in.
    assert "mailto:" not in response.content.decode()
    assert "tel:" not in response.content.decode()


def test_editors_contact_details_and_status_reach_the_page(client):
    statement = AccessibilityStatement.current()
    statement.contact_email = "tillganglighet@example.se"
    statement.contact_phone = "0303-12 34 56"
    statement.compliance = AccessibilityStatement.Compliance.FULLY
    statement.gaps = ""
    statement.assessed_on = datetime.date(2026, 11, 1)
    statement.save()
    html = client.get(reverse("promises:accessibility")).content.decode()
    assert 'href="mailto:tillganglighet@example.se"' in html
    assert 'href="tel:0303123456"' in html
    text = visible_text(html)
    assert "helt förenlig" in text
    assert "Vi känner inte till några brister" in text
    assert "1 november 2026" in text
    assert 'href="mailto:tillganglighet@example.se"' in client.get(REPORT_URL).content.decode()


def test_the_statement_is_one_row_that_cannot_be_duplicated():
    AccessibilityStatement(service_name="Annan", organisations="x", assessment="y").save()
    assert AccessibilityStatement.objects.count() == 1
    assert AccessibilityStatement.current().service_name == "Annan"


def test_editor_text_is_escaped(client):
    statement = AccessibilityStatement.current()
    statement.gaps = "<script>alert(1)</script>"
    statement.save()
    html = client.get(reverse("promises:accessibility")).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_report_is_stored_for_staff_and_the_visitor_is_thanked(client, later):
    data = filled_form(client, page="/medborgarloften/2023-2024/", email="a@example.se")
    later()
    response = post(client, data)
    assert response.status_code == 302
    assert response["Location"] == "/tillganglighet/rapportera/tack/"
    report = AccessibilityReport.objects.get()
    assert report.message == "Knappen går inte att nå med tangentbordet."
    assert report.page == "/medborgarloften/2023-2024/"
    assert report.email == "a@example.se"
    assert not report.is_handled
    thanks = client.get(response["Location"])
    assert "Tack för ditt meddelande" in visible_text(thanks.content.decode())
    # No cookie for the visitor at any step.
    assert not response.cookies and not thanks.cookies


def test_the_form_sets_no_cookie_and_is_never_cached(client, real_cache):
    first = client.get(REPORT_URL)
    assert not first.cookies
    assert "no-store" in first["Cache-Control"]
    assert "public" not in first["Cache-Control"]
    assert not any(key.startswith(":1:page:") for key in real_cache._cache)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"message": ""}, "Skriv vad problemet är"),
        ({"message": "x" * 5001}, "Skriv högst 5000 tecken"),
        ({"email": "inte en adress"}, "Skriv e-postadressen så här"),
        ({"kind": "annat"}, "Välj ett giltigt alternativ"),
        ({"website": "http://spam.example"}, "Lämna fältet"),
        ({"token": "förfalskad"}, "Formuläret kunde inte läsas"),
        ({"token": ""}, "Formuläret kunde inte läsas"),
    ],
)
def test_bad_input_gets_a_clear_swedish_message_and_saves_nothing(client, later, changes, message):
    data = filled_form(client, **changes)
    later()
    response = post(client, data)
    assert response.status_code == 400
    text = visible_text(response.content.decode())
    assert message in text, text
    assert "Ditt meddelande skickades inte" in text
    assert AccessibilityReport.objects.count() == 0


def test_fields_with_errors_are_tied_to_their_messages(client, later):
    data = filled_form(client, message="", email="fel")
    later()
    html = post(client, data).content.decode()
    message_input = re.search(r"<textarea[^>]*>", html).group(0)
    assert 'aria-invalid="true"' in message_input
    assert "id_message_error" in message_input
    assert 'id="id_message_error"' in html
    email_input = re.search(r'<input[^>]*name="email"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in email_input
    # What the visitor wrote is kept, and the form carries a fresh token.
    assert 'value="fel"' in email_input
    assert report_guard.token_problem(form_data(html, "rapportformular")["token"]) in (
        None,
        report_guard.TokenProblem.TOO_FAST,
    )


def test_a_form_sent_faster_than_a_person_can_fill_it_in_is_refused(client):
    response = post(client, filled_form(client))
    assert response.status_code == 400
    assert "för snabbt" in visible_text(response.content.decode())
    assert AccessibilityReport.objects.count() == 0


def test_a_form_left_open_for_more_than_a_day_is_refused(client, later):
    data = filled_form(client)
    later(report_guard.MAX_SECONDS_TO_FILL + 60)
    response = post(client, data)
    assert response.status_code == 400
    assert "mer än ett dygn" in visible_text(response.content.decode())
    assert AccessibilityReport.objects.count() == 0


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "https://elak.example"},
        {"HTTP_ORIGIN": "null"},
        {"HTTP_ORIGIN": "", "HTTP_REFERER": "https://elak.example/sida"},
        {"HTTP_ORIGIN": ""},
    ],
)
def test_a_post_from_another_site_is_refused(client, later, headers):
    data = filled_form(client)
    later()
    response = post(client, data, **headers)
    assert response.status_code == 403
    assert "skickas från den här webbplatsen" in visible_text(response.content.decode())
    assert AccessibilityReport.objects.count() == 0


def test_a_referer_from_this_site_is_enough_without_origin(client, later):
    data = filled_form(client)
    later()
    response = post(client, data, HTTP_ORIGIN="", HTTP_REFERER=f"{ORIGIN}{REPORT_URL}")
    assert response.status_code == 302
    assert AccessibilityReport.objects.count() == 1


def send(client, later, **headers):
    """One visitor's whole round: open the form, take a person's time, send it."""
    data = filled_form(client)
    later()
    return post(client, data, **headers)


def test_floods_from_one_address_are_held_back(client, later):
    for _ in range(report_guard.REPORTS_PER_HOUR):
        assert send(client, later).status_code == 302
    response = send(client, later)
    assert response.status_code == 429
    assert "Många meddelanden" in visible_text(response.content.decode())
    assert AccessibilityReport.objects.count() == report_guard.REPORTS_PER_HOUR
    # Another address is not affected.
    assert send(client, later, REMOTE_ADDR="192.0.2.7").status_code == 302


def test_mistakes_do_not_use_up_a_persons_allowance(client, later):
    for _ in range(report_guard.REPORTS_PER_HOUR + 1):
        data = filled_form(client, message="")
        later()
        assert post(client, data).status_code == 400
    assert send(client, later).status_code == 302
    assert AccessibilityReport.objects.count() == 1


def test_endless_attempts_from_one_address_are_held_back(client, later):
    data = filled_form(client, message="")
    later()
    for _ in range(report_guard.ATTEMPTS_PER_HOUR):
        assert post(client, data).status_code == 400
    assert send(client, later).status_code == 429
    assert AccessibilityReport.objects.count() == 0


def test_an_ipv6_household_counts_as_one_address(client, later):
    for host in range(report_guard.REPORTS_PER_HOUR):
        assert send(client, later, REMOTE_ADDR=f"2001:db8:1:2::{host + 1:x}").status_code == 302
    # Any other address in the same /64 is held back; the next /64 is not.
    assert send(client, later, REMOTE_ADDR="2001:db8:1:2:ffff::9").status_code == 429
    assert send(client, later, REMOTE_ADDR="2001:db8:1:3::1").status_code == 302


def test_ipv4_visitors_seen_through_a_dual_stack_socket_count_one_by_one(client, later):
    for _ in range(report_guard.REPORTS_PER_HOUR):
        assert send(client, later, REMOTE_ADDR="::ffff:198.51.100.7").status_code == 302
    assert send(client, later, REMOTE_ADDR="::ffff:198.51.100.7").status_code == 429
    assert send(client, later, REMOTE_ADDR="::ffff:203.0.113.9").status_code == 302


def test_a_flood_from_many_addresses_is_held_back_for_the_whole_site(client, later, monkeypatch):
    monkeypatch.setattr(report_guard, "SITE_REPORTS_PER_HOUR", 3)
    for host in range(3):
        assert send(client, later, REMOTE_ADDR=f"198.51.100.{host + 1}").status_code == 302
    response = send(client, later, REMOTE_ADDR="203.0.113.50")
    assert response.status_code == 429
    # Said as it is: the form is paused for everyone, not this visitor's connection.
    text = visible_text(response.content.decode())
    assert "pausat en stund" in text and "din uppkoppling" not in text
    assert AccessibilityReport.objects.count() == 3


def test_a_report_that_could_not_be_stored_can_be_sent_again(client, later, monkeypatch):
    from django.db import DatabaseError

    from promises.public import forms

    data = filled_form(client)
    later()
    original_save = forms.AccessibilityReportForm.save

    def failing_save(self, commit=True):
        raise DatabaseError("disk full")

    monkeypatch.setattr(forms.AccessibilityReportForm, "save", failing_save)
    client.raise_request_exception = False
    assert post(client, data).status_code >= 500
    assert AccessibilityReport.objects.count() == 0
    monkeypatch.setattr(forms.AccessibilityReportForm, "save", original_save)
    assert post(client, data).status_code == 302
    assert AccessibilityReport.objects.count() == 1


def test_a_form_sent_twice_is_stored_once(client, later):
    data = filled_form(client)
    later()
    first, second = post(client, data), post(client, data)
    # A double click or a replayed post is thanked like the first one, and stored once.
    assert first.status_code == second.status_code == 302
    assert second["Location"] == "/tillganglighet/rapportera/tack/"
    assert AccessibilityReport.objects.count() == 1


def test_a_filled_honeypot_is_emptied_when_the_form_is_shown_again(client, later):
    data = filled_form(client, website="autofylld")
    later()
    html = post(client, data).content.decode()
    honeypot = re.search(r'<input[^>]*name="website"[^>]*>', html).group(0)
    assert "autofylld" not in honeypot
    data = form_data(html, "rapportformular")
    later()
    assert post(client, data).status_code == 302


def test_hidden_fields_point_at_no_missing_error_text(client, later):
    html = post(client, filled_form(client, token="förfalskad")).content.decode()
    token_input = re.search(r'<input[^>]*name="token"[^>]*>', html).group(0)
    assert "aria-describedby" not in token_input
    assert "aria-invalid" not in token_input
    for target in re.findall(r'aria-describedby="([^"]+)"', html):
        for element_id in target.split():
            assert f'id="{element_id}"' in html, element_id


def test_a_line_break_counts_as_one_character_as_the_browser_counts_it(client, later):
    lines = ["x" * 99] * 50  # 50 lines of 99 characters + 49 line breaks = 4,999 characters
    data = filled_form(client, message="\r\n".join(lines) + "!")
    later()
    assert post(client, data).status_code == 302
    assert AccessibilityReport.objects.get().message == "\n".join(lines) + "!"


def test_the_page_field_does_not_offer_the_visitors_home_page(client):
    html = client.get(REPORT_URL).content.decode()
    page_input = re.search(r'<input[^>]*name="page"[^>]*>', html).group(0)
    assert 'autocomplete="url"' not in page_input


def test_the_error_summary_lists_the_fields_in_the_order_of_the_form(client, later):
    data = filled_form(client, kind="", message="", email="fel")
    later()
    html = post(client, data).content.decode()
    start = html.index('class="error-summary"')
    summary = html[start : html.index("</ul>", start)]
    order = [summary.index(f'href="#id_{name}') for name in ("kind", "message", "email")]
    assert order == sorted(order)


def test_the_thank_you_page_is_not_for_search_engines(client):
    html = client.get("/tillganglighet/rapportera/tack/").content.decode()
    assert '<meta name="robots" content="noindex">' in html


def test_behind_a_proxy_the_limit_counts_the_address_the_proxy_saw(client, rf, settings):
    settings.BEHIND_PROXY = True
    request = rf.post(REPORT_URL, HTTP_X_FORWARDED_FOR="10.0.0.1, 198.51.100.4")
    assert report_guard.client_address(request) == "198.51.100.4"
    settings.BEHIND_PROXY = False
    assert report_guard.client_address(request) == "127.0.0.1"


def test_staff_see_reports_in_the_admin_but_cannot_invent_them(admin_client, later):
    AccessibilityReport.objects.create(message="Texten är för liten i mobilen.")
    listing = admin_client.get("/admin/promises/accessibilityreport/")
    assert "Texten är för liten i mobilen." in listing.content.decode()
    assert admin_client.get("/admin/promises/accessibilityreport/add/").status_code == 403


def test_glossary_explains_the_words_residents_may_not_know(client):
    response = client.get(reverse("promises:glossary"))
    text = visible_text(response.content.decode())
    text = text[text.index("Ordlista") :]
    words = [
        "A-traktor",
        "Buskörning",
        "EPA-traktor",
        "Lokalpolisområde",
        "Lägesbild",
        "Medborgarlöfte",
    ]
    positions = [text.index(word) for word in words]
    assert positions == sorted(positions), "Swedish alphabetical order"
    assert 'id="ord-lagesbild"' in response.content.decode()
    assert "30 kilometer i timmen" in text


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_edited_glossary_reaches_visitors_at_once(client, real_cache):
    client.get(reverse("promises:glossary"))
    term = GlossaryTerm.objects.get(slug="lagesbild")
    term.definition = "En ny förklaring."
    term.save()
    assert "En ny förklaring." in client.get(reverse("promises:glossary")).content.decode()


def test_a_word_in_the_glossary_cannot_take_over_the_pages_own_anchors(client):
    GlossaryTerm.objects.create(term="Innehåll", slug="innehall", definition="Det som står.")
    html = client.get("/ordlista/").content.decode()
    assert html.count('id="innehall"') == 1  # the main content, the skip link's target
    assert 'id="ord-innehall"' in html
