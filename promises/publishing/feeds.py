"""An Atom feed of changes: periods and promises, newest change first."""

import datetime
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape, format_html
from django.utils.translation import gettext as _

from promises.models import Action, Area, FollowUp, Promise, PromisePeriod
from promises.models.control_characters import without_control_characters_in
from promises.publishing.seo import absolute, shown
from promises.publishing.site_identity import area_feed_title, site_identity
from promises.templatetags.richtext import rich_text

FEED_LENGTH = 50

# The date part of the entries' tag: URIs (RFC 4151). It must never change, or every feed
# reader would see every entry as new; 2026 is the year this site first gave out these ids.
TAG_DATE = "2026"


def entry_id(item) -> str:
    """A permanent id that no one mistakes for an address, e.g. tag:example.se,2026:promise/11."""
    host = urlsplit(settings.SITE_URL).hostname
    return f"tag:{host},{TAG_DATE}:{item._meta.model_name}/{item.pk}"


def start_of_day(day: datetime.date | None) -> datetime.datetime | None:
    """Atom needs a time; the publication date is a day, so its first moment in Sweden."""
    if day is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


class CleanAtom1Feed(Atom1Feed):
    """Atom with every text cleaned of control characters (promises/models/control_characters.py):
    XML cannot carry them, and Django's writer refuses the whole feed when one text has one."""

    def __init__(self, *args, **kwargs):
        super().__init__(
            *without_control_characters_in(args), **without_control_characters_in(kwargs)
        )

    def add_item(self, *args, **kwargs):
        super().add_item(
            *without_control_characters_in(args), **without_control_characters_in(kwargs)
        )


@dataclass(frozen=True)
class FeedScope:
    """What one request's feed covers: the whole site, or one area."""

    request: object
    area: Area | None = None


class ChangesFeed(Feed):
    feed_type = CleanAtom1Feed

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        # Validators come from the content stamp of the feed's scope (the site's, or its
        # area's: validators.public_page), as on every page; the feed's own date would
        # disagree with the ETag.
        if response.has_header("Last-Modified"):
            del response["Last-Modified"]
        return response

    def get_object(self, request, *args, **kwargs):
        # One instance answers every request (in every thread), so what belongs to a request
        # travels in the object Django hands to each method, never on `self`.
        return FeedScope(request)

    def title(self, scope):
        if scope.area:
            return area_feed_title(scope.area)
        return site_identity(scope.request).feed_title

    def subtitle(self):
        return _("New and updated citizen promises from the police and the municipalities.")

    def link(self, scope):
        return absolute(scope.area.get_absolute_url() if scope.area else reverse("promises:home"))

    def feed_url(self, scope):
        if scope.area:
            return absolute(reverse("promises:area_feed", kwargs={"slug": scope.area.slug}))
        return absolute(reverse("promises:feed"))

    def feed_guid(self, scope):
        return self.feed_url(scope)

    def author_name(self, scope):
        return site_identity(scope.request).name

    def items(self, scope):
        def changed(queryset, period_path):
            if scope.area:
                queryset = queryset.filter(**{f"{period_path}area": scope.area})
            return queryset

        periods = changed(PromisePeriod.objects.published(), "").order_by("-updated_at")[
            :FEED_LENGTH
        ]
        promises = (
            changed(Promise.objects.public(), "period__")
            .select_related("period")
            .prefetch_related("givers")
            .order_by("-updated_at")[:FEED_LENGTH]
        )
        follow_ups = (
            changed(FollowUp.objects.public(), "promise__period__")
            .select_related("promise__period")
            .order_by("-updated_at")[:FEED_LENGTH]
        )
        actions = (
            changed(Action.objects.public(), "promise__period__")
            .select_related("promise__period", "responsible")
            .order_by("-updated_at")[:FEED_LENGTH]
        )
        changes = [*periods, *promises, *follow_ups, *actions]
        changes.sort(key=lambda item: item.updated_at, reverse=True)
        return changes[:FEED_LENGTH]

    # Editors' texts in the feed's language: the published translation, else the Swedish text.
    def item_title(self, item):
        if isinstance(item, PromisePeriod):
            return shown(item, "title")
        if isinstance(item, Action):
            return _("Action, %(status)s: %(title)s") % {
                "status": item.status_label,
                "title": shown(item, "title"),
            }
        if isinstance(item, FollowUp):
            return _("Follow-up %(date)s, %(status)s: %(text)s") % {
                "date": item.reported_on.isoformat(),
                "status": item.get_status_display(),
                "text": shown(item.promise, "text"),
            }
        return _("Promise in %(period)s: %(text)s") % {
            "period": shown(item.period, "title"),
            "text": shown(item, "text"),
        }

    def item_description(self, item):
        # Atom summaries are type="html": feed readers render them, so editors' text goes in
        # escaped, or sanitised like on the page (promises/editing/richtext.py), never as typed.
        if isinstance(item, PromisePeriod):
            return format_html(
                "<p>{}</p>{}", item.status_sentence(), rich_text(shown(item, "intro"))
            )
        if isinstance(item, Action):
            return escape(
                _("%(responsible)s, for the promise: %(promise)s")
                % {"responsible": item.responsible.name, "promise": shown(item.promise, "text")}
            )
        if isinstance(item, FollowUp):
            return format_html(
                "<p>{}</p>{}",
                _("Status: %(status)s") % {"status": item.get_status_display()},
                rich_text(shown(item, "text")),
            )
        givers = ", ".join(giver.name for giver in item.givers.all())
        return escape(
            _("Given by %(givers)s: %(text)s") % {"givers": givers, "text": shown(item, "text")}
        )

    def item_link(self, item):
        return absolute(item.get_absolute_url())

    def item_guid(self, item):
        return entry_id(item)

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        # Periods and their promises were published on the day the editors enter; until then
        # the entry has no <published> (never the day a row happened to be created here).
        if isinstance(item, (FollowUp, Action)):
            return item.created_at
        period = item if isinstance(item, PromisePeriod) else item.period
        return start_of_day(period.published_on)

    def item_updateddate(self, item):
        return item.updated_at


class AreaFeed(ChangesFeed):
    """One area's changes: its periods, promises, follow-ups and actions."""

    def get_object(self, request, slug):
        return FeedScope(
            request, get_object_or_404(Area.objects.with_published_periods(), slug=slug)
        )
