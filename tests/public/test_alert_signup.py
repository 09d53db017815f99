"""Alerts where residents start, a sign-up that a fast human passes, and a digest that says
who reported which status without doubled punctuation (issue 22, item 5)."""

import datetime

import pytest
import time_machine
from django.test import Client

from promises.models import AccessibilityReport, OutgoingMessage, Partner, Promise, Subscription
from promises.public import report_guard
from promises.publishing import alerts

from ..support.follow_ups import report
from ..support.html import form_data, visible_text
from ..support.subscriptions import confirmed_subscriber

pytestmark = pytest.mark.django_db

ORIGIN = "http://testserver"
RESIDENT = "invanare@example.se"
# Promise 7, whose text ends "… A-traktorer och EPA-traktorer."
TRACTORS = "EPA-traktorer."


def tractor_promise():
    return Promise.objects.get(text__endswith=TRACTORS)


def test_the_start_page_offers_alerts_near_the_top_and_every_footer_links_them(client):
    html = client.get("/").content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    box = main.index('id="bevaka-rubrik"')
    assert box < main.index('id="det-har-lovar-vi"')
    assert 'href="/bevaka/period/2023-2024/"' in main[box:]
    for url in ("/", "/loften/", "/ordlista/", "/finns-inte/"):
        page = client.get(url).content.decode()
        footer = page[page.index('<footer class="site-footer">') :]
        assert '<a href="/bevaka/">Bevaka med e-post</a>' in footer, url
    answer = client.get("/bevaka/")
    assert answer.status_code == 302
    assert answer["Location"] == "/bevaka/period/2023-2024/"
    assert client.get(answer["Location"]).status_code == 200


def test_a_person_whose_browser_fills_in_the_address_at_once_is_not_refused():
    client = Client()
    path = f"/bevaka/lofte/{tractor_promise().pk}/"
    with time_machine.travel(datetime.datetime(2026, 3, 10, 9, tzinfo=datetime.UTC), tick=False):
        data = form_data(client.get(path).content.decode(), "bevakningsformular")
        data["email"] = RESIDENT
        # The same instant as the page was shown: autofill and a quick click.
        answer = client.post(path, data, HTTP_ORIGIN=ORIGIN)
    assert answer.status_code == 302
    assert Subscription.objects.filter(email=RESIDENT).count() == 1


def test_the_confirmation_joins_the_promise_without_a_second_full_stop():
    client = Client()
    path = f"/bevaka/lofte/{tractor_promise().pk}/"
    data = form_data(client.get(path).content.decode(), "bevakningsformular")
    data["email"] = RESIDENT
    assert client.post(path, data, HTTP_ORIGIN=ORIGIN).status_code == 302
    (message,) = OutgoingMessage.objects.all()
    assert "A-traktorer och EPA-traktorer." in message.text_body
    assert ".." not in message.text_body and ".." not in message.html_body


def test_the_digest_says_who_reported_which_status():
    promise = tractor_promise()
    confirmed_subscriber(RESIDENT, period=promise.period)
    tjorn = Partner.objects.get(slug="tjorns-kommun")
    orust = Partner.objects.get(slug="orust-kommun")
    report(promise, "partly_done", "2024-11-20", by=tjorn)
    report(promise, "done", "2024-11-21", by=orust)
    evening = datetime.datetime(2026, 3, 10, 20, tzinfo=datetime.UTC)
    assert alerts.build_digests(now=evening) == 1
    (digest,) = OutgoingMessage.objects.filter(kind=OutgoingMessage.Kind.DIGEST)
    text = digest.text_body
    assert (
        "Ny uppföljning från Tjörns kommun: Delvis genomfört – löfte 7 i Medborgarlöfte "
        "2023-2024, ”Genomföra insatser"
    ) in text
    assert "Ny uppföljning från Orust kommun: Genomfört – löfte 7" in text
    assert ".." not in text
    assert "Ny uppföljning från Tjörns kommun: Delvis genomfört" in visible_text(digest.html_body)


REPORT_URL = "/tillganglighet/rapportera/"


def test_a_report_sent_too_fast_keeps_its_text_and_its_resend_counts_from_the_first_showing():
    client = Client()
    shown = datetime.datetime(2026, 3, 10, 9, tzinfo=datetime.UTC)
    with time_machine.travel(shown, tick=False):
        data = form_data(client.get(REPORT_URL).content.decode(), "rapportformular")
    data.update({"kind": "problem", "message": "Knappen går inte att nå."})
    with time_machine.travel(shown + datetime.timedelta(seconds=2), tick=False):
        hurried = client.post(REPORT_URL, data, HTTP_ORIGIN=ORIGIN)
    assert hurried.status_code == 400
    page = hurried.content.decode()
    assert "Knappen går inte att nå." in page
    assert not AccessibilityReport.objects.exists()
    # Pressed again once the person could have filled it in, counted from the first showing:
    # the fresh token of the answer is not "too fast" again.
    resend = form_data(page, "rapportformular")
    later = shown + datetime.timedelta(seconds=report_guard.MIN_SECONDS_TO_FILL)
    with time_machine.travel(later, tick=False):
        answer = client.post(REPORT_URL, resend, HTTP_ORIGIN=ORIGIN)
    assert answer.status_code == 302
    assert AccessibilityReport.objects.get().message == "Knappen går inte att nå."
