"""Which areas' pages show a row: the areas whose stamps a change of it must move.

`areas_showing(model, rows)` answers for a queryset of one content model, in one query: a set
of area ids, or None for content every page shows (the glossary, the statuses, the
accessibility statement, focus areas, and areas themselves, whose names and number decide
what the whole site calls itself). Rows are followed to every page that shows them, not only
to the area they belong to: a promise is shown on its givers' partner pages, a partner on the
pages of every period it takes part in, gives a promise in, answers for an action in or
reported a follow-up in, so a partner of one area working in another area's period moves both.
A model not named here is content every page shows: a new content model refreshes everything
until it is taught its areas.
"""

from django.conf import settings

from promises.models import (
    Action,
    ActionNote,
    FollowUp,
    FollowUpDocument,
    FollowUpFigure,
    FollowUpLink,
    Indicator,
    IndicatorValue,
    Partner,
    Promise,
    PromisePeriod,
)

# Rows that belong to one promise, and the path from the promise to them.
PROMISE_PARTS = {
    FollowUp: "follow_ups",
    FollowUpFigure: "follow_ups__figures",
    FollowUpLink: "follow_ups__links",
    FollowUpDocument: "follow_ups__documents",
    Action: "actions",
    ActionNote: "actions__notes",
    Indicator: "indicators",
    IndicatorValue: "indicators__values",
}


def areas_showing(model, rows) -> set[int] | None:
    """The ids of the areas whose pages show any of `rows` (a queryset of `model`), as they are
    in the database now; None when every page shows them."""
    ids = rows.order_by().values("pk")
    if model is Promise:
        return _promise_areas(ids)
    if model in PROMISE_PARTS:
        return _promise_areas(
            Promise._base_manager.filter(**{f"{PROMISE_PARTS[model]}__in": ids}).values("pk")
        )
    if model is PromisePeriod:
        return _union(
            PromisePeriod._base_manager.filter(pk__in=ids),
            Partner._base_manager.filter(periods__in=ids),
            Partner._base_manager.filter(promises_given__period__in=ids),
        )
    if model is Partner:
        # The site's open-data publisher (settings.OPEN_DATA_PUBLISHER) is named by the
        # catalogue of any area whose period has no partner to publish it (dcat.py
        # `dataset_publisher`): its edits reach every area.
        if rows.filter(slug=settings.OPEN_DATA_PUBLISHER or None).exists():
            return None
        return _union(
            Partner._base_manager.filter(pk__in=ids),
            PromisePeriod._base_manager.filter(partners__in=ids),
            PromisePeriod._base_manager.filter(promises__givers__in=ids),
            PromisePeriod._base_manager.filter(promises__actions__responsible__in=ids),
            PromisePeriod._base_manager.filter(promises__follow_ups__reported_by__in=ids),
            # Fellow givers' partner pages name their co-givers.
            Partner._base_manager.filter(promises_given__givers__in=ids),
        )
    return None


def _promise_areas(promise_ids) -> set[int]:
    return _union(
        PromisePeriod._base_manager.filter(promises__in=promise_ids),
        # Each giver's partner page lists the promise with its status.
        Partner._base_manager.filter(promises_given__in=promise_ids),
    )


def _union(*querysets) -> set[int]:
    first, *rest = [queryset.order_by().values_list("area_id", flat=True) for queryset in querysets]
    return set(first.union(*rest).order_by())


def wider(first: set | None, second: set | None) -> set | None:
    """Both sets of areas together; None (every page) absorbs anything."""
    if first is None or second is None:
        return None
    return first | second
