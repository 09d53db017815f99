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


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").casefold()


def terms(query: str) -> list[str]:
    """The words of a query, normalised; every one must be found."""
    return normalise(query).split()[:MAX_TERMS]


def promise_matches(words):
    """A condition on promises: each word is in the promise, one of its public follow-ups or
    one of its published actions (what will be done and its operational goal)."""
    from promises.models import Action, FollowUp

    condition = Q()
    for word in words:
        in_follow_up = FollowUp.objects.published().filter(
            promise=OuterRef("pk"), search_text__contains=word
        )
        in_action = Action.objects.published().filter(
            promise=OuterRef("pk"), search_text__contains=word
        )
        condition &= Q(search_text__contains=word) | Q(Exists(in_follow_up)) | Q(Exists(in_action))
    return condition


def follow_up_matches(words):
    condition = Q()
    for word in words:
        condition &= Q(search_text__contains=word)
    return condition
