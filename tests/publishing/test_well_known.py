"""/favicon.ico and /.well-known/security.txt (RFC 9116) answer where clients look for them."""

import datetime
import re

import pytest
from django.contrib.staticfiles import finders
from django.core import checks

from promises.publishing import well_known

pytestmark = pytest.mark.django_db


def test_favicon_is_the_sites_icon_without_a_redirect(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    with open(finders.find("favicon.svg"), "rb") as icon:
        assert response.content == icon.read()
    assert "public" in response["Cache-Control"]
    assert client.get("/favicon.ico", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    assert client.head("/favicon.ico").status_code == 200


def test_security_txt_follows_rfc_9116(client, settings):
    settings.SECURITY_TXT_CONTACT = ["it-sakerhet@example.se", "https://example.se/sakerhet"]
    settings.SITE_URL = "https://medborgarlofte.example.se"
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    fields = [line.split(": ", 1) for line in lines]
    assert [name for name, _ in fields].count("Expires") == 1
    assert ["Contact", "mailto:it-sakerhet@example.se"] in fields
    assert ["Contact", "https://example.se/sakerhet"] in fields
    assert ["Preferred-Languages", "sv, en"] in fields
    assert [
        "Canonical",
        "https://medborgarlofte.example.se/.well-known/security.txt",
    ] in fields
    expires = dict(fields)["Expires"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT00:00:00Z", expires)
    moment = datetime.datetime.fromisoformat(expires)
    now = datetime.datetime.now(datetime.UTC)
    # In the future, and less than a year ahead, as the RFC recommends.
    assert now < moment < now + datetime.timedelta(days=365)


def test_security_txt_expiry_counts_from_the_deploy_not_from_the_request(settings, monkeypatch):
    monkeypatch.setattr(well_known, "STARTED_ON", datetime.date(2027, 3, 1))
    assert well_known.security_txt_expires() == datetime.datetime(2027, 8, 28, tzinfo=datetime.UTC)


def test_without_a_contact_there_is_no_security_txt_and_the_deploy_check_warns(client, settings):
    settings.SECURITY_TXT_CONTACT = []
    assert client.get("/.well-known/security.txt").status_code == 404
    found = checks.run_checks(include_deployment_checks=True, tags=[checks.Tags.security])
    assert "promises.W001" in [message.id for message in found]
    settings.SECURITY_TXT_CONTACT = ["mailto:it-sakerhet@example.se"]
    found = checks.run_checks(include_deployment_checks=True, tags=[checks.Tags.security])
    assert "promises.W001" not in [message.id for message in found]


def test_a_contact_that_is_no_uri_is_reported(settings):
    settings.SECURITY_TXT_CONTACT = ["ftp://example.se"]
    found = checks.run_checks(include_deployment_checks=True, tags=[checks.Tags.security])
    assert "promises.W002" in [message.id for message in found]


def test_the_security_check_runs_only_for_deploy(settings):
    settings.SECURITY_TXT_CONTACT = []
    assert "promises.W001" not in [message.id for message in checks.run_checks()]
