"""Search in Swedish text that behaves the same on SQLite and PostgreSQL.

SQLite's LIKE folds only ASCII letters ("Ö" does not match "ö") and PostgreSQL's collations
differ between machines, so neither database is asked to fold case. Instead every searchable
row keeps a normalised copy of its text (`search_text`: Unicode NFKC, then casefolded), set on
every save by a pre_save signal (also when django-reversion restores a version), and the query
is normalised the same way. Matching is then a plain substring test that both databases do
identically.
"""

import unicodedata

from django.db.models import Exists, OuterRef, Q

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


def terms(query: str) -> list[str]:
    """The words of a query, normalised and stemmed; every one must be found."""
    words = [word.strip(".,;:!?\"'()”“") for word in normalise(query).split()]
    return [stem(word) for word in words if word][:MAX_TERMS]


def text_matches(text: str, words) -> bool:
    """The same test as the database's, for the few rows searched in Python."""
    found = normalise(text)
    return all(word in found for word in words)


def matching_partners(words, partners):
    """Partners whose name has every word (few rows: tested here, not in the database)."""
    return [partner for partner in partners if text_matches(partner.name, words)]


def promise_matches(words, partners=()):
    """A condition on promises: each word is in the promise, one of its public follow-ups, one
    of its published actions (what will be done and its operational goal), or the name of one
    of its givers (so "Tjörn" finds what Tjörns kommun promises)."""
    from promises.models import Action, FollowUp

    condition = Q()
    for word in words:
        in_follow_up = FollowUp.objects.published().filter(
            promise=OuterRef("pk"), search_text__contains=word
        )
        in_action = Action.objects.published().filter(
            promise=OuterRef("pk"), search_text__contains=word
        )
        word_condition = (
            Q(search_text__contains=word) | Q(Exists(in_follow_up)) | Q(Exists(in_action))
        )
        giver_ids = [p.pk for p in partners if word in normalise(p.name)]
        if giver_ids:
            word_condition |= Q(
                pk__in=giver_rows().filter(partner_id__in=giver_ids).values("promise_id")
            )
        condition &= word_condition
    return condition


def giver_rows():
    from promises.models import Promise

    return Promise.givers.through.objects


def follow_up_matches(words):
    condition = Q()
    for word in words:
        condition &= Q(search_text__contains=word)
    return condition
