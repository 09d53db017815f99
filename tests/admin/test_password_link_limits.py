"""The new-password-link page needs no sign-in: it must not become a way to flood an editor's
mailbox or to try address after address, and its limits must not tell who has an account."""

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from promises.admin import password_reset
from promises.models import ReportCount

from ..support import attack_world
from ..support.html import visible_text
from ..support.smtp import smtp_mail, smtp_server  # noqa: F401 - fixtures

PAGE = "/admin/losenord/ny-lank/"


@pytest.fixture
def editor(staff_user):
    user = staff_user(attack_world.TJORN, "redaktor@example.se")
    User.objects.filter(pk=user.pk).update(email="redaktor@example.se")
    return user


def ask(client, email, **extra):
    response = client.post(PAGE, {"email": email}, follow=True, **extra)
    assert response.status_code == 200
    return visible_text(response.content.decode())


def test_one_mailbox_gets_a_few_links_an_hour_from_many_machines(db, mid_hour, editor, smtp_mail):  # noqa: F811
    client = Client()
    answers = {
        ask(client, "Redaktor@Example.se", REMOTE_ADDR=f"198.51.100.{n}") for n in range(1, 9)
    }
    assert len(smtp_mail.received) == password_reset.MAILS_PER_ADDRESS_PER_HOUR
    # Sent or not, the answer is the same page.
    assert len(answers) == 1
    # Counted under a keyed hash only: neither the address nor the mailbox is stored.
    keys = " ".join(ReportCount.objects.values_list("key", flat=True))
    assert "redaktor" not in keys.lower() and "198.51.100" not in keys


def test_one_machine_cannot_try_address_after_address(db, mid_hour, editor, smtp_mail):  # noqa: F811
    client = Client()
    first = ask(client, "okand-0@example.se")
    for n in range(1, password_reset.POSTS_PER_CLIENT_PER_HOUR):
        ask(client, f"okand-{n}@example.se")
    # Past its allowance the machine gets the same answer for a real editor, and no mail.
    assert ask(client, "redaktor@example.se") == first
    assert smtp_mail.received == []
    # An IPv6 client counts by its /64: new last bits are the same machine.
    for n in range(password_reset.POSTS_PER_CLIENT_PER_HOUR):
        ask(client, f"x{n}@example.se", REMOTE_ADDR=f"2001:db8::{n + 1}")
    ask(client, "redaktor@example.se", REMOTE_ADDR="2001:db8::ffff")
    assert smtp_mail.received == []
    # Another machine is not held back by the first one's posts.
    ask(client, "redaktor@example.se", REMOTE_ADDR="203.0.113.9")
    (received,) = smtp_mail.received
    assert received.recipients == ["redaktor@example.se"]


def test_the_page_keeps_its_csrf_check(db, editor, smtp_mail):  # noqa: F811
    client = Client(enforce_csrf_checks=True)
    assert client.post(PAGE, {"email": "redaktor@example.se"}).status_code == 403
    assert smtp_mail.received == []
    page = client.get(PAGE).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    sent = client.post(PAGE, {"email": "redaktor@example.se", "csrfmiddlewaretoken": token})
    assert sent.status_code == 302
    assert len(smtp_mail.received) == 1
