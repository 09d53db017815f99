"""One import of an åtgärdsplan from one or two files: the actions and the indicators, each a
CSV file or a sheet of a workbook, told apart by their column headings (`Åtgärd` for actions,
`Indikator` for indicators). Everything is checked before anything is written, and it is
written in one transaction and one history revision: a bad row anywhere writes nothing.

The admin's import page (promises/admin/action_import.py) and the command
`import_action_plan` both call `plan()` then `apply()`.
"""

import hashlib
from dataclasses import dataclass, field

import reversion
from django.db import transaction
from django.utils.translation import gettext as _

from promises.editing import action_import, indicator_import
from promises.editing.spreadsheet import ImportFileError, Sheet, read_sheets
from promises.models import PromisePeriod


class StalePlan(Exception):
    """The database changed since the plan was shown: what it would write is not what was
    previewed, so nothing is written."""


@dataclass
class FileImport:
    period: PromisePeriod
    files: list  # (name, content) as uploaded, kept to check the plan again when writing
    actions: action_import.ImportPlan | None = None
    indicators: indicator_import.IndicatorPlan | None = None
    file_errors: list = field(default_factory=list)

    @property
    def parts(self):
        return [part for part in (self.actions, self.indicators) if part is not None]

    @property
    def is_valid(self):
        return (
            not self.file_errors and bool(self.parts) and all(part.is_valid for part in self.parts)
        )

    def has_writes(self):
        return any(row.outcome in ("new", "changed") for part in self.parts for row in part.rows)

    def fingerprint(self) -> str:
        text = "|".join(
            [
                self.actions.fingerprint() if self.actions else "-",
                self.indicators.fingerprint() if self.indicators else "-",
            ]
        )
        return hashlib.sha256(text.encode()).hexdigest()

    def error_lines(self) -> list[str]:
        """Every error, one line each, naming the row and the column (for the command)."""
        lines = list(self.file_errors)
        for part, line in (
            (self.actions, _("Row %(row)d, column %(column)s: %(message)s")),
            (self.indicators, _("Indicators, row %(row)d, column %(column)s: %(message)s")),
        ):
            if part is None:
                continue
            lines += part.file_errors
            for row in part.rows:
                for column, message in row.errors:
                    lines.append(line % {"row": row.number, "column": column, "message": message})
        return lines


def _may(user, model):
    return user.has_perm(f"promises.add_{model}") and user.has_perm(f"promises.change_{model}")


def _one(sheets, kind_label, result):
    if len(sheets) > 1:
        result.file_errors.append(
            _("Both %(first)s and %(second)s hold %(kind)s: import one of them at a time.")
            % {"first": sheets[0].label, "second": sheets[1].label, "kind": kind_label}
        )
    return sheets[0] if sheets else None


def plan(files, period, user) -> FileImport:
    """Check every sheet of the files against the database; writes nothing."""
    result = FileImport(period, list(files))
    sheets = []
    for name, content in result.files:
        try:
            sheets += read_sheets(content, name)
        except ImportFileError as error:
            message = str(error)
            result.file_errors.append(message if len(result.files) == 1 else f"{name}: {message}")
    if result.file_errors:
        return result
    filled = [sheet for sheet in sheets if not sheet.is_empty]
    actions = [sheet for sheet in filled if action_import.is_action_sheet(sheet)]
    indicators = [
        sheet
        for sheet in filled
        if indicator_import.is_indicator_sheet(sheet) and sheet not in actions
    ]
    others = [sheet for sheet in filled if sheet not in actions and sheet not in indicators]
    if not actions and not indicators:
        # One sheet that is neither: check it as actions, whose errors name the columns.
        actions = (others or sheets or [Sheet(result.files[0][0], "")])[:1]
        others = others[1:]
    for sheet in others:
        result.file_errors.append(
            _(
                "%(sheet)s has neither the column Åtgärd (actions) nor the column Indikator "
                "(indicators)."
            )
            % {"sheet": sheet.label}
        )
    action_sheet = _one(actions, _("actions"), result)
    indicator_sheet = _one(indicators, _("indicators"), result)
    if action_sheet is not None and not _may(user, "action"):
        result.file_errors.append(_("You may not import actions."))
    if indicator_sheet is not None and not _may(user, "indicator"):
        result.file_errors.append(_("You may not import indicators."))
    if result.file_errors:
        return result
    if action_sheet is not None:
        result.actions = action_import.plan_sheet(action_sheet, period, user)
    if indicator_sheet is not None:
        result.indicators = indicator_import.plan_sheet(indicator_sheet, period, user)
    return result


def apply(planned: FileImport, user, *, publish=False, source="", expected=None) -> dict:
    """Write a valid plan: only rows that change, in one transaction and one revision.

    Inside the transaction the period's row is locked (on PostgreSQL; SQLite has one writer
    at a time anyway) and the files are checked again, so two processes confirming the same
    preview cannot both write it: the second finds a different plan and raises StalePlan.
    `expected` is the fingerprint of the plan the user saw (the plan's own by default).
    Returns the counts of each part imported, keyed "actions" and "indicators".
    """
    if not planned.is_valid:
        raise ValueError("only a plan without errors can be applied")
    expected = expected or planned.fingerprint()
    if not planned.has_writes():
        if planned.fingerprint() != expected:
            raise StalePlan
        return _counts(planned, publish)
    with transaction.atomic():
        PromisePeriod.objects.select_for_update().filter(pk=planned.period.pk).first()
        fresh = plan(planned.files, planned.period, user)
        if not fresh.is_valid or fresh.fingerprint() != expected:
            raise StalePlan
        with reversion.create_revision():
            # The command imports as an unsaved administrator: no name in the history.
            reversion.set_user(user if user is not None and user.pk else None)
            reversion.set_comment(_("Imported from %(file)s") % {"file": source})
            return _counts(fresh, publish)


def _counts(planned, publish):
    """Write what the plan changes (nothing for a plan without writes) and count it."""
    counts = {}
    if planned.actions is not None:
        counts["actions"] = action_import.write(planned.actions, publish=publish)
    if planned.indicators is not None:
        counts["indicators"] = indicator_import.write(planned.indicators, publish=publish)
    return counts
