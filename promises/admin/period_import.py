"""The admin's import of a whole period from its open-data JSON: upload, a preview of what will
be created and reused with every problem of the file, then "Importera". Nothing is written
before the confirmation, and a file with any problem writes nothing.

Only site administrators import periods: an import creates areas and partners, which no other
role may create. (Coordinators importing into their own area would need the areas' roles,
which this branch does not have yet.)

The confirmed file is the previewed one, kept as the action plan's import keeps its files (a
PreviewedImport row of the user's, at most an hour, within the user's allowance) and named by
a token signed with SECRET_KEY with the file's sha256 and the choices made. The confirmation
checks the file again against the database as it is then: when something changed in between
(a period with that address was made meanwhile), it says so and writes nothing.
"""

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from promises.editing import period_exchange, roles
from promises.models import Area, PreviewedImport, files_digest

# A namespace for the signature, not a secret: the secret is SECRET_KEY.
TOKEN_SALT = "promises.period-import"  # noqa: S105
TOKEN_MAX_AGE = 3600
MEGABYTES = period_exchange.MAX_BYTES // (1024 * 1024)


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "A period's open data as JSON, at most 8 MB: the period's JSON file on the other "
            "site's “Öppna data” page (its address ends in .json)."
        ),
    )
    area = forms.ModelChoiceField(
        label=_("Area"),
        queryset=Area.objects.all(),
        required=False,
        empty_label=_("The file's area"),
        help_text=_(
            "Leave it as it is to use the area the file names: the one on this site with the "
            "same web address, or a new one made from the file."
        ),
    )
    slug = forms.SlugField(
        label=_("New web address"),
        required=False,
        max_length=60,
        help_text=_(
            "Only when the file's web address is taken on this site: the last part of the new "
            "period's address, for example “2025-2026-norr”."
        ),
    )
    publish = forms.BooleanField(
        label=_("Publish the period at once"),
        required=False,
        help_text=_("Otherwise it is a draft that only editors see until you publish it."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > period_exchange.MAX_BYTES:
            raise forms.ValidationError(
                gettext("The file is larger than %(count)d MB.") % {"count": MEGABYTES}
            )
        return upload


def _choices(form):
    area = form.cleaned_data["area"]
    return {
        "area": area.slug if area else None,
        "slug": form.cleaned_data["slug"] or None,
        "publish": form.cleaned_data["publish"],
    }


def _token(request, name, content, choices):
    kept = PreviewedImport.keep(request.user, [(name, content)])
    return signing.dumps(
        {
            "user": request.user.pk,
            "preview": kept.pk,
            "sha256": files_digest([(name, content)]),
            **choices,
        },
        salt=TOKEN_SALT,
    )


def _confirm(request):
    expired = gettext("The preview has expired or was altered. Upload the file again.")
    try:
        carried = signing.loads(request.POST["token"], salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        messages.error(request, expired)
        return redirect(request.path)
    if carried.get("user") != request.user.pk:
        raise PermissionDenied
    kept = (
        PreviewedImport.objects.current().filter(pk=carried["preview"], user=request.user).first()
    )
    files = kept.contents() if kept is not None else []
    if kept is None or len(files) != 1 or files_digest(files) != carried["sha256"]:
        messages.error(request, expired)
        return redirect(request.path)
    planned = period_exchange.plan(
        files[0][1], area_slug=carried["area"], period_slug=carried["slug"]
    )
    if not planned.is_valid:
        kept.delete()
        messages.error(
            request,
            gettext(
                "The site changed after the preview, so nothing was imported. Upload the file "
                "again to see the new preview."
            ),
        )
        return redirect(request.path)
    try:
        period = period_exchange.apply(
            planned, publish=carried["publish"], user=request.user, source=files[0][0]
        )
    except DatabaseError:
        # Another write at the same moment (SQLite's one writer, or a period with the same
        # address saved in between): the transaction rolled back whole.
        messages.error(
            request,
            gettext("The import could not be saved just now; nothing was saved. Try again."),
        )
        return redirect(request.path)
    kept.delete()
    messages.success(
        request,
        (
            gettext("Imported the period “%(title)s” (%(slug)s) as published.")
            if period.is_published
            else gettext("Imported the period “%(title)s” (%(slug)s) as a draft.")
        )
        % {"title": period.title, "slug": period.slug},
    )
    return redirect(reverse("admin:promises_promiseperiod_change", args=[period.pk]))


def import_view(model_admin, request):
    if not roles.is_site_admin(request.user):
        raise PermissionDenied
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": gettext("Import a period"),
    }
    if request.method == "POST" and "token" in request.POST:
        return _confirm(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        # Bounded: the form refused a larger file, and reading stops one byte past the limit.
        content = upload.read(period_exchange.MAX_BYTES + 1)
        choices = _choices(form)
        planned = period_exchange.plan(
            content, area_slug=choices["area"], period_slug=choices["slug"]
        )
        context["plan"] = planned
        if planned.is_valid:
            context["summary"] = period_exchange.summary(planned)
            context["token"] = _token(request, upload.name, content, choices)
    context["form"] = form
    return TemplateResponse(request, "admin/promises/promiseperiod/import.html", context)
