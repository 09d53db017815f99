"""Areas: where a medborgarlöfte applies, the lokalpolisområde and the municipalities giving it.

The site is a register of every area's citizen promises. An area is the unit residents look for
("where I live"), the unit coordinators are responsible for, and the unit the open data and the
page cache are divided by. Partners and periods belong to exactly one area.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .control_characters import RefusesControlCharacters

# Sweden's counties and their official two-digit codes (SCB's "länskod"), in code order. The
# first two digits of a municipality code are its county's code.
COUNTIES = (
    ("01", _("Stockholm County")),
    ("03", _("Uppsala County")),
    ("04", _("Södermanland County")),
    ("05", _("Östergötland County")),
    ("06", _("Jönköping County")),
    ("07", _("Kronoberg County")),
    ("08", _("Kalmar County")),
    ("09", _("Gotland County")),
    ("10", _("Blekinge County")),
    ("12", _("Skåne County")),
    ("13", _("Halland County")),
    ("14", _("Västra Götaland County")),
    ("17", _("Värmland County")),
    ("18", _("Örebro County")),
    ("19", _("Västmanland County")),
    ("20", _("Dalarna County")),
    ("21", _("Gävleborg County")),
    ("22", _("Västernorrland County")),
    ("23", _("Jämtland County")),
    ("24", _("Västerbotten County")),
    ("25", _("Norrbotten County")),
)
COUNTY_CODES = frozenset(code for code, _name in COUNTIES)


def validate_municipality_code(value: str) -> None:
    """Four digits whose first two are a county's code (SCB's "kommunkod", e.g. 1419).

    Only the form is checked: the site never invents a code, the editor copies it from SCB.
    """
    if not re.fullmatch(r"[0-9]{4}", value or ""):
        raise ValidationError(
            _("A municipality code is four digits, for example 1419."), code="format"
        )
    if value[:2] not in COUNTY_CODES:
        raise ValidationError(
            _("The first two digits of a municipality code are a county's code (01–25)."),
            code="county",
        )


class AreaQuerySet(models.QuerySet):
    def with_published_periods(self):
        """Areas a resident can read about: at least one published period."""
        return self.filter(periods__is_published=True).distinct()


class Area(RefusesControlCharacters, models.Model):
    """One lokalpolisområde's citizen promises with the municipalities (or districts) giving
    them, e.g. Södra Fyrbodal with Stenungsund, Orust and Tjörn."""

    name = models.CharField(
        _("name"),
        max_length=120,
        unique=True,
        help_text=_(
            "The area's name as residents know it, usually the local police area's, for "
            "example “Södra Fyrbodal”."
        ),
    )
    slug = models.SlugField(
        _("web address"),
        max_length=60,
        unique=True,
        help_text=_(
            "The last part of the area's web address, for example “sodra-fyrbodal”. Only "
            "lowercase letters a–z, digits and hyphens. Avoid changing it: links that others "
            "have shared stop working."
        ),
    )
    places = models.CharField(
        _("places"),
        max_length=200,
        blank=True,
        help_text=_(
            "The municipalities or districts the area covers, as residents say them, for "
            "example “Stenungsund, Orust och Tjörn”. Shown with the area's name."
        ),
    )
    county = models.CharField(
        _("county"),
        max_length=2,
        choices=COUNTIES,
        help_text=_("The county the area lies in. Residents find their area under it."),
    )
    coordinator_group = models.OneToOneField(
        "auth.Group",
        verbose_name=_("coordinator group"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="coordinated_area",
        help_text=_("Members of this group coordinate the area's periods and partners."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = AreaQuerySet.as_manager()

    class Meta:
        ordering = ["county", "name"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("promises:area_detail", kwargs={"slug": self.slug})

    @property
    def full_name(self):
        return f"{self.name} · {self.places}" if self.places else self.name


def sole_area_id():
    """The default area of a new partner or period: the only one, while there is only one.

    With several areas there is no default and the form asks. Evaluated only when a row is
    created without an area, never when rows are loaded.
    """
    ids = list(Area.objects.values_list("pk", flat=True)[:2])
    return ids[0] if len(ids) == 1 else None
