"""Editors' texts in the page's language: `row|shown:"field"` is the editors' published
translation into the page's language, or the Swedish text when there is none
(promises/models/translations.py). `{% swedish row "field" %}` marks the element holding it
`lang="sv"` (and `dir="ltr"` inside an Arabic page) only when the Swedish text is what is shown,
so screen readers and browsers read it as Swedish; a translated text is not marked. Without
arguments `{% swedish %}` marks a text that is always Swedish.

`{% swedish_note %}<note>{% for_texts_in %}<body>{% end_swedish_note %}` renders the body first
and puts the note before it only when the body showed at least one Swedish text on a page in
another language. On a Swedish page nothing is marked and no note is shown.

`row|marked:"field"` is the shown text as HTML for running text (a title in a list, a
sentence, a breadcrumb): the Swedish fallback comes inside `<span lang="sv">`, a translation
as it is. Use `shown` where no markup may go (attributes, `<title>`).
"""

from contextvars import ContextVar

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_bidi

from promises.models.translations import SOURCE_LANGUAGE, ShownText, active_language, shown_text

register = template.Library()

# Set by {% swedish_note %} while its body renders; {% swedish %} records a Swedish text in it.
_swedish_shown: ContextVar[list | None] = ContextVar("swedish_shown", default=None)


def shows_swedish_content() -> bool:
    """Whether the page is in another language than the editors' texts."""
    return active_language() != SOURCE_LANGUAGE


@register.filter
def shown(row, field_name: str) -> ShownText:
    """The text of `row`'s `field_name` a page in the active language shows."""
    return shown_text(row, field_name)


@register.filter
def marked(row, field_name: str):
    """`row|shown:field` escaped, inside a span marked Swedish when the Swedish text is
    what a page in another language shows (module docstring)."""
    text = shown_text(row, field_name)
    return marked_text(text)


@register.filter
def marked_text(text):
    """A `ShownText` (a breadcrumb's name) escaped and marked like `marked`; any other text,
    the site's own words or a proper name, escaped as it is."""
    if not isinstance(text, ShownText):
        return conditional_escape(text)
    attributes = swedish(text)
    if not attributes:
        return conditional_escape(text)
    return format_html("<span{}>{}</span>", attributes, text)


@register.simple_tag
def swedish(row=None, field_name=None):
    if not shows_swedish_content():
        return ""
    if field_name is not None:
        row = shown_text(row, field_name)
    if isinstance(row, ShownText) and not row.is_swedish:
        return ""
    shown_here = _swedish_shown.get()
    if shown_here is not None:
        shown_here.append(True)
    attributes = ' lang="sv" dir="ltr"' if get_language_bidi() else ' lang="sv"'
    return mark_safe(attributes)  # noqa: S308 - one of two constant strings


@register.simple_tag
def editors_texts_are_swedish():
    """Whether the page is in another language than the editors' texts (kept for templates
    that say so unconditionally)."""
    return shows_swedish_content()


class SwedishNoteNode(template.Node):
    child_nodelists = ("note", "body")

    def __init__(self, note, body):
        self.note = note
        self.body = body

    def render(self, context):
        token = _swedish_shown.set([])
        try:
            body = self.body.render(context)
            shown_here = bool(_swedish_shown.get())
        finally:
            _swedish_shown.reset(token)
        if shown_here and shows_swedish_content():
            return self.note.render(context) + body
        return body


@register.tag
def swedish_note(parser, token):
    note = parser.parse(("for_texts_in",))
    parser.delete_first_token()
    body = parser.parse(("end_swedish_note",))
    parser.delete_first_token()
    return SwedishNoteNode(note, body)
