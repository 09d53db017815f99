"""Optimistic concurrency for the admin forms: a second save never overwrites the first.

Each edit form carries a signed copy of the values it was opened with (hidden field
`edit_token`). On save, those values are compared with what the database holds now; if someone
else saved in between, the save is refused and the form shows, field by field, what the other
person saved, while keeping what this editor typed. Nothing is lost: the other version is in the
history, this one is still in the form.
"""

from django import forms
from django.core import signing
from django.forms.models import BaseInlineFormSet
from django.utils.formats import localize
from django.utils.timezone import localtime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from promises.editing.history import display_value, label_of

SALT = "promises.editing.concurrency"


def snapshot(instance, field_names) -> dict:
    """The instance's stored values for these fields, as comparable strings."""
    values = {}
    for name in field_names:
        field = instance._meta.get_field(name)
        if field.many_to_many:
            if instance.pk is None:
                values[name] = []
            else:
                pks = getattr(instance, name).order_by("pk").values_list("pk", flat=True)
                values[name] = [str(pk) for pk in pks]
        else:
            value = field.value_from_object(instance)
            values[name] = "" if value is None else str(value)
    return values


def last_saved_by(instance):
    import reversion
    from reversion.models import Version

    if not reversion.is_registered(type(instance)):
        # Kept without history (residents' reports hold personal data): nobody to name.
        return None
    version = Version.objects.get_for_object(instance).select_related("revision__user").first()
    return version.revision if version else None


class HiddenInputWithoutLabelTarget(forms.HiddenInput):
    """The admin writes a label for every field in a fieldset; a label may not point at a
    hidden input (the Nu Html Checker refuses it), so this one points at nothing."""

    def id_for_label(self, id_):
        return ""


class ConcurrencyFormMixin(forms.ModelForm):
    """An admin's `form` as it is, or the base of a form with more checks: the admin supplies
    the model and the fields (list `edit_token` among them)."""

    edit_token = forms.CharField(
        label=_("Version check"), widget=HiddenInputWithoutLabelTarget, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.initial["edit_token"] = signing.dumps(
                snapshot(self.instance, self.tracked_fields()),
                salt=self.token_salt(),
                compress=True,
            )

    def token_salt(self):
        # A token only fits the item it was made for: one copied from another form is stale.
        return f"{SALT}:{self.instance._meta.label}:{self.instance.pk}"

    def tracked_fields(self):
        model_fields = {f.name for f in self._meta.model._meta.get_fields()}
        return sorted(name for name in self.fields if name in model_fields)

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is None or self.instance._state.adding:
            return cleaned_data
        if not [name for name in self.changed_data if name != "edit_token"]:
            # Identical to what is stored now: saving it overwrites nothing.
            return cleaned_data
        try:
            seen = signing.loads(
                self.data.get(self.add_prefix("edit_token"), ""), salt=self.token_salt()
            )
        except signing.BadSignature:
            raise forms.ValidationError(
                _(
                    "The form could not be checked against the saved version. Reload the page "
                    "and make your changes again."
                ),
                code="stale",
            ) from None
        stored = type(self.instance)._default_manager.filter(pk=self.instance.pk).first()
        if stored is None:
            raise forms.ValidationError(
                _(
                    "Someone else deleted this while you were editing it. It can be recovered "
                    "from the history."
                ),
                code="deleted",
            )
        now = snapshot(stored, list(seen))
        changed = [name for name in seen if now[name] != seen[name]]
        if changed:
            raise forms.ValidationError(self.conflict_messages(stored, seen, now, changed))
        return cleaned_data

    def conflict_messages(self, stored, seen, now, changed):
        model = type(stored)
        revision = last_saved_by(stored)
        if revision is not None:
            who = revision.user.get_username() if revision.user else gettext("someone")
            when = localize(localtime(revision.date_created))
            lead = gettext(
                "%(who)s saved this %(thing)s at %(when)s, after you opened it. Your changes "
                "have NOT been saved, so nothing of theirs was overwritten. Below is what they "
                "changed; your text is still in the form. Copy what you need, reload the page "
                "and make your changes again."
            ) % {"who": who, "when": when, "thing": model._meta.verbose_name}
        else:
            lead = gettext(
                "Someone else saved this %(thing)s after you opened it. Your changes have NOT "
                "been saved. Below is what they changed; your text is still in the form."
            ) % {"thing": model._meta.verbose_name}
        lines = [lead]
        for name in changed:
            lines.append(
                gettext("%(field)s – now: “%(new)s” (when you opened it: “%(old)s”)")
                % {
                    "field": label_of(model, name),
                    "new": display_value(model, name, now[name]),
                    "old": display_value(model, name, seen[name]),
                }
            )
        return [forms.ValidationError(line, code="conflict") for line in lines]


class ConcurrencyInlineFormSet(BaseInlineFormSet):
    """Rows of a form someone else deleted after it was opened are said plainly, instead of as
    an error on a hidden field that nobody sees."""

    def clean(self):
        super().clean()
        pk_name = self.model._meta.pk.name
        if any(pk_name in form.errors for form in self.initial_forms):
            raise forms.ValidationError(
                _(
                    "Someone else deleted a row here after you opened the page. Your changes "
                    "have NOT been saved; they are still in the form. Copy what you need, "
                    "reload the page and make your changes again."
                ),
                code="deleted",
            )
