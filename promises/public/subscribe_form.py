"""The form residents use to ask for e-mail when something happens."""

from django import forms
from django.utils.translation import gettext_lazy as _

from promises.models.control_characters import has_control_characters
from promises.models.mail_addresses import validate_internet_address
from promises.public import subscribe_guard
from promises.public.forms import GuardedForm


class SubscribeForm(GuardedForm):
    """An address and one of the things the page offers to follow (`choices`)."""

    guard = staticmethod(subscribe_guard.guard)

    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        error_messages={
            "required": _("Write your e-mail address."),
            "invalid": _("Write the e-mail address like this: namn@exempel.se"),
        },
    )
    follow = forms.ChoiceField(
        label=_("What do you want to hear about?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose what you want to hear about."),
            "invalid_choice": _("Choose one of the alternatives."),
        },
    )

    field_order = ["follow", "email", "website", "token"]

    def clean_email(self):
        """Refuse what Django's validator lets through but no resident types: a quoted local
        part (it may carry control characters, which the mail library refuses to send),
        control characters; and, with their own message, addresses of machines inside a
        network or IP addresses (promises/models/mail_addresses.py), `namn@localhost` too."""
        email = self.cleaned_data["email"]
        if email.startswith('"') or has_control_characters(email):
            raise forms.ValidationError(self.fields["email"].error_messages["invalid"])
        validate_internet_address(email)
        return email

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["follow"].choices = choices
        if not self.is_bound and choices:
            self.initial["follow"] = choices[0][0]
        self.fields["email"].widget.attrs["autocomplete"] = "email"
