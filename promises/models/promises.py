"""The promises of a period: their order, givers, status and permanent address."""

from django.db import models
from django.db.models import OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .partners import Partner
from .periods import PromiseGroup, PromisePeriod


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
        from .follow_ups import NO_FOLLOW_UP, FollowUp

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
        from .follow_ups import status_label

        return status_label(self.status)

    @property
    def giver_group(self):
        kinds = {giver.kind for giver in self.givers.all()}
        if kinds == {Partner.Kind.POLICE_AREA}:
            return PromiseGroup.POLICE
        if kinds == {Partner.Kind.MUNICIPALITY}:
            return PromiseGroup.MUNICIPALITIES
        return PromiseGroup.JOINT
