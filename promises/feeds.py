"""An Atom feed of changes: periods and promises, newest change first."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape, format_html
from django.utils.translation import gettext as _

from .models import FollowUp, Promise, PromisePeriod
from .seo import absolute
from .templatetags.richtext import rich_text

FEED_LENGTH = 50


class ChangesFeed(Feed):
    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        # Validators come from the site-wide content stamp (http.public_page), as on every
        # page; the feed's own date would disagree with the ETag.
        if response.has_header("Last-Modified"):
            del response["Last-Modified"]
        return response

    def title(self):
        return _("Changes in the citizen promises – Södra Fyrbodal")

    def subtitle(self):
        return _("New and updated citizen promises from the police and the municipalities.")

    def link(self):
        return absolute(reverse("promises:home"))

    def feed_url(self):
        return absolute(reverse("promises:feed"))

    def feed_guid(self):
        return absolute(reverse("promises:feed"))

    def author_name(self):
        return _("Citizen promise Södra Fyrbodal")

    def items(self):
        periods = PromisePeriod.objects.published().order_by("-updated_at")[:FEED_LENGTH]
        promises = (
            Promise.objects.public()
            .select_related("period")
            .prefetch_related("givers")
            .order_by("-updated_at")[:FEED_LENGTH]
        )
        follow_ups = (
            FollowUp.objects.public()
            .select_related("promise__period")
            .order_by("-updated_at")[:FEED_LENGTH]
        )
        changes = [*periods, *promises, *follow_ups]
        changes.sort(key=lambda item: item.updated_at, reverse=True)
        return changes[:FEED_LENGTH]

    def item_title(self, item):
        if isinstance(item, PromisePeriod):
            return item.title
        if isinstance(item, FollowUp):
            return _("Follow-up %(date)s, %(status)s: %(text)s") % {
                "date": item.reported_on.isoformat(),
                "status": item.get_status_display(),
                "text": item.promise.text,
            }
        return _("Promise in %(period)s: %(text)s") % {
            "period": item.period.title,
            "text": item.text,
        }

    def item_description(self, item):
        # Atom summaries are type="html": feed readers render them, so editors' text goes in
        # escaped, or sanitised like on the page (promises/richtext.py), never as typed.
        if isinstance(item, PromisePeriod):
            return format_html("<p>{}</p>{}", item.status_sentence(), rich_text(item.intro))
        if isinstance(item, FollowUp):
            return format_html(
                "<p>{}</p>{}",
                _("Status: %(status)s") % {"status": item.get_status_display()},
                rich_text(item.text),
            )
        givers = ", ".join(giver.name for giver in item.givers.all())
        return escape(_("Given by %(givers)s: %(text)s") % {"givers": givers, "text": item.text})

    def item_link(self, item):
        return absolute(item.get_absolute_url())

    def item_guid(self, item):
        return f"{settings.SITE_URL}/{item._meta.model_name}/{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.published_at if isinstance(item, PromisePeriod) else item.created_at

    def item_updateddate(self, item):
        return item.updated_at
