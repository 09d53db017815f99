"""The admin's import page for an åtgärdsplan: upload, a preview of every row's outcome with
Swedish errors per row and column, then confirm. Nothing is written before the confirmation.

The confirmed file is the previewed one: the preview carries the file in a signed token (the
SECRET_KEY every process shares, bound to the user, the period and the choice to publish,
valid for an hour), and the confirmation refuses when the plan it would write is no longer
the one that was shown (someone changed the actions in between).
"""

import base64

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from promises.editing import action_import
from promises.models import PromisePeriod

# A namespace for the signature, not a secret: the secret is SECRET_KEY.
TOKEN_SALT = "promises.action-import"  # noqa: S105
TOKEN_MAX_AGE = 3600


class UploadForm(forms.Form):
    period = forms.ModelChoiceField(
        label=_("Period"), queryset=PromisePeriod.objects.all(), empty_label=None
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV (UTF-8, separated by semicolons or commas) or XLSX, at most 2 MB."),
    )
    publish = forms.BooleanField(
        label=_("Publish the new actions at once"),
        required=False,
        help_text=_(
            "Otherwise they are drafts until you publish them. Changed actions keep their state."
        ),
    )


def _token(request, period, publish, filename, content, plan):
    return signing.dumps(
        {
            "user": request.user.pk,
            "period": period.pk,
            "publish": publish,
            "name": filename,
            "data": base64.b64encode(content).decode(),
            "plan": plan.fingerprint(),
        },
        salt=TOKEN_SALT,
        compress=True,
    )


def import_view(model_admin, request):
    if not (
        request.user.has_perm("promises.add_action")
        and request.user.has_perm("promises.change_action")
    ):
        raise PermissionDenied
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": gettext("Import an action plan"),
        "template_url": static("promises/atgardsplan-mall.csv"),
    }
    changelist = reverse("admin:promises_action_changelist")
    if request.method == "POST" and "token" in request.POST:
        try:
            carried = signing.loads(request.POST["token"], salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
        except signing.BadSignature:
            messages.error(
                request, gettext("The preview has expired or was altered. Upload the file again.")
            )
            return redirect(request.path)
        period = PromisePeriod.objects.filter(pk=carried["period"]).first()
        if carried["user"] != request.user.pk or period is None:
            raise PermissionDenied
        content = base64.b64decode(carried["data"])
        plan = action_import.plan_import(content, carried["name"], period, request.user)
        if not plan.is_valid or plan.fingerprint() != carried["plan"]:
            messages.error(
                request,
                gettext(
                    "The actions changed after the preview, so nothing was imported. Upload "
                    "the file again to see the new preview."
                ),
            )
            return redirect(request.path)
        counts = action_import.apply(
            plan, request.user, publish=carried["publish"], source=carried["name"]
        )
        messages.success(
            request,
            gettext(
                "Imported: %(new)d new, %(changed)d changed and %(unchanged)d unchanged actions."
            )
            % counts,
        )
        return redirect(changelist)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        period = form.cleaned_data["period"]
        if upload.size > action_import.MAX_FILE_SIZE:
            form.add_error("file", gettext("The file is larger than 2 MB."))
        else:
            content = upload.read()
            plan = action_import.plan_import(content, upload.name, period, request.user)
            context["plan"] = plan
            if plan.is_valid:
                context["token"] = _token(
                    request, period, form.cleaned_data["publish"], upload.name, content, plan
                )
    context["form"] = form
    return TemplateResponse(request, "admin/promises/action/import.html", context)
