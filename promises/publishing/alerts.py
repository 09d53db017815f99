"""E-mail alerts: what counts as news, who hears of it, and the messages it puts in the queue.

Nothing here sends mail: messages go into the database queue (`OutgoingMessage`) and
`manage.py send_alerts` sends them (promises/publishing/mail_queue.py), so a request never
waits for a mail server and a message survives any restart.

**The hook.** `ALERT_SOURCES` lists the models whose publication is news. `promises/signals.py`
calls `queue_alerts_for(obj)` after every save of those models; it records one `AlertEvent`
per piece of news (its key: the model, the row and the `news_fields`' values, so saving again
is not news twice) and an `AlertDelivery` for every confirmed address that follows the
promise, its period or one of its givers. Adding a kind of news is one line in the list.
"""

import datetime
import operator
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from medborgarlofte import languages
from promises.models import (
    Action,
    AlertDelivery,
    AlertEvent,
    FollowUp,
    IndicatorValue,
    OutgoingMessage,
    PromisePeriod,
    Subscription,
)
from promises.models.control_characters import without_control_characters
from promises.models.mail_addresses import validate_internet_address
from promises.models.subscriptions import normalise_address
from promises.publishing.seo import absolute
from promises.publishing.site_identity import site_identity

CONFIRM_SALT = "promises.alerts.confirm"
CONFIRM_MAX_AGE = datetime.timedelta(days=7)
HEADLINE_TEXT_LENGTH = 120


@dataclass(frozen=True)
class AlertSource:
    """A model whose rows become news when published.

    `promise` and each of `published` are attribute paths ("indicator.promise"); the row is
    news only when all of `published` are true and the promise's period is published.
    `news_fields`: fields whose new values are news again (an action's status); empty, the
    row is news once.
    """

    model: type
    label: str
    promise: str = "promise"
    published: tuple[str, ...] = ("is_published",)
    news_fields: tuple[str, ...] = ()
    # obj -> what happened in words, naming who reported which status; `label` when unset.
    describe: object = None

    def what_happened(self, obj) -> str:
        return self.describe(obj) if self.describe else str(self.label)

    def key(self, obj) -> str:
        values = "".join(f":{getattr(obj, name)}" for name in self.news_fields)
        return f"{obj._meta.label_lower}:{obj.pk}{values}"


def follow_up_news(follow_up) -> str:
    """ "Ny uppföljning från Tjörns kommun: Delvis genomfört": on a joint promise each giver
    reports its own status, so the news says whose it is."""
    status = follow_up.get_status_display()
    if follow_up.reported_by_id:
        return gettext("New follow-up from %(giver)s: %(status)s") % {
            "giver": follow_up.reported_by.name,
            "status": status,
        }
    return gettext("New follow-up: %(status)s") % {"status": status}


def action_news(action) -> str:
    if not action.status:
        return gettext("New action by %(partner)s") % {"partner": action.responsible.name}
    return gettext("An action by %(partner)s has a new status: %(status)s") % {
        "partner": action.responsible.name,
        "status": action.get_status_display(),
    }


ALERT_SOURCES = [
    AlertSource(FollowUp, _("New follow-up"), describe=follow_up_news),
    # An action is news when published, and again with each new traffic-light status.
    AlertSource(
        Action, _("An action has a new status"), news_fields=("status",), describe=action_news
    ),
    # A measured value is news once, when saved under a published indicator.
    AlertSource(
        IndicatorValue,
        _("New measured value"),
        promise="indicator.promise",
        published=("indicator.is_published",),
    ),
]


def source_for(obj) -> AlertSource | None:
    return next((source for source in ALERT_SOURCES if isinstance(obj, source.model)), None)


def headline_in(language: str, source, obj, promise, number: int) -> str:
    with translation.override(language):
        return gettext("%(news)s – promise %(number)s in %(period)s, “%(text)s”") % {
            "news": source.what_happened(obj),
            "number": number,
            "period": promise.period,
            "text": Truncator(promise.text).chars(HEADLINE_TEXT_LENGTH),
        }


def queue_alerts_for(obj) -> AlertEvent | None:
    """Record `obj` as news for its followers, once; None when it is not (or no longer) news.

    Called inside the saving transaction, so the news and the change are stored together.
    """
    source = source_for(obj)
    if source is None or obj.pk is None:
        return None
    key = source.key(obj)
    if AlertEvent.objects.filter(key=key).exists():
        return None  # saved again: already news (the common case, so checked first)
    promise = operator.attrgetter(source.promise)(obj)
    published = all(operator.attrgetter(path)(obj) for path in source.published)
    # The period is read afresh: it may have been unpublished since `obj` was loaded.
    if not (published and PromisePeriod.objects.published().filter(pk=promise.period_id).exists()):
        return None
    page = obj if hasattr(obj, "get_absolute_url") else promise
    with translation.override(settings.LANGUAGE_CODE):
        path = page.get_absolute_url()  # the Swedish address; path_in() gives the others
    # Each subscriber reads the news in the language they subscribed in; the promise's number
    # is the same in every language, so it is counted once.
    number = promise.position()
    headlines = {
        code: without_control_characters(headline_in(code, source, obj, promise, number))[:300]
        for code, _name in settings.LANGUAGES
    }
    headline = headlines.pop(settings.LANGUAGE_CODE)
    with transaction.atomic():
        event, created = AlertEvent.objects.get_or_create(
            key=key,
            defaults={
                "promise": promise,
                "headline": headline,
                "headlines": headlines,
                "path": path,
            },
        )
        if not created:
            return None
        addresses = (
            Subscription.objects.confirmed()
            .following(promise)
            .values_list("email", flat=True)
            .distinct()
        )
        AlertDelivery.objects.bulk_create(
            [AlertDelivery(email=email, event=event) for email in addresses],
            ignore_conflicts=True,
        )
    return event


# Subscribing ---------------------------------------------------------------------------------


def confirm_token(subscription) -> str:
    # The key's first characters tie the token to the address, so a reused id cannot be
    # confirmed with an old link.
    payload = {"s": subscription.pk, "k": subscription.address_key[:8]}
    return signing.dumps(payload, salt=CONFIRM_SALT)


def subscription_for_token(token: str) -> Subscription | None:
    try:
        payload = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE.total_seconds())
        pk, key = int(payload["s"]), str(payload["k"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    return Subscription.objects.filter(pk=pk, address_key__startswith=key).first()


def unsubscribe_url(subscription_or_key) -> str:
    key = getattr(subscription_or_key, "address_key", subscription_or_key)
    return absolute(reverse("promises:alerts_unsubscribe", kwargs={"key": key}))


def subscriber_language(language: str | None) -> str:
    """The language a subscription's mails are written in: the page's it was asked on."""
    known = dict(settings.LANGUAGES)
    return language if language in known else settings.LANGUAGE_CODE


def _render(template: str, context: dict, language: str) -> tuple[str, str]:
    with translation.override(language):
        context = {
            "site_url": settings.SITE_URL,
            "site_name": site_identity().name,
            **context,
        }
        text = render_to_string(f"promises/alerts/mail_{template}.txt", context)
        html = render_to_string(f"promises/alerts/mail_{template}.html", context)
    # The texts name periods, partners and promises as stored (control_characters.py).
    return without_control_characters(text), without_control_characters(html)


def request_subscription(
    email: str, *, area=None, period=None, partner=None, promise=None, language=None
) -> None:
    """Ask `email` to confirm that it wants to follow one thing.

    Whether or not the address already follows it, one message goes out and the visitor sees
    the same answer: a confirmation to click, or (already confirmed) a note saying so. The
    page never tells who is subscribed. An address not on the internet (mail_addresses.py) is
    refused here too, whoever calls: ValidationError, nothing stored or queued.

    `language` (by default the active one, the page's) is the subscription's from now on: its
    mails are written in it.
    """
    validate_internet_address(email)
    language = subscriber_language(language or translation.get_language())
    with transaction.atomic(), translation.override(language):
        subscription, _created = Subscription.objects.get_or_create(
            email=normalise_address(email),
            area=area,
            period=period,
            partner=partner,
            promise=promise,
            defaults={"language": language},
        )
        if subscription.language != language:
            subscription.language = language
            subscription.save(update_fields=["language"])
        confirmed = subscription.confirmed_at is not None
        context = {
            "subscription": subscription,
            "followed": subscription.followed_description,
            "confirm_url": absolute(
                reverse("promises:alerts_confirm", kwargs={"token": confirm_token(subscription)})
            ),
            "unsubscribe_url": unsubscribe_url(subscription),
            "days": CONFIRM_MAX_AGE.days,
        }
        kind = OutgoingMessage.Kind.ALREADY if confirmed else OutgoingMessage.Kind.CONFIRMATION
        subject = (
            gettext("You already get e-mail about the citizen promise")
            if confirmed
            else gettext("Confirm that you want e-mail about the citizen promise")
        )
        text, html = _render("already" if confirmed else "confirm", context, language)
        OutgoingMessage.objects.create(
            kind=kind,
            to_address=subscription.email,
            subscription=None if confirmed else subscription,
            subject=subject,
            text_body=text,
            html_body=html,
            unsubscribe_url=context["unsubscribe_url"],
        )


def confirm(subscription: Subscription) -> None:
    Subscription.objects.filter(pk=subscription.pk, confirmed_at__isnull=True).update(
        confirmed_at=timezone.now()
    )


def unsubscribe(key: str) -> int:
    """Delete the address behind `key`: every subscription, and everything queued for it."""
    with transaction.atomic():
        addresses = list(
            Subscription.objects.filter(address_key=key).values_list("email", flat=True).distinct()
        )
        AlertDelivery.objects.filter(email__in=addresses).delete()
        OutgoingMessage.objects.filter(to_address__in=addresses).delete()
        # By address, not by key: a row stored before SECRET_KEY was rotated has another key.
        deleted, _ = Subscription.objects.filter(email__in=addresses).delete()
    return deleted


# Digests -------------------------------------------------------------------------------------


def build_digests(now=None) -> int:
    """Gather each address's waiting news into today's one digest; return how many were made.

    Before ALERT_DIGEST_HOUR nothing is gathered, so a day's news go out together. An address
    that already has today's digest waits until tomorrow: the unique constraint on (address,
    day) decides, so two senders running at once cannot make two.
    """
    now = now or timezone.now()
    local = timezone.localtime(now)
    if local.hour < settings.ALERT_DIGEST_HOUR:
        return 0
    made = 0
    waiting = (
        AlertDelivery.objects.filter(message__isnull=True)
        .values_list("email", flat=True)
        .distinct()
        .order_by("email")
    )
    for email in list(waiting):
        if OutgoingMessage.objects.filter(
            kind=OutgoingMessage.Kind.DIGEST, to_address=email, digest_day=local.date()
        ).exists():
            continue
        made += _build_digest(email, local.date())
    return made


def path_in(path: str, language: str) -> str:
    """An event's page (stored as its Swedish address) in `language`; as stored if it is gone."""
    with translation.override(settings.LANGUAGE_CODE):
        return languages.translate_path(path, language) or path


def _build_digest(email: str, day: datetime.date) -> int:
    subscriptions = list(
        Subscription.objects.confirmed()
        .of_address(email)
        .select_related("area", "period", "partner", "promise__period")
    )
    if subscriptions:
        # The language the address last subscribed in.
        language = subscriber_language(max(subscriptions, key=lambda s: s.created_at).language)
    with transaction.atomic():
        if not subscriptions:
            # Unsubscribed since the news was recorded: nothing goes out.
            AlertDelivery.objects.filter(email=email, message__isnull=True).delete()
            return 0
        with translation.override(language):
            address = unsubscribe_url(subscriptions[0])
        message = OutgoingMessage(
            kind=OutgoingMessage.Kind.DIGEST,
            to_address=email,
            digest_day=day,
            unsubscribe_url=address,
        )
        try:
            with transaction.atomic():
                message.save()
        except IntegrityError:
            # Another sender made today's digest for this address first.
            return 0
        AlertDelivery.objects.filter(email=email, message__isnull=True).update(message=message)
        events = list(
            AlertEvent.objects.filter(deliveries__message=message)
            .select_related("promise__period")
            .order_by("happened_at", "pk")
        )
        with translation.override(language):
            context = {
                "events": [
                    {
                        "headline": event.headlines.get(language, event.headline),
                        "url": absolute(path_in(event.path, language)),
                    }
                    for event in events
                ],
                "followed": [subscription.followed_description for subscription in subscriptions],
                "unsubscribe_url": message.unsubscribe_url,
            }
            message.subject = ngettext(
                "News about the citizen promise",
                "%(count)d pieces of news about the citizen promise",
                len(events),
            ) % {"count": len(events)}
        message.text_body, message.html_body = _render("digest", context, language)
        message.save(update_fields=["subject", "text_body", "html_body"])
    return 1
