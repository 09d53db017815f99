"""Endpoints for operators, never for visitors: the load balancer's health check and the
benchmark's floor."""

from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .outage import is_database_reachable


@require_safe
@never_cache
def health(request):
    if is_database_reachable():
        return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
    return HttpResponse(
        "database unavailable\n", status=503, content_type="text/plain; charset=utf-8"
    )


def floor(request):
    """The cheapest response Django can give: what a page costs when rendering is free."""
    return HttpResponse(b"floor\n", content_type="text/plain")
