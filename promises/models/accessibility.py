"""The accessibility statement and the reports residents send about accessibility problems."""

import datetime

from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .control_characters import RefusesControlCharacters
from .mail_addresses import RefusesInternalAddresses


class AccessibilityStatement(RefusesControlCharacters, RefusesInternalAddresses, models.Model):
    """The site's tillgänglighetsredogörelse: one row that editors keep up to date.

    The parts the law fixes (the compliance sentences, how to complain to Digg) live in the
    template; what only the organisations can know (their gaps, contacts, dates) lives here.
    """

    class Compliance(models.TextChoices):
        FULLY = "fully", _("Fully compliant")
        PARTLY = "partly", _("Partly compliant")
        NOT = "not", _("Not compliant")

    SINGLETON_PK = 1

    service_name = models.CharField(
        _("name of the service"),
        max_length=200,
        help_text=_("The website's name as the statement names it."),
    )
    organisations = models.TextField(
        _("responsible organisations"),
        help_text=_("Who is responsible for the website. Separate paragraphs with an empty line."),
    )
    compliance = models.CharField(
        _("compliance with the law"),
        max_length=10,
        choices=Compliance,
        default=Compliance.PARTLY,
        help_text=_(
            "How well the website meets the law on accessibility to digital public services "
            "(WCAG 2.1 level AA). Choose “fully” only when no gaps are known."
        ),
    )
    gaps = models.TextField(
        _("known gaps"),
        blank=True,
        help_text=_(
            "What does not work for everyone yet, and why. Separate paragraphs with an empty "
            "line. Leave empty when there are no known gaps."
        ),
    )
    assessment = models.TextField(
        _("how the website was assessed"),
        help_text=_("Who assessed the website and how. Separate paragraphs with an empty line."),
    )
    assessed_on = models.DateField(
        _("last assessed"),
        null=True,
        blank=True,
        help_text=_("The day the website was last assessed. Shown when filled in."),
    )
    contact_email = models.EmailField(
        _("e-mail for accessibility questions"),
        blank=True,
        help_text=_(
            "Where residents can report problems or ask for content in another format. "
            "Shown when filled in."
        ),
    )
    contact_phone = models.CharField(
        _("telephone for accessibility questions"),
        max_length=40,
        blank=True,
        help_text=_("Shown when filled in, for example “0303-73 00 00”."),
    )
    response_time = models.CharField(
        _("how soon we answer"),
        max_length=200,
        blank=True,
        help_text=_(
            "A sentence residents can rely on, for example “Vi svarar inom fem arbetsdagar.” "
            "Shown when filled in."
        ),
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("accessibility statement")
        verbose_name_plural = _("accessibility statement")
        constraints = [
            models.CheckConstraint(
                condition=Q(pk=1),
                name="accessibility_statement_is_single",
                violation_error_message=_("There is only one accessibility statement."),
            ),
        ]

    def __str__(self):
        return gettext("Accessibility statement")

    def save(self, *args, **kwargs):
        self.pk = self.SINGLETON_PK
        super().save(*args, **kwargs)

    @classmethod
    def current(cls):
        """The statement; the data migration creates it, so it is missing only in odd cases."""
        return cls.objects.filter(pk=cls.SINGLETON_PK).first()


class AccessibilityReport(RefusesControlCharacters, RefusesInternalAddresses, models.Model):
    """A resident's report of an accessibility problem, or a request for another format."""

    class Kind(models.TextChoices):
        PROBLEM = "problem", _("Something on the website does not work for me")
        OTHER_FORMAT = "format", _("I want content in another format")

    kind = models.CharField(
        _("what it is about"), max_length=10, choices=Kind, default=Kind.PROBLEM
    )
    page = models.CharField(
        _("page"),
        max_length=500,
        blank=True,
        help_text=_("The page's address or name, if it concerns one page."),
    )
    message = models.TextField(
        _("message"),
        max_length=5000,
        help_text=_("Describe the problem, or which content you want and in what format."),
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(
        _("e-mail"),
        blank=True,
        help_text=_("Fill in if you want an answer. We use it only to answer you."),
    )
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    is_handled = models.BooleanField(
        _("handled"), default=False, help_text=_("Tick when the report has been dealt with.")
    )
    staff_notes = models.TextField(
        _("notes for staff"), blank=True, help_text=_("Only staff see these notes.")
    )

    class Meta:
        ordering = ["is_handled", "-received_at"]
        verbose_name = _("accessibility report")
        verbose_name_plural = _("accessibility reports")

    def __str__(self):
        return Truncator(self.message).chars(60)


class UsedReportTokenQuerySet(models.QuerySet):
    def claim(self, nonce: str, usable_until: datetime.datetime) -> bool:
        """True for the first claim of a nonce, from any process; False ever after."""
        self.filter(usable_until__lt=timezone.now()).delete()
        try:
            # A savepoint, so a refused claim leaves any surrounding transaction usable.
            with transaction.atomic():
                self.create(nonce=nonce, usable_until=usable_until)
        except IntegrityError:
            return False
        return True


class UsedReportToken(models.Model):
    """A report form's token that has stored its report: one report per rendered form.

    Holds only the token's random nonce, for as long as the token could be posted (a day); the
    unique constraint makes the rule hold across every process and machine.
    """

    nonce = models.CharField(_("nonce"), max_length=64, unique=True)
    usable_until = models.DateTimeField(_("usable until"), db_index=True)

    objects = UsedReportTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("used report token")
        verbose_name_plural = _("used report tokens")

    def __str__(self):
        return self.nonce


class ReportCountQuerySet(models.QuerySet):
    def add_one(self, key: str, hour: int) -> int:
        """Count one more for `key` in `hour` and return the new count, atomically.

        An UPDATE with F() adds in the database, so posts answered by different processes
        at the same moment cannot both read 4 and write 5; the unique constraint turns two
        first posts of an hour into one row.
        """
        row = self.filter(key=key, hour=hour)
        with transaction.atomic():
            if not row.update(count=F("count") + 1):
                try:
                    with transaction.atomic():
                        self.create(key=key, hour=hour, count=1)
                    return 1
                except IntegrityError:
                    row.update(count=F("count") + 1)
            return row.values_list("count", flat=True).get()

    def take_one_back(self, key: str, hour: int) -> None:
        """Undo one `add_one`, in the database as well, never below zero."""
        self.filter(key=key, hour=hour, count__gt=0).update(count=F("count") - 1)

    def count_for(self, key: str, hour: int) -> int:
        return self.filter(key=key, hour=hour).values_list("count", flat=True).first() or 0

    def forget_before(self, hour: int) -> None:
        """Delete the counts of hours that have ended: nothing is kept past its hour."""
        self.filter(hour__lt=hour).delete()


class ReportCount(models.Model):
    """How many posts or stored reports one address, or the whole site, made in one hour.

    The report form's limits (promises/report_guard.py) are counted here, in the database, so
    they hold whichever process or machine answers. An address is kept only as a keyed hash,
    and a row only for its own clock hour.
    """

    key = models.CharField(_("counted"), max_length=80)
    hour = models.PositiveIntegerField(_("hour"), help_text=_("Hours since 1970 (UTC)."))
    count = models.PositiveIntegerField(_("count"), default=0)

    objects = ReportCountQuerySet.as_manager()

    class Meta:
        verbose_name = _("report count")
        verbose_name_plural = _("report counts")
        constraints = [
            models.UniqueConstraint(
                fields=["key", "hour"], name="one_report_count_per_key_and_hour"
            )
        ]
        indexes = [models.Index(fields=["hour"], name="report_count_hour")]

    def __str__(self):
        return f"{self.key} {self.hour}: {self.count}"
