"""Editors' texts are Swedish on every language's page until they are translated: `{% swedish %}`
marks an element holding one, so screen readers and browsers read it as Swedish (and left to
right inside an Arabic page). On a Swedish page it writes nothing."""

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_bidi

register = template.Library()

SOURCE_LANGUAGE = "sv"


def shows_swedish_content() -> bool:
    """Whether the page is in another language than the editors' texts."""
    return (get_language() or SOURCE_LANGUAGE) != SOURCE_LANGUAGE


@register.simple_tag
def swedish():
    if not shows_swedish_content():
        return ""
    attributes = ' lang="sv" dir="ltr"' if get_language_bidi() else ' lang="sv"'
    return mark_safe(attributes)  # noqa: S308 - one of two constant strings


@register.simple_tag
def editors_texts_are_swedish():
    """For the once-per-page note (templates/base.html)."""
    return shows_swedish_content()
