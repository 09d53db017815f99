"""What the import preview shows for each row, so an editor can check it against the file:
the promise's number and words, the responsible partner, the values, what the import would do,
the errors, and warnings that do not stop the import. Presentation only: the rows are checked
in promises/editing/ (action_import.py, indicator_import.py), which this module only reads.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext

from promises.editing.action_import import (
    CONTACT,
    END,
    GOAL,
    KEY,
    PROMISE,
    RESPONSIBLE,
    START,
    STATUS,
    TITLE,
)
from promises.editing.indicator_import import DATE, SOURCE, UNIT, VALUE
from promises.models import Partner, looks_personal, short_promise

ACTIONS_PREFIX, INDICATORS_PREFIX = "atgard", "indikator"
# An action's changed fields by the file's column names, which the editor knows.
ACTION_COLUMNS = {
    "promise_id": PROMISE,
    "title": TITLE,
    "goal": GOAL,
    "starts_on": START,
    "ends_on": END,
    "responsible_id": RESPONSIBLE,
    "contact": CONTACT,
    "status": STATUS,
}


@dataclass
class PreviewRow:
    part: str  # "Åtgärder" or "Indikatorer": which table the row is in
    anchor: str  # the row's id on the page, which the error summary links to
    line: int  # the row's line in its file, the heading being line 1
    promise: str  # "7. Polisen ska …", or what the file says when that is no promise number
    name: str  # the action or the indicator
    details: list  # (label, value) for the row's other columns, as written
    outcome: str
    errors: list  # (column, message)
    warnings: list = field(default_factory=list)


def _promise_label(raw, promises):
    raw = (raw or "").strip()
    if raw.isascii() and raw.isdigit() and 1 <= int(raw) <= len(promises):
        return short_promise(int(raw), promises[int(raw) - 1].text, 90)
    return raw


def _details(cells, columns):
    return [(label, cells.get(column, "")) for column, label in columns if cells.get(column, "")]


def action_rows(plan, promises):
    partners = {partner.pk: partner.name for partner in Partner.objects.all()}
    columns = (
        (GOAL, gettext("Operational goal")),
        (START, gettext("Start")),
        (END, gettext("End")),
        (CONTACT, gettext("Contact")),
        (STATUS, gettext("Status")),
        # A key given in the file is shown last: it identifies the row for the import, not
        # for the editor.
        (KEY, gettext("Key")),
    )
    rows = []
    for row in plan.rows:
        responsible = partners.get(row.values.get("responsible_id")) or row.cells.get(
            RESPONSIBLE, ""
        )
        contact = row.cells.get(CONTACT, "")
        warnings = []
        if looks_personal(contact):
            # The same advice the action's form gives (promises/admin/actions.py).
            warnings.append(
                gettext(
                    "The contact “%(contact)s” looks like a personal e-mail address. Residents "
                    "reach a function or a shared address even when people change jobs: "
                    "consider one."
                )
                % {"contact": contact}
            )
        rows.append(
            PreviewRow(
                part=gettext("Actions"),
                anchor=f"{ACTIONS_PREFIX}-rad-{row.number}",
                line=row.number,
                promise=_promise_label(row.cells.get(PROMISE), promises),
                name=row.title,
                details=[(gettext("Responsible"), responsible), *_details(row.cells, columns)],
                outcome=_outcome(row),
                errors=row.errors,
                warnings=warnings,
            )
        )
    return rows


def indicator_rows(plan, promises):
    columns = (
        (DATE, gettext("Date")),
        (VALUE, gettext("Value")),
        (UNIT, gettext("Unit")),
        (SOURCE, gettext("Source")),
    )
    return [
        PreviewRow(
            part=gettext("Indicators"),
            anchor=f"{INDICATORS_PREFIX}-rad-{row.number}",
            line=row.number,
            promise=_promise_label(row.cells.get(PROMISE), promises),
            name=row.indicator,
            details=[(gettext("Type"), row.kind_text), *_details(row.cells, columns)],
            outcome=_outcome(row),
            errors=row.errors,
        )
        for row in plan.rows
    ]


def _outcome(row):
    label = row.outcome_label
    if row.changed and not row.errors:
        return gettext("%(outcome)s: %(fields)s") % {
            "outcome": label,
            "fields": ", ".join(ACTION_COLUMNS.get(name, name) for name in row.changed),
        }
    return label


@dataclass
class Preview:
    actions: list
    indicators: list
    file_errors: list  # the files' own errors (columns, sheets), not a row's

    @property
    def error_rows(self):
        """Every row with an error, in the order the page shows them."""
        return [row for row in (*self.actions, *self.indicators) if row.errors]

    @property
    def warning_rows(self):
        return [row for row in (*self.actions, *self.indicators) if row.warnings]

    @property
    def error_count(self):
        return len(self.file_errors) + sum(len(row.errors) for row in self.error_rows)

    @property
    def warning_count(self):
        return sum(len(row.warnings) for row in self.warning_rows)


def preview(planned) -> Preview:
    """The preview of a checked plan (promises/editing/plan_files.py's FileImport)."""
    promises = list(planned.period.promises.order_by("order", "pk"))
    file_errors = list(planned.file_errors)
    if planned.actions is not None:
        file_errors += planned.actions.file_errors
    if planned.indicators is not None:
        file_errors += [
            gettext("Indicators: %(error)s") % {"error": error}
            for error in planned.indicators.file_errors
        ]
    return Preview(
        actions=action_rows(planned.actions, promises) if planned.actions else [],
        indicators=indicator_rows(planned.indicators, promises) if planned.indicators else [],
        file_errors=file_errors,
    )
