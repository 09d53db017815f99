from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, reverse_lazy

from promises.admin.password_reset import StaffPasswordResetForm
from promises.public.media import media_file
from promises.publishing import well_known
from promises.urls import machine_urlpatterns

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
    # Where an expired or used link sends the editor: a new link by e-mail (the admin's sign-in
    # page links here too, under the name Django's admin looks for).
    path(
        f"{settings.ADMIN_URL}losenord/ny-lank/",
        auth_views.PasswordResetView.as_view(
            form_class=StaffPasswordResetForm,
            subject_template_name="registration/password_set_subject.txt",
            email_template_name="registration/password_set_email.txt",
            extra_email_context={"site_url": settings.SITE_URL},
            success_url=reverse_lazy("password_reset_sent"),
        ),
        name="admin_password_reset",
    ),
    path(
        f"{settings.ADMIN_URL}losenord/ny-lank/skickad/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_sent",
    ),
    path(settings.ADMIN_URL, admin.site.urls),
    path("halsa/", health.health, name="health"),
    path("favicon.ico", well_known.favicon, name="favicon"),
    path(".well-known/security.txt", well_known.security_txt, name="security_txt"),
    # Uploads are served by the application, which checks that what they belong to is public.
    path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", media_file, name="media"),
    # Language-neutral files for machines: one address each, never prefixed.
    path("", include((machine_urlpatterns, "machine"))),
]
# The pages residents read: Swedish at today's addresses, the other languages under /en/ and
# /ar/ (medborgarlofte/languages.py activates the language the prefix names).
urlpatterns += i18n_patterns(path("", include("promises.urls")), prefix_default_language=False)

# Its language links lead to the start pages: the address names no page in any language.
handler404 = "medborgarlofte.languages.page_not_found"

if settings.BENCHMARK_FLOOR:
    # Only the benchmark (bench/load) turns this on, to measure the framework's own cost.
    urlpatterns.append(path("__floor__/", health.floor))
