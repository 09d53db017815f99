"""The client's address behind proxies: sign-in lockouts and the report form count by it."""

import pytest
from django.test import Client, RequestFactory, override_settings

from promises.client_ip import client_ip
from promises.public import report_guard

from ..conftest import PASSWORD

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.5"
ATTACKER = "203.0.113.66"
COLLEAGUE = "198.51.100.7"


def sign_in(client, password, forwarded_for):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": "anna@example.se", "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


@override_settings(BEHIND_PROXY=True, TRUSTED_PROXY_COUNT=1, AXES_FAILURE_LIMIT=5)
def test_failures_from_one_forwarded_address_lock_that_address_not_the_colleague(staff_user):
    staff_user("admin", "anna@example.se")
    attacker = Client()
    for _attempt in range(5):
        # What the attacker writes in the header is kept, but the proxy's entry counts.
        sign_in(attacker, "fel-losenord", f"{COLLEAGUE}, {ATTACKER}")
    assert sign_in(attacker, PASSWORD, ATTACKER).status_code == 429  # the attacker is locked

    colleague = Client()
    assert sign_in(colleague, PASSWORD, COLLEAGUE).status_code == 302
    assert colleague.get("/admin/").status_code == 200


@override_settings(BEHIND_PROXY=False, AXES_FAILURE_LIMIT=5)
def test_without_a_proxy_the_forwarded_header_is_ignored(staff_user):
    staff_user("admin", "anna@example.se")
    client = Client()
    for index in range(5):
        sign_in(client, "fel-losenord", f"192.0.2.{index}")
    # Every attempt came from the same connection address: locked, whatever the header said.
    assert sign_in(client, PASSWORD, "192.0.2.200").status_code == 429


@pytest.mark.parametrize(
    ("behind_proxy", "count", "forwarded", "expected"),
    [
        (False, 1, "203.0.113.1", PROXY),
        (True, 1, "203.0.113.1", "203.0.113.1"),
        (True, 1, "1.1.1.1, 203.0.113.1", "203.0.113.1"),
        (True, 2, "1.1.1.1, 203.0.113.1, 10.0.0.9", "203.0.113.1"),
        (True, 2, "203.0.113.1", PROXY),  # did not pass through both proxies
        (True, 1, "", PROXY),
        (True, 1, "inte-en-adress", PROXY),
        (True, 1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_client_address_is_counted_from_the_right(behind_proxy, count, forwarded, expected):
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(BEHIND_PROXY=behind_proxy, TRUSTED_PROXY_COUNT=count):
        assert client_ip(request) == expected
        # The report form's limits count by the same address.
        assert report_guard.client_address(request) == expected
