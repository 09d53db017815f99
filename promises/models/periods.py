"""Promise periods, with the queries the public pages ask and the grouping of their promises."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .areas import Area, sole_area_id
from .control_characters import RefusesControlCharacters
from .partners import Partner
from .search_vectors import SearchVectorField


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


class PromisePeriod(RefusesControlCharacters, models.Model):
    """One medborgarlöfte: the promises of the partners for a stretch of time, with its texts."""

    class Status(models.TextChoices):
        UPCOMING = "upcoming", _("Not started yet")
        ONGOING = "ongoing", _("Ongoing")
        ENDED = "ended", _("Ended")

    area = models.ForeignKey(
        Area,
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        related_name="periods",
        default=sole_area_id,
        help_text=_("The area whose citizen promise this is."),
    )
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
    # The lägesbild and the goal are found as two results, each with its own vector.
    situation_vector = SearchVectorField()
    goal_vector = SearchVectorField()
    next_steps = models.TextField(
        _("what comes next"),
        blank=True,
        help_text=_(
            "Shown on the start page once the period has ended: what happens now, for example "
            "when the next citizen promise is expected. Only what is decided; leave it empty "
            "otherwise. Lists, links and emphasis as in the introduction."
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
        # Each promise's number ("löfte 3") is its place in the period's order, the same as
        # Promise.position() and the action plan's import give it, without a query each.
        for number, promise in enumerate(self.promises.all(), start=1):
            promise.number = number
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
