"""The public addresses: every page, feed and data file residents and machines read."""

from django.urls import path, register_converter

from promises.public import (
    accessibility,
    action_plan,
    areas,
    contact,
    data_catalogue,
    easy_read,
    embed,
    finding,
    periods,
    subscribe,
)
from promises.publishing.sitemaps import SITEMAPS


class IdConverter:
    """A database id as the site writes it: no sign, no leading zeros.

    Django's `int` converter also takes "007", which would give one page many addresses.
    """

    regex = "[1-9][0-9]{0,17}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


register_converter(IdConverter, "id")

app_name = "promises"

urlpatterns = [
    path("", periods.home, name="home"),
    path("omraden/", areas.area_list, name="area_list"),
    path("omraden/<slug:slug>/", areas.area_detail, name="area_detail"),
    path("omraden/<slug:slug>/flode.atom", areas.area_feed, name="area_feed"),
    path("medborgarloften/", periods.period_list, name="period_list"),
    path("medborgarloften/<slug:slug>/", periods.period_detail, name="period_detail"),
    path(
        "medborgarloften/<slug:slug>/loften/<id:pk>/",
        periods.promise_detail,
        name="promise_detail",
    ),
    path(
        "medborgarloften/<slug:slug>/atgardsplan/",
        action_plan.action_plan,
        name="action_plan",
    ),
    path("loften/", finding.promise_list, name="promise_list"),
    path("sok/", finding.search_page, name="search"),
    path("sa-foljer-vi-upp/", finding.follow_up_method, name="follow_up_method"),
    path("parter/", periods.partner_list, name="partner_list"),
    path("parter/<slug:slug>/", periods.partner_detail, name="partner_detail"),
    path("oppna-data/", periods.open_data_page, name="open_data"),
    path("kontakt-och-delta/", contact.contact, name="contact"),
    path("inbaddning/<slug:slug>/", embed.period_embed, name="embed"),
    path("inbaddning/<slug:slug>/<slug:partner>/", embed.partner_embed, name="embed_partner"),
    path("ordlista/", accessibility.glossary, name="glossary"),
    path("tillganglighet/", accessibility.statement, name="accessibility"),
    path(
        "tillganglighet/rapportera/",
        accessibility.report,
        name="accessibility_report",
    ),
    path(
        "tillganglighet/rapportera/tack/",
        accessibility.report_sent,
        name="accessibility_report_sent",
    ),
    path("bevaka/", subscribe.subscribe_start, name="alerts_start"),
    path("bevaka/omrade/<slug:slug>/", subscribe.subscribe_area, name="alerts_area"),
    path("bevaka/period/<slug:slug>/", subscribe.subscribe_period, name="alerts_period"),
    path("bevaka/part/<slug:slug>/", subscribe.subscribe_partner, name="alerts_partner"),
    path("bevaka/lofte/<id:pk>/", subscribe.subscribe_promise, name="alerts_promise"),
    path("bevaka/skickat/", subscribe.sent, name="alerts_sent"),
    path("bevaka/bekrafta/<str:token>/", subscribe.confirm, name="alerts_confirm"),
    path("bevaka/avsluta/<str:key>/", subscribe.unsubscribe, name="alerts_unsubscribe"),
    # Lättläst (easy-to-read Swedish): promises/public/easy_read.py.
    path("lattlast/", easy_read.index, name="easy_read"),
    path("lattlast/uppfoljning/", easy_read.follow_up, name="easy_read_follow_up"),
    path("lattlast/kontakt/", easy_read.contact, name="easy_read_contact"),
    path("lattlast/valj/", easy_read.choose, name="easy_read_choose"),
    path("lattlast/omraden/<slug:slug>/", easy_read.area_promises, name="easy_read_area"),
    path(
        "lattlast/omraden/<slug:slug>/kontakt/",
        easy_read.area_contact,
        name="easy_read_contact_area",
    ),
    path("flode.atom", periods.changes_feed, name="feed"),
]

# What machines read: the same in every language, so only at the unprefixed address (named
# `machine:…`, medborgarlofte/urls.py). The sitemap lists every language's pages itself.
machine_urlpatterns = [
    path(
        "omraden/<slug:slug>/katalog.rdf",
        data_catalogue.area_catalogue,
        name="area_dcat_catalogue",
    ),
    path("oppna-data/medborgarloften.json", periods.periods_json, name="periods_json"),
    path("oppna-data/medborgarloften/<slug:slug>.json", periods.period_json, name="period_json"),
    path("oppna-data/medborgarloften/<slug:slug>.csv", periods.period_csv, name="period_csv"),
    path(
        "oppna-data/medborgarloften/<slug:slug>/uppfoljningar.csv",
        periods.follow_ups_csv,
        name="follow_ups_csv",
    ),
    path(
        "oppna-data/medborgarloften/<slug:slug>/atgarder.json",
        action_plan.action_plan_json,
        name="action_plan_json",
    ),
    path(
        "oppna-data/medborgarloften/<slug:slug>/atgarder.csv",
        action_plan.action_plan_csv,
        name="action_plan_csv",
    ),
    path("oppna-data/katalog.rdf", data_catalogue.catalogue, name="dcat_catalogue"),
    path("sitemap.xml", periods.sitemap_index, name="sitemap"),
    path(
        "sitemap-<slug:section>.xml",
        periods.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("robots.txt", periods.robots_txt, name="robots_txt"),
]
