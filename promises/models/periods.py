"""The domain: partners who give promises, promise periods and the promises themselves."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Partner(models.Model):
    """An organisation that stands behind a citizen promise: the police area or a municipality."""

    class Kind(models.TextChoices):
        POLICE_AREA = "police_area", _("Police area")
        MUNICIPALITY = "municipality", _("Municipality")

    name = models.CharField(
        _("name"),
        max_length=120,
        unique=True,
        help_text=_("The organisation's full name, for example “Tjörns kommun”."),
    )
    slug = models.SlugField(
        _("web address"),
        max_length=120,
        unique=True,
        help_text=_(
            "The last part of the partner's web address, for example “tjorns-kommun”. "
            "Only lowercase letters a–z, digits and hyphens. Avoid changing it: "
            "links that others have shared stop working."
        ),
    )
    kind = models.CharField(
        _("kind of organisation"),
        max_length=20,
        choices=Kind,
        help_text=_(
            "Decides which list the partner's promises appear in: the police's or the "
            "municipalities'."
        ),
    )
    representative_name = models.CharField(
        _("representative"),
        max_length=120,
        blank=True,
        help_text=_("The person who signed the promise for the organisation."),
    )
    representative_title = models.CharField(
        _("representative's title"),
        max_length=160,
        blank=True,
        help_text=_("Shown after the name, for example “kommundirektör Tjörns kommun”."),
    )
    order = models.PositiveSmallIntegerField(
        _("order"),
        default=0,
        help_text=_("Partners are listed by this number, lowest first."),
    )
    editor_group = models.OneToOneField(
        "auth.Group",
        verbose_name=_("editor group"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="partner",
        help_text=_("Members of this group edit the partner's details and promises."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("promises:partner_detail", kwargs={"slug": self.slug})

    @property
    def is_police(self):
        return self.kind == self.Kind.POLICE_AREA

    @property
    def representative(self):
        """Name and title as one line, the way the photo caption names people."""
        return ", ".join(
            part for part in (self.representative_name, self.representative_title) if part
        )


class PromisePeriodQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def visible_to(self, user):
        """Published periods for everyone; staff who may view periods also see drafts."""
        if user.is_active and user.is_staff and user.has_perm("promises.view_promiseperiod"):
            return self.all()
        return self.published()

    def current_or_latest(self, today=None):
        """The period in force today, else the latest that has started, else the next one."""
        today = today or timezone.localdate()
        current = self.filter(starts_on__lte=today, ends_on__gte=today).order_by("-starts_on")
        started = self.filter(starts_on__lte=today).order_by("-ends_on", "-starts_on")
        upcoming = self.filter(starts_on__gt=today).order_by("starts_on")
        return current.first() or started.first() or upcoming.first()

    def touch(self):
        """Mark content as changed now, so "Senast uppdaterad" and caches follow every edit."""
        return self.update(updated_at=timezone.now())


class PromisePeriod(models.Model):
    """One medborgarlöfte: the promises of the partners for a stretch of time, with its texts."""

    class Status(models.TextChoices):
        UPCOMING = "upcoming", _("Not started yet")
        ONGOING = "ongoing", _("Ongoing")
        ENDED = "ended", _("Ended")

    title = models.CharField(
        _("title"),
        max_length=200,
        help_text=_("The page's main heading, for example “Medborgarlöfte 2023-2024”."),
    )
    slug = models.SlugField(
        _("web address"),
        max_length=60,
        unique=True,
        help_text=_(
            "The last part of the page's web address, for example “2023-2024”. Avoid changing "
            "it once the page is published: links that others have shared stop working."
        ),
    )
    starts_on = models.DateField(
        _("valid from"),
        help_text=_("First day the promises apply. Shown in the sentence before the lists."),
    )
    ends_on = models.DateField(
        _("valid until"),
        help_text=_("Last day the promises apply. Decides whether the page says it has ended."),
    )
    partners = models.ManyToManyField(
        Partner,
        verbose_name=_("partners"),
        related_name="periods",
        blank=True,
        help_text=_("The organisations behind this citizen promise, shown at the end of the page."),
    )
    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_(
            "Shown under the heading. Separate paragraphs with an empty line. Write a list "
            "with “- ” at the start of each line, a link as [text](https://…), **bold** and "
            "*italics*. HTML code is shown as typed, never interpreted."
        ),
    )
    promises_heading = models.CharField(
        _("heading for the promises"),
        max_length=200,
        default="Det här lovar vi",
        help_text=_("Heading above the lists of promises."),
    )
    situation_heading = models.CharField(
        _("heading for the local situation"),
        max_length=200,
        blank=True,
        help_text=_("Heading of the section about the local lägesbild (the local situation)."),
    )
    situation_text = models.TextField(
        _("text about the local situation"),
        blank=True,
        help_text=_(
            "Why these promises were chosen. Separate paragraphs with an empty line; lists, "
            "links and emphasis as in the introduction. The section is hidden when both "
            "heading and text are empty."
        ),
    )
    goal_heading = models.CharField(
        _("heading for the goal"),
        max_length=200,
        blank=True,
        help_text=_("Heading of the section about the shared goal, for example “Målet”."),
    )
    goal_text = models.TextField(
        _("text about the goal"),
        blank=True,
        help_text=_(
            "Separate paragraphs with an empty line; lists, links and emphasis as in the "
            "introduction."
        ),
    )
    photo = models.ImageField(
        _("photo"),
        upload_to="periods/",
        blank=True,
        help_text=_(
            "Optional. JPEG, PNG or WebP, at most 15 MB. Shown under the introduction, "
            "scaled down to at most 1600 pixels wide. Requires an image description."
        ),
    )
    photo_alt = models.CharField(
        _("image description"),
        max_length=300,
        blank=True,
        help_text=_(
            "Describes the photo for people who cannot see it, for example "
            "“Fyra personer står utanför kommunhuset”. Required when there is a photo."
        ),
    )
    photo_caption = models.CharField(
        _("photo caption"),
        max_length=500,
        blank=True,
        help_text=_("Shown under the photo. Only shown when there is a photo."),
    )
    is_published = models.BooleanField(
        _("published"),
        default=False,
        editable=False,
        help_text=_(
            "Only published periods are shown to the public. Staff can preview a draft with "
            "the “Visa på webbplatsen” button. Publish and unpublish with the buttons."
        ),
    )
    # The day the organisations published the citizen promise, which only they know. The site
    # never guesses it (the day a period is published here, or a migration ran, is not it).
    published_on = models.DateField(
        _("publication date"),
        null=True,
        blank=True,
        help_text=_(
            "The day the police and the municipalities published this citizen promise. Shown "
            "as “Publicerad” on the page; leave it empty while the date is not known, and the "
            "line is left out. “Senast uppdaterad” follows every change by itself."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(
        _("last changed"),
        auto_now=True,
        help_text=_("Changes whenever the period, its promises or its partners change."),
    )

    objects = PromisePeriodQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("promise period")
        verbose_name_plural = _("promise periods")
        permissions = [("publish_promiseperiod", _("Can publish and unpublish promise periods"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__lte=models.F("ends_on")),
                name="period_starts_before_it_ends",
                violation_error_message=_("The period must start before it ends."),
            ),
            models.CheckConstraint(
                condition=Q(photo="") | ~Q(photo_alt=""),
                name="period_photo_has_description",
                violation_error_message=_("A photo needs an image description."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("promises:period_detail", kwargs={"slug": self.slug})

    def publish(self):
        self.is_published = True
        self.save()

    def unpublish(self):
        self.is_published = False
        self.save()

    def clean(self):
        super().clean()
        if self.photo and not self.photo_alt.strip():
            raise ValidationError(
                {"photo_alt": _("Describe the photo for people who cannot see it.")}
            )

    def status(self, today=None):
        today = today or timezone.localdate()
        if today < self.starts_on:
            return self.Status.UPCOMING
        if today > self.ends_on:
            return self.Status.ENDED
        return self.Status.ONGOING

    def status_label(self, today=None):
        return self.Status(self.status(today)).label

    def status_sentence(self, today=None):
        """The period's status in one plain sentence for residents."""
        dates = {"start": swedish_date(self.starts_on), "end": swedish_date(self.ends_on)}
        status = self.status(today)
        if status == self.Status.UPCOMING:
            return (
                gettext("The promises apply from %(start)s to %(end)s. They have not started yet.")
                % dates
            )
        if status == self.Status.ENDED:
            return (
                gettext("The period has ended. The promises applied from %(start)s to %(end)s.")
                % dates
            )
        return gettext("The promises apply now, from %(start)s to %(end)s.") % dates

    def promise_groups(self):
        """The promises split into the police's, the municipalities' and joint ones.

        Each group has its own lead sentence; the first names the period's dates, like the
        original page does ("Under tiden 1 januari 2023 - 31 december 2024 lovar polisen att:").
        """
        buckets = {kind: [] for kind in PromiseGroup.ORDER}
        for promise in self.promises.all():
            buckets[promise.giver_group].append(promise)
        groups = [PromiseGroup(kind, promises) for kind, promises in buckets.items() if promises]
        for group in groups:
            group.mark_partial_givers()
        for index, group in enumerate(groups):
            group.lead = group.lead_sentence(self, first=index == 0)
        return groups

    @property
    def photo_is_shown(self):
        # A row can name a file the storage lacks (content restored from a backup without
        # its media): leave the photo out rather than fail to read its size.
        return bool(self.photo and self.photo_alt and self.photo.storage.exists(self.photo.name))


def swedish_date(day: datetime.date) -> str:
    """A date as residents write it: "1 januari 2023"."""
    return date_format(day, "j F Y")


class PromiseGroup:
    """The promises of one kind of giver within a period, under one lead sentence."""

    POLICE = "police"
    MUNICIPALITIES = "municipalities"
    JOINT = "joint"
    ORDER = (POLICE, MUNICIPALITIES, JOINT)
    ANCHORS = {POLICE: "polisen-lovar", MUNICIPALITIES: "kommunerna-lovar", JOINT: "tillsammans"}

    def __init__(self, kind, promises):
        self.kind = kind
        self.promises = promises
        self.lead = ""
        self.anchor = self.ANCHORS[kind]

    def mark_partial_givers(self):
        """Name the givers of a promise that only some of the group's partners give."""
        all_givers = {giver for promise in self.promises for giver in promise.givers.all()}
        for promise in self.promises:
            givers = list(promise.givers.all())
            promise.partial_givers = [] if set(givers) == all_givers else [g.name for g in givers]

    def lead_sentence(self, period, first):
        subject = {
            self.POLICE: gettext("the police"),
            self.MUNICIPALITIES: gettext("the municipalities"),
            self.JOINT: gettext("the police and the municipalities together"),
        }[self.kind]
        if first:
            return gettext("During %(start)s - %(end)s %(subject)s promise to:") % {
                "start": swedish_date(period.starts_on),
                "end": swedish_date(period.ends_on),
                "subject": subject,
            }
        return gettext("During the same period %(subject)s promise to:") % {"subject": subject}


class PromiseQuerySet(models.QuerySet):
    def public(self):
        return self.filter(period__is_published=True)

    def with_givers(self):
        return self.prefetch_related("givers")

    def with_status(self):
        """Annotate each promise with its latest published follow-up's status and date.

        `current_status` is "no_follow_up" when nothing is published; one query for any
        number of promises.
        """
        from .outcomes import NO_FOLLOW_UP, FollowUp

        latest = FollowUp.objects.published().filter(promise=OuterRef("pk")).timeline_order()
        return self.annotate(
            current_status=Coalesce(
                Subquery(latest.values("status")[:1]),
                Value(NO_FOLLOW_UP),
                output_field=models.CharField(),
            ),
            status_reported_on=Subquery(latest.values("reported_on")[:1]),
        )

    def given_by(self, partners):
        """Promises that any of these partners gives (each promise once)."""
        through = Promise.givers.through.objects.filter(partner__in=partners)
        return self.filter(pk__in=through.values("promise_id"))


class Promise(models.Model):
    """One thing a partner, or several together, promised to do during a period."""

    period = models.ForeignKey(
        PromisePeriod,
        on_delete=models.CASCADE,
        related_name="promises",
        verbose_name=_("promise period"),
    )
    text = models.TextField(
        _("promise"),
        help_text=_(
            "What is promised, written so it continues the sentence “… lovar polisen att:”, "
            "for example “Fokusera och prioritera särskilt utsatta brottsoffer.”"
        ),
    )
    givers = models.ManyToManyField(
        Partner,
        verbose_name=_("given by"),
        related_name="promises_given",
        help_text=_(
            "Who gives the promise. Choose the police area for the police's list, or one or "
            "more municipalities for the municipalities' list."
        ),
    )
    order = models.PositiveIntegerField(
        _("order"),
        default=0,
        help_text=_("The promises are listed by this number, lowest first."),
    )
    focus_areas = models.ManyToManyField(
        "promises.FocusArea",
        verbose_name=_("focus areas"),
        related_name="promises",
        blank=True,
        help_text=_(
            "The areas of the lägesbild that the promise works on. Residents filter the "
            "promises by them."
        ),
    )
    search_text = models.TextField(editable=False, blank=True, default="")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = PromiseQuerySet.as_manager()

    class Meta:
        ordering = ["period", "order", "pk"]
        verbose_name = _("promise")
        verbose_name_plural = _("promises")

    def __str__(self):
        return self.text if len(self.text) <= 80 else self.text[:79] + "…"

    def get_absolute_url(self):
        return reverse("promises:promise_detail", kwargs={"slug": self.period.slug, "pk": self.pk})

    @property
    def anchor(self):
        """The promise's fragment on its period's page, which stays valid as a link too."""
        return f"lofte-{self.pk}"

    def position(self):
        """The promise's number in its period's list, counting from 1."""
        earlier = Q(order__lt=self.order) | Q(order=self.order, pk__lt=self.pk)
        return self.period.promises.filter(earlier).count() + 1

    @property
    def status(self):
        """The code of the current status; annotated by `with_status()`, else looked up."""
        if not hasattr(self, "current_status"):
            annotated = Promise.objects.with_status().filter(pk=self.pk)
            self.current_status = annotated.values_list("current_status", flat=True).first()
        return self.current_status

    @property
    def status_label(self):
        from .outcomes import status_label

        return status_label(self.status)

    @property
    def giver_group(self):
        kinds = {giver.kind for giver in self.givers.all()}
        if kinds == {Partner.Kind.POLICE_AREA}:
            return PromiseGroup.POLICE
        if kinds == {Partner.Kind.MUNICIPALITY}:
            return PromiseGroup.MUNICIPALITIES
        return PromiseGroup.JOINT


class ContentStamp(models.Model):
    """One row holding when any public content last changed.

    HTTP validators (ETag, Last-Modified) and cached pages key on this moment, so it must
    move on every save and every delete, which per-object `updated_at` fields cannot show.
    """

    changed_at = models.DateTimeField(_("content last changed"))

    class Meta:
        verbose_name = _("content stamp")
        verbose_name_plural = _("content stamps")

    def __str__(self):
        return self.changed_at.isoformat()


# The follow-up models live in their own module; importing them here makes them the app's.
from .outcomes import (  # noqa: E402
    FocusArea,
    FollowUp,
    FollowUpDocument,
    FollowUpFigure,
    FollowUpLink,
    FollowUpStatus,
    StatusDefinition,
)

__all__ = [
    "ContentStamp",
    "FocusArea",
    "FollowUp",
    "FollowUpDocument",
    "FollowUpFigure",
    "FollowUpLink",
    "FollowUpStatus",
    "Partner",
    "Promise",
    "PromisePeriod",
    "StatusDefinition",
]


def _register_scopes():
    from .roles import register_scope

    register_scope(Partner, "pk", delete_needs_every_owner=True)
    # A joint promise belongs to each of its givers: any of their editors may change it.
    register_scope(Promise, "givers")
    # A partner's editors report on the promises that partner gives.
    register_scope(FollowUp, "promise__givers")


_register_scopes()


class AccessibilityStatement(models.Model):
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


class AccessibilityReport(models.Model):
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


# Swedish alphabetical order: å, ä and ö come after z, and case does not matter.
_SWEDISH_ORDER = str.maketrans({"å": "{", "ä": "|", "ö": "}", "é": "e", "ü": "y"})


def swedish_sort_key(text: str) -> str:
    return text.casefold().translate(_SWEDISH_ORDER)


class GlossaryTermQuerySet(models.QuerySet):
    def alphabetical(self):
        return sorted(self, key=lambda term: swedish_sort_key(term.term))


class GlossaryTerm(models.Model):
    """A word residents may not know, explained in plain Swedish on the glossary page."""

    term = models.CharField(
        _("word"), max_length=100, unique=True, help_text=_("For example “lägesbild”.")
    )
    slug = models.SlugField(
        _("web address"),
        max_length=100,
        unique=True,
        help_text=_(
            "Used to link straight to the explanation: /ordlista/#<web address>. Only "
            "lowercase letters a–z, digits and hyphens."
        ),
    )
    definition = models.TextField(
        _("explanation"),
        help_text=_(
            "Plain Swedish that someone who has never heard the word understands. Separate "
            "paragraphs with an empty line."
        ),
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = GlossaryTermQuerySet.as_manager()

    class Meta:
        ordering = ["term"]
        verbose_name = _("glossary word")
        verbose_name_plural = _("glossary")

    def __str__(self):
        return self.term
