"""A wrong one-time code followed at once by the right one signs in; many wrong codes in a row
are still throttled (promises/admin/site.py, FREE_RETRIES)."""

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from promises.admin.site import FREE_RETRIES

from ..conftest import PASSWORD
from ..support.html import visible_text

pytestmark = pytest.mark.django_db

TOO_MANY = "För många felaktiga koder"


def sign_in(client, code):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": "bo@example.se", "password": PASSWORD, "otp_token": code},
        REMOTE_ADDR="192.0.2.10",
    )


def current_code(device):
    device.refresh_from_db()
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def wrong_code(device):
    return f"{(int(current_code(device)) + 1) % 1_000_000:06d}"


@pytest.fixture
def device(staff_user):
    user = staff_user("coordinator", "bo@example.se")
    return TOTPDevice.objects.create(user=user, name="app", confirmed=True)


def test_the_right_code_right_after_a_wrong_one_signs_in(device):
    client = Client()
    wrong = sign_in(client, wrong_code(device))
    assert wrong.status_code == 200
    assert "Koden är fel" in visible_text(wrong.content.decode())
    right = sign_in(client, current_code(device))
    assert right.status_code == 302, visible_text(right.content.decode())
    assert client.get("/admin/").status_code == 200
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_guessing_is_still_throttled(device):
    client = Client()
    for _attempt in range(FREE_RETRIES):
        response = sign_in(client, wrong_code(device))
        assert "Koden är fel" in visible_text(response.content.decode())
    # Now even the right code must wait: the throttle counts every wrong code.
    refused = sign_in(client, current_code(device))
    assert refused.status_code == 200
    assert TOO_MANY in visible_text(refused.content.decode())
    assert client.get("/admin/").status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == FREE_RETRIES


def test_setting_up_accepts_the_right_code_after_a_wrong_one(staff_user):
    user = staff_user("coordinator", "bo@example.se")
    client = Client()
    client.force_login(user)
    assert client.get("/admin/tvastegsinloggning/").status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    wrong = client.post("/admin/tvastegsinloggning/", {"token": wrong_code(device)})
    assert "Koden är fel" in visible_text(wrong.content.decode())
    right = client.post("/admin/tvastegsinloggning/", {"token": current_code(device)})
    assert right.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
