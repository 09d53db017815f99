"""Starting the next period from the current one: a draft copy that editors then revise.

Medborgarlöften are renewed every one or two years, mostly with the same partners and
structure. The copy takes the partners, the section texts and the promises (with their givers
and focus areas); it leaves out the photo (it shows the people who signed the old promise)
and the follow-ups (they report on the old period). The original is not changed.
"""

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from promises.models import Promise, PromisePeriod

COPIED_FIELDS = (
    "intro",
    "promises_heading",
    "situation_heading",
    "situation_text",
    "goal_heading",
    "goal_text",
)


@transaction.atomic
def copy_period(original: PromisePeriod, *, title, slug, starts_on, ends_on) -> PromisePeriod:
    copy = PromisePeriod.objects.create(
        # The next period of the same area's promise.
        area=original.area,
        title=title,
        slug=slug,
        starts_on=starts_on,
        ends_on=ends_on,
        is_published=False,
        **{name: getattr(original, name) for name in COPIED_FIELDS},
    )
    copy.partners.set(original.partners.all())
    for promise in original.promises.prefetch_related("givers", "focus_areas"):
        new = Promise.objects.create(
            period=copy,
            text=promise.text,
            # The lättläst text says what the text says: editors revise both together.
            easy_read_text=promise.easy_read_text,
            order=promise.order,
        )
        new.givers.set(promise.givers.all())
        new.focus_areas.set(promise.focus_areas.all())
    return copy


class CopyPeriodForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("For example “Medborgarlöfte 2025-2026”."),
    )
    slug = forms.SlugField(
        label=_("Web address"),
        max_length=60,
        help_text=_("The last part of the new page's address, for example “2025-2026”."),
    )
    starts_on = forms.DateField(label=_("Valid from"), help_text=_("For example 2025-01-01."))
    ends_on = forms.DateField(label=_("Valid until"), help_text=_("For example 2026-12-31."))

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if PromisePeriod.objects.filter(slug=slug).exists():
            raise forms.ValidationError(
                _("Another period already has this web address. Choose another one."),
                code="taken",
            )
        return slug

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and starts_on > ends_on:
            self.add_error("ends_on", _("The period must start before it ends."))
        return cleaned
