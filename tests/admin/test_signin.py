"""Sign-in hardening: lockout, two-factor sign-in, new editors, the admin's path."""

import re

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client, override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..conftest import PASSWORD
from ..support.html import form_data, visible_text

pytestmark = pytest.mark.django_db


def sign_in(client, username, password, **extra):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password, **extra},
        REMOTE_ADDR="192.0.2.10",
    )


@override_settings(AXES_FAILURE_LIMIT=3)
def test_sign_in_locks_after_the_configured_number_of_failures(staff_user):
    staff_user("admin", "anna@example.se")
    client = Client()
    for _attempt in range(2):
        response = sign_in(client, "anna@example.se", "fel-losenord")
        assert response.status_code == 200
        assert "skiftlägeskänsliga" in visible_text(response.content.decode())
    locked = sign_in(client, "anna@example.se", "fel-losenord")
    assert locked.status_code == 429
    text = visible_text(locked.content.decode())
    assert "Inloggningen har spärrats efter 3 misslyckade försök" in text
    # Even the right password is refused now.
    assert sign_in(client, "anna@example.se", PASSWORD).status_code == 429

    # An administrator unlocks (the same as deleting the attempt in the admin).
    call_command("axes_reset_username", "anna@example.se", verbosity=0)
    assert sign_in(client, "anna@example.se", PASSWORD).status_code == 302


def test_the_failure_limit_comes_from_the_environment():
    import os
    import subprocess
    import sys

    from ..conftest import REPO_ROOT

    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings; print(settings.AXES_FAILURE_LIMIT)",
        ],
        cwd=REPO_ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "medborgarlofte.settings",
            "LOGIN_FAILURE_LIMIT": "7",
        },
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "7"


def add_authenticator(user):
    return TOTPDevice.objects.create(user=user, name="app", confirmed=True)


def current_code(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_staff_with_an_authenticator_must_give_a_code(staff_user):
    user = staff_user("coordinator", "bo@example.se")
    device = add_authenticator(user)
    client = Client()
    response = sign_in(client, "bo@example.se", PASSWORD)
    assert response.status_code == 200
    assert "Skriv koden från din autentiseringsapp." in response.content.decode()
    assert client.get("/admin/").status_code == 302
    response = sign_in(client, "bo@example.se", PASSWORD, otp_token="000000")
    assert "Koden är fel" in response.content.decode()
    device.refresh_from_db()
    device.throttle_reset()
    assert (
        sign_in(client, "bo@example.se", PASSWORD, otp_token=current_code(device)).status_code
        == 302
    )
    assert client.get("/admin/").status_code == 200


@override_settings(ADMIN_REQUIRE_2FA=True)
def test_when_required_staff_set_up_two_factor_before_reaching_the_admin(staff_user):
    staff_user("tjorns-kommun", "cilla@example.se")
    client = Client()
    response = sign_in(client, "cilla@example.se", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/admin/tvastegsinloggning/"
    assert client.get("/admin/").status_code == 302
    assert client.get("/admin/promises/promise/").status_code == 302

    setup = client.get("/admin/tvastegsinloggning/")
    page = setup.content.decode()
    assert "<svg" in page and "Administrationen kräver tvåstegsinloggning" in page
    device = TOTPDevice.objects.get(user__username="cilla@example.se", confirmed=False)
    wrong = client.post(
        "/admin/tvastegsinloggning/",
        {"token": "123456" if current_code(device) != "123456" else "654321"},
    )
    assert "Koden är fel" in wrong.content.decode()
    device.refresh_from_db()
    device.throttle_reset()
    data = form_data(page, "two-factor-form")
    data["token"] = current_code(device)
    assert client.post("/admin/tvastegsinloggning/", data).status_code == 302
    assert client.get("/admin/").status_code == 200

    # Next time, the code is part of signing in.
    fresh = Client()
    assert sign_in(fresh, "cilla@example.se", PASSWORD).status_code == 200
    assert fresh.get("/admin/").status_code == 302


def test_create_editor_makes_an_account_and_a_password_link(capsys, client):
    call_command("create_editor", "Dana@Orust.se", "--partner", "orust-kommun")
    output = capsys.readouterr().out
    user = User.objects.get(username="dana@orust.se")
    assert user.is_staff and not user.is_superuser
    assert not user.has_usable_password()
    assert "Redaktörer – Orust kommun" in output
    link = re.search(r"http://testserver(/admin/losenord/\S+/)", output).group(1)
    response = client.get(link, follow=True)
    form = form_data(response.content.decode(), "")
    page = response.content.decode()
    assert "new_password1" in page
    action = response.redirect_chain[-1][0] if response.redirect_chain else link
    done = client.post(
        action, {"new_password1": "Orust-redaktor-2024!", "new_password2": "Orust-redaktor-2024!"}
    )
    assert done.status_code == 302, form
    signed_in = Client()
    assert sign_in(signed_in, "dana@orust.se", "Orust-redaktor-2024!").status_code == 302
    promise_list = signed_in.get("/admin/promises/promise/").content.decode()
    assert "Genomföra tidiga föräldrastärkande insatser." in promise_list
    assert "Fokusera och prioritera särskilt utsatta brottsoffer." not in promise_list

    # With one area, a coordinator coordinates it without naming it.
    call_command("create_editor", "samordnare@example.se", "--role", "coordinator")
    group = User.objects.get(username="samordnare@example.se").groups.get()
    assert group.name == "Samordnare – Södra Fyrbodal"


def test_the_admin_lives_where_admin_url_says(tmp_path):
    import os
    import subprocess
    import sys

    from ..conftest import REPO_ROOT

    code = (
        "import django; django.setup();"
        "from django.urls import reverse, resolve, Resolver404;"
        "print(reverse('admin:login'), reverse('password_set_done'));"
        "resolve('/redaktion/promises/promise/');"
        "exec('try: resolve(\\'/admin/\\'); print(\\'found\\')\\nexcept Resolver404: print(404)')"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO_ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "medborgarlofte.settings",
            "ADMIN_URL": "redaktion/",
            "DATABASE_URL": "sqlite://:memory:",
        },
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == ["/redaktion/login/", "/redaktion/losenord/klart/", "404"]


def test_sessions_end_with_the_browser_and_after_eight_hours(staff_user):
    staff_user("admin", "erik@example.se")
    client = Client()
    assert sign_in(client, "erik@example.se", PASSWORD).status_code == 302
    cookie = client.cookies["sessionid"]
    assert not cookie["max-age"] and not cookie["expires"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert client.session.get_expiry_age() == 8 * 60 * 60
