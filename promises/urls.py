from django.urls import path

from . import accessibility_views, finding, views
from .sitemaps import SITEMAPS

app_name = "promises"

urlpatterns = [
    path("", views.home, name="home"),
    path("medborgarloften/", views.period_list, name="period_list"),
    path("medborgarloften/<slug:slug>/", views.period_detail, name="period_detail"),
    path(
        "medborgarloften/<slug:slug>/loften/<int:pk>/",
        views.promise_detail,
        name="promise_detail",
    ),
    path("loften/", finding.promise_list, name="promise_list"),
    path("sok/", finding.search_page, name="search"),
    path("sa-foljer-vi-upp/", finding.follow_up_method, name="follow_up_method"),
    path("parter/", views.partner_list, name="partner_list"),
    path("parter/<slug:slug>/", views.partner_detail, name="partner_detail"),
    path("oppna-data/", views.open_data_page, name="open_data"),
    path("oppna-data/medborgarloften.json", views.periods_json, name="periods_json"),
    path("oppna-data/medborgarloften/<slug:slug>.json", views.period_json, name="period_json"),
    path("oppna-data/medborgarloften/<slug:slug>.csv", views.period_csv, name="period_csv"),
    path(
        "oppna-data/medborgarloften/<slug:slug>/uppfoljningar.csv",
        views.follow_ups_csv,
        name="follow_ups_csv",
    ),
    path("ordlista/", accessibility_views.glossary, name="glossary"),
    path("tillganglighet/", accessibility_views.statement, name="accessibility"),
    path(
        "tillganglighet/rapportera/",
        accessibility_views.report,
        name="accessibility_report",
    ),
    path(
        "tillganglighet/rapportera/tack/",
        accessibility_views.report_sent,
        name="accessibility_report_sent",
    ),
    path("flode.atom", views.changes_feed, name="feed"),
    path("sitemap.xml", views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
]
