"""“Förhandsgranska”: formatted text shown as residents will see it, without saving.

The button posts the form like a save. The form is then reported as not valid (without any
error), so Django's admin renders it again with everything the editor typed and saves
nothing; the posted Markdown fields are shown above it, rendered and sanitised exactly as the
public pages do (promises/editing/richtext.py). No script is needed.
"""

from django.utils.safestring import mark_safe

from promises.editing import richtext

PREVIEW_BUTTON = "_preview"


def is_preview(request) -> bool:
    return request.method == "POST" and PREVIEW_BUTTON in request.POST


class PreviewOnlyForm:
    """Mixed into the admin's form class for a preview: validated, never saved."""

    def is_valid(self):
        super().is_valid()
        return False


class PreviewMixin:
    """For a ModelAdmin with Markdown fields, named in `preview_fields`."""

    preview_fields = ()

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if is_preview(request):
            # Django saves the inline rows only together with a valid form, so they are safe.
            return type(form.__name__, (PreviewOnlyForm, form), {})
        return form

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["preview_fields_shown"] = [
            name for name in self.preview_fields if name in context["adminform"].form.fields
        ]
        if is_preview(request):
            form = context["adminform"].form
            context["preview"] = [
                {
                    "label": form[name].label,
                    # nh3 has just cleaned it, as the public pages' rich_text filter does.
                    "html": mark_safe(richtext.render(form[name].value() or "")),  # noqa: S308
                }
                for name in context["preview_fields_shown"]
                if not form.fields[name].disabled
            ]
        return super().render_change_form(request, context, add, change, form_url, obj)
