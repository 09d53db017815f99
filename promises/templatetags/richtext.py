"""The `rich_text` filter: an editor's text as sanitised paragraphs, lists and links."""

from django import template
from django.utils.safestring import mark_safe

from promises.editing import richtext

register = template.Library()


@register.filter(is_safe=True)
def rich_text(text):
    """Paragraphs, lists and links from an editor's text, sanitised (editing/richtext.py)."""
    return mark_safe(richtext.render(text))  # noqa: S308 - nh3 has just cleaned it
