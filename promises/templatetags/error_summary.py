"""The error summary at the top of every admin form: each error with a link to its field.

Django's admin says "Rätta felet nedan" at the top and shows the error beside the field,
which on a long form is thousands of pixels further down. The summary names each field in
error and links to its input (the anchor is the input's id, so following the link moves
focus there), inline rows included.
"""

from django import template

register = template.Library()


def _anchor(bound_field) -> str:
    # Checkbox lists label no single input (Django leaves id_for_label empty); the first box
    # is where the keyboard lands.
    return bound_field.id_for_label or f"{bound_field.auto_id}_0"


def _form_errors(form, row_label=None):
    entries = []
    for name, errors in form.errors.items():
        if name not in form.fields:
            continue
        bound_field = form[name]
        label = bound_field.label
        if row_label:
            label = f"{row_label}: {label}"
        for message in errors:
            entries.append({"anchor": _anchor(bound_field), "label": label, "message": message})
    return entries


@register.simple_tag
def error_summary(adminform, inline_admin_formsets=()):
    """A list of {anchor, label, message}; anchor is None for errors of no single field."""
    entries = []
    if adminform is not None:
        form = adminform.form
        entries += [
            {"anchor": None, "label": None, "message": message}
            for message in form.non_field_errors()
        ]
        entries += _form_errors(form)
    for inline_admin_formset in inline_admin_formsets or ():
        formset = inline_admin_formset.formset
        name = inline_admin_formset.opts.verbose_name
        entries += [
            {"anchor": None, "label": None, "message": message}
            for message in formset.non_form_errors()
        ]
        for number, form in enumerate(formset.forms, start=1):
            row_label = f"{name} {number}".capitalize()
            entries += [
                {"anchor": None, "label": row_label, "message": message}
                for message in form.non_field_errors()
            ]
            entries += _form_errors(form, row_label)
    return entries
