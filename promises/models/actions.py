"""What is being done for a promise: actions (åtgärder) with their responsible partner, dates,
traffic-light status and dated progress notes, as in Brå's template for an åtgärdsplan."""

import re
import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .control_characters import RefusesControlCharacters
from .follow_ups import web_address_validator
from .search_vectors import SearchVectorField


class ActionStatus(models.TextChoices):
    """Brå's traffic light. The code is the colour, the label says what the colour means,
    so no one has to read colour alone (docs/redaktorer.md "Åtgärder och indikatorer")."""

    GREEN = "gron", _("On track")
    YELLOW = "gul", _("At risk of delay")
    RED = "rod", _("Delayed")


# An action whose status is empty has not been assessed yet.
NOT_ASSESSED_LABEL = _("Not assessed yet")

# "förnamn.efternamn@…": a personal address stops working when that person leaves, so the
# admin warns (without refusing: some shared addresses look like this too).
PERSONAL_ADDRESS = re.compile(r"(?<![\w.])[^\W\d_]+\.[^\W\d_]+(?:-[^\W\d_]+)?@", re.UNICODE)


def looks_personal(contact: str) -> bool:
    return bool(PERSONAL_ADDRESS.search(contact or ""))


def new_action_key() -> str:
    return uuid.uuid4().hex[:12]


class ActionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def public(self):
        """Published actions of promises in published periods: what visitors may see."""
        return self.filter(is_published=True, promise__period__is_published=True)


class Action(RefusesControlCharacters, models.Model):
    """One thing that will be done for a promise, by one responsible partner."""

    promise = models.ForeignKey(
        "promises.Promise",
        on_delete=models.CASCADE,
        related_name="actions",
        verbose_name=_("promise"),
    )
    title = models.TextField(
        _("action"),
        help_text=_("What will be done, e.g. “Trygghetsvandringar i centrum varje höst”."),
    )
    goal = models.TextField(
        _("operational goal"),
        blank=True,
        help_text=_("What the action should achieve, measurable where possible."),
    )
    starts_on = models.DateField(_("start"), null=True, blank=True)
    ends_on = models.DateField(_("end"), null=True, blank=True)
    recurrence = models.CharField(
        _("recurring"),
        max_length=120,
        blank=True,
        help_text=_("For a recurring action instead of dates, e.g. “Varje termin”."),
    )
    responsible = models.ForeignKey(
        "promises.Partner",
        on_delete=models.PROTECT,
        related_name="actions_responsible",
        verbose_name=_("responsible"),
    )
    contact = models.CharField(
        _("contact"),
        max_length=200,
        blank=True,
        help_text=_(
            "A function or shared address, e.g. “Trygghetssamordnare, trygghet@kommun.se”. "
            "Not a personal e-mail address: it stops working when the person leaves."
        ),
    )
    status = models.CharField(
        _("status"),
        max_length=4,
        choices=ActionStatus,
        blank=True,
        help_text=_("Brå's traffic light. Leave it empty while the action is not assessed."),
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (per cent)"),
        null=True,
        blank=True,
        help_text=_("Optional, 0–100."),
    )
    key = models.SlugField(
        _("key"),
        max_length=80,
        unique=True,
        blank=True,
        default=new_action_key,
        help_text=_(
            "A stable key that an imported spreadsheet uses to update this action (“Nyckel”). "
            "Left empty, one is made."
        ),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Only published actions are shown to the public. Leave unticked for a draft."),
    )
    search_text = models.TextField(editable=False, blank=True, default="")
    search_vector = SearchVectorField()
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["promise", "order", "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        # The feed's newest changes are read from the end of an index, not sorted from every
        # action of the register.
        indexes = [models.Index(fields=["updated_at"], name="action_updated")]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__isnull=True) | Q(progress__gte=0, progress__lte=100),
                name="action_progress_is_a_percentage",
                violation_error_message=_("Progress is a percentage from 0 to 100."),
            ),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="action_ends_after_it_starts",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]

    def __str__(self):
        return self.title if len(self.title) <= 80 else self.title[:79] + "…"

    def save(self, *args, **kwargs):
        if not self.key:
            self.key = new_action_key()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"{self.promise.get_absolute_url()}#{self.anchor}"

    @property
    def anchor(self):
        return f"atgard-{self.pk}"

    @property
    def status_label(self):
        return self.get_status_display() if self.status else NOT_ASSESSED_LABEL

    @property
    def status_code(self):
        return self.status or "ej-bedomd"


class ActionNote(RefusesControlCharacters, models.Model):
    """A dated note on how the action is going, with the source it rests on."""

    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, related_name="notes", verbose_name=_("action")
    )
    noted_on = models.DateField(_("date"))
    text = models.TextField(_("progress"))
    source_title = models.CharField(_("source"), max_length=200, blank=True)
    source_url = models.URLField(
        _("source address"),
        max_length=500,
        blank=True,
        validators=[web_address_validator],
        help_text=_("Only addresses starting with http:// or https://."),
    )

    class Meta:
        ordering = ["-noted_on", "-pk"]
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")
        constraints = [
            models.CheckConstraint(
                condition=Q(source_url="")
                | Q(source_url__startswith="http://")
                | Q(source_url__startswith="https://"),
                name="action_note_source_is_http",
                violation_error_message=_(
                    "Enter a web address that starts with http:// or https://."
                ),
            )
        ]

    def __str__(self):
        return f"{self.noted_on:%Y-%m-%d}: {self.text[:60]}"
