"""The partners who give promises: the police area and the municipalities."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .areas import Area, sole_area_id, validate_municipality_code
from .control_characters import RefusesControlCharacters
from .mail_addresses import RefusesInternalAddresses
from .organisation_numbers import normalised_organisation_number, validate_organisation_number
from .search_vectors import SearchVectorField


class Partner(RefusesControlCharacters, RefusesInternalAddresses, models.Model):
    """An organisation that stands behind a citizen promise: the police area or a municipality."""

    class Kind(models.TextChoices):
        POLICE_AREA = "police_area", _("Police area")
        MUNICIPALITY = "municipality", _("Municipality")
        CITY_DISTRICT = "city_district", _("City district")

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
    area = models.ForeignKey(
        Area,
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        related_name="partners",
        default=sole_area_id,
        help_text=_("The area whose citizen promises the partner gives."),
    )
    municipality_code = models.CharField(
        _("municipality code"),
        max_length=4,
        blank=True,
        validators=[validate_municipality_code],
        help_text=_(
            "For a municipality or city district: the municipality's four-digit code at "
            "Statistics Sweden (SCB), for example 1419 for Tjörn. Residents can find their "
            "area by it. Leave it empty until you have checked it."
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
    website = models.URLField(
        _("website"),
        max_length=300,
        blank=True,
        help_text=_(
            "The organisation's own website, for example its start page. Shown on the "
            "partner's page and on “Kontakt och delta” when filled in; leave it empty until you "
            "know the address."
        ),
    )
    contact_email = models.EmailField(
        _("contact e-mail"),
        blank=True,
        help_text=_(
            "An address residents may write to about safety, for example the crime-prevention "
            "coordinator's. Shown on “Kontakt och delta” only when filled in."
        ),
    )
    contact_phone = models.CharField(
        _("contact phone"),
        max_length=40,
        blank=True,
        help_text=_("A phone number residents may call, as it should be shown."),
    )
    contact_page = models.URLField(
        _("contact page address"),
        max_length=300,
        blank=True,
        help_text=_("The organisation's own page about contacting it."),
    )
    participation_text = models.CharField(
        _("how to take part"),
        max_length=300,
        blank=True,
        help_text=_(
            "One sentence on an open dialogue or survey, for example “Svara på Tjörns "
            "trygghetsenkät före 31 mars.” Leave empty when there is none."
        ),
    )
    participation_url = models.URLField(
        _("address for taking part"),
        max_length=300,
        blank=True,
        help_text=_("The link to the dialogue or survey. Leave empty when there is none."),
    )
    organisation_number = models.CharField(
        _("organisation number"),
        max_length=11,
        blank=True,
        validators=[validate_organisation_number],
        help_text=_(
            "The organisation's number in the register, written NNNNNN-NNNN. Sweden's data "
            "portal names the publisher of the open data by it. Copy it from the organisation's "
            "own documents; leave it empty until you have it."
        ),
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
    search_vector = SearchVectorField()
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [
            # One organisation, one partner: the open-data catalogue names each publisher by
            # its number, and two partners with one number would name one organisation twice.
            models.UniqueConstraint(
                fields=["organisation_number"],
                condition=~models.Q(organisation_number=""),
                name="unique_partner_organisation_number",
                violation_error_message=_("Another partner already has this organisation number."),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # Stored as the portal writes it (ten digits), whatever spelling the editor typed.
        self.organisation_number = (
            normalised_organisation_number(self.organisation_number) or self.organisation_number
        )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("promises:partner_detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        # Compared as stored: "212000-1355" and "2120001355" are one number.
        self.organisation_number = (
            normalised_organisation_number(self.organisation_number) or self.organisation_number
        )
        if (
            self.organisation_number
            and Partner.objects.filter(organisation_number=self.organisation_number)
            .exclude(pk=self.pk)
            .exists()
        ):
            raise ValidationError(
                {
                    "organisation_number": _(
                        "Another partner already has this organisation number. Check the "
                        "number; if the other partner's is wrong, ask a site administrator."
                    )
                },
                code="unique",
            )

    @property
    def is_police(self):
        return self.kind == self.Kind.POLICE_AREA

    @property
    def has_contact(self):
        return any((self.website, self.contact_email, self.contact_phone, self.contact_page))

    @property
    def lacks_contact(self):
        """No phone, e-mail or contact page: residents cannot reach the partner from our pages
        (a website alone is where to read, not whom to ask). The admin warns until one is
        filled in."""
        return not any((self.contact_email, self.contact_phone, self.contact_page))

    @property
    def invites_participation(self):
        return bool(self.participation_text or self.participation_url)

    @property
    def representative(self):
        """Name and title as one line, the way the photo caption names people."""
        return ", ".join(
            part for part in (self.representative_name, self.representative_title) if part
        )
