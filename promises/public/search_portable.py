"""The portable search (SQLite): every word a substring of the row's normalised text, ranked
by a simple score, with snippets cut in Python.

A word is the query's normalised word without its Swedish ending (promises/public/search.py),
so "narkotikan" finds "narkotika" and "Narkotikabrott", "Tjörns" finds "Tjörn". Promises,
follow-ups and actions keep their normalised text (`search_text`); the other kinds are folded
in SQL by `search_fold()`. The score counts each word's occurrences, four times in a title
or name (weight A) and once in a body (weight B): the same order of importance as
PostgreSQL's weights, so the test queries rank alike on both.
"""

from django.db.models import F, Func, TextField, Value
from django.db.models.functions import Concat
from django.db.models.lookups import Contains

from promises.public import search, snippets

TITLE_WEIGHT = 4
# A title (a promise's text, a name, a heading) is shown whole up to this many characters,
# a longer one is cut around its first match like a body.
TITLE_LENGTH = 300


class Fold(Func):
    """`search.normalise()` in SQL (installed on each SQLite connection)."""

    function = "search_fold"
    output_field = TextField()


def haystack(kind):
    if kind.stored_text:
        return F(kind.stored_text)
    parts = [F(name) for name in kind.fields]
    if len(parts) > 1:
        parts = [Concat(parts[0], Value("\n"), parts[1], output_field=TextField())]
    return Fold(parts[0])


def holds(kind, word):
    """A condition: the row's text holds the word (LIKE's wildcards in it are literal)."""
    return Contains(haystack(kind), word)


def score(title: str, body: str, words) -> int:
    title, body = search.normalise(title), search.normalise(body)
    return sum(TITLE_WEIGHT * title.count(word) + body.count(word) for word in words)


def rank_columns(kind, words):
    """What each hit's rank is computed from: its title and its body (empty when it has none),
    read to count the words."""
    return [
        F(name) if name else Value("", output_field=TextField()) for name in (kind.title, kind.body)
    ]


def rank(kind, values, words) -> float:
    title, body = values
    return score(title or "", body or "", words)


def marked(rows, kind, words):
    """Each row with its title marked (whole unless long) and its body's snippet around the
    first match."""
    for row in rows:
        title = ""
        if kind.title:
            title = snippets.snippet(getattr(row, kind.title), words, length=TITLE_LENGTH)
        body = snippets.snippet(getattr(row, kind.body), words) if kind.body else ""
        yield row, title, body
