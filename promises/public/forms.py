"""The form residents use to report an accessibility problem."""

from django import forms
from django.utils.translation import gettext_lazy as _

from promises.models import AccessibilityReport
from promises.public import form_guard, report_guard


class MultilineTextField(forms.CharField):
    """Counts a line break as one character, as the browser's maxlength does: browsers send
    each line break as two characters (CR LF)."""

    def to_python(self, value):
        return super().to_python(value).replace("\r\n", "\n")


SAME_SITE_ERROR = _(
    "The form must be sent from this website. Open the form on the website and send it from there."
)


class GuardedForm(forms.Form):
    """What every public form shares: the signed token and the honeypot of its FormGuard
    (promises/public/form_guard.py), and fields tied to their help and error texts.

    Subclasses set `guard` to a function returning their FormGuard.
    """

    # Hidden from people by CSS; a bot that fills in every field gives itself away.
    website = forms.CharField(
        label=_("Leave this field empty"), required=False, widget=forms.TextInput
    )
    token = forms.CharField(widget=forms.HiddenInput)

    TOKEN_ERRORS = {
        form_guard.TokenProblem.INVALID: _(
            "The form could not be read. Reload the page and send it again."
        ),
        form_guard.TokenProblem.TOO_FAST: _(
            "The form was sent too quickly to have been filled in by a person. Wait a few "
            "seconds and send it again."
        ),
        form_guard.TokenProblem.EXPIRED: _(
            "The form has been open for more than a day. Reload the page, fill it in again "
            "and send it."
        ),
    }

    @staticmethod
    def guard() -> form_guard.FormGuard:
        raise NotImplementedError

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        if not self.is_bound:
            self.initial["token"] = self.guard().new_token()
        self.fields["token"].error_messages["required"] = self.TOKEN_ERRORS[
            form_guard.TokenProblem.INVALID
        ]

    def full_clean(self):
        super().full_clean()
        # Tie each field to its help and error texts, so screen readers read them with it.
        for name, field in self.fields.items():
            if field.widget.is_hidden:
                # Hidden fields' errors are shown at the top (hidden_problems), not beside them.
                continue
            bound = self[name]
            described_by = []
            if field.help_text:
                described_by.append(f"{bound.auto_id}_helptext")
            if name in self.errors:
                described_by.append(f"{bound.auto_id}_error")
                field.widget.attrs["aria-invalid"] = "true"
            if described_by and not isinstance(field.widget, forms.RadioSelect):
                field.widget.attrs["aria-describedby"] = " ".join(described_by)

    def clean_token(self):
        problem = self.guard().token_problem(self.cleaned_data["token"])
        if problem:
            raise forms.ValidationError(self.TOKEN_ERRORS[problem], code=problem)
        return self.cleaned_data["token"]

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise forms.ValidationError(_("Leave the field “Leave this field empty” empty."))
        return ""

    def hidden_problems(self):
        """Errors of fields people cannot see, shown at the top of the form instead."""
        return [*self.errors.get("token", []), *self.errors.get("website", [])]

    def submit(self, request, store, flood_messages, allowances=()) -> int | None:
        """Check a post the way every public form does, and `store(form)` it when it passes.

        None when stored, or when the post replays a used token (thanked, stores nothing):
        the view redirects to its thank-you page. Otherwise the HTTP status to show the form
        again with, its errors added and a fresh token in place. `allowances` are further
        limits for `FormGuard.take_slot`, or a function of the valid form that returns them.
        """
        guard = self.guard()
        if not form_guard.is_same_site(request):
            self.add_error(None, SAME_SITE_ERROR)
            status = 403
        elif flood := guard.flooding(request):
            self.add_error(None, flood_messages[flood])
            status = 429
        elif self.is_valid():
            token = self.cleaned_data["token"]
            if not guard.claim_token(token):
                return None
            extra = allowances(self) if callable(allowances) else allowances
            if flood := guard.take_slot(request, extra):
                # Others used up the allowance since the check above: nothing is stored,
                # and the token stays usable for a later resend.
                guard.release_token(token)
                self.add_error(None, flood_messages[flood])
                status = 429
            else:
                try:
                    store(self)
                except Exception:
                    # Not stored: the person's resend must not be taken for a replay, nor
                    # use up their allowance.
                    guard.release_token(token)
                    guard.give_back_slot(request, extra)
                    raise
                return None
        else:
            status = 400
        self.ready_for_resend()
        return status

    def ready_for_resend(self):
        """Show the form again with a fresh token, so a person can correct and resend it."""
        self.data = self.data.copy()
        guard = self.guard()
        self.data["token"] = guard.new_token(issued=guard.issued(self.data.get("token", "")))
        # An autofilled honeypot would otherwise block every resend with an error about a
        # field the person cannot see or clear.
        self.data["website"] = ""


class AccessibilityReportForm(GuardedForm, forms.ModelForm):
    """The public form for reporting an accessibility problem or asking for another format."""

    guard = staticmethod(report_guard.guard)

    class Meta:
        model = AccessibilityReport
        # In the order the page shows them, so the error summary follows the form.
        fields = ("kind", "message", "page", "name", "email")
        field_classes = {"message": MultilineTextField}
        widgets = {
            "kind": forms.RadioSelect,
            "message": forms.Textarea(attrs={"rows": 6}),
        }
        labels = {
            "kind": _("What is it about?"),
            "page": _("Which page? (optional)"),
            "message": _("Your message"),
            "name": _("Your name (optional)"),
            "email": _("Your e-mail (optional)"),
        }
        error_messages = {
            "message": {
                "required": _("Write what the problem is, or which content you want."),
                "max_length": _(
                    "Write at most %(limit_value)d characters (you wrote %(show_value)d)."
                ),
            },
            "email": {"invalid": _("Write the e-mail address like this: namn@exempel.se")},
            "kind": {"required": _("Choose what your message is about.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = AccessibilityReport.Kind.choices
        # Not "url": that means the visitor's own home page, and browsers would offer it.
        self.fields["page"].widget.attrs["autocomplete"] = "off"
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["message"].widget.attrs["maxlength"] = "5000"
