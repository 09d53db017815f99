"""Form widgets the model admins share: checkboxes for choices, native date inputs,
files shown by name."""

from django import forms
from django.contrib.admin.widgets import AdminFileWidget
from django.db import models

CHECKBOXES = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}


class LabelledFileInput(AdminFileWidget):
    """A file field under a <label>: Django puts it in a fieldset whose legend names no input."""

    use_fieldset = False


# The browser's own date picker: keyboard- and screen-reader-friendly, and free of the admin's
# calendar shortcuts, whose accessible names are not translated into Swedish.
NATIVE_DATE_INPUT = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
