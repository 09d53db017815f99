"""The words of a search: normalised (NFKC, casefolded) and without their Swedish endings.

Both search backends start from these words: PostgreSQL's full-text search
(promises/public/search_postgres.py) looks each up as a prefix of its Swedish lexemes, and the
portable one (promises/public/search_portable.py, SQLite) as a substring of the normalised
text. SQLite's LIKE folds only ASCII letters ("Ö" does not match "ö"), so the portable search
compares normalised text on both sides: the stored `search_text` of promises, follow-ups and
actions (set on every save by a pre_save signal, also when django-reversion restores a
version), and `search_fold()` (installed below) for the rest.
"""

import unicodedata

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8

# Swedish endings: definite forms, plurals and genitive ("narkotikan", "skadegörelsen",
# "polisens", "kommunerna", "Tjörns"). Longest first; a few from the Snowball Swedish stemmer's
# first step, enough for what residents type. Stripping is only done on the query: matching is
# a substring test, so the stem "narkotik" already finds "narkotika", "narkotikan" and
# "narkotikabrott" in the stored text, and the stored text needs no stemming of its own.
SWEDISH_ENDINGS = (
    "heterna",
    "hetens",
    "arnas",
    "ernas",
    "ornas",
    "arens",
    "heten",
    "heter",
    "andet",
    "arna",
    "erna",
    "orna",
    "ande",
    "aren",
    "ades",
    "erns",
    "ens",
    "ets",
    "ade",
    "are",
    "ern",
    "het",
    "ans",
    "ad",
    "an",
    "en",
    "et",
    "ar",
    "er",
    "or",
    "as",
    "es",
    "a",
    "e",
    "s",
)
# A stem shorter than this would match too much ("ar" from "arna").
MIN_STEM = 4


def normalise(text: str) -> str:
    # A NUL is never part of a word (stored texts cannot hold one: PostgreSQL refuses it), so
    # a query's NUL is dropped instead of reaching the database as an error.
    return unicodedata.normalize("NFKC", text or "").casefold().replace("\x00", "")


def stem(word: str) -> str:
    """A normalised word without its Swedish ending: "skadegörelsen" -> "skadegörels"."""
    for ending in SWEDISH_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            return word[: -len(ending)]
    return word


class Term(str):
    """A query word's stem ("skadegörels"), remembering the whole word ("skadegörelse"):
    PostgreSQL's Swedish stemmer is asked about both (promises/public/search_postgres.py)."""

    whole: str

    def __new__(cls, word: str):
        term = super().__new__(cls, stem(word))
        term.whole = word
        return term


def terms(query: str) -> list[Term]:
    """The words of a query, normalised and stemmed; every one must be found."""
    words = [word.strip(".,;:!?\"'()”“") for word in normalise(query).split()]
    return [Term(word) for word in words if word][:MAX_TERMS]


def text_matches(text: str, words) -> bool:
    """The same test as the database's, for the few rows searched in Python."""
    found = normalise(text)
    return all(word in found for word in words)


def install_fold(sender, connection, **kwargs):
    """Give every new SQLite connection `search_fold(text)`: `normalise()` in SQL, so rows
    without a stored `search_text` are matched the same way (promises/public/search_portable.py).
    Connected to `connection_created` in promises/signals.py; PostgreSQL has its own search."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "search_fold", 1, lambda text: normalise(text) if text else "", deterministic=True
        )
