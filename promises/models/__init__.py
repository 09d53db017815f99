"""The domain's models, one module per part, all importable from `promises.models`.

Models import nothing from the higher layers (docs/architecture.md "The layers"): what a
model needs at definition time (the PDF validator, upload paths) lives in this package.
"""

from .accessibility import AccessibilityReport, AccessibilityStatement, ReportCount, UsedReportToken
from .actions import NOT_ASSESSED_LABEL, Action, ActionNote, ActionStatus, looks_personal
from .areas import COUNTIES, Area, validate_municipality_code
from .content_stamp import AreaContentStamp, ContentStamp
from .follow_ups import (
    MIXED,
    MIXED_LABEL,
    NO_FOLLOW_UP,
    NO_FOLLOW_UP_LABEL,
    FocusArea,
    FollowUp,
    FollowUpDocument,
    FollowUpFigure,
    FollowUpLink,
    FollowUpStatus,
    StatusDefinition,
    all_statuses,
    status_label,
)
from .glossary import GlossaryTerm, swedish_sort_key
from .imports import PreviewedImport, files_digest
from .indicators import Direction, Indicator, IndicatorValue, Verdict, verdict
from .partners import Partner
from .periods import PromiseGroup, PromisePeriod, swedish_date
from .promises import EASY_READ_MAX_LENGTH, Promise, promise_number, short_promise
from .subscriptions import (
    AlertDelivery,
    AlertEvent,
    AlertPrivacy,
    OutgoingMessage,
    Subscription,
)

# Models whose rows appear on public pages, feeds or data files. Add new content models here,
# after the models they refer to (the backup, promises/editing/backup.py, loads them in this
# order; promises/signals.py moves the content stamp when any of them changes).
CONTENT_MODELS = (
    Area,
    Partner,
    PromisePeriod,
    FocusArea,
    Promise,
    FollowUp,
    FollowUpFigure,
    FollowUpLink,
    FollowUpDocument,
    StatusDefinition,
    AccessibilityStatement,
    GlossaryTerm,
    Action,
    ActionNote,
    Indicator,
    IndicatorValue,
)

__all__ = [
    "CONTENT_MODELS",
    "COUNTIES",
    "EASY_READ_MAX_LENGTH",
    "MIXED",
    "MIXED_LABEL",
    "NOT_ASSESSED_LABEL",
    "NO_FOLLOW_UP",
    "NO_FOLLOW_UP_LABEL",
    "AccessibilityReport",
    "AccessibilityStatement",
    "Action",
    "ActionNote",
    "ActionStatus",
    "AlertDelivery",
    "AlertEvent",
    "AlertPrivacy",
    "Area",
    "AreaContentStamp",
    "ContentStamp",
    "Direction",
    "FocusArea",
    "FollowUp",
    "FollowUpDocument",
    "FollowUpFigure",
    "FollowUpLink",
    "FollowUpStatus",
    "GlossaryTerm",
    "Indicator",
    "IndicatorValue",
    "OutgoingMessage",
    "Partner",
    "PreviewedImport",
    "Promise",
    "PromiseGroup",
    "PromisePeriod",
    "ReportCount",
    "StatusDefinition",
    "Subscription",
    "UsedReportToken",
    "Verdict",
    "all_statuses",
    "files_digest",
    "looks_personal",
    "promise_number",
    "short_promise",
    "status_label",
    "swedish_date",
    "swedish_sort_key",
    "validate_municipality_code",
    "verdict",
]
