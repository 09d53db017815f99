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
from .translations import TRANSLATED_FIELDS, TRANSLATION_LANGUAGES, ShownText, shown_text, translate

# The editors' texts residents read, translated by editors per language (translations.py). Names,
# addresses, numbers and dates stay as they are; so do the shared status words and focus areas,
# which are the site's own vocabulary.
for _model, _fields in (
    (Partner, ("participation_text",)),
    (
        PromisePeriod,
        (
            "title",
            "intro",
            "promises_heading",
            "situation_heading",
            "situation_text",
            "goal_heading",
            "goal_text",
            "next_steps",
            "photo_alt",
            "photo_caption",
        ),
    ),
    (Promise, ("text",)),
    (FollowUp, ("text",)),
    (Action, ("title", "goal")),
    (ActionNote, ("text",)),
    (Indicator, ("name",)),
    (GlossaryTerm, ("term", "definition")),
    (AccessibilityStatement, ("organisations", "gaps", "assessment", "response_time")),
):
    translate(_model, *_fields)

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
    "TRANSLATED_FIELDS",
    "TRANSLATION_LANGUAGES",
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
    "ShownText",
    "StatusDefinition",
    "Subscription",
    "UsedReportToken",
    "Verdict",
    "all_statuses",
    "files_digest",
    "looks_personal",
    "promise_number",
    "short_promise",
    "shown_text",
    "status_label",
    "swedish_date",
    "swedish_sort_key",
    "validate_municipality_code",
    "verdict",
]
