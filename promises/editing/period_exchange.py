"""Importing a period from its open-data JSON (`/oppna-data/medborgarloften/<slug>.json`,
written by promises/publishing/open_data.py), so that an area published on another site moves
here unchanged.

Two steps, as every import on the site: `plan()` reads and checks the whole file and builds
unsaved rows, with one Swedish problem per fault and where it is ("löfte 3, uppföljning 2:
…"); `apply()` writes a plan without problems in one transaction. The area and the partners
named by the file are reused when they exist (area by slug; partner by slug, then by
municipality code) and never changed; the rest is created. The period arrives as a draft
unless the caller publishes it, and it is written unpublished first in any case, so the
import queues no e-mail alerts: moving content is not news.

What JSON cannot carry: the follow-ups' PDF documents and the period's photo are listed in the
file with their public address, but the site does not fetch files from other servers (an
import must not make this server ask arbitrary addresses); the plan names them as notes so an
editor can upload them by hand.
"""

import datetime
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import reversion
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from promises.caching import content_stamp
from promises.caching.content_areas import areas_showing
from promises.models import (
    Action,
    ActionNote,
    ActionStatus,
    Area,
    Direction,
    FocusArea,
    FollowUp,
    FollowUpFigure,
    FollowUpLink,
    FollowUpStatus,
    Indicator,
    IndicatorValue,
    Partner,
    Promise,
    PromisePeriod,
)
from promises.models.control_characters import CONTROL_CHARACTERS

FORMAT = "medborgarlofte-period"
VERSION = 2
# A period with years of follow-ups is a few hundred kilobytes; the admin keeps a preview's
# files in the database within 8 MB per user (promises/models/imports.py).
MAX_BYTES = 8 * 1024 * 1024
# The document is seven levels deep (loften, uppfoljningar, siffror, ...); a deeper file is
# not one of ours, and walking it costs time for nothing.
MAX_DEPTH = 10
# Every row is checked as the admin checks it (full_clean), some 0.2 ms each: a period with
# years of follow-ups has a few thousand objects, and 20 000 are checked in a few seconds.
MAX_OBJECTS = 20_000
LIMITS = {
    "parter": 200,
    "loften": 500,
    "fokusomraden": 200,
    "givare": 50,
    "uppfoljningar": 500,
    "siffror": 100,
    "kallor": 100,
    "dokument": 100,
    "atgarder": 500,
    "lagesanteckningar": 500,
    "indikatorer": 100,
    "matningar": 1000,
}
SLUG = re.compile(r"[-a-zA-Z0-9_]+\Z")


class FileError(Exception):
    """The file cannot be read at all (not JSON, not this format); the message says why."""


class DuplicateKey(ValueError):
    pass


class TooManyObjects(ValueError):
    pass


def _objects_without_duplicates():
    """json's object hook: refuses a key given twice in one object, and counts the objects."""
    count = 0

    def hook(pairs):
        nonlocal count
        count += 1
        if count > MAX_OBJECTS:
            raise TooManyObjects
        seen = set()
        for key, _value in pairs:
            if key in seen:
                raise DuplicateKey(key)
            seen.add(key)
        return dict(pairs)

    return hook


def _refuse_constant(name):
    raise ValueError(name)


def _depth(value) -> int:
    """How deeply lists and objects nest, counted without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            deepest = max(deepest, depth)
            if depth > MAX_DEPTH:
                return depth
            stack.extend((child, depth + 1) for child in item)
    return deepest


def read(content: bytes) -> dict:
    """The file's document, after the checks that need no database: size, encoding, JSON
    without duplicate keys or NaN, depth, format and version."""
    if len(content) > MAX_BYTES:
        raise FileError(
            _("The file is larger than %(count)d MB.") % {"count": MAX_BYTES // (1024 * 1024)}
        )
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileError(_("The file is not UTF-8 text.")) from None
    try:
        data = json.loads(
            text,
            object_pairs_hook=_objects_without_duplicates(),
            parse_constant=_refuse_constant,
        )
    except DuplicateKey as error:
        raise FileError(
            _("The file names the field “%(key)s” twice in one place.") % {"key": error.args[0]}
        ) from None
    except TooManyObjects:
        raise FileError(
            _("The file has more than %(count)d objects ({…}); a period has far fewer.")
            % {"count": MAX_OBJECTS}
        ) from None
    except RecursionError:
        raise FileError(
            _(
                "The file nests deeper than a period's data does (too many levels inside "
                "each other)."
            )
        ) from None
    except ValueError as error:
        raise FileError(_("The file is not valid JSON (%(error)s).") % {"error": error}) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise FileError(
            _(
                "The file is not a period's open data from this kind of site (the field "
                "“format” must be “%(format)s”)."
            )
            % {"format": FORMAT}
        )
    if data.get("version") != VERSION or isinstance(data.get("version"), bool):
        raise FileError(
            _("The file has format version %(found)s; this site reads version %(expected)s.")
            % {"found": json.dumps(data.get("version")), "expected": VERSION}
        )
    if _depth(data) > MAX_DEPTH:
        raise FileError(
            _(
                "The file nests deeper than a period's data does (too many levels inside "
                "each other)."
            )
        )
    return data


class Reader:
    """One object of the file and where it is, reading typed values and noting problems."""

    def __init__(self, data, where, problems):
        self.where = where
        self.problems = problems
        self.refused = False
        if isinstance(data, dict):
            self.data = data
        else:
            self.data = {}
            self.problem(_("should be an object ({…}), not %(type)s.") % {"type": _kind(data)})

    def problem(self, message, key=None):
        self.refused = True
        place = ", ".join(self.where)
        if key is not None:
            message = _("“%(key)s” %(message)s") % {"key": key, "message": message}
        self.problems.append(f"{place}: {message}" if place else message[:1].upper() + message[1:])

    def child(self, key, where):
        return Reader(self.data.get(key), [*self.where, where], self.problems)

    def optional_child(self, key, where):
        value = self.data.get(key)
        return None if value is None else Reader(value, [*self.where, where], self.problems)

    def text(self, key, required=False) -> str:
        value = self.data.get(key)
        if value is None:
            if required:
                self.problem(_("is missing."), key)
            return ""
        if not isinstance(value, str):
            self.problem(_("should be text, not %(type)s.") % {"type": _kind(value)}, key)
            return ""
        if CONTROL_CHARACTERS.search(value):
            self.problem(_("holds a control character, which no text on the site may hold."), key)
            return ""
        if required and not value.strip():
            self.problem(_("is empty."), key)
        return value

    def slug(self, key) -> str:
        value = self.text(key, required=True)
        if value and not SLUG.match(value):
            self.problem(
                _("is not a web address part (letters a–z, digits and hyphens): “%(value)s”.")
                % {"value": value},
                key,
            )
            return ""
        return value

    def integer(self, key, required=True, default=0):
        value = self.data.get(key)
        if value is None and not required:
            return default
        if not isinstance(value, int) or isinstance(value, bool):
            self.problem(_("should be a whole number, not %(type)s.") % {"type": _kind(value)}, key)
            return default
        if not 0 <= value <= 32767:
            self.problem(_("should be between 0 and 32767."), key)
            return default
        return value

    def number(self, key):
        value = self.data.get(key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.problem(_("should be a number, not %(type)s.") % {"type": _kind(value)}, key)
            return None
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            # 1e400 is valid JSON that Python reads as infinity.
            self.problem(_("should be a number, not %(type)s.") % {"type": _shown(value)}, key)
            return None
        return number

    def day(self, key, required=True):
        value = self.data.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
            self.problem(
                _("should be a date written YYYY-MM-DD, not %(value)s.") % {"value": _shown(value)},
                key,
            )
            return None
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            self.problem(_("is not a date in the calendar: %(value)s.") % {"value": value}, key)
            return None

    def moment(self, key):
        """A time with its time zone (the file's "skapad" and "senast_andrad"); optional."""
        value = self.data.get(key)
        if value is None:
            return None
        try:
            if not isinstance(value, str) or len(value) > 40:
                raise ValueError
            moment = datetime.datetime.fromisoformat(value)
            if moment.tzinfo is None:
                raise ValueError
        except ValueError:
            self.problem(
                _(
                    "should be a time with a time zone, such as 2024-03-01T12:00:00+01:00, not "
                    "%(value)s."
                )
                % {"value": _shown(value)},
                key,
            )
            return None
        return moment

    def items(self, key, where, required=True):
        """The readers of a list of objects, each placed as "<where> <n>"."""
        value = self.data.get(key)
        if value is None and not required:
            return []
        if not isinstance(value, list):
            self.problem(_("should be a list ([…]), not %(type)s.") % {"type": _kind(value)}, key)
            return []
        limit = LIMITS.get(key, 1000)
        if len(value) > limit:
            self.problem(_("has more than %(count)d entries.") % {"count": limit}, key)
            return []
        return [
            Reader(item, [*self.where, f"{where} {number}"], self.problems)
            for number, item in enumerate(value, start=1)
        ]

    def slugs(self, key):
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            self.problem(_("should be a list of web address parts."), key)
            return []
        if len(value) > LIMITS.get(key, 100):
            self.problem(_("has more than %(count)d entries.") % {"count": LIMITS[key]}, key)
            return []
        if len(set(value)) != len(value):
            self.problem(_("names the same one twice."), key)
        return value

    def choice(self, key, choices, required=True):
        value = self.data.get(key)
        if value in (None, "") and not required:
            return ""
        if not isinstance(value, str) or value not in choices:
            self.problem(_("has an unknown value: %(value)s.") % {"value": _shown(value)}, key)
            return ""
        return value

    def validate(self, instance, exclude=()):
        """The checks the admin's forms make (`full_clean`), each as one problem here. A value
        this reader already refused is empty now: Django's "required" is not said again."""
        try:
            instance.full_clean(exclude=list(exclude))
        except ValidationError as error:
            for name, errors in error.error_dict.items():
                for item in errors:
                    if self.refused and item.code in {"blank", "null", "invalid_choice"}:
                        continue
                    message = " ".join(item.messages)
                    if name == "__all__":
                        self.problem(message)
                        continue
                    label = str(instance._meta.get_field(name).verbose_name)
                    self.problem(_("%(field)s: %(message)s") % {"field": label, "message": message})


def _kind(value) -> str:
    if value is None:
        return _("nothing (null)")
    if isinstance(value, bool):
        return _("true or false")
    if isinstance(value, int | float):
        return _("a number")
    if isinstance(value, str):
        return _("text")
    if isinstance(value, list):
        return _("a list")
    return _("an object")


def _shown(value) -> str:
    shown = json.dumps(value, ensure_ascii=False)
    return shown if len(shown) <= 60 else shown[:59] + "…"


@dataclass
class Planned:
    """One unsaved row, with its children and the times the file gives it."""

    row: object
    children: dict = field(default_factory=dict)  # name -> [Planned]
    links: dict = field(default_factory=dict)  # name -> file slugs of partners or focus areas
    created: datetime.datetime | None = None
    updated: datetime.datetime | None = None


@dataclass
class Plan:
    problems: list = field(default_factory=list)
    notes: list = field(default_factory=list)  # worth knowing, but not stopping the import
    area: Area | None = None
    area_is_new: bool = False
    partners: dict = field(default_factory=dict)  # file slug -> Partner
    new_partners: list = field(default_factory=list)
    period_partners: list = field(default_factory=list)  # file slugs, in the file's order
    focus_areas: dict = field(default_factory=dict)  # file slug -> FocusArea
    new_focus_areas: list = field(default_factory=list)
    period: Planned | None = None
    promises: list = field(default_factory=list)

    @property
    def is_valid(self):
        return not self.problems and self.period is not None

    def counts(self) -> dict:
        promises = [p.children for p in self.promises]
        return {
            "promises": len(promises),
            "follow_ups": sum(len(p["follow_ups"]) for p in promises),
            "actions": sum(len(p["actions"]) for p in promises),
            "indicators": sum(len(p["indicators"]) for p in promises),
            "values": sum(len(i.children["values"]) for p in promises for i in p["indicators"]),
        }

    def reused_partners(self):
        new = {id(partner) for partner in self.new_partners}
        seen, reused = set(), []
        for partner in self.partners.values():
            if id(partner) not in new and partner.pk not in seen:
                seen.add(partner.pk)
                reused.append(partner)
        return reused


def plan(content: bytes, area_slug: str | None = None, period_slug: str | None = None) -> Plan:
    """Check the whole file and build what it would create. Writes nothing."""
    result = Plan()
    try:
        data = read(content)
    except FileError as error:
        result.problems.append(str(error))
        return result
    document = Reader(data, [], result.problems)
    _plan_area(document, area_slug, result)
    _plan_partners(document, result)
    _plan_focus_areas(document, result)
    _plan_period(document, period_slug, result)
    for promise in document.items("loften", pgettext("where in a file", "promise")):
        result.promises.append(_plan_promise(promise, result))
    _refuse_twins(result)
    return result


def _refuse_twins(result):
    """Values that must be unique on the site, given twice in the file: the database checks
    each new row only against saved ones, so two new rows alike would fail at saving."""
    actions = [a.row for p in result.promises for a in p.children["actions"]]
    checks = (
        (result.new_partners, "name", _("The file has two new partners named “%(value)s”.")),
        (
            result.new_partners,
            "organisation_number",
            _("The file has two new partners with the organisation number “%(value)s”."),
        ),
        (result.new_focus_areas, "name", _("The file has two new focus areas named “%(value)s”.")),
        (
            result.new_focus_areas,
            "slug",
            _("The file has two new focus areas with the web address “%(value)s”."),
        ),
        (actions, "key", _("The file has two actions with the key “%(value)s”.")),
    )
    for rows, name, message in checks:
        seen = set()
        for row in rows:
            value = getattr(row, name)
            if value and value in seen:
                result.problems.append(message % {"value": value})
            seen.add(value)


def _plan_area(document, area_slug, result):
    if area_slug:
        result.area = Area.objects.filter(slug=area_slug).first()
        if result.area is None:
            result.problems.append(
                _("There is no area with the web address “%(slug)s” on this site.")
                % {"slug": area_slug}
            )
        return
    area = document.child("omrade", pgettext("where in a file", "area"))
    slug, name = area.slug("id"), area.text("namn", required=True)
    result.area = Area.objects.filter(slug=slug).first() if slug else None
    if result.area is None:
        result.area = Area(
            name=name, slug=slug, places=area.text("platser"), county=area.text("lan")
        )
        result.area_is_new = True
        area.validate(result.area, exclude=["coordinator_group"])


def _plan_partners(document, result):
    seen = set()
    for partner in document.items("parter", pgettext("where in a file", "partner")):
        slug = partner.slug("id")
        if slug in seen:
            partner.problem(_("names a partner the file has already named."), "id")
            continue
        seen.add(slug)
        code = partner.text("kommunkod")
        kind = partner.choice("typ", Partner.Kind.values)
        found = Partner.objects.filter(slug=slug).first() if slug else None
        if found is None and code:
            same_code = list(Partner.objects.filter(municipality_code=code, kind=kind)[:2])
            found = same_code[0] if len(same_code) == 1 else None
        if found is None:
            representative = partner.child(
                "foretradare", pgettext("where in a file", "representative")
            )
            contact = partner.child("kontakt", pgettext("where in a file", "contact"))
            taking_part = partner.child("delta", pgettext("where in a file", "taking part"))
            found = Partner(
                slug=slug,
                name=partner.text("namn", required=True),
                kind=kind,
                area=result.area if result.area and not result.area_is_new else None,
                municipality_code=code,
                organisation_number=partner.text("organisationsnummer"),
                representative_name=representative.text("namn"),
                representative_title=representative.text("titel"),
                website=partner.text("webbplats"),
                contact_email=contact.text("epost"),
                contact_phone=contact.text("telefon"),
                contact_page=contact.text("sida"),
                participation_text=taking_part.text("text"),
                participation_url=taking_part.text("url"),
                order=partner.integer("ordning", required=False),
            )
            partner.validate(found, exclude=["area", "editor_group"])
            result.new_partners.append(found)
        if slug:
            result.partners[slug] = found
            result.period_partners.append(slug)


def _plan_focus_areas(document, result):
    for focus in document.items(
        "fokusomraden", pgettext("where in a file", "focus area"), required=False
    ):
        slug, name = focus.slug("id"), focus.text("namn", required=True)
        found = (
            FocusArea.objects.filter(slug=slug).first()
            or FocusArea.objects.filter(name=name).first()
        )
        if found is None:
            found = FocusArea(slug=slug, name=name, order=focus.integer("ordning", required=False))
            focus.validate(found)
            result.new_focus_areas.append(found)
        result.focus_areas[slug] = found


def _plan_period(document, period_slug, result):
    period = document.child("period", pgettext("where in a file", "period"))
    slug = period_slug or period.slug("id")
    slug_taken = bool(slug) and PromisePeriod.objects.filter(slug=slug).exists()
    if slug_taken:
        period.problem(
            _(
                "There is already a period with the web address “%(slug)s” on this site. "
                "Import it under another address (the command's --slug, or the field "
                "“New web address” in the admin)."
            )
            % {"slug": slug}
        )
    situation = period.child("lagesbild", pgettext("where in a file", "local situation"))
    goal = period.child("mal", pgettext("where in a file", "goal"))
    row = PromisePeriod(
        slug=slug,
        title=period.text("titel", required=True),
        starts_on=period.day("giltig_fran"),
        ends_on=period.day("giltig_till"),
        published_on=period.day("publicerad", required=False),
        intro=period.text("inledning"),
        promises_heading=period.text("lofte_rubrik") or "Det här lovar vi",
        situation_heading=situation.text("rubrik"),
        situation_text=situation.text("text"),
        goal_heading=goal.text("rubrik"),
        goal_text=goal.text("text"),
        next_steps=period.text("nasta_steg"),
        area=result.area if result.area and not result.area_is_new else None,
    )
    photo = period.optional_child("foto", pgettext("where in a file", "photo"))
    if photo is not None:
        result.notes.append(
            _(
                "The period's photo is not imported (files do not travel in the file): upload "
                "it from %(url)s and describe it as “%(alt)s”."
            )
            % {"url": photo.text("url"), "alt": photo.text("beskrivning")}
        )
    exclude = ["area", "photo", "photo_alt", "photo_caption"]
    if slug_taken:
        exclude.append("slug")  # already said, in our own words
    if None in (row.starts_on, row.ends_on):
        exclude += ["starts_on", "ends_on"]  # already said; no "must start before it ends"
    period.validate(row, exclude=exclude)
    result.period = Planned(row, updated=period.moment("senast_andrad"))


def _partner(reader, key, result, required=True):
    """The partner a slug of the file names: one of the file's partners, else this site's."""
    slug = reader.data.get(key)
    if slug is None and not required:
        return None
    if not isinstance(slug, str):
        reader.problem(_("should be a partner's web address part."), key)
        return None
    found = result.partners.get(slug) or Partner.objects.filter(slug=slug).first()
    if found is None:
        reader.problem(
            _(
                "names the partner “%(slug)s”, which is neither in the file's list of partners "
                "nor on this site."
            )
            % {"slug": slug},
            key,
        )
    return found


def _plan_promise(promise, result) -> Planned:
    row = Promise(
        text=promise.text("text", required=True),
        # Optional: files from before the key was added have none (docs/open-data-format.md).
        easy_read_text=promise.text("lattlast").strip(),
        order=promise.integer("ordning"),
    )
    promise.validate(row, exclude=["period"])
    givers = promise.slugs("givare")
    if not givers:
        promise.problem(_("names no partner: a promise needs at least one giver."), "givare")
    for slug in givers:
        if slug not in result.partners and not Partner.objects.filter(slug=slug).exists():
            promise.problem(
                _(
                    "names the partner “%(slug)s”, which is neither in the file's list of "
                    "partners nor on this site."
                )
                % {"slug": slug},
                "givare",
            )
    giving = [
        result.partners.get(slug) or Partner.objects.filter(slug=slug).first() for slug in givers
    ]
    focus = promise.slugs("fokusomraden")
    for slug in focus:
        if slug not in result.focus_areas and not FocusArea.objects.filter(slug=slug).exists():
            promise.problem(
                _(
                    "names the focus area “%(slug)s”, which is neither in the file's list of "
                    "focus areas nor on this site."
                )
                % {"slug": slug},
                "fokusomraden",
            )
    return Planned(
        row,
        children={
            "follow_ups": [
                _plan_follow_up(f, result, giving)
                for f in promise.items("uppfoljningar", pgettext("where in a file", "follow-up"))
            ],
            "actions": [
                _plan_action(a, result)
                for a in promise.items(
                    "atgarder", pgettext("where in a file", "action"), required=False
                )
            ],
            "indicators": [
                _plan_indicator(i)
                for i in promise.items(
                    "indikatorer", pgettext("where in a file", "indicator"), required=False
                )
            ],
        },
        links={"givers": givers, "focus_areas": focus},
        created=promise.moment("skapad"),
        updated=promise.moment("senast_andrad"),
    )


def _plan_follow_up(follow_up, result, giving) -> Planned:
    reporter = _partner(follow_up, "rapporterad_av", result, required=False)
    if reporter is not None and reporter not in giving:
        # As the follow-up's form says (promises/admin/follow_ups.py).
        follow_up.problem(
            _("%(field)s: %(message)s")
            % {
                "field": "rapporterad_av",
                "message": _("Choose one of the partners that give the promise."),
            }
        )
    row = FollowUp(
        reported_by=reporter,
        reported_on=follow_up.day("datum"),
        status=follow_up.choice("status", FollowUpStatus.values),
        text=follow_up.text("text", required=True),
        is_published=True,
    )
    follow_up.validate(row, exclude=["promise", "reported_by"])
    figures = []
    for order, figure in enumerate(
        follow_up.items("siffror", pgettext("where in a file", "figure"), required=False)
    ):
        made = FollowUpFigure(
            label=figure.text("etikett", required=True),
            value=figure.text("varde", required=True),
            order=order,
        )
        figure.validate(made, exclude=["follow_up"])
        figures.append(Planned(made))
    links = []
    for order, link in enumerate(
        follow_up.items("kallor", pgettext("where in a file", "source link"), required=False)
    ):
        made = FollowUpLink(
            title=link.text("titel", required=True),
            url=link.text("url", required=True),
            order=order,
        )
        link.validate(made, exclude=["follow_up"])
        links.append(Planned(made))
    documents = follow_up.items("dokument", pgettext("where in a file", "document"), required=False)
    for document in documents:
        result.notes.append(
            _("%(where)s: the document “%(title)s” is not imported; upload it from %(url)s.")
            % {
                "where": ", ".join(document.where),
                "title": document.text("titel"),
                "url": document.text("url"),
            }
        )
    return Planned(
        row,
        children={"figures": figures, "links": links},
        created=follow_up.moment("skapad"),
        updated=follow_up.moment("senast_andrad"),
    )


def _plan_action(action, result) -> Planned:
    key = action.slug("nyckel")
    if key and Action.objects.filter(key=key).exists():
        result.notes.append(
            _("%(where)s: the key “%(key)s” is taken on this site, so the action gets a new one.")
            % {"where": ", ".join(action.where), "key": key}
        )
        key = ""
    progress = action.data.get("framsteg")
    row = Action(
        title=action.text("atgard", required=True),
        goal=action.text("operativt_mal"),
        starts_on=action.day("start", required=False),
        ends_on=action.day("slut", required=False),
        recurrence=action.text("aterkommande"),
        responsible=_partner(action, "ansvarig", result),
        contact=action.text("kontakt"),
        status=action.choice("status", ActionStatus.values, required=False),
        progress=None if progress is None else action.integer("framsteg"),
        key=key,
        order=action.integer("ordning", required=False),
        is_published=True,
    )
    action.validate(row, exclude=["promise", "responsible", "key"])
    notes = []
    for note in action.items(
        "lagesanteckningar", pgettext("where in a file", "progress note"), required=False
    ):
        made = ActionNote(
            noted_on=note.day("datum"),
            text=note.text("text", required=True),
            source_title=note.text("kalla"),
            source_url=note.text("url"),
        )
        note.validate(made, exclude=["action"])
        notes.append(Planned(made))
    return Planned(row, children={"notes": notes}, updated=action.moment("senast_andrad"))


def _plan_indicator(indicator) -> Planned:
    target = indicator.child("mal", pgettext("where in a file", "target"))
    baseline = indicator.optional_child("utgangsvarde", pgettext("where in a file", "baseline"))
    row = Indicator(
        name=indicator.text("namn", required=True),
        unit=indicator.text("enhet", required=True),
        target_value=target.number("varde"),
        target_on=target.day("datum"),
        direction=target.choice("riktning", Direction.values),
        order=indicator.integer("ordning", required=False),
        is_published=True,
    )
    if baseline is not None:
        row.baseline_value = baseline.number("varde")
        row.baseline_on = baseline.day("datum")
        row.baseline_source = baseline.text("kalla")
    indicator.validate(row, exclude=["promise"])
    values, days = [], set()
    for value in indicator.items(
        "matningar", pgettext("where in a file", "measured value"), required=False
    ):
        made = IndicatorValue(
            measured_on=value.day("datum"),
            value=value.number("varde"),
            source_title=value.text("kalla", required=True),
            source_url=value.text("url"),
        )
        if made.measured_on in days:
            value.problem(_("the indicator already has a value on this date."))
        days.add(made.measured_on)
        value.validate(made, exclude=["indicator"])
        values.append(Planned(made))
    return Planned(row, children={"values": values})


def apply(planned: Plan, publish: bool = False, user=None, source: str = "") -> PromisePeriod:
    """Write a plan without problems, all of it or nothing, as one revision of the history
    ("Importerad från <file>"), so the editors' history starts at the import."""
    if not planned.is_valid:
        raise ValueError("a plan with problems is never written")
    # Rows are added to the revision by hand, each once and when its parts exist: adding every
    # row as it is saved (the default) tripled the time of an import.
    with transaction.atomic(), reversion.create_revision(manage_manually=True):
        reversion.set_user(user if user is not None and user.pk else None)
        reversion.set_comment(_("Imported from %(file)s") % {"file": source})
        period = _write(planned, publish)
        # The period as it ends up (published or not, its own times), not as first saved.
        for row in (
            period,
            *planned.new_partners,
            *planned.new_focus_areas,
            *(promise.row for promise in planned.promises),
        ):
            if reversion.is_registered(type(row)):
                reversion.add_to_revision(row)
    return period


def _write(planned: Plan, publish: bool) -> PromisePeriod:
    area = planned.area
    if planned.area_is_new:
        area.save()
    for partner in planned.new_partners:
        partner.area = area
        partner.save()
    for focus_area in planned.new_focus_areas:
        focus_area.save()
    period = planned.period.row
    period.area = area
    # Unpublished while its rows are written, whatever comes after: no alert is queued.
    period.is_published = False
    period.save()
    period.partners.set([planned.partners[slug] for slug in planned.period_partners])
    for promise in planned.promises:
        _save_promise(promise, period, planned)
    # Saving rows moved the promises' and the period's "last changed"; the file's own times
    # are put back last, without signals, so the pages say what the source site said.
    for promise in planned.promises:
        _restore_times(promise)
        for child in (*promise.children["follow_ups"], *promise.children["actions"]):
            _restore_times(child)
    PromisePeriod.objects.filter(pk=period.pk).update(
        is_published=publish,
        **({"updated_at": planned.period.updated} if planned.period.updated else {}),
    )
    # The rows written without signals (the parts, the times, the publication) are on the pages
    # of the period's area and its givers'; published at once, the period may also change what
    # the whole site calls itself, which every page shows.
    shown_in = areas_showing(PromisePeriod, PromisePeriod.objects.filter(pk=period.pk))
    content_stamp.mark_changed(None if publish else shown_in)
    period.refresh_from_db()
    return period


def _partner_for(slug, planned):
    return planned.partners.get(slug) or Partner.objects.get(slug=slug)


def _save_promise(promise, period, planned):
    row = promise.row
    row.period = period
    row.save()
    row.givers.set([_partner_for(slug, planned) for slug in promise.links["givers"]])
    row.focus_areas.set(
        [
            planned.focus_areas.get(slug) or FocusArea.objects.get(slug=slug)
            for slug in promise.links["focus_areas"]
        ]
    )
    # The file lists follow-ups newest first and notes newest first; written oldest first, so
    # that follow-ups of one day keep their order (the pages order a day's by creation). Their
    # parts are created in bulk: their signals would only touch the promise and the content
    # stamp, which the import moves once at its end. Each parent is added to the revision
    # again once its parts exist, so its version holds them (the admin's inlines follow them).
    for follow_up in reversed(promise.children["follow_ups"]):
        follow_up.row.promise = row
        follow_up.row.save()
        _create_parts(follow_up, "follow_up", "figures", "links")
    for action in promise.children["actions"]:
        action.row.promise = row
        action.row.save()
        action.children["notes"].reverse()
        _create_parts(action, "action", "notes")
    for indicator in promise.children["indicators"]:
        indicator.row.promise = row
        indicator.row.save()
        _create_parts(indicator, "indicator", "values")


def _create_parts(parent, link, *kinds):
    for kind in kinds:
        parts = [part.row for part in parent.children[kind]]
        for part in parts:
            setattr(part, link, parent.row)
        if parts:
            type(parts[0]).objects.bulk_create(parts)
    if reversion.is_registered(type(parent.row)):
        reversion.add_to_revision(parent.row)


def _restore_times(planned):
    times = {}
    if planned.created is not None:
        times["created_at"] = planned.created
    if planned.updated is not None:
        times["updated_at"] = planned.updated
    if times:
        type(planned.row).objects.filter(pk=planned.row.pk).update(**times)


def summary(planned: Plan) -> list:
    """What the import will create and reuse, one line each, for the command and the admin."""
    counts = planned.counts()
    area = planned.area
    lines = [
        (
            _("New area: %(name)s (%(slug)s).")
            if planned.area_is_new
            else _("Area: %(name)s (%(slug)s), already on the site.")
        )
        % {"name": area.name, "slug": area.slug}
    ]
    lines += [
        _("New partner: %(name)s (%(slug)s).") % {"name": p.name, "slug": p.slug}
        for p in planned.new_partners
    ]
    lines += [
        _("Partner already on the site, kept as it is: %(name)s (%(slug)s).")
        % {"name": p.name, "slug": p.slug}
        for p in planned.reused_partners()
    ]
    lines += [
        _("New focus area: %(name)s (%(slug)s).") % {"name": f.name, "slug": f.slug}
        for f in planned.new_focus_areas
    ]
    period = planned.period.row
    lines.append(
        _(
            "New period: %(title)s (%(slug)s). Promises: %(promises)d. Follow-ups: "
            "%(follow_ups)d. Actions: %(actions)d. Indicators: %(indicators)d, with %(values)d "
            "measured values."
        )
        % {"title": period.title, "slug": period.slug, **counts}
    )
    return lines
