"""Production settings: fail fast without secrets, and pass Django's deployment checks."""

import os
import subprocess
import sys

from ..conftest import REPO_ROOT

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "x" * 64 + "-a-long-random-production-like-secret",
    "ALLOWED_HOSTS": "medborgarlofte.example.se",
    "DATABASE_URL": "sqlite:///:memory:",
    "SITE_URL": "https://medborgarlofte.example.se",
    "HTTPS": "true",
    "DOTENV_FILE": "",
    "SECURITY_TXT_CONTACT": "mailto:it-sakerhet@example.se",
    "EMAIL_URL": "smtp+tls://medborgarlofte:hemligt@smtp.example.se:587",
    "EMAIL_FROM": "Medborgarlöfte <noreply@medborgarlofte.example.se>",
    # Only the browser tests need it (pyproject's pytest env); production never sets it.
    "DJANGO_ALLOW_ASYNC_UNSAFE": None,
}


def manage(*args, **overrides):
    environment = {k: v for k, v in os.environ.items() if k not in PRODUCTION}
    environment.update(PRODUCTION)
    environment.update(overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO_ROOT,
        env={k: v for k, v in environment.items() if v is not None},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_settings_pass_the_deployment_checks():
    result = manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_deployment_checks_ask_for_a_security_contact():
    result = manage("check", "--deploy", "--fail-level", "WARNING", SECURITY_TXT_CONTACT=None)
    assert result.returncode != 0
    assert "promises.W001" in result.stdout + result.stderr


def test_the_deployment_checks_ask_for_a_mail_server_and_a_real_sender():
    result = manage("check", "--deploy", "--fail-level", "WARNING", EMAIL_URL=None, EMAIL_FROM=None)
    assert result.returncode != 0
    assert "promises.W003" in result.stdout + result.stderr
    assert "promises.W004" in result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", SECRET_KEY=None)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_a_database():
    result = manage("check", DATABASE_URL=None)
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr
