"""E-mail alerts: who follows what (double opt-in), what happened, and the outgoing mail queue.

We keep only the address, what it follows and when it was confirmed (plus when it was asked
for, so unconfirmed addresses can be deleted after a week). Everything queued for an address
is deleted with it when it unsubscribes.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .control_characters import RefusesControlCharacters
from .mail_addresses import RefusesInternalAddresses

UNCONFIRMED_DAYS = 7
ADDRESS_KEY_SALT = "promises.alerts.address"


def without_full_stop(text: str) -> str:
    """`text` without its closing full stop, for joining into a sentence that has its own."""
    text = text.strip()
    return text[:-1] if text.endswith(".") and not text.endswith("..") else text


def normalise_address(address: str) -> str:
    # One person, one row: Swedish mail providers treat the whole address case-insensitively.
    return address.strip().lower()


def address_key(address: str) -> str:
    """The unsubscribe key of an address: a keyed hash, so links never show the address."""
    return salted_hmac(
        ADDRESS_KEY_SALT, normalise_address(address), algorithm="sha256"
    ).hexdigest()[:32]


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def addresses_per(self, followed) -> dict:
        """{id: how many addresses} for the id `followed` (an expression) names, over the rows
        where it names one: an address with several such rows counts once. One query."""
        return dict(
            self.annotate(followed_id=followed)
            .filter(followed_id__isnull=False)
            .order_by()
            .values("followed_id")
            .annotate(addresses=Count("email", distinct=True))
            .values_list("followed_id", "addresses")
        )

    def stale_unconfirmed(self, now=None):
        cutoff = (now or timezone.now()) - datetime.timedelta(days=UNCONFIRMED_DAYS)
        return self.filter(confirmed_at__isnull=True, created_at__lt=cutoff)

    def following(self, promise):
        """The subscriptions that hear about `promise`: its own, its period's, its givers',
        its area's (a subquery, not a join: one row per subscription)."""
        from .periods import PromisePeriod

        return self.filter(
            Q(promise=promise)
            | Q(period_id=promise.period_id)
            | Q(partner__in=promise.givers.all())
            | Q(area_id__in=PromisePeriod.objects.filter(pk=promise.period_id).values("area_id"))
        )

    def of_address(self, address):
        return self.filter(email=normalise_address(address))


class Subscription(RefusesInternalAddresses, models.Model):
    """One address following one area, one period, one partner (giver) or one promise."""

    email = models.EmailField(_("e-mail"), max_length=254)
    address_key = models.CharField(_("unsubscribe key"), max_length=32, db_index=True)
    area = models.ForeignKey(
        "promises.Area",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="subscriptions",
    )
    period = models.ForeignKey(
        "promises.PromisePeriod",
        verbose_name=_("period"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="subscriptions",
    )
    partner = models.ForeignKey(
        "promises.Partner",
        verbose_name=_("partner"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="subscriptions",
    )
    promise = models.ForeignKey(
        "promises.Promise",
        verbose_name=_("promise"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="subscriptions",
    )
    created_at = models.DateTimeField(_("asked for"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    # The language of the page the resident subscribed on: their mails are written in it.
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["email", "pk"]
        verbose_name = _("e-mail subscription")
        verbose_name_plural = _("e-mail subscriptions")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(area__isnull=True)
                    & (
                        Q(period__isnull=False, partner__isnull=True, promise__isnull=True)
                        | Q(period__isnull=True, partner__isnull=False, promise__isnull=True)
                        | Q(period__isnull=True, partner__isnull=True, promise__isnull=False)
                    )
                    | Q(
                        area__isnull=False,
                        period__isnull=True,
                        partner__isnull=True,
                        promise__isnull=True,
                    )
                ),
                name="subscription_follows_one_thing",
            ),
            models.UniqueConstraint(
                fields=["email", "area"],
                condition=Q(area__isnull=False),
                name="one_subscription_per_address_and_area",
            ),
            models.UniqueConstraint(
                fields=["email", "period"],
                condition=Q(period__isnull=False),
                name="one_subscription_per_address_and_period",
            ),
            models.UniqueConstraint(
                fields=["email", "partner"],
                condition=Q(partner__isnull=False),
                name="one_subscription_per_address_and_partner",
            ),
            models.UniqueConstraint(
                fields=["email", "promise"],
                condition=Q(promise__isnull=False),
                name="one_subscription_per_address_and_promise",
            ),
        ]

    def __str__(self):
        return f"{self.email}: {self.followed}"

    def save(self, *args, **kwargs):
        self.email = normalise_address(self.email)
        self.address_key = address_key(self.email)
        super().save(*args, **kwargs)

    @property
    def followed(self):
        return self.area or self.period or self.partner or self.promise

    @property
    def followed_description(self) -> str:
        if self.area_id:
            return gettext("everything in the area %(area)s") % {"area": self.area}
        if self.period_id:
            return gettext("everything in %(period)s") % {"period": self.period}
        if self.partner_id:
            return gettext("everything %(partner)s promises") % {"partner": self.partner}
        # The description ends sentences ("… händer med {followed}."): the promise's own full
        # stop is dropped so the sentence's does not double it ("EPA-traktorer..").
        return gettext("promise %(number)s in %(period)s: %(text)s") % {
            "number": self.promise.position(),
            "period": self.promise.period,
            "text": without_full_stop(self.promise.text),
        }


class AlertEvent(models.Model):
    """Something residents may want to hear about: a follow-up (later an action's status or an
    indicator's value) was published. Its key makes one publication one event, however often
    the row is saved."""

    key = models.CharField(_("key"), max_length=200, unique=True)
    promise = models.ForeignKey(
        "promises.Promise",
        verbose_name=_("promise"),
        on_delete=models.CASCADE,
        related_name="alert_events",
    )
    headline = models.CharField(_("headline"), max_length=300)
    # The headline in each language offered when the news happened ({"en": "…"}); `headline`
    # is the Swedish one and the fallback.
    headlines = models.JSONField(_("headlines"), default=dict, blank=True)
    path = models.CharField(_("address"), max_length=500)
    happened_at = models.DateTimeField(_("happened"), default=timezone.now)

    class Meta:
        ordering = ["happened_at", "pk"]
        verbose_name = _("alert event")
        verbose_name_plural = _("alert events")

    def __str__(self):
        return self.headline


class AlertDelivery(models.Model):
    """One event waiting for (or included in) one address's daily digest."""

    email = models.EmailField(_("e-mail"), max_length=254, db_index=True)
    event = models.ForeignKey(AlertEvent, on_delete=models.CASCADE, related_name="deliveries")
    message = models.ForeignKey(
        "promises.OutgoingMessage",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deliveries",
    )

    class Meta:
        verbose_name = _("alert delivery")
        verbose_name_plural = _("alert deliveries")
        constraints = [
            models.UniqueConstraint(fields=["email", "event"], name="one_delivery_per_event")
        ]

    def __str__(self):
        return f"{self.email}: {self.event}"


class OutgoingMessage(models.Model):
    """A message in the outgoing queue, sent by `manage.py send_alerts` (never by a request).

    A worker claims a row for `CLAIM_SECONDS` before sending it, so two workers never send one
    message; a failed send is tried again later (`next_attempt_at`), never dropped. A sent row
    keeps no text and is deleted after two days: until then it is what says that an address
    has had today's digest.
    """

    class Kind(models.TextChoices):
        CONFIRMATION = "confirm", _("Confirmation")
        ALREADY = "already", _("Already subscribed")
        DIGEST = "digest", _("Digest")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    to_address = models.EmailField(_("to"), max_length=254, db_index=True)
    subscription = models.ForeignKey(
        Subscription,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="messages",
        help_text=_("The subscription a confirmation is for: deleted together."),
    )
    digest_day = models.DateField(_("digest of"), null=True, blank=True)
    subject = models.CharField(_("subject"), max_length=200)
    text_body = models.TextField(_("text"), blank=True)
    html_body = models.TextField(_("HTML"), blank=True)
    unsubscribe_url = models.CharField(_("unsubscribe address"), max_length=500)
    created_at = models.DateTimeField(_("queued"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    attempts = models.PositiveIntegerField(_("failed attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    claimed_by = models.CharField(_("claimed by"), max_length=40, blank=True)
    claimed_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["next_attempt_at", "pk"]
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")
        constraints = [
            models.UniqueConstraint(
                fields=["to_address", "digest_day"],
                condition=Q(kind="digest"),
                name="one_digest_per_address_and_day",
            )
        ]
        indexes = [models.Index(fields=["sent_at", "next_attempt_at"], name="outgoing_due")]

    def __str__(self):
        return f"{self.to_address}: {self.subject}"


class AlertPrivacy(RefusesControlCharacters, models.Model):
    """Who is responsible for the subscribers' addresses, as the subscribe page says it.

    One row, empty until the organisations fill it in: the page never names anyone we were
    not told about.
    """

    SINGLETON_PK = 1

    controller = models.TextField(
        _("who is responsible for the addresses"),
        blank=True,
        help_text=_(
            "The organisation responsible for the personal data (personuppgiftsansvarig) and "
            "how to reach it, for example about the right to access. Shown on the subscribe "
            "page when filled in."
        ),
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("e-mail alerts: privacy")
        verbose_name_plural = _("e-mail alerts: privacy")
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="alert_privacy_is_single"),
        ]

    def __str__(self):
        return gettext("Privacy text for e-mail alerts")

    def save(self, *args, **kwargs):
        self.pk = self.SINGLETON_PK
        super().save(*args, **kwargs)

    @classmethod
    def current(cls):
        return cls.objects.filter(pk=cls.SINGLETON_PK).first() or cls()
