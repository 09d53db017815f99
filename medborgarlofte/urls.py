from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, reverse_lazy

from promises.public.media import media_file
from promises.publishing import well_known

from . import health

urlpatterns = [
    # New editors choose their password here, from the link `create_editor` prints.
    path(
        f"{settings.ADMIN_URL}losenord/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            success_url=reverse_lazy("password_set_done"), post_reset_login=False
        ),
        name="password_set",
    ),
    path(
        f"{settings.ADMIN_URL}losenord/klart/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_set_done",
    ),
    path(settings.ADMIN_URL, admin.site.urls),
    path("halsa/", health.health, name="health"),
    path("favicon.ico", well_known.favicon, name="favicon"),
    path(".well-known/security.txt", well_known.security_txt, name="security_txt"),
    # Uploads are served by the application, which checks that what they belong to is public.
    path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", media_file, name="media"),
    path("", include("promises.urls")),
]

if settings.BENCHMARK_FLOOR:
    # Only the benchmark (bench/load) turns this on, to measure the framework's own cost.
    urlpatterns.append(path("__floor__/", health.floor))
