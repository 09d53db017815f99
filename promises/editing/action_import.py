"""Importing an åtgärdsplan from the spreadsheets the partners keep (CSV or XLSX, read with
tablib and openpyxl): every row checked first, nothing written unless every row is right.

One row per action, with the Swedish columns of
docs/redaktorer.md "Importera en åtgärdsplan från Excel eller CSV". A row updates the action
with the same key (`Nyckel`, or a key derived from the period, the promise's number and the
action's text), so importing the same file again changes nothing and an edited file updates
in place. The admin's import page and the command `import_action_plan` reach this module
through promises/editing/plan_files.py, which adds the indicators (a second file or sheet)
and writes both in one transaction; `plan_import()` and `apply()` import a file of actions
alone.
"""

import datetime
import hashlib
import re
from dataclasses import dataclass, field

import reversion
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from promises.editing import roles
from promises.editing.spreadsheet import (
    ImportFileError,
    Sheet,
    read_sheets,
)
from promises.editing.spreadsheet import folded as _folded
from promises.models import Action, ActionStatus, Partner

# The columns, as the editors' guide names them (lower case for matching).
PROMISE, TITLE, GOAL, START, END, RESPONSIBLE, CONTACT, STATUS, KEY = (
    "Löfte",
    "Åtgärd",
    "Operativt mål",
    "Start",
    "Slut",
    "Ansvarig",
    "Kontakt",
    "Status",
    "Nyckel",
)
COLUMNS = (PROMISE, TITLE, GOAL, START, END, RESPONSIBLE, CONTACT, STATUS, KEY)
REQUIRED_COLUMNS = (PROMISE, TITLE, RESPONSIBLE)
STATUSES = {"grön": ActionStatus.GREEN, "gul": ActionStatus.YELLOW, "röd": ActionStatus.RED}
KEY_PATTERN = re.compile(r"^[-a-zA-Z0-9_]{1,80}$")
# A promise's number as written in a file. ASCII digits: Python's \d and str.isdigit() also
# accept other scripts' digits and "²" or "①".
PROMISE_NUMBER = re.compile(r"[0-9]{1,4}")
# The fields an imported row sets; others (progress, order, notes) stay as editors left them.
IMPORTED_FIELDS = (
    "promise_id",
    "title",
    "goal",
    "starts_on",
    "ends_on",
    "responsible_id",
    "contact",
    "status",
)


@dataclass
class RowResult:
    number: int  # the row's line in the file, the header being line 1
    key: str = ""
    title: str = ""
    outcome: str = ""  # "new", "changed", "unchanged" once checked
    changed: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # (column, message)
    values: dict = field(default_factory=dict)
    existing: Action | None = None
    cells: dict = field(default_factory=dict)  # the row as written, for the preview

    @property
    def outcome_label(self):
        if self.errors:
            return _("Error")
        return {
            "new": _("New"),
            "changed": _("Changed"),
            "unchanged": _("Unchanged"),
        }[self.outcome]


@dataclass
class ImportPlan:
    period: object
    rows: list
    file_errors: list = field(default_factory=list)

    @property
    def is_valid(self):
        return not self.file_errors and not any(row.errors for row in self.rows)

    def count(self, outcome):
        return sum(1 for row in self.rows if row.outcome == outcome and not row.errors)

    def fingerprint(self) -> str:
        """What the plan would write: confirming refuses if it no longer matches the preview."""
        text = repr(
            [(row.number, row.outcome, row.key, sorted(row.values.items())) for row in self.rows]
        )
        return hashlib.sha256(text.encode()).hexdigest()


def derived_key(period, number, title) -> str:
    digest = hashlib.sha256(_folded(title).encode()).hexdigest()[:10]
    return f"{slugify(period.slug)[:40]}-{number}-{digest}"


def check_row(row, number, context) -> RowResult:
    result = RowResult(number=number, title=row.get(TITLE, ""), cells=dict(row))
    period, promises, partners, user = (
        context[k] for k in ("period", "promises", "partners", "user")
    )

    promise = None
    raw = row.get(PROMISE, "")
    if not PROMISE_NUMBER.fullmatch(raw) or not 1 <= int(raw) <= len(promises):
        result.errors.append(
            (
                PROMISE,
                _("“%(value)s” is not a promise number in %(period)s (1–%(count)d).")
                % {"value": raw, "period": period.title, "count": len(promises)},
            )
        )
    else:
        promise = promises[int(raw) - 1]

    if not result.title:
        result.errors.append((TITLE, _("The action is empty.")))

    dates = {}
    for column in (START, END):
        text = row.get(column, "")
        dates[column] = None
        if text:
            try:
                if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
                    raise ValueError
                dates[column] = datetime.date.fromisoformat(text)
            except ValueError:
                result.errors.append(
                    (column, _("“%(value)s” is not a date written YYYY-MM-DD.") % {"value": text})
                )
    if dates[START] and dates[END] and dates[END] < dates[START]:
        result.errors.append((END, _("The end date is before the start date.")))

    responsible = partners.get(_folded(row.get(RESPONSIBLE, "")))
    if responsible is None:
        result.errors.append(
            (
                RESPONSIBLE,
                _(
                    "“%(value)s” is not one of the partners: write its name, for example "
                    "Tjörns kommun."
                )
                % {"value": row.get(RESPONSIBLE, "")},
            )
        )

    raw_status = _folded(row.get(STATUS, ""))
    status = ""
    if raw_status:
        if raw_status not in STATUSES:
            result.errors.append(
                (
                    STATUS,
                    _("“%(value)s” is not a status: write grön, gul, röd or leave it empty.")
                    % {"value": row.get(STATUS, "")},
                )
            )
        else:
            status = STATUSES[raw_status]

    contact = row.get(CONTACT, "")
    if len(contact) > 200:
        result.errors.append((CONTACT, _("The contact is longer than 200 characters.")))

    key = row.get(KEY, "")
    if key and not KEY_PATTERN.match(key):
        result.errors.append(
            (
                KEY,
                _("A key may hold only letters a–z, digits, hyphens and underscores (at most 80)."),
            )
        )
    if not key and promise is not None and result.title:
        key = derived_key(period, int(raw), result.title)
    result.key = key

    if promise is not None and responsible is not None and not roles.is_site_admin(user):
        own = roles.partner_ids_of(user)
        if responsible.pk not in own:
            result.errors.append(
                (
                    RESPONSIBLE,
                    _("You may import only actions your own organisation is responsible for."),
                )
            )
        elif not {giver.pk for giver in promise.givers.all()} & own:
            result.errors.append((PROMISE, _("Your organisation does not give this promise.")))

    if result.errors:
        return result
    result.values = {
        "promise_id": promise.pk,
        "title": result.title,
        "goal": row.get(GOAL, ""),
        "starts_on": dates[START],
        "ends_on": dates[END],
        "responsible_id": responsible.pk,
        "contact": contact,
        "status": status,
    }
    existing = context["existing"].get(key)
    if existing is None:
        result.outcome = "new"
        return result
    if not roles.may_edit(user, existing):
        # One answer wherever the action is and whatever its state: the file's author learns
        # that the key is taken (keys are unique), never that another partner has a draft.
        result.errors.append((KEY, _("The key is already taken. Choose another key.")))
    elif existing.promise.period_id != period.pk:
        result.errors.append((KEY, _("The key is already used by an action in another period.")))
    if result.errors:
        return result
    result.existing = existing
    result.changed = [
        name for name in IMPORTED_FIELDS if getattr(existing, name) != result.values[name]
    ]
    result.outcome = "changed" if result.changed else "unchanged"
    return result


def is_action_sheet(sheet: Sheet) -> bool:
    return TITLE in sheet.headers


def column_errors(headers, columns, required) -> list:
    """The file errors for headings that are not the format's, or that it lacks."""
    errors = []
    unknown = [header for header in headers if header and header not in columns]
    missing = [column for column in required if column not in headers]
    if unknown:
        errors.append(
            _("Unknown columns: %(columns)s. The columns are: %(all)s.")
            % {"columns": ", ".join(unknown), "all": ", ".join(columns)}
        )
    if missing:
        errors.append(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
    return errors


def numbered_promises(period) -> list:
    """The period's promises in reading order: number n in a file is the n-th."""
    return list(period.promises.order_by("order", "pk").prefetch_related("givers"))


def plan_import(content: bytes, filename: str, period, user) -> ImportPlan:
    """Check every row of the file's actions against the database; writes nothing.

    In a workbook the actions are the sheet with the column `Åtgärd` (or, lacking one, the
    first sheet, whose headings the errors then name)."""
    try:
        sheets = read_sheets(content, filename)
    except ImportFileError as error:
        return ImportPlan(period, [], [str(error)])
    sheet = next((s for s in sheets if is_action_sheet(s)), None) or next(
        (s for s in sheets if not s.is_empty), sheets[0] if sheets else Sheet(filename, "")
    )
    return plan_sheet(sheet, period, user)


def plan_sheet(sheet: Sheet, period, user) -> ImportPlan:
    plan = ImportPlan(period, [])
    plan.file_errors = column_errors(sheet.headers, COLUMNS, REQUIRED_COLUMNS)
    if not sheet.rows and not plan.file_errors:
        plan.file_errors.append(_("The file has no rows below the column headings."))
    if plan.file_errors:
        return plan
    partners = {}
    for partner in Partner.objects.all():
        partners[_folded(partner.name)] = partner
        partners[_folded(partner.slug)] = partner
    context = {
        "period": period,
        "promises": numbered_promises(period),
        "partners": partners,
        "user": user,
        "existing": {a.key: a for a in Action.objects.select_related("promise")},
    }
    seen = {}
    for number, row in enumerate(sheet.rows, start=2):
        result = check_row(row, number, context)
        if result.key and result.key in seen:
            result.errors.append(
                (KEY, _("Row %(row)d has the same key.") % {"row": seen[result.key]})
            )
        seen.setdefault(result.key, number)
        plan.rows.append(result)
    return plan


def write(plan: ImportPlan, *, publish=False) -> dict:
    """Save the plan's new and changed actions; the caller holds the transaction and the
    history revision."""
    counts = {"new": 0, "changed": 0, "unchanged": plan.count("unchanged")}
    for row in plan.rows:
        if row.outcome not in ("new", "changed"):
            continue
        action = row.existing or Action(key=row.key, is_published=publish)
        for name, value in row.values.items():
            setattr(action, name, value)
        action.save()
        counts[row.outcome] += 1
    return counts


def has_writes(plan: ImportPlan) -> bool:
    return any(row.outcome in ("new", "changed") for row in plan.rows)


def apply(plan: ImportPlan, user, *, publish=False, source="") -> dict:
    """Write a valid plan in one transaction and one history entry; only changed rows are
    saved, so the same file again writes nothing."""
    if not plan.is_valid:
        raise ValueError("only a plan without errors can be applied")
    if not has_writes(plan):
        return write(plan, publish=publish)
    with transaction.atomic(), reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(_("Imported from %(file)s") % {"file": source})
        return write(plan, publish=publish)
