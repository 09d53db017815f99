from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from . import health

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("halsa/", health.health, name="health"),
    path("", include("promises.urls")),
]

if settings.BENCHMARK_FLOOR:
    # Only the benchmark (bench/load) turns this on, to measure the framework's own cost.
    urlpatterns.append(path("__floor__/", health.floor))
