"""The promises of a period: their order, givers, status and permanent address."""

import datetime
from dataclasses import dataclass

from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Case, Count, F, OuterRef, Prefetch, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .control_characters import RefusesControlCharacters
from .partners import Partner
from .periods import PromiseGroup, PromisePeriod
from .search_vectors import SearchVectorField

# A lättläst text is a few short sentences; the longest promise text of the seed is 250
# characters. Room for several paragraphs, not for a whole page.
EASY_READ_MAX_LENGTH = 1500


@dataclass(frozen=True)
class GiverStatus:
    """One giver's own status for a promise: its latest published follow-up's."""

    giver: Partner
    status: str | None
    label: str
    reported_on: datetime.date | None

    @property
    def code(self):
        from .follow_ups import NO_FOLLOW_UP

        return self.status or NO_FOLLOW_UP


def join_names(names):
    """Swedish list: "A", "A och B", "A, B och C"."""
    if len(names) <= 1:
        return "".join(names)
    return gettext("%(first)s and %(last)s") % {
        "first": ", ".join(names[:-1]),
        "last": names[-1],
    }


def per_giver_statuses():
    """The giver rows of the outer promise, each annotated `giver_status`: the giver's own
    latest published report's status, or "no_follow_up"."""
    from .follow_ups import NO_FOLLOW_UP, FollowUp

    own_latest = (
        FollowUp.objects.published()
        .filter(promise=OuterRef("promise_id"), reported_by=OuterRef("partner_id"))
        .timeline_order()
    )
    return Promise.givers.through.objects.filter(promise=OuterRef("pk")).annotate(
        giver_status=Coalesce(
            Subquery(own_latest.values("status")[:1]),
            Value(NO_FOLLOW_UP),
            output_field=models.CharField(),
        )
    )


def with_shared_status(queryset, name, per_giver):
    """`queryset` annotated `name`: the status these giver rows share (theirs when the lowest
    and the highest agree, "mixed" when they differ, "no_follow_up" without rows)."""
    from .follow_ups import MIXED, NO_FOLLOW_UP

    lowest, highest = f"{name}_lowest", f"{name}_highest"
    return queryset.alias(
        **{
            lowest: Subquery(per_giver.order_by("giver_status").values("giver_status")[:1]),
            highest: Subquery(per_giver.order_by("-giver_status").values("giver_status")[:1]),
        }
    ).annotate(
        **{
            name: Case(
                When(**{f"{lowest}__isnull": True}, then=Value(NO_FOLLOW_UP)),
                When(**{lowest: F(highest)}, then=F(lowest)),
                default=Value(MIXED),
                output_field=models.CharField(),
            )
        }
    )


def shared_code(codes):
    """The same rule in Python, for statuses already read (`GiverStatus.code`)."""
    from .follow_ups import MIXED, NO_FOLLOW_UP

    codes = set(codes)
    if not codes:
        return NO_FOLLOW_UP
    return codes.pop() if len(codes) == 1 else MIXED


def promise_number(prefix: str = ""):
    """The number of the promise at `prefix` ("" for a promise, "promise__" for a follow-up) in
    its period's list, as `Promise.position()` counts it: one subquery for a whole list."""
    earlier = (
        Promise.objects.filter(period=OuterRef(f"{prefix}period"))
        .filter(
            Q(order__lt=OuterRef(f"{prefix}order"))
            | Q(order=OuterRef(f"{prefix}order"), pk__lt=OuterRef(f"{prefix}pk"))
        )
        .order_by()
        .values("period")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(earlier[:1]), 0) + 1


def short_promise(number, text: str, length: int = 60) -> str:
    """ "7. Polisen ska genomföra …": what an editor scans for in a list, cut between words."""
    if len(text) > length:
        cut = text[:length].rsplit(" ", 1)[0].rstrip(",.;:–- ")
        text = f"{cut} …"
    return f"{number}. {text}" if number else text


class PromiseQuerySet(models.QuerySet):
    def with_number(self):
        """Annotate `number`: the promise's number in its period's list (see `position()`)."""
        return self.annotate(number=promise_number())

    def public(self):
        return self.filter(period__is_published=True)

    def with_givers(self):
        return self.prefetch_related("givers")

    def with_status(self):
        """Annotate each promise with its overall status and the date of its latest report.

        Each giver's own status is its latest published follow-up reported by it. The overall
        status (`current_status`) is the status every giver shares, so "done" only when every
        giver reports it; givers that differ give "mixed", and a giver that has reported
        nothing counts as "no_follow_up". The rule is explained on "Så följer vi upp".
        Follow-ups without a reporter (from before reporters were recorded, on promises given
        together) are shown but count for no giver: nobody knows whose they are.
        One query for any number of promises: three correlated subqueries.
        """
        from .follow_ups import FollowUp

        reported = (
            FollowUp.objects.published()
            .filter(promise=OuterRef("pk"), reported_by__promises_given=OuterRef("pk"))
            .timeline_order()
        )
        annotated = self.annotate(status_reported_on=Subquery(reported.values("reported_on")[:1]))
        return with_shared_status(annotated, "current_status", per_giver_statuses())

    def with_status_among(self, partners=(), *, kind=None):
        """Annotate `chosen_status`: the status that these partners' own latest reports share
        on each promise (the rule of `with_status()`, counting only the givers among
        `partners`, or among every partner of `kind`). For one partner it is that partner's
        own status, so "Ges av: Stenungsunds kommun" and "Genomfört" find what Stenungsund
        itself reported done, whatever the other givers of a joint promise reported. One
        query still: two more correlated subqueries."""
        per_giver = per_giver_statuses().filter(**givers_lookup(partners, kind))
        return with_shared_status(self, "chosen_status", per_giver)

    def with_status_of(self, partner):
        """Annotate `own_status` and `own_reported_on`: this partner's latest own report."""
        from .follow_ups import NO_FOLLOW_UP, FollowUp

        latest = (
            FollowUp.objects.published()
            .filter(promise=OuterRef("pk"), reported_by=partner)
            .timeline_order()
        )
        return self.annotate(
            own_status=Coalesce(
                Subquery(latest.values("status")[:1]),
                Value(NO_FOLLOW_UP),
                output_field=models.CharField(),
            ),
            own_reported_on=Subquery(latest.values("reported_on")[:1]),
        )

    def with_giver_statuses(self, *fields):
        """Prefetch the published follow-ups' reporters, statuses and dates (one query), for
        `Promise.giver_statuses()`; `fields` are further follow-up fields to read with them
        (search reads the texts for its snippets)."""
        from .follow_ups import FollowUp

        follow_ups = (
            FollowUp.objects.published()
            .only("pk", "promise_id", "reported_by_id", "status", "reported_on", *fields)
            .timeline_order()
        )
        return self.prefetch_related(
            Prefetch("follow_ups", queryset=follow_ups, to_attr="reported_follow_ups")
        )

    def lacking_easy_read(self):
        """Promises without a lättläst text yet. Forms and the import strip the text, so a
        text of only spaces is stored empty."""
        return self.filter(easy_read_text="")

    def given_by(self, partners=(), *, kind=None):
        """Promises that any of these partners (or any partner of `kind`) gives, each once."""
        through = Promise.givers.through.objects.filter(**givers_lookup(partners, kind))
        return self.filter(pk__in=through.values("promise_id"))


def givers_lookup(partners, kind) -> dict:
    """The giver rows of `partners`, or of every partner of `kind`: a register's hundreds of
    municipalities are joined by their kind, not listed by id (SQLite reads such a list again
    inside each correlated subquery: 1.2 s for a status of "the municipalities" at 300 areas)."""
    return {"partner__kind": kind} if kind else {"partner__in": partners}


class Promise(RefusesControlCharacters, models.Model):
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
    easy_read_text = models.TextField(
        _("easy-to-read text"),
        blank=True,
        max_length=EASY_READ_MAX_LENGTH,
        # The model checks the length too, so an import (full_clean) refuses what the form does.
        validators=[MaxLengthValidator(EASY_READ_MAX_LENGTH)],
        help_text=_(
            "The promise in lättläst, for residents who find it hard to read. Write short "
            "sentences, one thing in each sentence. Use common words. Do not use abbreviations: "
            "write “till exempel”, not “t.ex.”. Leave it empty if you have not written it yet: "
            "the lättläst page then shows the ordinary text."
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
    search_vector = SearchVectorField()
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = PromiseQuerySet.as_manager()

    class Meta:
        ordering = ["period", "order", "pk"]
        verbose_name = _("promise")
        verbose_name_plural = _("promises")
        # The feed's newest changes are read from the end of an index, not sorted from every
        # promise of the register.
        indexes = [models.Index(fields=["updated_at"], name="promise_updated")]

    def __str__(self):
        return self.text if len(self.text) <= 80 else self.text[:79] + "…"

    def get_absolute_url(self):
        return reverse("promises:promise_detail", kwargs={"slug": self.period.slug, "pk": self.pk})

    @property
    def has_easy_read(self):
        return bool(self.easy_read_text.strip())

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
    def is_joint(self):
        return len(self.givers.all()) > 1

    def giver_statuses(self):
        """Each giver with its own latest published follow-up (or None), in the givers' order.

        Reads the follow-ups prefetched by the view (`public_follow_ups` on the promise page
        and in the data files, `reported_follow_ups` from `with_giver_statuses()`)."""
        from .follow_ups import status_label

        if hasattr(self, "public_follow_ups"):
            follow_ups = self.public_follow_ups
        else:
            follow_ups = self.reported_follow_ups
        statuses = []
        for giver in self.givers.all():
            own = next((f for f in follow_ups if f.reported_by_id == giver.pk), None)
            statuses.append(
                GiverStatus(
                    giver=giver,
                    status=own.status if own else None,
                    label=status_label(own.status if own else None),
                    reported_on=own.reported_on if own else None,
                )
            )
        return statuses

    def read_status(self):
        """Set `current_status` and `status_reported_on` as `with_status()` annotates them,
        from the follow-ups and givers already prefetched (`with_giver_statuses()`,
        `givers`): a page of promises read that way needs no status subqueries, whose building
        alone cost a search at 300 areas about 5 ms (docs/benchmarks.md)."""
        statuses = self.giver_statuses()
        self.current_status = shared_code(own.code for own in statuses)
        dates = [own.reported_on for own in statuses if own.reported_on]
        self.status_reported_on = max(dates, default=None)
        return self

    @property
    def giver_names(self):
        """ "Polisen", "Orusts kommun och Tjörns kommun": the givers as one phrase."""
        return join_names([giver.name for giver in self.givers.all()])

    @property
    def giver_group(self):
        kinds = {giver.kind for giver in self.givers.all()}
        if kinds == {Partner.Kind.POLICE_AREA}:
            return PromiseGroup.POLICE
        if kinds == {Partner.Kind.MUNICIPALITY}:
            return PromiseGroup.MUNICIPALITIES
        return PromiseGroup.JOINT
