"""E-mail alerts with several processes: two `send_alerts` at once deliver each message once,
and the subscribe form's limits hold whichever gunicorn worker of whichever instance answers.

The senders and the servers are real processes on one fresh database (SQLite file or a new
PostgreSQL database, as the test run uses: tests/support/servers.py); the mail goes to a real SMTP
server on loopback (tests/support/smtp.py).
"""

import collections
import subprocess
import time

import pytest

from promises.public import form_guard, subscribe_guard

from ..support.html import form_data, visible_text
from ..support.servers import (
    REPO_ROOT,
    VENV_BIN,
    Browser,
    each_worker,
    fresh_database,
    manage,
    migrated_database,
    serve_environment,
)
from ..support.smtp import smtp_server  # noqa: F401 - the fixture the tests below use

pytestmark = pytest.mark.multiprocess

NEWS_FOLLOWERS = 25
NEW_SUBSCRIBERS = 25

QUEUE_MAIL = f"""
import datetime
from django.utils import timezone
from promises.models import FollowUp, Promise, Subscription
from promises.publishing import alerts

promise = Promise.objects.public().order_by("order", "pk").first()
for number in range({NEWS_FOLLOWERS}):
    Subscription.objects.create(
        email=f"foljer{{number}}@example.se", period=promise.period, confirmed_at=timezone.now()
    )
FollowUp.objects.create(
    promise=promise, status="started", reported_on=datetime.date.today(), text="Nytt.",
    is_published=True,
)
for number in range({NEW_SUBSCRIBERS}):
    alerts.request_subscription(f"ny{{number}}@example.se", promise=promise)
"""

COUNT_QUEUE = """
from promises.models import OutgoingMessage
print(OutgoingMessage.objects.filter(sent_at__isnull=True).count(),
      OutgoingMessage.objects.filter(sent_at__isnull=False).count())
"""


def test_two_senders_at_once_deliver_each_message_once(
    tmp_path,
    smtp_server,  # noqa: F811
    site_template,
):
    smtp_server.handler.delay = 0.05
    with migrated_database(tmp_path, site_template) as database:
        environment = serve_environment(database.url, tmp_path, None)
        # Digests are made whenever the senders run, so they race for those too.
        environment.update(EMAIL_URL=smtp_server.url(), ALERT_DIGEST_HOUR="0")
        manage(environment, "shell", "-c", QUEUE_MAIL)
        senders = [
            subprocess.Popen(
                [str(VENV_BIN / "python"), "manage.py", "send_alerts", "-v2"],
                cwd=REPO_ROOT,
                env=environment,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        outputs = [sender.communicate(timeout=120) for sender in senders]
        assert [sender.returncode for sender in senders] == [0, 0], outputs
        sent_by_each = [int(out.split(" sent")[0].split()[-1]) for out, _err in outputs]
        waiting, sent = subprocess.run(
            [str(VENV_BIN / "python"), "manage.py", "shell", "-v0", "-c", COUNT_QUEUE],
            cwd=REPO_ROOT,
            env=environment,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()

    received = collections.Counter(message.to for message in smtp_server.received)
    expected = {f"foljer{n}@example.se" for n in range(NEWS_FOLLOWERS)}
    expected |= {f"ny{n}@example.se" for n in range(NEW_SUBSCRIBERS)}
    assert set(received) == expected
    assert set(received.values()) == {1}
    assert sum(sent_by_each) == len(expected)
    # Both worked: the claims split the queue between them rather than one waiting it out.
    assert min(sent_by_each) > 0, outputs
    assert (int(waiting), int(sent)) == (0, len(expected))
    digests = [m for m in smtp_server.received if m.to.startswith("foljer")]
    assert all("Ny uppföljning" in message.text for message in digests)


def test_a_running_sender_outlives_a_failed_round(tmp_path, smtp_server):  # noqa: F811
    """`send_alerts --every` started before the tables exist (a deploy that migrates after
    starting it): its rounds fail (SQLite: OperationalError; PostgreSQL: ProgrammingError),
    and it keeps going and sends once the database is ready."""
    with fresh_database(tmp_path) as database:
        environment = serve_environment(database.url, tmp_path, None)
        environment.update(EMAIL_URL=smtp_server.url())
        sender = subprocess.Popen(
            [str(VENV_BIN / "python"), "manage.py", "send_alerts", "--every", "1"],
            cwd=REPO_ROOT,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            time.sleep(3)  # a few rounds fail
            assert sender.poll() is None, sender.communicate()
            manage(environment, "migrate", "--noinput", "-v0")
            manage(
                environment,
                "shell",
                "-c",
                "from promises.models import Promise\n"
                "from promises.publishing import alerts\n"
                "alerts.request_subscription('efter@example.se', "
                "promise=Promise.objects.public().first())",
            )
            deadline = time.monotonic() + 60
            while not smtp_server.received and time.monotonic() < deadline:
                assert sender.poll() is None, sender.communicate()
                time.sleep(0.2)
        finally:
            sender.terminate()
            _out, errors = sender.communicate(timeout=30)
    assert [message.to for message in smtp_server.received] == ["efter@example.se"]
    assert "Round skipped" in errors
    assert sender.returncode == 0, errors


def subscribe_form(instance) -> dict:
    page = Browser(instance).get("/bevaka/period/2023-2024/")
    assert page.status == 200
    return form_data(page.text, "bevakningsformular")


def queued_for(site, address) -> int:
    return site.database.count("promises_outgoingmessage", "to_address", address)


def test_subscribe_limits_hold_across_workers_and_instances(site_servers):
    site = site_servers
    # The limits count per clock hour: do not start in the last seconds of one.
    seconds_left = form_guard.HOUR - time.time() % form_guard.HOUR
    if seconds_left < 30:
        time.sleep(seconds_left + 1)
    first, second = site.instances
    allowed = subscribe_guard.MESSAGES_PER_ADDRESS_PER_HOUR
    forms = [subscribe_form(first if n % 2 else second) for n in range(allowed + 1)]
    time.sleep(subscribe_guard.MIN_SECONDS_TO_FILL + 0.5)

    address = f"flera-processer-{site.cache.replace(' ', '-').lower()}@example.se"
    for number, form in enumerate(forms[:allowed]):
        answer = Browser(site.instances[number % 2]).post(
            "/bevaka/period/2023-2024/", {**form, "email": address}
        )
        assert answer.status == 302, visible_text(answer.text)[:500]
    assert queued_for(site, address) == allowed

    # One more for the same address is refused whichever worker of whichever instance answers.
    extra = forms[allowed]
    refused = 0
    for instance in site.instances:
        for _turn in each_worker(instance):
            answer = Browser(instance).post(
                "/bevaka/period/2023-2024/", {**extra, "email": address}
            )
            assert answer.status == 429
            assert "flera brev till den adressen" in visible_text(answer.text)
            refused += 1
    assert refused == 4
    assert queued_for(site, address) == allowed
