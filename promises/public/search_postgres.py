"""PostgreSQL's full-text search with the 'swedish' configuration (django.contrib.postgres).

Imported only when the database is PostgreSQL (search_results.backend()). Each searched row
has a stored `tsvector`, kept by a trigger and indexed with GIN (migration 0027,
promises/models/search_vectors.py). A query word, normalised, is looked up both as typed and
without its Swedish ending (promises/public/search.py), each as a prefix of the stored lexemes
(`'skadegörelse':* | 'skadegörels':*`, which PostgreSQL's stemmer makes `'skadegör':* |
'skadegörel':*`), so it also finds compounds that
start with it ("trafik" finds "trafiksäkerheten"), as the portable search does. The query is
Django's SearchQuery with search_type="raw": websearch and plain queries cannot ask for a
prefix, and the raw text is built here from quoted, escaped words only, never from the
visitor's text as typed. Ranking is `SearchRank` (ts_rank, weights A for titles and B for
bodies), snippets are `SearchHeadline`.
"""

from functools import reduce
from operator import and_

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db.models import F, Q, Value
from django.db.models.functions import Replace
from django.utils.html import escape
from django.utils.safestring import mark_safe

from promises.public import snippets

CONFIG = "swedish"
# ts_headline returns the text as stored, so it marks matches with two private-use
# characters, removed from the text before (an editor cannot forge them); the whole is escaped
# and only then are they replaced by <mark> and </mark>.
START, STOP = "\ue000", "\ue001"
SNIPPET_WORDS = {"max_words": 35, "min_words": 15, "short_word": 3}
# A title (a promise's text, a name, a heading) is shown whole up to this many words.
TITLE_WORDS = {"max_words": 50, "min_words": 30, "short_word": 3}


def lexeme_prefix(word: str) -> str:
    """One quoted tsquery term: "o'brien" -> `'o''brien':*` (quotes and backslashes escaped)."""
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "':*"


def word_query(word):
    """The word as typed or its stem, each as a prefix: PostgreSQL's stemmer leaves
    "narkotikan" whole (the stem "narkotik" finds it) and makes "skadegörelse" "skadegör",
    shorter than the stem "skadegörels" (the word as typed finds it)."""
    forms = dict.fromkeys((getattr(word, "whole", word), word))
    raw = " | ".join(lexeme_prefix(form) for form in forms)
    return SearchQuery(raw, config=CONFIG, search_type="raw")


def whole_query(words):
    return reduce(and_, (word_query(word) for word in words))


def holds(kind, word):
    return Q(**{f"{kind.vector}__matches": word_query(word)})


def rank_columns(kind, words):
    return [SearchRank(F(kind.vector), whole_query(words))]


def rank(kind, values, words) -> float:
    return values[0]


def _without_sentinels(name):
    return Replace(Replace(F(name), Value(START), Value("")), Value(STOP), Value(""))


def marked(rows, kind, words):
    query = whole_query(words)
    headline = {"config": CONFIG, "start_sel": START, "stop_sel": STOP}
    if kind.title:
        rows = rows.annotate(
            search_title=SearchHeadline(
                _without_sentinels(kind.title), query, **TITLE_WORDS, **headline
            )
        )
    if kind.body:
        rows = rows.annotate(
            search_snippet=SearchHeadline(
                _without_sentinels(kind.body), query, **SNIPPET_WORDS, **headline
            )
        )
    for row in rows:
        title = as_html(row.search_title, getattr(row, kind.title)) if kind.title else ""
        body = ""
        if kind.body:
            body = as_html(row.search_snippet, getattr(row, kind.body))
        yield row, title, body


def as_html(headline: str, whole: str | None = None):
    """The headline escaped, its sentinels made marks; "…" where it cut `whole` short."""
    # ts_headline marks a compound's parts ("[EPA]-[traktorer]"): one mark for the whole.
    text = snippets.plain(headline).replace(f"{STOP}-{START}", "-")
    html = escape(text).replace(START, "<mark>").replace(STOP, "</mark>")
    if whole is not None:
        shown = text.replace(START, "").replace(STOP, "")
        full = snippets.plain(whole)
        if shown[:20] and not full.startswith(shown[:20]):
            html = "…" + html
        if shown[-20:] and not full.endswith(shown[-20:]):
            html += "…"
    return mark_safe(html)  # noqa: S308 - escaped above; only the sentinels became tags
