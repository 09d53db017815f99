"""A period's actions and indicators as open data: one JSON document and one CSV table of the
actions, with Swedish ASCII field names documented on the "Öppna data" page. Only published
actions and indicators of published periods; CSV cells through spreadsheet_safety.py."""

from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from promises.models.control_characters import without_control_characters_in
from promises.publishing.open_data import LICENSE, csv_text
from promises.publishing.seo import absolute

ACTION_COLUMNS = [
    "period",
    "atgard_id",
    "nyckel",
    "lofte_id",
    "lofte_nummer",
    "atgard",
    "operativt_mal",
    "start",
    "slut",
    "aterkommande",
    "ansvarig",
    "ansvarig_namn",
    "kontakt",
    "status",
    "status_namn",
    "framsteg",
    "webbadress",
    "senast_andrad",
]


def data_urls(period) -> dict:
    kwargs = {"slug": period.slug}
    return {
        "json": absolute(reverse("machine:action_plan_json", kwargs=kwargs)),
        "csv": absolute(reverse("machine:action_plan_csv", kwargs=kwargs)),
        "sida": absolute(reverse("promises:action_plan", kwargs=kwargs)),
    }


def _number(value: Decimal | None):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _day(value):
    return value.isoformat() if value else None


def action_data(action, number) -> dict:
    return {
        "id": action.pk,
        "nyckel": action.key,
        "lofte_id": action.promise_id,
        "lofte_nummer": number,
        "atgard": action.title,
        "operativt_mal": action.goal,
        "start": _day(action.starts_on),
        "slut": _day(action.ends_on),
        "aterkommande": action.recurrence,
        "ansvarig": action.responsible.slug,
        "ansvarig_namn": action.responsible.name,
        "kontakt": action.contact,
        "status": action.status or None,
        "status_namn": str(action.status_label),
        "framsteg": action.progress,
        "lagesanteckningar": [
            {
                "datum": note.noted_on.isoformat(),
                "text": note.text,
                "kalla": note.source_title,
                "url": note.source_url or None,
            }
            for note in action.notes.all()
        ],
        "webbadress": absolute(action.get_absolute_url()),
        "senast_andrad": action.updated_at.isoformat(),
    }


def indicator_data(indicator, number, today) -> dict:
    verdict = indicator.verdict(today)
    baseline = None
    if indicator.baseline is not None:
        baseline = {
            "varde": _number(indicator.baseline_value),
            "datum": indicator.baseline_on.isoformat(),
            "kalla": indicator.baseline_source,
        }
    return {
        "id": indicator.pk,
        "lofte_id": indicator.promise_id,
        "lofte_nummer": number,
        "namn": indicator.name,
        "enhet": indicator.unit,
        "utgangsvarde": baseline,
        "mal": {
            "varde": _number(indicator.target_value),
            "datum": indicator.target_on.isoformat(),
            "riktning": indicator.direction,
        },
        "matningar": [
            {
                "datum": v.measured_on.isoformat(),
                "varde": _number(v.value),
                "kalla": v.source_title,
                "url": v.source_url or None,
            }
            for v in sorted(indicator.values.all(), key=lambda v: (v.measured_on, v.pk))
        ],
        "bedomning": verdict.value,
        "bedomning_namn": str(verdict.label),
    }


def numbered(promises):
    return [(number, promise) for number, promise in enumerate(promises, start=1)]


def action_plan_document(period, promises) -> dict:
    """`promises`: the period's promises in page order, with `public_actions` and
    `public_indicators` prefetched (promises/public/action_plan.py)."""
    today = timezone.localdate()
    # Without control characters, as every output (promises/models/control_characters.py).
    return without_control_characters_in(
        {
            "licens": LICENSE,
            "period": period.slug,
            **data_urls(period),
            "atgarder": [
                action_data(a, n) for n, p in numbered(promises) for a in p.public_actions
            ],
            "indikatorer": [
                indicator_data(i, n, today)
                for n, p in numbered(promises)
                for i in p.public_indicators
            ],
        }
    )


def action_plan_csv(period, promises) -> str:
    rows = []
    for number, promise in numbered(promises):
        for action in promise.public_actions:
            data = {**action_data(action, number), "period": period.slug}
            data["atgard_id"] = data["id"]
            rows.append(["" if data[c] is None else data[c] for c in ACTION_COLUMNS])
    return csv_text(ACTION_COLUMNS, rows)
