"""Importing indicators and their values from the partners' spreadsheets (a second file, or a
second sheet beside the actions): every row checked first, nothing written unless every row
is right. The columns are those of
docs/redaktorer.md "Indikatorer och deras värden: en rad per värde".

One row per value: a baseline (`utgångsvärde`), a target (`mål`, with its direction) or a
measurement (`mätning`). The stable keys, so that the same file again changes nothing and an
edited file updates in place:

- an indicator is its promise plus its name (case and surrounding space ignored);
- its baseline and its target are one each per indicator: the row of that type updates them;
- a measurement is its indicator plus its date (the model allows one value per day).

Rows are never deleted by an import: a value left out of the file stays until an editor
removes it. An indicator belongs to its promise's givers (promises/editing/roles.py), so an
editor imports indicators only for promises their own partner gives.
"""

import datetime
import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import reversion
from django.utils.translation import gettext as _

from promises.editing import roles
from promises.editing.action_import import PROMISE_NUMBER, column_errors, numbered_promises
from promises.editing.spreadsheet import Sheet, folded
from promises.models import Direction, Indicator, IndicatorValue

PROMISE, INDICATOR, UNIT, DATE, VALUE, KIND, DIRECTION, SOURCE = (
    "Löfte",
    "Indikator",
    "Enhet",
    "Datum",
    "Värde",
    "Typ",
    "Riktning",
    "Källa",
)
COLUMNS = (PROMISE, INDICATOR, UNIT, DATE, VALUE, KIND, DIRECTION, SOURCE)
# A file of new measurements for indicators that exist needs neither unit nor direction.
REQUIRED_COLUMNS = (PROMISE, INDICATOR, DATE, VALUE, KIND)

BASELINE, TARGET, MEASUREMENT = "baseline", "target", "measurement"
KINDS = {"utgångsvärde": BASELINE, "mål": TARGET, "mätning": MEASUREMENT}
DIRECTIONS = {"öka": Direction.UP, "minska": Direction.DOWN}
# What each type of row sets on the indicator, and the column each field comes from.
ROW_FIELDS = {
    BASELINE: {"baseline_on": DATE, "baseline_value": VALUE, "baseline_source": SOURCE},
    TARGET: {"target_on": DATE, "target_value": VALUE, "direction": DIRECTION},
    MEASUREMENT: {"value": VALUE, "source_title": SOURCE},
}
# The model's decimals: max_digits=14, decimal_places=2.
LARGEST = Decimal("999999999999.99")
# ASCII digits: \d also matches other scripts' digits.
NUMBER = re.compile(r"^-?[0-9]+(?:\.[0-9]+)?$")
SPACES = re.compile(r"[\s\u00a0\u202f]")
NAME_LENGTH, UNIT_LENGTH = 200, 60
SOURCE_LENGTH = {BASELINE: 300, MEASUREMENT: 200}


def parse_number(text: str) -> Decimal:
    """A number as Swedish and English spreadsheets write it: "12,5", "12.5", "1 234",
    "−3". Raises ValueError for anything else."""
    compact = SPACES.sub("", text).replace("\u2212", "-").replace(",", ".")
    if not NUMBER.match(compact):
        raise ValueError(text)
    try:
        return Decimal(compact)
    except InvalidOperation:
        raise ValueError(text) from None


@dataclass
class ValueRow:
    number: int  # the row's line in its sheet, the heading being line 1
    indicator: str
    kind_text: str
    kind: str = ""
    on: datetime.date | None = None
    unit: str = ""
    fields: dict = field(default_factory=dict)  # what the row sets (ROW_FIELDS)
    group: tuple | None = None  # (promise id, folded name): the indicator's key
    outcome: str = ""
    changed: list = field(default_factory=list)  # the columns whose value changes
    errors: list = field(default_factory=list)  # (column, message)
    cells: dict = field(default_factory=dict)  # the row as written, for the preview

    @property
    def outcome_label(self):
        if self.errors:
            return _("Error")
        if not self.outcome:
            # Right on its own, but another row of the same indicator is wrong.
            return _("Right, but another row of the same indicator has an error")
        return {"new": _("New"), "changed": _("Changed"), "unchanged": _("Unchanged")}[self.outcome]


@dataclass
class IndicatorChange:
    """What the import does to one indicator: create it or change its fields, and its
    measurements."""

    promise_id: int
    name: str
    existing: Indicator | None
    fields: dict = field(default_factory=dict)
    changed: list = field(default_factory=list)  # field names that differ from the database
    measurements: list = field(default_factory=list)  # (ValueRow, IndicatorValue | None)


@dataclass
class IndicatorPlan:
    period: object
    rows: list
    file_errors: list = field(default_factory=list)
    changes: list = field(default_factory=list)

    @property
    def is_valid(self):
        return not self.file_errors and not any(row.errors for row in self.rows)

    def count(self, outcome):
        return sum(1 for row in self.rows if row.outcome == outcome and not row.errors)

    @property
    def new_indicators(self):
        return sum(1 for change in self.changes if change.existing is None)

    def has_writes(self):
        return any(row.outcome in ("new", "changed") for row in self.rows)

    def fingerprint(self) -> str:
        text = repr(
            [
                (
                    row.number,
                    row.outcome,
                    row.group,
                    row.kind,
                    row.on,
                    row.unit,
                    sorted(row.fields.items()),
                    row.changed,
                )
                for row in self.rows
            ]
        )
        return hashlib.sha256(text.encode()).hexdigest()


def is_indicator_sheet(sheet: Sheet) -> bool:
    return INDICATOR in sheet.headers


def _date(text, column, errors):
    if not text:
        errors.append((column, _("The date is missing.")))
        return None
    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
            raise ValueError
        return datetime.date.fromisoformat(text)
    except ValueError:
        errors.append(
            (column, _("“%(value)s” is not a date written YYYY-MM-DD.") % {"value": text})
        )
        return None


def _value(text, errors):
    if not text:
        errors.append((VALUE, _("The value is missing.")))
        return None
    try:
        number = parse_number(text)
    except ValueError:
        errors.append(
            (VALUE, _("“%(value)s” is not a number. Write e.g. 12 or 12,5.") % {"value": text})
        )
        return None
    if number.as_tuple().exponent < -2:
        errors.append((VALUE, _("“%(value)s” has more than two decimals.") % {"value": text}))
        return None
    if abs(number) > LARGEST:
        errors.append((VALUE, _("“%(value)s” is too large.") % {"value": text}))
        return None
    return number.quantize(Decimal("0.01"))


def check_row(row, number, context) -> ValueRow:
    """The row on its own: every cell, and whether the user may import for its promise."""
    result = ValueRow(number, row.get(INDICATOR, ""), row.get(KIND, ""), cells=dict(row))
    period, promises, user = context["period"], context["promises"], context["user"]
    errors = result.errors

    promise = None
    raw = row.get(PROMISE, "")
    if not PROMISE_NUMBER.fullmatch(raw) or not 1 <= int(raw) <= len(promises):
        errors.append(
            (
                PROMISE,
                _("“%(value)s” is not a promise number in %(period)s (1–%(count)d).")
                % {"value": raw, "period": period.title, "count": len(promises)},
            )
        )
    else:
        promise = promises[int(raw) - 1]

    if not result.indicator:
        errors.append((INDICATOR, _("The indicator's name is empty.")))
    elif len(result.indicator) > NAME_LENGTH:
        errors.append((INDICATOR, _("The indicator's name is longer than 200 characters.")))

    result.unit = row.get(UNIT, "")
    if len(result.unit) > UNIT_LENGTH:
        errors.append((UNIT, _("The unit is longer than 60 characters.")))

    result.kind = KINDS.get(folded(result.kind_text), "")
    if not result.kind:
        errors.append(
            (
                KIND,
                _("“%(value)s” is not a type: write utgångsvärde, mål or mätning.")
                % {"value": result.kind_text},
            )
        )

    result.on = _date(row.get(DATE, ""), DATE, errors)
    value = _value(row.get(VALUE, ""), errors)

    raw_direction = row.get(DIRECTION, "")
    direction = DIRECTIONS.get(folded(raw_direction), "")
    if result.kind == TARGET and not direction:
        errors.append(
            (
                DIRECTION,
                _("The target row needs a direction: write öka or minska."),
            )
            if not raw_direction
            else (
                DIRECTION,
                _("“%(value)s” is not a direction: write öka or minska.")
                % {"value": raw_direction},
            )
        )
    elif result.kind in (BASELINE, MEASUREMENT) and raw_direction:
        errors.append((DIRECTION, _("The direction belongs on the target row only.")))

    source = row.get(SOURCE, "")
    if result.kind == MEASUREMENT and not source:
        errors.append((SOURCE, _("A measurement needs its source.")))
    elif result.kind == TARGET and source:
        # The site shows no source for a target (it is the promise's own): refusing says so,
        # where dropping the text would lose it without a word.
        errors.append(
            (SOURCE, _("A target has no source on the site: leave Källa empty on the target row."))
        )
    elif result.kind in SOURCE_LENGTH and len(source) > SOURCE_LENGTH[result.kind]:
        errors.append(
            (
                SOURCE,
                _("The source is longer than %(count)d characters.")
                % {"count": SOURCE_LENGTH[result.kind]},
            )
        )

    # Indicators belong to their promise's givers (roles.register_scope).
    if (
        promise is not None
        and not roles.is_site_admin(user)
        and not {giver.pk for giver in promise.givers.all()} & roles.partner_ids_of(user)
    ):
        errors.append((PROMISE, _("Your organisation does not give this promise.")))

    if promise is not None and result.indicator and len(result.indicator) <= NAME_LENGTH:
        result.group = (promise.pk, folded(result.indicator))
    if not errors:
        cells = {DATE: result.on, VALUE: value, DIRECTION: direction, SOURCE: source}
        result.fields = {name: cells[column] for name, column in ROW_FIELDS[result.kind].items()}
    return result


def _check_group(rows, found, change):
    """The rows of one indicator together: one baseline, one target, one measurement a day,
    one unit; a new indicator needs its target and unit. Sets each row's outcome."""
    seen, unit_row = {}, None
    for row in rows:
        if row.errors:
            continue
        slot = (row.kind, row.on) if row.kind == MEASUREMENT else row.kind
        if slot in seen:
            message = {
                BASELINE: _("Row %(row)d already gives this indicator's baseline."),
                TARGET: _("Row %(row)d already gives this indicator's target."),
                MEASUREMENT: _(
                    "Row %(row)d already gives a measurement of this indicator on that date."
                ),
            }[row.kind]
            column = DATE if row.kind == MEASUREMENT else KIND
            row.errors.append((column, message % {"row": seen[slot]}))
            continue
        seen[slot] = row.number
        if row.unit:
            if unit_row is not None and row.unit != unit_row.unit:
                row.errors.append(
                    (
                        UNIT,
                        _("Row %(row)d gives this indicator another unit.")
                        % {"row": unit_row.number},
                    )
                )
                continue
            unit_row = unit_row or row
    if any(row.errors for row in rows):
        return False
    if len(found) > 1:
        rows[0].errors.append(
            (
                INDICATOR,
                _(
                    "The promise has several indicators with this name: rename one of them "
                    "under Indikatorer first."
                ),
            )
        )
        return False
    indicator = change.existing
    if indicator is None:
        if TARGET not in seen:
            rows[0].errors.append((KIND, _("A new indicator needs a row of the type mål.")))
        if unit_row is None:
            rows[0].errors.append((UNIT, _("A new indicator needs a unit.")))
        if rows[0].errors:
            return False

    if unit_row is not None:
        change.fields["unit"] = unit_row.unit
        if indicator is not None and indicator.unit != unit_row.unit:
            change.changed.append("unit")
            unit_row.changed.append(UNIT)
    values_by_day = (
        {value.measured_on: value for value in indicator.values.all()} if indicator else {}
    )
    for row in rows:
        if row.kind == MEASUREMENT:
            current = values_by_day.get(row.on)
            change.measurements.append((row, current))
            if current is None:
                row.outcome = "new"
                continue
            row.changed += [
                ROW_FIELDS[MEASUREMENT][name]
                for name, value in row.fields.items()
                if getattr(current, name) != value
            ]
        else:
            change.fields.update(row.fields)
            if indicator is None:
                row.outcome = "new"
                continue
            if row.kind == BASELINE and indicator.baseline_on is None:
                # An indicator that had no baseline gets one: a new value on it.
                row.outcome = "new"
                change.changed += list(row.fields)
                continue
            differing = [
                name for name, value in row.fields.items() if getattr(indicator, name) != value
            ]
            change.changed += differing
            row.changed += [ROW_FIELDS[row.kind][name] for name in differing]
        row.outcome = "changed" if row.changed else "unchanged"
    return True


def plan_sheet(sheet: Sheet, period, user) -> IndicatorPlan:
    """Check every row of an indicator sheet against the database; writes nothing."""
    plan = IndicatorPlan(period, [])
    plan.file_errors = column_errors(sheet.headers, COLUMNS, REQUIRED_COLUMNS)
    if not sheet.rows and not plan.file_errors:
        plan.file_errors.append(_("The file has no rows below the column headings."))
    if plan.file_errors:
        return plan
    context = {"period": period, "promises": numbered_promises(period), "user": user}
    groups = {}
    for number, row in enumerate(sheet.rows, start=2):
        result = check_row(row, number, context)
        plan.rows.append(result)
        if result.group is not None:
            groups.setdefault(result.group, []).append(result)
    existing = {}
    for indicator in Indicator.objects.filter(promise__period=period).prefetch_related("values"):
        existing.setdefault((indicator.promise_id, folded(indicator.name)), []).append(indicator)
    for key, rows in groups.items():
        found = existing.get(key, [])
        change = IndicatorChange(
            promise_id=key[0], name=rows[0].indicator, existing=found[0] if found else None
        )
        if _check_group(rows, found, change):
            plan.changes.append(change)
    return plan


def write(plan: IndicatorPlan, *, publish=False) -> dict:
    """Save the plan's new and changed indicators and values; the caller holds the
    transaction and the history revision (each touched indicator joins it with its values,
    so restoring the revision brings them back together)."""
    for change in plan.changes:
        indicator = change.existing
        touched = indicator is None or bool(change.changed)
        if indicator is None:
            indicator = Indicator(
                promise_id=change.promise_id, name=change.name, is_published=publish
            )
        if touched:
            for name, value in change.fields.items():
                setattr(indicator, name, value)
            indicator.save()
        for row, current in change.measurements:
            if row.outcome == "unchanged":
                continue
            value = current or IndicatorValue(indicator=indicator, measured_on=row.on)
            for name, new in row.fields.items():
                setattr(value, name, new)
            value.save()
            touched = True
        if touched:
            reversion.add_to_revision(indicator)
    return {
        "indicators": plan.new_indicators,
        "new": plan.count("new"),
        "changed": plan.count("changed"),
        "unchanged": plan.count("unchanged"),
    }
