"""Actions and indicators on the public pages: what the promise page prefetches to show them,
at a constant number of queries whatever their number."""

from django.db.models import Prefetch

from promises.models import Action, ActionNote, Indicator


def public_actions():
    """A promise's published actions with their notes and responsible partner (two queries
    for any number of promises)."""
    return Prefetch(
        "actions",
        queryset=Action.objects.published()
        .select_related("responsible")
        .prefetch_related(Prefetch("notes", queryset=ActionNote.objects.all())),
        to_attr="public_actions",
    )


def public_indicators():
    return Prefetch(
        "indicators",
        queryset=Indicator.objects.filter(is_published=True).prefetch_related("values"),
        to_attr="public_indicators",
    )
