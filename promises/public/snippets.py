"""Search snippets: a short piece of the text around the first match, with the found words
marked (`<mark>`) and everything else escaped.

Matching is the search's own (promises/public/search.py): the text is compared in its
normalised form (NFKC, casefolded) with the query's stemmed words, so "narkotikan" marks
"narkotika" and "Narkotikabrott" as the search found them. Normalising can change a text's
length ("ﬁ" becomes "fi"), so each normalised character remembers which character of the
original it came from, and the snippet is cut and marked in the original text.
"""

import re
import unicodedata

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from promises.public.search import normalise

# Characters of context before the first match, and the snippet's whole length.
BEFORE = 60
LENGTH = 220

# The Markdown editors write (promises/editing/richtext.py) read as plain text: a link keeps
# its words, emphasis, headings, quotes and list markers go.
MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
MARKDOWN_MARKS = re.compile(r"(^|\s)(?:#{1,6}|>|[-*+]|\d+\.)\s+|[*_`]+", re.M)


def plain(text: str) -> str:
    text = MARKDOWN_LINK.sub(r"\1", text or "")
    text = MARKDOWN_MARKS.sub(r"\1", text)
    return " ".join(text.split())


def _normalised_with_origins(text: str) -> tuple[str, list[int]]:
    """`normalise(text)`, and for each of its characters the index in `text` it came from.

    A base character and the combining marks after it are normalised together, as NFKC
    composes them ("e" + U+0301 is "é")."""
    out, origins = [], []
    start = 0
    while start < len(text):
        end = start + 1
        while end < len(text) and unicodedata.combining(text[end]):
            end += 1
        piece = normalise(text[start:end])
        out.append(piece)
        origins.extend([start] * len(piece))
        start = end
    return "".join(out), origins


def _in_word(text: str, index: int) -> bool:
    character = text[index]
    return character.isalnum() or bool(unicodedata.combining(character))


def _word_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) to the whole word: a stem marks the word it is part of
    ("narkotik" marks "narkotikan", "EPA-traktor" marks "EPA-traktorer")."""
    while start > 0 and _in_word(text, start - 1):
        start -= 1
    while end < len(text) and _in_word(text, end):
        end += 1
    return start, end


def matches(text: str, words) -> list[tuple[int, int]]:
    """Where the words occur in `text` (original indexes, whole words), in order, merged."""
    normalised, origins = _normalised_with_origins(text)
    found = []
    for word in {w for w in words if w}:
        position = normalised.find(word)
        while position != -1:
            start = origins[position]
            end = origins[position + len(word) - 1] + 1
            found.append(_word_bounds(text, start, end))
            position = normalised.find(word, position + len(word))
    merged = []
    for start, end in sorted(found):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def count_found(text: str, words) -> int:
    """How many of the words the text holds (to choose the field that matched best)."""
    normalised = normalise(text)
    return sum(1 for word in set(words) if word and word in normalised)


def marked(text: str, words) -> SafeString:
    """The whole text, escaped, with the words marked."""
    return _render(text, matches(text, words), 0, len(text))


def snippet(text: str, words, length: int = LENGTH) -> SafeString:
    """A piece of the plain text around the first match (its opening when nothing matches),
    cut at spaces, with "…" where it was cut and the words marked."""
    text = plain(text)
    found = matches(text, words)
    first = found[0][0] if found else 0
    start = max(0, first - BEFORE)
    if start + length > len(text):
        start = max(0, len(text) - length)
    end = min(len(text), start + length)
    if start > 0:
        space = text.find(" ", start, first) if found else text.find(" ", start)
        start = space + 1 if space != -1 else start
    if end < len(text):
        space = text.rfind(" ", max(start, found[0][1] if found else start), end)
        end = space if space != -1 else end
    html = _render(text, found, start, end)
    return mark_safe(("…" if start > 0 else "") + html + ("…" if end < len(text) else ""))  # noqa: S308 - escaped in _render


def _render(text: str, found, start: int, end: int) -> SafeString:
    parts, at = [], start
    for match_start, match_end in found:
        match_start, match_end = max(match_start, start), min(match_end, end)
        if match_start >= match_end:
            continue
        parts.append(escape(text[at:match_start]))
        parts.append(f"<mark>{escape(text[match_start:match_end])}</mark>")
        at = match_end
    parts.append(escape(text[at:end]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text is escaped above
