"""What became of the promises: focus areas, dated follow-ups with their status, and the
public definitions of the statuses."""

import uuid
from pathlib import PurePath

from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .control_characters import RefusesControlCharacters
from .files import validate_pdf
from .search_vectors import SearchVectorField


class FocusArea(RefusesControlCharacters, models.Model):
    """An area that the local lägesbild names as creating insecurity."""

    name = models.CharField(
        _("name"),
        max_length=200,
        unique=True,
        help_text=_("As the lägesbild words it, for example “droghandel”."),
    )
    slug = models.SlugField(
        _("web address"),
        max_length=80,
        unique=True,
        help_text=_(
            "Used in filter links, for example “droghandel”. Only lowercase letters a–z, "
            "digits and hyphens. Avoid changing it: shared links stop working."
        ),
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Focus areas are listed by this number, lowest first.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")

    def __str__(self):
        return self.name[:1].upper() + self.name[1:]


class FollowUpStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    PARTLY_DONE = "partly_done", _("Partly done")
    NOT_DONE = "not_done", _("Not done")
    UNCLEAR = "unclear", _("Unclear outcome")


# A promise with no published follow-up has this status in lists, filters and data.
NO_FOLLOW_UP = "no_follow_up"
NO_FOLLOW_UP_LABEL = _("No follow-up")
# A promise given together whose givers' latest statuses differ ("Så följer vi upp").
MIXED = "mixed"
MIXED_LABEL = _("Different for different partners")


def status_label(code) -> str:
    if code in (None, "", NO_FOLLOW_UP):
        return str(NO_FOLLOW_UP_LABEL)
    if code == MIXED:
        return str(MIXED_LABEL)
    if code not in FollowUpStatus.values:
        # No form stores one, but a backup, a migration or a shell can: every page and data
        # file must still answer (it made the start page, the data files and the feed 500).
        return str(FollowUpStatus.UNCLEAR.label)
    return str(FollowUpStatus(code).label)


def all_statuses():
    """Every status a promise can have, as (code, label), in the order pages show them."""
    return [*FollowUpStatus.choices, (MIXED, MIXED_LABEL), (NO_FOLLOW_UP, NO_FOLLOW_UP_LABEL)]


class FollowUpQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def public(self):
        """Published follow-ups of promises in published periods: what visitors may see."""
        return self.filter(is_published=True, promise__period__is_published=True)

    def with_details(self):
        return self.prefetch_related("figures", "links", "documents")

    def timeline_order(self):
        return self.order_by("-reported_on", "-pk")


class FollowUp(RefusesControlCharacters, models.Model):
    """A dated report on what was done with a promise, with the promise's status then."""

    promise = models.ForeignKey(
        "promises.Promise",
        on_delete=models.CASCADE,
        related_name="follow_ups",
        verbose_name=_("promise"),
    )
    reported_by = models.ForeignKey(
        "promises.Partner",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups_reported",
        verbose_name=_("reported by"),
        help_text=_(
            "The partner whose work the follow-up describes. On a promise given together, "
            "each giver reports its own status."
        ),
    )
    reported_on = models.DateField(
        _("date"),
        help_text=_(
            "The day the follow-up describes, for example the date of the report it comes "
            "from. The latest published follow-up decides the promise's status."
        ),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=FollowUpStatus,
        help_text=_("The promise's status according to this follow-up (see “Så följer vi upp”)."),
    )
    text = models.TextField(
        _("what was done"),
        help_text=_(
            "What was done, and what came of it. Only facts that a source supports. Separate "
            "paragraphs with an empty line; lists, links and emphasis as in the period texts."
        ),
    )
    is_published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_(
            "Only published follow-ups are shown to the public and count towards the status. "
            "Leave it unticked while the follow-up is a draft."
        ),
    )
    search_text = models.TextField(editable=False, blank=True, default="")
    search_vector = SearchVectorField()
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        ordering = ["-reported_on", "-pk"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        # The newest few of every area's follow-ups (the register's start page, the feed)
        # are read from the end of an index, not sorted from every row.
        indexes = [
            models.Index(fields=["reported_on", "id"], name="followup_timeline"),
            models.Index(fields=["updated_at"], name="followup_updated"),
            # Each giver's latest published report on a promise (`with_status()`, asked per
            # promise and giver on every list): found in the index, newest first, no sort.
            models.Index(
                fields=["promise", "reported_by", "is_published", "reported_on", "id"],
                name="followup_giver_latest",
            ),
        ]

    def __str__(self):
        return f"{self.reported_on:%Y-%m-%d} {self.get_status_display()}: {self.promise}"

    def save(self, *args, **kwargs):
        # A promise with one giver can only be reported by that giver (as migration 0014
        # did for older follow-ups); on a joint promise the reporter is never guessed.
        if self.reported_by_id is None and self.promise_id is not None:
            givers = list(self.promise.givers.values_list("pk", flat=True)[:2])
            if len(givers) == 1:
                self.reported_by_id = givers[0]
                if kwargs.get("update_fields") is not None:
                    kwargs["update_fields"] = {*kwargs["update_fields"], "reported_by"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"{self.promise.get_absolute_url()}#{self.anchor}"

    @property
    def anchor(self):
        return f"uppfoljning-{self.pk}"


class FollowUpFigure(RefusesControlCharacters, models.Model):
    """A number that a follow-up reports, e.g. "Genomförda hastighetskontroller: 40"."""

    follow_up = models.ForeignKey(
        FollowUp, on_delete=models.CASCADE, related_name="figures", verbose_name=_("follow-up")
    )
    label = models.CharField(
        _("what was counted"),
        max_length=200,
        help_text=_("For example “Genomförda hastighetskontroller”."),
    )
    value = models.CharField(
        _("figure"), max_length=60, help_text=_("The figure as the source gives it, e.g. “40”.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("figure")
        verbose_name_plural = _("figures")

    def __str__(self):
        return f"{self.label}: {self.value}"


web_address_validator = URLValidator(
    schemes=["http", "https"],
    message=_("Enter a web address that starts with http:// or https://."),
)


class FollowUpLink(RefusesControlCharacters, models.Model):
    """A public source the follow-up rests on: a report, a press release, a decision."""

    follow_up = models.ForeignKey(
        FollowUp, on_delete=models.CASCADE, related_name="links", verbose_name=_("follow-up")
    )
    title = models.CharField(
        _("link text"), max_length=200, help_text=_("What the source is, e.g. “Tertialrapport 2”.")
    )
    url = models.URLField(
        _("web address"),
        max_length=500,
        validators=[web_address_validator],
        help_text=_("Only addresses starting with http:// or https://."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("source link")
        verbose_name_plural = _("source links")
        constraints = [
            models.CheckConstraint(
                condition=Q(url__startswith="http://") | Q(url__startswith="https://"),
                name="follow_up_link_is_http",
                violation_error_message=_(
                    "Enter a web address that starts with http:// or https://."
                ),
            )
        ]

    def __str__(self):
        return self.title


def document_path(instance, filename):
    # An unguessable name: a draft's document is not found by trying addresses.
    return f"uppfoljningar/{uuid.uuid4().hex}/{PurePath(filename).name}"


class FollowUpDocument(RefusesControlCharacters, models.Model):
    """An attached PDF, e.g. the report the follow-up comes from."""

    follow_up = models.ForeignKey(
        FollowUp, on_delete=models.CASCADE, related_name="documents", verbose_name=_("follow-up")
    )
    title = models.CharField(
        _("title"), max_length=200, help_text=_("What the document is, e.g. “Årsrapport 2023”.")
    )
    file = models.FileField(
        _("PDF file"),
        upload_to=document_path,
        max_length=300,
        validators=[validate_pdf],
        help_text=_("A PDF file of at most 10 MB."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self):
        return self.title


class StatusDefinition(RefusesControlCharacters, models.Model):
    """What a status means, shown on the public page “Så följer vi upp”."""

    status = models.CharField(_("status"), max_length=20, choices=FollowUpStatus, unique=True)
    definition = models.TextField(
        _("definition"),
        help_text=_("When a promise gets this status, in plain words for residents."),
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("status definition")
        verbose_name_plural = _("status definitions")

    def __str__(self):
        return self.get_status_display()

    @property
    def order(self):
        return list(FollowUpStatus.values).index(self.status)
