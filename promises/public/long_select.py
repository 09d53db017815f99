"""A select of hundreds of choices (the register's areas) written in Python.

Django's `Select` renders each option through a template include of its own: at 300 areas the
promise list's area choice alone took about a third of the page's render. `LongSelect` writes
the same HTML, character for character, with `format_html` (escaped as the templates escape):
tests/public/test_render_cost.py compares it with Django's for the same choices.
"""

from django import forms
from django.utils.html import format_html, format_html_join


def attributes(attrs) -> str:
    """django/forms/widgets/attrs.html: ` name="value"`, a bare ` name` for True, nothing for
    False."""
    if not attrs:  # most options: nothing to write
        return ""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False
        ),
    )


class LongSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        if any(group_name for group_name, _choices, _index in widget["optgroups"]):
            # Groups (none of the site's long lists has any) go the template's way.
            return super().render(name, value, attrs, renderer)
        options = format_html_join(
            "",
            '\n  <option value="{}"{}>{}</option>\n',
            (
                (str(option["value"]), attributes(option["attrs"]), option["label"])
                for _group, choices, _index in widget["optgroups"]
                for option in choices
            ),
        )
        return format_html(
            '<select name="{}"{}>{}\n</select>',
            widget["name"],
            attributes(widget["attrs"]),
            options,
        )
