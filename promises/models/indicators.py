"""How a promise's outcome is measured: indicators with a baseline, a target and dated values,
and the verdict in words that the data and the dates support."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from .control_characters import RefusesControlCharacters
from .follow_ups import web_address_validator
from .search_vectors import SearchVectorField


class Direction(models.TextChoices):
    UP = "oka", _("increase")
    DOWN = "minska", _("decrease")


class Verdict(models.TextChoices):
    MET = "uppnatt", _("Target met")
    ON_TRACK = "i-fas", _("On track to meet the target")
    BEHIND = "efter", _("Behind the pace needed to meet the target")
    MISSED = "missat", _("Target missed")
    NO_PACE = "utan-takt", _("Measured, but without a baseline the pace cannot be judged")
    NO_DATA = "ingen-matning", _("No measurement yet")


@dataclass(frozen=True)
class Point:
    on: datetime.date
    value: Decimal


def reaches(value, target, direction) -> bool:
    return value >= target if direction == Direction.UP else value <= target


def expected_value(baseline: Point, target: Point, on: datetime.date) -> Decimal:
    """The value a straight line from baseline to target has reached on a day."""
    span = (target.on - baseline.on).days
    if span <= 0 or on >= target.on:
        return target.value
    if on <= baseline.on:
        return baseline.value
    share = Decimal((on - baseline.on).days) / Decimal(span)
    return baseline.value + (target.value - baseline.value) * share


def verdict(measurements, baseline, target, direction, today) -> Verdict:
    """The verdict for measured `Point`s against `target`, never one that the data lacks.

    Met: the latest measurement reaches the target. Missed: the target date has passed and it
    does not. On track: before the target date, the latest measurement is at least where a
    straight line from the baseline to the target would be on its day; behind otherwise.
    """
    if not measurements:
        return Verdict.NO_DATA
    latest = max(measurements, key=lambda point: point.on)
    if reaches(latest.value, target.value, direction):
        return Verdict.MET
    if today > target.on:
        return Verdict.MISSED
    if baseline is None:
        return Verdict.NO_PACE
    expected = expected_value(baseline, target, latest.on)
    return Verdict.ON_TRACK if reaches(latest.value, expected, direction) else Verdict.BEHIND


class IndicatorQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_published=True, promise__period__is_published=True)


class Indicator(RefusesControlCharacters, models.Model):
    """A named measure of a promise's outcome, with its baseline and its target."""

    promise = models.ForeignKey(
        "promises.Promise",
        on_delete=models.CASCADE,
        related_name="indicators",
        verbose_name=_("promise"),
    )
    name = models.CharField(_("indicator"), max_length=200)
    unit = models.CharField(_("unit"), max_length=60, help_text=_("E.g. “antal”, “procent”."))
    baseline_value = models.DecimalField(
        _("baseline"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    baseline_on = models.DateField(_("baseline date"), null=True, blank=True)
    baseline_source = models.CharField(_("baseline source"), max_length=300, blank=True)
    target_value = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    target_on = models.DateField(_("target date"))
    direction = models.CharField(_("direction"), max_length=6, choices=Direction)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_published = models.BooleanField(_("published"), default=False)
    search_vector = SearchVectorField()
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["promise", "order", "pk"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(baseline_value__isnull=True, baseline_on__isnull=True)
                | models.Q(baseline_value__isnull=False, baseline_on__isnull=False),
                name="indicator_baseline_has_value_and_date",
                violation_error_message=_("A baseline needs both a value and a date."),
            )
        ]

    def __str__(self):
        return self.name

    @property
    def anchor(self):
        return f"indikator-{self.pk}"

    @property
    def baseline(self):
        if self.baseline_value is None or self.baseline_on is None:
            return None
        return Point(self.baseline_on, self.baseline_value)

    @property
    def target(self):
        return Point(self.target_on, self.target_value)

    def points(self):
        """The measured values, oldest first (uses prefetched `values` when present)."""
        return [Point(v.measured_on, v.value) for v in sorted(self.values.all(), key=_by_day)]

    def verdict(self, today=None):
        from django.utils import timezone

        today = today or timezone.localdate()
        return verdict(self.points(), self.baseline, self.target, self.direction, today)


def _by_day(value):
    return (value.measured_on, value.pk or 0)


class IndicatorValue(RefusesControlCharacters, models.Model):
    """One dated measurement of an indicator, with its source."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="values", verbose_name=_("indicator")
    )
    measured_on = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    source_title = models.CharField(_("source"), max_length=200)
    source_url = models.URLField(
        _("source address"), max_length=500, blank=True, validators=[web_address_validator]
    )

    class Meta:
        ordering = ["measured_on", "pk"]
        verbose_name = _("measured value")
        verbose_name_plural = _("measured values")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "measured_on"],
                name="one_indicator_value_per_day",
                violation_error_message=_("This indicator already has a value on that date."),
            )
        ]

    def __str__(self):
        return f"{self.measured_on:%Y-%m-%d}: {self.value}"
