"""Send the queued e-mail: confirmations, notes and the daily digests of news.

Run it on a timer (every minute or few: see docs/operations.md), or keep it running with
`--every SECONDS`. Any number may run at once, on any machine: each message is claimed
before it is sent (promises/publishing/mail_queue.py).
"""

import logging
import secrets
import signal
import time

from django.core.management.base import BaseCommand
from django.db import connections

from promises.publishing import mail_queue

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Send queued e-mail alerts: confirmations and daily digests (retries failures)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--every",
            type=int,
            default=0,
            metavar="SECONDS",
            help="Keep running and send a round every SECONDS (default: one round, then stop).",
        )

    def handle(self, *args, every, **options):
        sender = f"{secrets.token_hex(4)}"
        stopping = []
        signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
        while True:
            try:
                result = mail_queue.send_due(f"{sender}-{secrets.token_hex(4)}")
            except Exception as error:
                # Whatever stopped this round (the database briefly unavailable, SQLite busy,
                # anything unforeseen) must not stop the mail for good: log it and try the
                # next round on a fresh database connection. A single round reports it.
                if not every:
                    raise
                logger.exception("Round skipped")
                self.stderr.write(f"Round skipped: {error}")
                connections.close_all()
            else:
                if result.digests or result.sent or result.failed or options["verbosity"] > 1:
                    self.stdout.write(
                        f"{result.digests} digests made, {result.sent} sent, "
                        f"{result.failed} failed (tried again later)"
                    )
            if not every or stopping:
                return
            for _ in range(every * 10):
                if stopping:
                    return
                time.sleep(0.1)
