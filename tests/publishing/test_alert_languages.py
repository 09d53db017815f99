"""The alert mails speak the language the resident subscribed in; the feed its address's."""

import datetime
import re

import pytest
import time_machine
from django.test import Client

from promises.models import OutgoingMessage, Promise, Subscription
from promises.publishing import alerts

from ..support.follow_ups import report
from ..support.html import form_data

pytestmark = pytest.mark.django_db

RESIDENT = "invanare@example.se"


def subscribe_on(prefix: str):
    client = Client()
    path = f"{prefix}/bevaka/period/2023-2024/"
    with time_machine.travel(datetime.datetime(2026, 3, 10, 9, tzinfo=datetime.UTC)):
        data = form_data(client.get(path).content.decode(), "bevakningsformular")
        data["email"] = RESIDENT
    with time_machine.travel(datetime.datetime(2026, 3, 10, 9, 1, tzinfo=datetime.UTC)):
        answer = client.post(path, data, HTTP_ORIGIN="http://testserver")
    assert answer.status_code == 302
    assert answer["Location"].startswith(f"{prefix}/bevaka/")


def test_an_arabic_subscription_gets_arabic_mail_with_arabic_links():
    subscribe_on("/ar")
    subscription = Subscription.objects.get(email=RESIDENT)
    assert subscription.language == "ar"
    (confirmation,) = OutgoingMessage.objects.all()
    assert confirmation.subject == "أكِّد أنك تريد رسائل عن وعد المواطنين"
    assert '<html lang="ar" dir="rtl">' in confirmation.html_body
    assert "http://testserver/ar/bevaka/bekrafta/" in confirmation.text_body
    assert "http://testserver/ar/bevaka/avsluta/" in confirmation.unsubscribe_url

    Subscription.objects.filter(pk=subscription.pk).update(
        confirmed_at=datetime.datetime(2026, 3, 10, tzinfo=datetime.UTC)
    )
    promise = Promise.objects.get(text__startswith="Fokusera")
    report(promise, "done", "2026-03-10")
    assert alerts.build_digests(now=datetime.datetime(2026, 3, 10, 20, tzinfo=datetime.UTC)) == 1
    digest = OutgoingMessage.objects.get(kind=OutgoingMessage.Kind.DIGEST)
    assert digest.subject.startswith("أخبار عن وعد المواطنين")
    assert "متابعة جديدة" in digest.text_body  # the headline, in Arabic
    assert f"http://testserver/ar{promise.get_absolute_url()}" in digest.text_body


def test_subscribing_again_in_another_language_switches_the_mails():
    subscribe_on("/en")
    assert Subscription.objects.get(email=RESIDENT).language == "en"
    english = OutgoingMessage.objects.get()
    assert english.subject == "Confirm that you want e-mail about the citizen promise"
    assert '<html lang="en" dir="ltr">' in english.html_body
    subscribe_on("")
    assert Subscription.objects.get(email=RESIDENT).language == "sv"


def test_a_swedish_subscription_stays_swedish():
    subscribe_on("")
    assert Subscription.objects.get(email=RESIDENT).language == "sv"
    assert '<html lang="sv" dir="ltr">' in OutgoingMessage.objects.get().html_body


@pytest.mark.parametrize(("prefix", "code"), [("", "sv"), ("/en", "en"), ("/ar", "ar")])
def test_the_feed_speaks_its_addresses_language(client, prefix, code):
    atom = client.get(f"{prefix}/flode.atom").content.decode()
    assert re.search(rf'<feed [^>]*xml:lang="{code}"', atom)
    assert f'href="http://testserver{prefix}/"' in atom
