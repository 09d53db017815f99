"""Addresses of machines inside a network are refused wherever an address is taken (issue 21,
item 8): the subscribe form (which accepted `x@localhost`), the report form, the admin's
e-mail fields and `request_subscription` itself; with a Swedish message and nothing stored."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from promises.models import (
    AccessibilityReport,
    AccessibilityStatement,
    OutgoingMessage,
    Partner,
    PromisePeriod,
    Subscription,
)
from promises.models.mail_addresses import RefusesInternalAddresses, is_internet_address
from promises.public import subscribe_guard
from promises.publishing import alerts

from ..public.test_accessibility_statement import filled_form, later, post  # noqa: F401 - fixture
from ..support.html import form_data

pytestmark = pytest.mark.django_db

SWEDISH_MESSAGE = "Skriv en adress som går att nå via internet"

INTERNAL = [
    "x@localhost",
    "x@LOCALHOST",
    "x@mail.localhost",
    "x@server",
    "x@nas.local",
    "x@db.internal",
    "x@router.lan",
    "x@printer.home.arpa",
    "x@intranet.corp",
    "x@host.localdomain",
    "x@example",
    "x@site.test",
    "x@site.invalid",
    "x@127.0.0.1",
    "x@10.0.0.1",
    "x@192.168.1.1",
    "x@[127.0.0.1]",
    "x@[IPv6:::1]",
    "x@0x7f.1",
]
ON_THE_INTERNET = [
    "namn@exempel.se",
    "Namn.Efternamn@Tjorn.se",
    "namn+tag@sub.example.co.uk",
    "namn@xn--exmple-cua.se",
    "namn@exämple.se",
    "namn@local.se",
    "namn@localhost.se",
]


@pytest.mark.parametrize("address", INTERNAL)
def test_internal_addresses_are_not_on_the_internet(address):
    assert not is_internet_address(address)


@pytest.mark.parametrize("address", ON_THE_INTERNET)
def test_internet_addresses_are(address):
    assert is_internet_address(address)


def subscribe_with(client, address):
    """The period's subscribe form, filled in as a person does, sent with `address`."""
    period = PromisePeriod.objects.published().get()
    path = f"/bevaka/period/{period.slug}/"
    data = form_data(client.get(path).content.decode(), "bevakningsformular")
    data["email"] = address
    filled_in = datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(
        seconds=subscribe_guard.MIN_SECONDS_TO_FILL + 1
    )
    with time_machine.travel(filled_in):
        return client.post(path, data, HTTP_ORIGIN="http://testserver")


@pytest.mark.parametrize(
    "address", ["x@localhost", "x@nas.local", "x@router.lan", "x@db.internal", "x@a.home.arpa"]
)
def test_the_subscribe_form_refuses_internal_addresses(client, address):
    response = subscribe_with(client, address)
    assert response.status_code == 400
    assert SWEDISH_MESSAGE in response.content.decode()
    assert not Subscription.objects.exists()
    assert not OutgoingMessage.objects.exists()


@pytest.mark.parametrize("address", ["x@[127.0.0.1]", "x@127.0.0.1", "x@[IPv6:::1]", "x@server"])
def test_the_subscribe_form_refuses_ip_addresses_and_single_labels(client, address):
    """Some of these Django's own validator refuses already, with the form's other message."""
    response = subscribe_with(client, address)
    assert response.status_code == 400
    html = response.content.decode()
    assert SWEDISH_MESSAGE in html or "Skriv e-postadressen så här" in html
    assert not Subscription.objects.exists()
    assert not OutgoingMessage.objects.exists()


def test_the_subscribe_form_takes_an_internet_address(client):
    response = subscribe_with(client, "namn@exempel.se")
    assert response.status_code == 302
    assert Subscription.objects.get().email == "namn@exempel.se"


def test_request_subscription_refuses_internal_addresses_whoever_calls():
    period = PromisePeriod.objects.published().get()
    with pytest.raises(ValidationError):
        alerts.request_subscription("x@localhost", period=period)
    assert not Subscription.objects.exists()
    assert not OutgoingMessage.objects.exists()


def test_the_report_form_refuses_an_internal_reply_address(client, later):  # noqa: F811
    data = filled_form(client, email="x@localhost")
    later()
    response = post(client, data)
    assert response.status_code == 400
    assert SWEDISH_MESSAGE in response.content.decode()
    assert not AccessibilityReport.objects.exists()


def test_every_model_with_an_address_people_type_checks_it():
    for model in (Partner, AccessibilityStatement, AccessibilityReport, Subscription):
        assert issubclass(model, RefusesInternalAddresses), model.__name__


def test_the_admin_refuses_an_internal_contact_address(client_for):
    admin = client_for("admin")
    partner = Partner.objects.get(slug="tjorns-kommun")
    url = f"/admin/promises/partner/{partner.pk}/change/"
    data = form_data(admin.get(url).content.decode(), "partner_form")
    before = partner.contact_email
    data["contact_email"] = "kontakt@localhost"
    response = admin.post(url, data)
    assert response.status_code == 200
    assert SWEDISH_MESSAGE in response.content.decode()
    partner.refresh_from_db()
    assert partner.contact_email == before


def test_a_queued_message_to_an_internal_address_is_never_sent(settings):
    """Queued before the rule existed (or through the ORM): the sender refuses it."""
    from django.core import mail

    from promises.publishing import mail_queue

    OutgoingMessage.objects.create(
        kind=OutgoingMessage.Kind.CONFIRMATION,
        to_address="x@localhost",
        subject="Bekräfta",
        text_body="Text",
        html_body="<p>Text</p>",
        unsubscribe_url="http://testserver/bevaka/avsluta/abc/",
    )
    sent, failed = mail_queue.send_claimed(mail_queue.claim("test"), "test")
    assert (sent, failed) == (0, 1)
    assert mail.outbox == []
    message = OutgoingMessage.objects.get()
    assert message.sent_at is None and "localhost" not in message.last_error
