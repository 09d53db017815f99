"""Importing an åtgärdsplan from the spreadsheets the partners keep (CSV or XLSX, read with
tablib and openpyxl): every row checked first, nothing written unless every row is right.

One row per action, with the Swedish columns of
docs/redaktorer.md "Importera en åtgärdsplan från Excel eller CSV". A row updates the action
with the same key (`Nyckel`, or a key derived from the period, the promise's number and the
action's text), so importing the same file again changes nothing and an edited file updates
in place. The admin's import page and the command `import_action_plan` both use
`plan_import()` then `apply()`.
"""

import csv
import datetime
import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass, field

import reversion
import tablib
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from promises.editing import roles
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
MAX_FILE_SIZE = 2 * 1024 * 1024
KEY_PATTERN = re.compile(r"^[-a-zA-Z0-9_]{1,80}$")
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


class ImportFileError(Exception):
    """The file as a whole cannot be read: its message says why, in Swedish."""


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


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_rows(content: bytes, filename: str) -> list[dict]:
    """The file's rows as {column: text}; CSV (UTF-8 with or without BOM, `;` or `,`) or XLSX
    (its first sheet)."""
    if len(content) > MAX_FILE_SIZE:
        raise ImportFileError(_("The file is larger than 2 MB."))
    if filename.lower().endswith(".xlsx"):
        try:
            dataset = tablib.Dataset().load(io.BytesIO(content), format="xlsx")
        except Exception:  # openpyxl raises many kinds for a damaged file
            raise ImportFileError(
                _("The file could not be read as an Excel file (XLSX).")
            ) from None
    elif filename.lower().endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ImportFileError(
                _("The file is not UTF-8. In Excel, save it as “CSV UTF-8 (kommaavgränsad)”.")
            ) from None
        first_line = text.split("\n", 1)[0]
        delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
        try:
            dataset = tablib.Dataset().load(text, format="csv", delimiter=delimiter)
        except (csv.Error, tablib.InvalidDimensions):
            raise ImportFileError(
                _("The file could not be read as CSV: rows of different lengths.")
            ) from None
    else:
        raise ImportFileError(_("Choose a CSV or an XLSX file."))
    headers = [_cell(header) for header in (dataset.headers or [])]
    rows = []
    for values in dataset:
        cells = [_cell(value) for value in values]
        if any(cells):
            rows.append(dict(zip(headers, cells, strict=False)))
    return headers, rows


def _folded(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold().strip()


def derived_key(period, number, title) -> str:
    digest = hashlib.sha256(_folded(title).encode()).hexdigest()[:10]
    return f"{slugify(period.slug)[:40]}-{number}-{digest}"


def check_row(row, number, context) -> RowResult:
    result = RowResult(number=number, title=row.get(TITLE, ""))
    period, promises, partners, user = (
        context[k] for k in ("period", "promises", "partners", "user")
    )

    promise = None
    raw = row.get(PROMISE, "")
    if not raw.isdigit() or not 1 <= int(raw) <= len(promises):
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
                if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
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
                _("“%(value)s” is not one of the partners (write its name or web address).")
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
    if existing.promise.period_id != period.pk:
        result.errors.append((KEY, _("The key is already used by an action in another period.")))
    elif not roles.may_edit(user, existing):
        result.errors.append((KEY, _("The key belongs to an action you may not change.")))
    if result.errors:
        return result
    result.existing = existing
    result.changed = [
        name for name in IMPORTED_FIELDS if getattr(existing, name) != result.values[name]
    ]
    result.outcome = "changed" if result.changed else "unchanged"
    return result


def plan_import(content: bytes, filename: str, period, user) -> ImportPlan:
    """Check every row against the database; writes nothing."""
    try:
        headers, rows = read_rows(content, filename)
    except ImportFileError as error:
        return ImportPlan(period, [], [str(error)])
    plan = ImportPlan(period, [])
    unknown = [header for header in headers if header and header not in COLUMNS]
    missing = [column for column in REQUIRED_COLUMNS if column not in headers]
    if unknown:
        plan.file_errors.append(
            _("Unknown columns: %(columns)s. The columns are: %(all)s.")
            % {"columns": ", ".join(unknown), "all": ", ".join(COLUMNS)}
        )
    if missing:
        plan.file_errors.append(
            _("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    if not rows and not plan.file_errors:
        plan.file_errors.append(_("The file has no rows below the column headings."))
    if plan.file_errors:
        return plan
    partners = {}
    for partner in Partner.objects.all():
        partners[_folded(partner.name)] = partner
        partners[_folded(partner.slug)] = partner
    context = {
        "period": period,
        "promises": list(period.promises.order_by("order", "pk").prefetch_related("givers")),
        "partners": partners,
        "user": user,
        "existing": {a.key: a for a in Action.objects.select_related("promise")},
    }
    seen = {}
    for number, row in enumerate(rows, start=2):
        result = check_row(row, number, context)
        if result.key and result.key in seen:
            result.errors.append(
                (KEY, _("Row %(row)d has the same key.") % {"row": seen[result.key]})
            )
        seen.setdefault(result.key, number)
        plan.rows.append(result)
    return plan


def apply(plan: ImportPlan, user, *, publish=False, source="") -> dict:
    """Write a valid plan in one transaction and one history entry; only changed rows are
    saved, so the same file again writes nothing."""
    if not plan.is_valid:
        raise ValueError("only a plan without errors can be applied")
    counts = {"new": 0, "changed": 0, "unchanged": plan.count("unchanged")}
    to_write = [row for row in plan.rows if row.outcome in ("new", "changed")]
    if not to_write:
        return counts
    with transaction.atomic(), reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(_("Imported from %(file)s") % {"file": source})
        for row in to_write:
            action = row.existing or Action(key=row.key, is_published=publish)
            for name, value in row.values.items():
                setattr(action, name, value)
            action.save()
            counts[row.outcome] += 1
    return counts
