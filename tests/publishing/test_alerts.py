"""E-mail alerts end to end: the cookie-free subscribe form, double opt-in, daily digests,
one-click unsubscribe (link and RFC 8058 POST), retries and the 7-day clean-up, with every
message delivered to a real SMTP server on loopback (tests/support/smtp.py) by `send_alerts`."""

import datetime
import re
import zoneinfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from promises.models import (
    Action,
    AlertEvent,
    AlertPrivacy,
    FollowUp,
    Indicator,
    IndicatorValue,
    OutgoingMessage,
    Partner,
    Promise,
    PromisePeriod,
    Subscription,
)
from promises.public import subscribe_guard
from promises.publishing import alerts, mail_queue

from ..support.actions import TJORN, action, day, indicator, promise_given_by
from ..support.follow_ups import report
from ..support.html import form_data, visible_text
from ..support.smtp import smtp_mail, smtp_server  # noqa: F401 - fixtures
from ..support.subscriptions import confirmed_subscriber

pytestmark = pytest.mark.django_db

ORIGIN = "http://testserver"
STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
RESIDENT = "invanare@example.se"


def local(day: str, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.fromisoformat(day).replace(hour=hour, minute=minute, tzinfo=STOCKHOLM)


@pytest.fixture
def clock():
    """A clock the test sets: `clock.at(moment)`, `clock.forward(seconds)`."""

    class Clock:
        traveller = None

        def at(self, moment):
            if self.traveller:
                self.traveller.stop()
            self.traveller = time_machine.travel(moment, tick=False)
            self.traveller.start()
            self.now = moment

        def forward(self, seconds):
            self.at(self.now + datetime.timedelta(seconds=seconds))

    clock = Clock()
    yield clock
    if clock.traveller:
        clock.traveller.stop()


@pytest.fixture
def promise():
    return Promise.objects.public().order_by("order", "pk").first()


def subscribe(client, clock, path, email=RESIDENT, follow=None, address="127.0.0.1", **headers):
    """Fill in the form as a person does (after a believable few seconds) and send it."""
    html = client.get(path, REMOTE_ADDR=address).content.decode()
    data = form_data(html, "bevakningsformular")
    data["email"] = email
    if follow:
        data["follow"] = follow
    clock.forward(subscribe_guard.MIN_SECONDS_TO_FILL + 1)
    headers.setdefault("HTTP_ORIGIN", ORIGIN)
    return client.post(path, data, REMOTE_ADDR=address, **headers)


def send():
    call_command("send_alerts", verbosity=0)


def link(text, name):
    return re.search(rf"http://testserver(/bevaka/{name}/[^/\s]+/)", text).group(1)


def publish_follow_up(promise, day="2026-03-10", text=None):
    return report(promise, "started", day, published=True, text=text)


def confirm(client, received):
    path = link(received.text, "bekrafta")
    page = client.get(path)
    assert page.status_code == 200
    assert "Yes" not in page.content.decode()  # Swedish through the catalogue
    assert client.post(path).status_code == 200


def test_double_opt_in_one_digest_a_day_and_one_click_unsubscribe(smtp_mail, clock, promise):  # noqa: F811
    client = Client()
    clock.at(local("2026-03-10", 9))
    answer = subscribe(client, clock, f"/bevaka/lofte/{promise.pk}/")
    assert answer.status_code == 302
    assert answer["Location"] == "/bevaka/skickat/"
    assert "Set-Cookie" not in answer.headers
    # Nothing goes out from the request itself: the sender sends the confirmation.
    assert smtp_mail.received == []
    send()
    (confirmation,) = smtp_mail.received
    assert confirmation.to == RESIDENT
    assert "bekräfta" in confirmation.message["Subject"].lower()
    assert confirmation.header("List-Unsubscribe-Post") == "List-Unsubscribe=One-Click"
    assert re.fullmatch(
        r"<http://testserver/bevaka/avsluta/[0-9a-f]{32}/>", confirmation.header("List-Unsubscribe")
    )
    assert link(confirmation.text, "bekrafta") in confirmation.html
    assert RESIDENT not in confirmation.header("List-Unsubscribe")

    # Published before the address is confirmed: nothing is sent, not even later.
    publish_follow_up(promise, text="Före bekräftelsen.")
    clock.at(local("2026-03-10", 17))
    send()
    assert len(smtp_mail.received) == 1

    confirm(client, confirmation)
    assert Subscription.objects.get(email=RESIDENT).confirmed_at is not None

    # Two follow-ups the same day: one digest with both, linking to the pages.
    first = publish_follow_up(promise, text="Första.")
    second = publish_follow_up(promise, text="Andra.")
    send()
    send()
    assert len(smtp_mail.received) == 2
    digest = smtp_mail.received[1]
    assert digest.to == RESIDENT
    for follow_up in (first, second):
        assert f"http://testserver{follow_up.get_absolute_url()}" in digest.text
        assert f"http://testserver{follow_up.get_absolute_url()}" in digest.html
    assert digest.text.count("Ny uppföljning") == 2
    assert digest.header("List-Unsubscribe-Post") == "List-Unsubscribe=One-Click"

    # A third the same day waits for tomorrow's digest, at the digest hour.
    third = publish_follow_up(promise, text="Tredje.")
    send()
    assert len(smtp_mail.received) == 2
    clock.at(local("2026-03-11", 9))
    send()
    assert len(smtp_mail.received) == 2
    clock.at(local("2026-03-11", 16, 5))
    send()
    assert len(smtp_mail.received) == 3
    assert f"http://testserver{third.get_absolute_url()}" in smtp_mail.received[2].text
    assert f"http://testserver{first.get_absolute_url()}" not in smtp_mail.received[2].text

    # Unsubscribing by the link: a page with one button; the address is gone.
    path = link(smtp_mail.received[2].text, "avsluta")
    page = client.get(path)
    assert page.status_code == 200
    assert Subscription.objects.filter(email=RESIDENT).exists()
    done = client.post(path)
    assert "Din e-postadress har tagits bort" in visible_text(done.content.decode())
    assert not Subscription.objects.filter(email=RESIDENT).exists()
    assert not OutgoingMessage.objects.filter(to_address=RESIDENT).exists()
    clock.at(local("2026-03-12", 17))
    publish_follow_up(promise, day="2026-03-12")
    send()
    assert len(smtp_mail.received) == 3


def test_rfc_8058_post_unsubscribes_and_nothing_queued_goes_out(smtp_mail, clock, promise):  # noqa: F811
    clock.at(local("2026-03-10", 10))
    subscription = confirmed_subscriber(RESIDENT, period=promise.period)
    publish_follow_up(promise)
    # The news is waiting for the digest hour when the mail program's unsubscribe arrives.
    answer = Client().post(
        f"/bevaka/avsluta/{subscription.address_key}/",
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert answer.status_code == 200
    assert not Subscription.objects.exists()
    clock.at(local("2026-03-10", 18))
    send()
    assert smtp_mail.received == []


def test_unsubscribing_stops_every_subscription_of_the_address_after_a_key_rotation(
    settings,
    promise,
):
    old = confirmed_subscriber(RESIDENT, period=promise.period)
    # The operators rotate SECRET_KEY (the old one moves to SECRET_KEY_FALLBACKS) ...
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-" + "x" * 40
    # ... and the resident follows one more thing afterwards, under the new key.
    newer = confirmed_subscriber(RESIDENT, partner=Partner.objects.first())
    assert newer.address_key != old.address_key
    # The digest's one-click link carries the key of the address's first row.
    answer = Client().post(
        f"/bevaka/avsluta/{old.address_key}/",
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert answer.status_code == 200
    assert not Subscription.objects.filter(email=RESIDENT).exists()


def test_an_unsubscribe_post_for_an_unknown_key_looks_the_same(client, promise):
    confirmed_subscriber(RESIDENT, period=promise.period)
    known = Subscription.objects.get().address_key
    unknown = client.post(f"/bevaka/avsluta/{'a' * 32}/")
    assert unknown.status_code == 200
    assert Subscription.objects.count() == 1
    assert visible_text(unknown.content.decode()) == visible_text(
        client.post(f"/bevaka/avsluta/{known}/").content.decode()
    )
    assert client.get("/bevaka/avsluta/NOT-A-KEY/").status_code == 404


def test_a_refused_message_is_tried_again_later_and_arrives_once(smtp_mail, clock, promise):  # noqa: F811
    clock.at(local("2026-03-10", 9))
    assert subscribe(Client(), clock, f"/bevaka/lofte/{promise.pk}/").status_code == 302
    smtp_mail.refusing = True
    send()
    assert smtp_mail.handler.refused == 1
    message = OutgoingMessage.objects.get()
    assert message.attempts == 1
    assert message.sent_at is None
    assert "451" in message.last_error
    # Not before its time, even when the server is back.
    smtp_mail.refusing = False
    send()
    assert smtp_mail.received == []
    # A second failure doubles the wait.
    clock.forward(mail_queue.backoff(1).total_seconds() + 1)
    smtp_mail.refusing = True
    send()
    message.refresh_from_db()
    assert message.attempts == 2
    assert message.next_attempt_at == clock.now + mail_queue.backoff(2)
    assert mail_queue.backoff(2) == 2 * mail_queue.backoff(1)
    smtp_mail.refusing = False
    clock.forward(mail_queue.backoff(2).total_seconds() + 1)
    send()
    send()
    (arrived,) = smtp_mail.received
    assert arrived.to == RESIDENT
    message.refresh_from_db()
    assert message.sent_at is not None
    assert message.text_body == ""


def test_an_unreachable_mail_server_keeps_the_message(settings, clock, promise, smtp_server):  # noqa: F811
    clock.at(local("2026-03-10", 9))
    assert subscribe(Client(), clock, f"/bevaka/lofte/{promise.pk}/").status_code == 302
    smtp_server.stop()  # nothing listens on the port now
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": smtp_server.port, "timeout": 5},
        }
    }
    send()
    message = OutgoingMessage.objects.get()
    assert message.attempts == 1 and message.sent_at is None
    smtp_server.start()
    clock.forward(mail_queue.backoff(1).total_seconds() + 1)
    send()
    assert [received.to for received in smtp_server.received] == [RESIDENT]


def test_a_message_that_cannot_be_sent_does_not_stop_the_others(smtp_mail, clock, promise):  # noqa: F811
    clock.at(local("2026-03-10", 9))
    # An address the mail library refuses to send to (a control character in a quoted local
    # part; Django's EmailValidator accepts it, the form no longer does), queued before the
    # form checked for it.
    alerts.request_subscription('"a\x01b"@example.se', promise=promise)
    # A real resident asks a moment later.
    subscribe(Client(), clock, f"/bevaka/lofte/{promise.pk}/", email=RESIDENT, address="10.0.0.2")
    for _ in range(3):  # the timer runs send_alerts again and again
        send()
        clock.forward(15 * 60)
    assert [received.to for received in smtp_mail.received] == [RESIDENT]
    unsendable = OutgoingMessage.objects.get(sent_at__isnull=True)
    assert unsendable.attempts >= 1
    assert unsendable.claimed_by == ""


def test_a_sender_is_not_overtaken_while_it_sends_and_never_undoes_anothers_claim(
    smtp_mail,  # noqa: F811
    clock,
    promise,
):
    """The interleaving a slow mail server creates, step by step: sender A's batch claim runs
    out while it works through the batch."""
    clock.at(local("2026-03-10", 9))
    for email in ("forsta@example.se", "andra@example.se", "tredje@example.se"):
        alerts.request_subscription(email, promise=promise)
    first, second, third = mail_queue.claim("a")
    # Just before the batch's claim runs out, A starts on the first message: its own claim is
    # renewed, so B, arriving after the batch's claim has run out, cannot take it.
    clock.forward(mail_queue.CLAIM_SECONDS - 30)
    assert mail_queue.take(first, "a")
    clock.forward(120)
    assert {message.pk for message in mail_queue.claim("b")} == {second.pk, third.pk}
    # A's first message goes out; A finds the others taken over and leaves them to B.
    assert mail_queue.send_claimed([first, second], "a") == (1, 0)
    # A failure A learns of late does not release what B holds now.
    mail_queue.release_for_retry(third, "a", OSError("timed out"))
    third.refresh_from_db()
    assert (third.claimed_by, third.attempts) == ("b", 0)
    assert mail_queue.send_claimed([second, third], "b") == (2, 0)
    send()
    assert sorted(received.to for received in smtp_mail.received) == [
        "andra@example.se",
        "forsta@example.se",
        "tredje@example.se",
    ]


def test_unconfirmed_addresses_are_gone_after_seven_days(smtp_mail, clock, promise):  # noqa: F811
    clock.at(local("2026-03-01", 9))
    client = Client()
    assert subscribe(client, clock, f"/bevaka/lofte/{promise.pk}/").status_code == 302
    keeper = confirmed_subscriber(email="kvar@example.se", promise=promise)
    send()
    clock.at(local("2026-03-08", 8))
    send()
    assert Subscription.objects.filter(email=RESIDENT).exists()
    clock.at(local("2026-03-08", 10))
    send()
    assert list(Subscription.objects.all()) == [keeper]
    assert not OutgoingMessage.objects.filter(to_address=RESIDENT, sent_at__isnull=True).exists()
    # The old link leads nowhere now.
    broken = client.get(link(smtp_mail.received[0].text, "bekrafta"))
    assert broken.status_code == 400


def test_the_page_never_tells_whether_an_address_is_subscribed(smtp_mail, clock, promise):  # noqa: F811
    clock.at(local("2026-03-10", 9))
    confirmed_subscriber(RESIDENT, promise=promise)
    known = subscribe(Client(), clock, f"/bevaka/lofte/{promise.pk}/", address="198.51.100.1")
    new = subscribe(
        Client(),
        clock,
        f"/bevaka/lofte/{promise.pk}/",
        email="ny@example.se",
        address="198.51.100.2",
    )
    assert (known.status_code, known["Location"]) == (new.status_code, new["Location"])
    send()
    by_address = {received.to: received for received in smtp_mail.received}
    assert "redan" in by_address[RESIDENT].text
    assert "/bevaka/bekrafta/" not in by_address[RESIDENT].text
    assert "/bevaka/bekrafta/" in by_address["ny@example.se"].text
    assert Subscription.objects.filter(email=RESIDENT).count() == 1


def test_each_page_offers_what_it_shows(client, promise):
    period = promise.period
    partner = promise.givers.first()
    for page, include in [
        (period.get_absolute_url(), f"/bevaka/period/{period.slug}/"),
        (promise.get_absolute_url(), f"/bevaka/lofte/{promise.pk}/"),
        (partner.get_absolute_url(), f"/bevaka/part/{partner.slug}/"),
    ]:
        html = client.get(page).content.decode()
        assert f'href="{include}"' in html, page
        assert client.get(include).status_code == 200
    html = client.get(f"/bevaka/lofte/{promise.pk}/").content.decode()
    offered = re.findall(r'name="follow" value="([^"]+)"', html)
    expected = [f"promise:{promise.pk}", f"period:{period.pk}"]
    expected += [f"partner:{giver.pk}" for giver in promise.givers.all()]
    assert offered == expected


def test_a_choice_the_page_did_not_offer_is_refused(clock, promise):
    clock.at(local("2026-03-10", 9))
    other = Partner.objects.exclude(promises_given=promise).first()
    answer = subscribe(
        Client(), clock, f"/bevaka/lofte/{promise.pk}/", follow=f"partner:{other.pk}"
    )
    assert answer.status_code == 400
    assert "Välj ett av alternativen" in visible_text(answer.content.decode())
    assert not Subscription.objects.exists()


def test_bad_posts_change_nothing(clock, promise):
    clock.at(local("2026-03-10", 9))
    path = f"/bevaka/lofte/{promise.pk}/"
    foreign = subscribe(Client(), clock, path, HTTP_ORIGIN="https://annan.example")
    assert foreign.status_code == 403
    bad_address = subscribe(Client(), clock, path, email="inte en adress")
    assert bad_address.status_code == 400
    assert "namn@exempel.se" in bad_address.content.decode()
    client = Client()
    html = client.get(path).content.decode()
    # A bot that fills in every field (the honeypot too) is refused; how fast it was is not
    # asked here (tests/public/test_alert_signup.py).
    bot = client.post(
        path,
        {**form_data(html, "bevakningsformular"), "email": RESIDENT, "website": "x"},
        HTTP_ORIGIN=ORIGIN,
    )
    assert bot.status_code == 400
    assert not Subscription.objects.exists()
    assert not OutgoingMessage.objects.exists()
    assert client.get("/bevaka/lofte/999999/").status_code == 404
    assert client.get("/bevaka/period/finns-inte/").status_code == 404


@pytest.mark.parametrize(
    "email",
    ['"a\x01b"@example.se', '"a\x7fb"@example.se', '"namn"@example.se', "namn@[10.0.0.5]"],
)
def test_addresses_no_resident_types_are_refused(clock, promise, email):
    clock.at(local("2026-03-10", 9))
    answer = subscribe(Client(), clock, f"/bevaka/lofte/{promise.pk}/", email=email)
    assert answer.status_code == 400
    assert "namn@exempel.se" in visible_text(answer.content.decode())
    assert not Subscription.objects.exists()
    assert not OutgoingMessage.objects.exists()


def test_an_unpublished_period_offers_no_subscription(client, promise):
    period = promise.period
    PromisePeriod.objects.filter(pk=period.pk).update(is_published=False)
    assert client.get(f"/bevaka/period/{period.slug}/").status_code == 404
    assert client.get(f"/bevaka/lofte/{promise.pk}/").status_code == 404


def test_one_address_gets_at_most_three_messages_an_hour_from_the_form(smtp_mail, clock, promise):  # noqa: F811
    clock.at(local("2026-03-10", 9, 5))
    path = f"/bevaka/lofte/{promise.pk}/"
    for number in range(subscribe_guard.MESSAGES_PER_ADDRESS_PER_HOUR):
        answer = subscribe(Client(), clock, path, address=f"203.0.113.{number + 1}")
        assert answer.status_code == 302
    refused = subscribe(Client(), clock, path, address="203.0.113.99")
    assert refused.status_code == 429
    assert "flera brev till den adressen" in visible_text(refused.content.decode())
    # Another address is not held back by it.
    other = subscribe(Client(), clock, path, email="annan@example.se", address="203.0.113.98")
    assert other.status_code == 302
    send()
    assert sorted(received.to for received in smtp_mail.received) == sorted(
        [RESIDENT] * subscribe_guard.MESSAGES_PER_ADDRESS_PER_HOUR + ["annan@example.se"]
    )
    # The next hour the allowance is back.
    clock.at(local("2026-03-10", 10, 5))
    assert subscribe(Client(), clock, path, address="203.0.113.97").status_code == 302


def test_one_inbox_gets_at_most_three_messages_an_hour_however_its_address_is_written(
    clock,
    promise,
):
    clock.at(local("2026-03-10", 9))
    # Gmail (and most providers) deliver every +tag to the same inbox and Gmail ignores dots;
    # a domain may be written in Unicode or punycode. Each post comes from its own connection,
    # as a botnet's would (the per-connection limit is 10 an hour).
    spellings = [f"offer+{number}@gmail.com" for number in range(4)] + ["o.f.fer@gmail.com"]
    spellings += ["Namn@Exämple.se", "namn+x@xn--exmple-cua.se", "namn@exämple.se"]
    statuses = [
        subscribe(
            Client(),
            clock,
            f"/bevaka/lofte/{promise.pk}/",
            email=email,
            address=f"10.0.1.{number}",
        ).status_code
        for number, email in enumerate(spellings)
    ]
    assert statuses == [302, 302, 302, 429, 429, 302, 302, 302]
    assert OutgoingMessage.objects.filter(to_address__contains="gmail").count() == 3
    assert subscribe_guard.inbox("Namn@Exämple.se") == "namn@xn--exmple-cua.se"


def test_one_connection_can_ask_for_a_limited_number_of_subscriptions(clock, promise):
    clock.at(local("2026-03-10", 9, 5))
    path = f"/bevaka/lofte/{promise.pk}/"
    for number in range(subscribe_guard.SUBSCRIPTIONS_PER_HOUR):
        answer = subscribe(Client(), clock, path, email=f"person{number}@example.se")
        assert answer.status_code == 302
    refused = subscribe(Client(), clock, path, email="en-till@example.se")
    assert refused.status_code == 429
    assert OutgoingMessage.objects.count() == subscribe_guard.SUBSCRIPTIONS_PER_HOUR


def test_a_replayed_post_sends_nothing_more(clock, promise):
    clock.at(local("2026-03-10", 9))
    client = Client()
    path = f"/bevaka/lofte/{promise.pk}/"
    data = form_data(client.get(path).content.decode(), "bevakningsformular")
    data["email"] = RESIDENT
    clock.forward(5)
    assert client.post(path, data, HTTP_ORIGIN=ORIGIN).status_code == 302
    assert client.post(path, data, HTTP_ORIGIN=ORIGIN).status_code == 302
    assert OutgoingMessage.objects.count() == 1


# The hook ------------------------------------------------------------------------------------


def test_only_published_news_of_published_periods_is_news_and_only_once(promise):
    confirmed_subscriber(RESIDENT, period=promise.period)
    draft = report(promise, "started", "2026-03-10", published=False)
    assert not AlertEvent.objects.exists()
    draft.is_published = True
    draft.save()
    draft.save()
    assert AlertEvent.objects.count() == 1
    assert AlertEvent.objects.get().deliveries.count() == 1
    PromisePeriod.objects.filter(pk=promise.period_id).update(is_published=False)
    report(promise, "started", "2026-03-11")
    assert AlertEvent.objects.count() == 1


def test_followers_of_the_promise_its_period_and_its_givers_hear_of_it(promise):
    giver = promise.givers.first()
    confirmed_subscriber(email="lofte@example.se", promise=promise)
    confirmed_subscriber(email="period@example.se", period=promise.period)
    confirmed_subscriber(email="givare@example.se", partner=giver)
    other = Promise.objects.public().exclude(pk=promise.pk).exclude(givers=giver).first()
    confirmed_subscriber(email="annat@example.se", promise=other)
    Subscription.objects.create(email="obekraftad@example.se", promise=promise)
    follow_up = report(promise, "started", "2026-03-10")
    # Saving it was enough: the signal recorded the news; asking again records nothing more.
    assert alerts.queue_alerts_for(follow_up) is None
    event = AlertEvent.objects.get()
    assert sorted(event.deliveries.values_list("email", flat=True)) == [
        "givare@example.se",
        "lofte@example.se",
        "period@example.se",
    ]


def test_news_counts_the_promises_number_once_for_every_language(promise):
    confirmed_subscriber(RESIDENT, period=promise.period)
    follow_up = report(promise, "started", "2026-03-10", published=False)
    follow_up.is_published = True
    with CaptureQueriesContext(connection) as queries:
        follow_up.save()
    counts = [
        query["sql"]
        for query in queries.captured_queries
        if "COUNT(" in query["sql"] and Promise._meta.db_table in query["sql"]
    ]
    assert len(counts) == 1, counts
    event = AlertEvent.objects.get()
    number = promise.position()
    assert f"löfte {number} " in event.headline
    assert all(f" {number} " in headline for headline in event.headlines.values())


def test_the_hook_names_the_models_whose_publication_is_news():
    assert [source.model for source in alerts.ALERT_SOURCES] == [FollowUp, Action, IndicatorValue]
    assert alerts.source_for(Partner()) is None


def test_an_actions_status_and_a_measured_value_are_news_when_published():
    promise = promise_given_by(TJORN)
    confirmed_subscriber(RESIDENT, period=promise.period)
    draft = action(promise, TJORN, published=False, status="gron")
    assert not AlertEvent.objects.exists()
    draft.is_published = True
    draft.save()
    draft.save()  # the same status again is no news
    draft.status = "rod"
    draft.save()
    headlines = list(AlertEvent.objects.order_by("pk").values_list("headline", flat=True))
    assert len(headlines) == 2
    assert headlines[0].startswith("En åtgärd från Tjörns kommun har fått ny status: I fas – ")
    assert headlines[1].startswith("En åtgärd från Tjörns kommun har fått ny status: Försenad")

    hidden = indicator(promise, name="Dold")
    Indicator.objects.filter(pk=hidden.pk).update(is_published=False)
    hidden.refresh_from_db()
    IndicatorValue.objects.create(
        indicator=hidden, value=3, measured_on=day("2024-01-31"), source_title="Källa"
    )
    assert AlertEvent.objects.count() == 2
    shown = indicator(promise, name="Synlig", values=[("4", "2024-02-29")])
    assert AlertEvent.objects.count() == 3
    event = AlertEvent.objects.latest("pk")
    assert event.headline.startswith("Nytt mätvärde")
    assert event.promise_id == promise.pk == shown.promise_id
    assert event.deliveries.count() == 1


# Staff ---------------------------------------------------------------------------------------


def test_staff_see_counts_and_only_administrators_see_addresses(client_for, promise):
    confirmed_subscriber(email="hemlig@example.se", period=promise.period)
    confirmed_subscriber(email="hemlig@example.se", promise=promise)
    Subscription.objects.create(email="obekraftad@example.se", period=promise.period)
    editor = client_for("coordinator")
    page = editor.get("/admin/promises/subscription/")
    assert page.status_code == 200
    text = visible_text(page.content.decode())
    assert "hemlig@example.se" not in text
    assert re.search(rf"{re.escape(promise.period.title)} 1\b", text)
    subscription = Subscription.objects.filter(email="hemlig@example.se").first()
    assert editor.get(f"/admin/promises/subscription/{subscription.pk}/change/").status_code in (
        302,
        403,
    )
    administrator = client_for("admin")
    listing = visible_text(administrator.get("/admin/promises/subscription/").content.decode())
    assert "hemlig@example.se" in listing


def test_staff_cannot_read_addresses_through_autocomplete(client_for, promise):
    confirmed_subscriber(email="hemlig@example.se", period=promise.period)
    # OutgoingMessage.subscription points at Subscription, so Django's autocomplete would
    # list subscriptions to anyone who may view the (counts) page.
    query = (
        "/admin/autocomplete/?app_label=promises&model_name=outgoingmessage"
        "&field_name=subscription&term=hemlig"
    )
    answer = client_for("coordinator").get(query)
    assert answer.status_code in (403, 404)
    assert "hemlig@example.se" not in answer.content.decode()
    administrator = client_for("admin").get(query)
    assert administrator.status_code == 200
    assert "hemlig@example.se" in administrator.content.decode()


def test_the_privacy_text_names_whoever_the_administrators_wrote_and_nobody_before(client, promise):
    path = f"/bevaka/lofte/{promise.pk}/"
    before = visible_text(client.get(path).content.decode())
    assert "personuppgiftsansvarig" not in before.lower()
    assert "bara din e-postadress" in before
    AlertPrivacy.objects.create(controller="Exempelkommunen, registrator@example.se")
    after = visible_text(client.get(path).content.decode())
    assert "Exempelkommunen, registrator@example.se" in after
