"""`glossary_links`: a plain text with each glossary word linked to its explanation where it
first appears, on the server (no script), everything else escaped.

A word is found at the start of a word and in any of its forms ("A-traktor" links
"A-traktorerna"), whatever its case, but not inside another word ("A-traktor" is not found in
"EPA-traktor", which has its own entry). Only the first appearance is linked: a page full of
links to the same explanation is harder to read, not easier.
"""

import re

from django import template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()


def _pattern(term: str) -> re.Pattern:
    return re.compile(rf"(?<![\w-]){re.escape(term)}[\w-]*", re.IGNORECASE)


def first_appearances(text: str, terms) -> list[tuple[int, int, object]]:
    """(start, end, term) of each term's first appearance, in order, never overlapping. A
    longer term wins over a shorter one that starts at the same place."""
    found = []
    for term in sorted(terms, key=lambda t: -len(t.term)):
        match = _pattern(term.term).search(text)
        if match and not any(s < match.end() and match.start() < e for s, e, _t in found):
            found.append((match.start(), match.end(), term))
    return sorted(found, key=lambda item: item[0])


@register.filter
def glossary_links(text, terms):
    """`text` escaped, with the first appearance of each of `terms` linked to the glossary."""
    text = str(text or "")
    glossary = reverse("promises:glossary")
    parts, at = [], 0
    for start, end, term in first_appearances(text, terms or ()):
        parts.append(escape(text[at:start]))
        parts.append(
            f'<a class="glossary-link" href="{glossary}#ord-{escape(term.slug)}">'
            f"{escape(text[start:end])}</a>"
        )
        at = end
    parts.append(escape(text[at:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece is escaped above
