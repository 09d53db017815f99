from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils.cache import add_never_cache_headers
from django.views.generic import DetailView, ListView

from .models import Partner, Promise, PromisePeriod


def periods_for(request):
    return PromisePeriod.objects.visible_to(request.user)


def period_with_content(queryset):
    return queryset.prefetch_related(
        "partners", Prefetch("promises", queryset=Promise.objects.with_givers())
    )


def home(request):
    period = period_with_content(PromisePeriod.objects.published()).current_or_latest()
    return render(request, "promises/home.html", {"period": period, "nav": "home"})


class PeriodListView(ListView):
    template_name = "promises/period_list.html"
    context_object_name = "periods"
    extra_context = {"nav": "periods"}

    def get_queryset(self):
        return PromisePeriod.objects.published()


class PeriodDetailView(DetailView):
    template_name = "promises/period_detail.html"
    context_object_name = "period"
    extra_context = {"nav": "periods"}

    def get_queryset(self):
        return period_with_content(periods_for(self.request))

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if not self.object.is_published:
            # A draft preview is for one editor's eyes: never store it in any cache.
            add_never_cache_headers(response)
        return response


class PartnerListView(ListView):
    template_name = "promises/partner_list.html"
    context_object_name = "partners"
    extra_context = {"nav": "partners"}
    queryset = Partner.objects.all()


def partner_detail(request, slug):
    partner = get_object_or_404(Partner, slug=slug)
    periods = (
        period_with_content(PromisePeriod.objects.published())
        .filter(promises__givers=partner)
        .distinct()
    )
    periods_with_promises = [
        (period, [p for p in period.promises.all() if partner in p.givers.all()])
        for period in periods
    ]
    return render(
        request,
        "promises/partner_detail.html",
        {"partner": partner, "periods_with_promises": periods_with_promises, "nav": "partners"},
    )
