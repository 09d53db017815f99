from django.urls import path

from . import views

app_name = "promises"

urlpatterns = [
    path("", views.home, name="home"),
    path("medborgarloften/", views.PeriodListView.as_view(), name="period_list"),
    path("medborgarloften/<slug:slug>/", views.PeriodDetailView.as_view(), name="period_detail"),
    path("parter/", views.PartnerListView.as_view(), name="partner_list"),
    path("parter/<slug:slug>/", views.partner_detail, name="partner_detail"),
]
