"""The admin's import page for an åtgärdsplan: upload the actions and the indicators (one
workbook with a sheet each, or two files), see a preview of every row's outcome with Swedish
errors per row and column, then confirm. Nothing is written before the confirmation.

The confirmed files are the previewed ones: the preview keeps them in the database (a
PreviewedImport row of the user's, which every process shares, kept for an hour) and hands the
browser a signed token (SECRET_KEY) naming that row, the files' sha256, the period and the
choice to publish. The files stay out of the confirmation form, which a file near the 2 MB
limit would push past DATA_UPLOAD_MAX_MEMORY_SIZE. The confirmation refuses when the plan it
would write is no longer the one that was shown (someone changed the actions or indicators in
between).
"""

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext, ngettext, npgettext
from django.utils.translation import gettext_lazy as _

from promises.admin import import_preview
from promises.editing import plan_files, roles
from promises.editing.spreadsheet import MAX_FILE_SIZE
from promises.models import PreviewedImport, PromisePeriod, files_digest

# A namespace for the signature, not a secret: the secret is SECRET_KEY.
TOKEN_SALT = "promises.action-import"  # noqa: S105
TOKEN_MAX_AGE = 3600


class UploadForm(forms.Form):
    period = forms.ModelChoiceField(
        label=_("Period"), queryset=PromisePeriod.objects.all(), empty_label=None
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "CSV (UTF-8, separated by semicolons or commas) or XLSX, at most 2 MB: the actions, "
            "the indicators, or a workbook with one sheet of each."
        ),
    )
    indicator_file = forms.FileField(
        label=_("Indicators in a separate file"),
        required=False,
        help_text=_("Optional: a second file with the indicators, imported together."),
    )
    publish = forms.BooleanField(
        label=_("Publish the new actions and indicators at once"),
        required=False,
        help_text=_(
            "Otherwise they are drafts until you publish them. Changed actions and indicators "
            "keep their state."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        for name in ("file", "indicator_file"):
            upload = cleaned.get(name)
            if upload is not None and upload.size > MAX_FILE_SIZE:
                self.add_error(name, gettext("The file is larger than 2 MB."))
        return cleaned


def _token(request, period, publish, files, planned):
    kept = PreviewedImport.keep(request.user, files)
    return signing.dumps(
        {
            "user": request.user.pk,
            "period": period.pk,
            "publish": publish,
            "preview": kept.pk,
            "sha256": files_digest(files),
            "plan": planned.fingerprint(),
        },
        salt=TOKEN_SALT,
    )


def may_import(user):
    return any(
        user.has_perm(f"promises.add_{model}") and user.has_perm(f"promises.change_{model}")
        for model in ("action", "indicator")
    )


def imported_message(counts):
    """What the import did, in whole words: "1 ny indikator", never "1 nya indikatorer". The
    contexts keep the adjectives apart ("1 ny åtgärd" but "1 nytt värde")."""
    parts = [gettext("Imported.")]
    if "actions" in counts:
        new, changed, unchanged = (
            counts["actions"][key] for key in ("new", "changed", "unchanged")
        )
        parts.append(
            gettext("Actions: %(new)s, %(changed)s and %(unchanged)s.")
            % {
                "new": npgettext("actions", "%(count)d new", "%(count)d new", new) % {"count": new},
                "changed": npgettext("actions", "%(count)d changed", "%(count)d changed", changed)
                % {"count": changed},
                "unchanged": npgettext(
                    "actions", "%(count)d unchanged", "%(count)d unchanged", unchanged
                )
                % {"count": unchanged},
            }
        )
    if "indicators" in counts:
        done = counts["indicators"]
        made = done["indicators"]
        parts.append(
            ngettext("Indicators: %(count)d new.", "Indicators: %(count)d new.", made)
            % {"count": made}
        )
        new, changed, unchanged = (done[key] for key in ("new", "changed", "unchanged"))
        parts.append(
            gettext("Measured values: %(new)s, %(changed)s and %(unchanged)s.")
            % {
                "new": npgettext("values", "%(count)d new", "%(count)d new", new) % {"count": new},
                "changed": npgettext("values", "%(count)d changed", "%(count)d changed", changed)
                % {"count": changed},
                "unchanged": npgettext(
                    "values", "%(count)d unchanged", "%(count)d unchanged", unchanged
                )
                % {"count": unchanged},
            }
        )
    return " ".join(parts)


def _confirm(request, changelist):
    expired = gettext("The preview has expired or was altered. Upload the file again.")
    try:
        carried = signing.loads(request.POST["token"], salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
        if not isinstance(carried.get("preview"), int):
            # A preview shown by an earlier version carried the files themselves.
            raise signing.BadSignature
    except signing.BadSignature:
        messages.error(request, expired)
        return redirect(request.path)
    # The period is read through the user's scope again: an import prepared before the user
    # lost the area (or signed for another user) imports nothing.
    period = roles.visible_periods(request.user).filter(pk=carried["period"]).first()
    if carried["user"] != request.user.pk or period is None:
        raise PermissionDenied
    kept = (
        PreviewedImport.objects.current().filter(pk=carried["preview"], user=request.user).first()
    )
    files = kept.contents() if kept is not None else []
    if kept is None or files_digest(files) != carried["sha256"]:
        # Already confirmed, or older than an hour.
        messages.error(request, expired)
        return redirect(request.path)
    planned = plan_files.plan(files, period, request.user)
    stale = gettext(
        "The actions or indicators changed after the preview, so nothing was imported. Upload "
        "the file again to see the new preview."
    )
    if not planned.is_valid:
        kept.delete()
        messages.error(request, stale)
        return redirect(request.path)
    try:
        counts = plan_files.apply(
            planned,
            request.user,
            publish=carried["publish"],
            source=", ".join(name for name, _content in files),
            expected=carried["plan"],
        )
    except plan_files.StalePlan:
        kept.delete()
        messages.error(request, stale)
        return redirect(request.path)
    except DatabaseError:
        # Another import into the database at the same moment (SQLite's one writer): the
        # transaction rolled back whole. The files are kept for the next try.
        messages.error(
            request,
            gettext("The import could not be saved just now; nothing was saved. Try again."),
        )
        return redirect(request.path)
    kept.delete()
    messages.success(request, imported_message(counts))
    if "actions" not in counts:
        changelist = reverse("admin:promises_indicator_changelist")
    return redirect(changelist)


def import_view(model_admin, request):
    if not may_import(request.user):
        raise PermissionDenied
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": gettext("Import an action plan"),
        "template_url": static("promises/atgardsplan-mall.csv"),
        "indicator_template_url": static("promises/indikatorer-mall.csv"),
    }
    if request.method == "POST" and "token" in request.POST:
        return _confirm(request, reverse("admin:promises_action_changelist"))
    form = UploadForm(request.POST or None, request.FILES or None)
    # Only the periods of the areas the user works in: another area's period is "Välj ett
    # giltigt alternativ" (roles.visible_periods is the hook for every import page).
    form.fields["period"].queryset = roles.visible_periods(request.user)
    if request.method == "POST" and form.is_valid():
        period = form.cleaned_data["period"]
        uploads = [form.cleaned_data["file"]]
        if form.cleaned_data["indicator_file"] is not None:
            uploads.append(form.cleaned_data["indicator_file"])
        files = [(upload.name, upload.read()) for upload in uploads]
        planned = plan_files.plan(files, period, request.user)
        context["plan"] = planned
        preview = import_preview.preview(planned)
        context["preview"] = preview
        context["preview_tables"] = [
            (
                "preview",
                preview.actions,
                gettext("The actions: every row of the file and what the import would do"),
                gettext("Action"),
            ),
            (
                "indicator-preview",
                preview.indicators,
                gettext("The indicators: every row of the file and what the import would do"),
                gettext("Indicator"),
            ),
        ]
        if planned.is_valid:
            context["token"] = _token(request, period, form.cleaned_data["publish"], files, planned)
    context["form"] = form
    return TemplateResponse(request, "admin/promises/action/import.html", context)
