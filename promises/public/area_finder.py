"""Finding one's area: every published area with its current period, and the search residents
type their municipality into ("Tjörn" finds the area Tjörns kommun gives promises in).

A few hundred areas and their partners are read in two queries and searched in Python, so the
work per request does not grow with the number of areas, and matching behaves the same on SQLite
and PostgreSQL. Place names are compared without case and without accents ("tjorn" finds
"Tjörn", "MALMO" finds "Malmö"): residents type on phones and foreign keyboards, and no two
Swedish municipalities differ only by a dot over a letter.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass, field
from typing import NamedTuple

from django.utils import timezone

from promises.models import Area, Partner, PromisePeriod
from promises.models.areas import COUNTIES

MAX_QUERY_LENGTH = 100
MAX_WORDS = 6


# What fold() may drop: anything but printable ASCII. Only these characters are looked at one
# by one (a search folds every area's names, most of them ASCII).
NOT_PLAIN = re.compile(r"[^\x20-\x7e]")

# The counties' names by code, read without Django's get_county_display(), which hashes every
# choice (lazy translations) on each call: 300 calls were a third of the finder's time.
COUNTY_NAMES = dict(COUNTIES)


def dropped_or_kept(match) -> str:
    character = match.group()
    return "" if unicodedata.combining(character) or not character.isprintable() else character


def fold(text: str) -> str:
    """Lower case without accents or control characters: "Tjörns Kommun" -> "tjorns kommun"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return NOT_PLAIN.sub(dropped_or_kept, decomposed).casefold()


def county_name(area) -> str:
    return str(COUNTY_NAMES.get(area.county, area.county))


def words_of(query: str) -> list[str]:
    words = (word.strip(".,;:!?\"'()”“-") for word in fold(query).split())
    return [word for word in words if word][:MAX_WORDS]


def is_acceptable(query: str) -> bool:
    return len(query) <= MAX_QUERY_LENGTH


class PartnerName(NamedTuple):
    """A partner as the finder reads it: the name the page shows, and its municipality code."""

    name: str
    municipality_code: str

    def __str__(self):
        return self.name


@dataclass
class AreaEntry:
    """One area as the finder shows it: where its current citizen promise is."""

    area: Area
    periods: list = field(default_factory=list)  # published, newest first
    partners: list = field(default_factory=list)
    matched: list = field(default_factory=list)  # the partners a search found, by name

    @property
    def current_period(self) -> PromisePeriod | None:
        return current_or_latest(self.periods)

    @property
    def haystack(self) -> str:
        parts = [self.area.name, self.area.places, county_name(self.area)]
        for partner in self.partners:
            parts += [partner.name, partner.municipality_code]
        return fold(" ".join(str(part) for part in parts))


def current_or_latest(periods, today: datetime.date | None = None):
    """The same choice as `PromisePeriod.objects.current_or_latest()`, over loaded rows."""
    today = today or timezone.localdate()
    current = [p for p in periods if p.starts_on <= today <= p.ends_on]
    if current:
        return max(current, key=lambda p: p.starts_on)
    started = [p for p in periods if p.starts_on <= today]
    if started:
        return max(started, key=lambda p: (p.ends_on, p.starts_on))
    upcoming = [p for p in periods if p.starts_on > today]
    return min(upcoming, key=lambda p: p.starts_on) if upcoming else None


def published_areas() -> list[AreaEntry]:
    """Every area with a published period, in county and name order: two queries in all."""
    entries: dict[int, AreaEntry] = {}
    periods = (
        PromisePeriod.objects.published()
        .select_related("area")
        .only(
            "pk",
            "slug",
            "title",
            "starts_on",
            "ends_on",
            "area__name",
            "area__slug",
            "area__places",
            "area__county",
        )
        .order_by("area__county", "area__name", "-starts_on")
    )
    for period in periods:
        entry = entries.setdefault(period.area_id, AreaEntry(period.area))
        entry.periods.append(period)
    # Names and codes, not model instances: 1,200 partners at 300 areas were half the search.
    partners = Partner.objects.filter(area_id__in=entries).values_list(
        "area_id", "name", "municipality_code"
    )
    for area_id, name, code in partners:
        entries[area_id].partners.append(PartnerName(name, code))
    return list(entries.values())


def listed_areas() -> list[AreaEntry]:
    """Every area with a published period, in county and name order, as the list by county
    shows them: one query for the areas' own fields. The finder's search needs the periods
    and partners of `published_areas()`; the list by county does not, and at 300 areas
    reading 1,200 partners and 300 periods for it was most of the start page's time."""
    areas = (
        Area.objects.with_published_periods()
        .only("pk", "name", "slug", "places", "county")
        .order_by("county", "name")
    )
    return [AreaEntry(area) for area in areas]


def word_found(word: str, haystack: str) -> bool:
    # "Tjörns" (the genitive residents write before "kommun") finds "Tjörn" as well.
    return word in haystack or (word.endswith("s") and len(word) > 3 and word[:-1] in haystack)


def find(entries: list[AreaEntry], query: str) -> list[AreaEntry]:
    """The areas whose name, places, county or partners (names and municipality codes) hold
    every word of the query; each with the partners whose own name matched."""
    words = words_of(query)
    if not words:
        return []
    found = []
    for entry in entries:
        haystack = entry.haystack
        if all(word_found(word, haystack) for word in words):
            entry.matched = [
                partner
                for partner in entry.partners
                if any(
                    word_found(word, fold(f"{partner.name} {partner.municipality_code}"))
                    for word in words
                )
            ]
            found.append(entry)
    return found


@dataclass
class County:
    code: str
    name: str
    entries: list


def by_county(entries: list[AreaEntry]) -> list[County]:
    """The areas under their counties, in the counties' code order (SCB's, as the admin)."""
    counties: list[County] = []
    for entry in entries:
        if not counties or counties[-1].code != entry.area.county:
            counties.append(County(entry.area.county, county_name(entry.area), []))
        counties[-1].entries.append(entry)
    return counties
