"""Sending the queued messages: claimed so two senders never send one, retried, never lost.

`send_due()` is what `manage.py send_alerts` runs. Each round claims a batch of due messages
for this sender for `CLAIM_SECONDS`:

- on PostgreSQL with `SELECT … FOR UPDATE SKIP LOCKED`, so concurrent senders take different
  rows without waiting for each other;
- on SQLite (one writer at a time) with one `UPDATE … WHERE id IN (due rows)` statement, which
  SQLite runs under its write lock: the second sender finds the rows already claimed.

Either way the claim is stamped with a random id, and only rows carrying it are sent. Right
before each message is sent, its own claim is renewed for `CLAIM_SECONDS` (`take`), so a slow
mail server that makes the batch outlast its claim cannot let another sender take the message
being sent; the rest of the batch may be taken over meanwhile, and `take` then skips it. One
message is at most about ten socket waits of the mail server's timeout (30 s in settings),
well within the claim. A sent message is marked sent at once. A failed one (the SMTP server
refused or was unreachable, or the message could not be made at all) is released with a later
`next_attempt_at`, doubling the wait each time up to `MAX_BACKOFF`, and stays in the queue
until it goes out or its address unsubscribes; the release only touches a row this sender
still holds. A sender that dies mid-round leaves its claims to expire, and another sender
takes them over then.
"""

import datetime
import logging
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from promises.models import AlertDelivery, OutgoingMessage, Subscription
from promises.models.control_characters import without_control_characters
from promises.models.mail_addresses import is_internet_address
from promises.publishing import alerts

logger = logging.getLogger(__name__)

CLAIM_SECONDS = 10 * 60
BATCH = 20
FIRST_BACKOFF = datetime.timedelta(minutes=1)
MAX_BACKOFF = datetime.timedelta(hours=6)
KEEP_SENT = datetime.timedelta(days=2)


def backoff(failed_attempts: int) -> datetime.timedelta:
    return min(FIRST_BACKOFF * 2 ** max(failed_attempts - 1, 0), MAX_BACKOFF)


def due(now):
    return OutgoingMessage.objects.filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now),
        sent_at__isnull=True,
        next_attempt_at__lte=now,
    )


def claim(sender: str, now=None, limit: int = BATCH) -> list[OutgoingMessage]:
    """Claim up to `limit` due messages for `sender` and return them."""
    now = now or timezone.now()
    stamp = {"claimed_by": sender, "claimed_until": now + datetime.timedelta(seconds=CLAIM_SECONDS)}
    if connection.features.has_select_for_update_skip_locked:
        with transaction.atomic():
            ids = list(
                due(now).select_for_update(skip_locked=True).values_list("pk", flat=True)[:limit]
            )
            due(now).filter(pk__in=ids).update(**stamp)
    else:
        # One statement: SQLite evaluates the subquery and updates under one write lock.
        due(now).filter(pk__in=due(now).values("pk")[:limit]).update(**stamp)
    return list(OutgoingMessage.objects.filter(claimed_by=sender, sent_at__isnull=True))


def one_line(text: str) -> str:
    """A header value that cannot break the header: no control characters, no line breaks
    (the mail library refuses a subject with one, and the message would never go out)."""
    return " ".join(without_control_characters(text).split())


def _email(message: OutgoingMessage) -> EmailMultiAlternatives:
    if not is_internet_address(message.to_address):
        # Queued before the rule (promises/models/mail_addresses.py) or by the ORM: never mail a
        # machine inside the network. It fails like any refused address (retried, then gone
        # with its unconfirmed subscription); the error does not repeat the address.
        raise ValueError(f"message {message.pk}: the address is not on the internet")
    # Texts come from the queue, whatever was stored: nothing in them may break the message
    # (promises/models/control_characters.py).
    email = EmailMultiAlternatives(
        subject=one_line(message.subject),
        body=without_control_characters(message.text_body),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to_address],
        headers={
            # RFC 2369 and RFC 8058: mail programs offer "unsubscribe", which posts
            # "List-Unsubscribe=One-Click" to the address, and the address is deleted.
            "List-Unsubscribe": f"<{one_line(message.unsubscribe_url)}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            # RFC 3834: no out-of-office replies to a machine.
            "Auto-Submitted": "auto-generated",
        },
    )
    email.attach_alternative(without_control_characters(message.html_body), "text/html")
    return email


def take(message: OutgoingMessage, sender: str, now=None) -> bool:
    """Renew `sender`'s claim on one message just before sending it; False when it is no
    longer this sender's (taken over after the batch's claim ran out, sent, or unsubscribed
    and deleted): then it is not sent."""
    until = (now or timezone.now()) + datetime.timedelta(seconds=CLAIM_SECONDS)
    return bool(
        OutgoingMessage.objects.filter(
            pk=message.pk, claimed_by=sender, sent_at__isnull=True
        ).update(claimed_until=until)
    )


def record_sent(message: OutgoingMessage) -> None:
    # Whoever holds the claim now: the message went out, so no other sender may send it again
    # (`take` refuses a sent row).
    OutgoingMessage.objects.filter(pk=message.pk).update(
        sent_at=timezone.now(), text_body="", html_body="", claimed_until=None
    )


def send_claimed(messages, sender: str) -> tuple[int, int]:
    """Send what `claim` returned; return (sent, failed)."""
    sent = failed = 0
    if not messages:
        return sent, failed
    mail = mailers.default
    try:
        for message in messages:
            if not take(message, sender):
                continue
            try:
                mail.send_messages([_email(message)])
            except Exception as error:  # one message's failure, whatever it is
                # Not only SMTP and network errors: an address the mail library refuses
                # (ValueError) must not stop the round, nor hold the rest of the batch.
                failed += 1
                release_for_retry(message, sender, error)
                # The connection may be broken; open a new one for the next message.
                _close(mail)
                continue
            record_sent(message)
            sent += 1
    finally:
        _close(mail)
    return sent, failed


def _close(mail) -> None:
    try:
        mail.close()
    except Exception:  # a failed goodbye to the server loses nothing
        logger.warning("Closing the mail connection failed", exc_info=True)


def release_for_retry(message: OutgoingMessage, sender: str, error: Exception) -> None:
    attempts = message.attempts + 1
    logger.warning("Sending message %s failed (attempt %s): %s", message.pk, attempts, error)
    # Only while this sender holds it: another sender that took it over keeps its claim.
    OutgoingMessage.objects.filter(pk=message.pk, claimed_by=sender, sent_at__isnull=True).update(
        attempts=attempts,
        next_attempt_at=timezone.now() + backoff(attempts),
        last_error=str(error)[:500],
        claimed_by="",
        claimed_until=None,
    )


def forget_old(now=None) -> None:
    """Delete what we promised not to keep: unconfirmed addresses after a week, sent mail
    after two days (it has no text left; it only says an address had that day's digest)."""
    now = now or timezone.now()
    Subscription.objects.stale_unconfirmed(now).delete()
    OutgoingMessage.objects.filter(sent_at__lt=now - KEEP_SENT).delete()
    # Waiting news of addresses that are no longer confirmed subscribers.
    AlertDelivery.objects.filter(message__isnull=True).exclude(
        email__in=Subscription.objects.confirmed().values("email")
    ).delete()


@dataclass
class Round:
    digests: int = 0
    sent: int = 0
    failed: int = 0


def send_due(sender: str | None = None, now=None) -> Round:
    """One sender's round: forget what is old, make today's digests, send everything due."""
    sender = sender or secrets.token_hex(8)
    result = Round()
    forget_old(now)
    result.digests = alerts.build_digests(now)
    while messages := claim(sender, now):
        sent, failed = send_claimed(messages, sender)
        result.sent += sent
        result.failed += failed
        if sent == 0 and failed:
            break  # the mail server is down; the rest waits for the next round
    return result
