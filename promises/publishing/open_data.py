"""The citizen promises as open data: one JSON document and one CSV table per period, and a
JSON index of all periods. Field names are Swedish (ASCII only, for easy programming) and are
documented on the "Öppna data" page."""

import csv
import io

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from promises.models import (
    Action,
    ActionNote,
    Indicator,
    PromiseGroup,
    PromisePeriod,
    status_label,
)
from promises.models.control_characters import without_control_characters_in
from promises.publishing.seo import absolute
from promises.publishing.spreadsheet_safety import safe_row

# The period document is also the exchange format between sites (promises/editing/
# period_exchange.py reads it back): "format" and "version" say which reader it needs. Version 2
# added the area, the partners' public details, the actions and the indicators; every key of
# version 1 is kept, so earlier readers still work.
FORMAT = "medborgarlofte-period"
VERSION = 2
LICENSE = {
    "namn": "CC0 1.0 Universell",
    "url": "https://creativecommons.org/publicdomain/zero/1.0/deed.sv",
}
GROUP_NAMES = {
    PromiseGroup.POLICE: "polisen",
    PromiseGroup.MUNICIPALITIES: "kommunerna",
    PromiseGroup.JOINT: "gemensamt",
}
CSV_COLUMNS = [
    "period",
    "lofte_id",
    "nummer",
    "ordning",
    "grupp",
    "givare",
    "text",
    "webbadress",
    "skapad",
    "senast_andrad",
    "status",
    "status_namn",
    "status_datum",
    "fokusomraden",
    "status_per_givare",
]
FOLLOW_UP_COLUMNS = [
    "period",
    "lofte_id",
    "uppfoljning_id",
    "datum",
    "status",
    "status_namn",
    "text",
    "siffror",
    "kallor",
    "dokument",
    "webbadress",
    "skapad",
    "senast_andrad",
    "rapporterad_av",
]
# Swedish Excel splits on semicolons and needs the byte order mark to read UTF-8 (å, ä, ö).
CSV_DELIMITER = ";"
BYTE_ORDER_MARK = "\ufeff"


def data_urls(period: PromisePeriod) -> dict:
    return {
        "json": absolute(reverse("machine:period_json", kwargs={"slug": period.slug})),
        "csv": absolute(reverse("machine:period_csv", kwargs={"slug": period.slug})),
        "uppfoljningar_csv": absolute(
            reverse("machine:follow_ups_csv", kwargs={"slug": period.slug})
        ),
    }


def period_summary(period: PromisePeriod) -> dict:
    return {
        "id": period.slug,
        "titel": period.title,
        "giltig_fran": period.starts_on.isoformat(),
        "giltig_till": period.ends_on.isoformat(),
        "status": period.status(),
        "publicerad": period.published_on.isoformat() if period.published_on else None,
        "senast_andrad": period.updated_at.isoformat(),
        "webbadress": absolute(period.get_absolute_url()),
        **data_urls(period),
    }


def numbered_promises(period: PromisePeriod):
    """Each promise with its number and group, in the order the page shows them."""
    for group in period.promise_groups():
        for promise in group.promises:
            yield promise.number, group, promise


def period_document(period: PromisePeriod) -> dict:
    # Without control characters, as every output (promises/models/control_characters.py):
    # JSON could escape them, but the programs that read it often write XML or CSV next.
    return without_control_characters_in(_period_document(period))


def _period_document(period: PromisePeriod) -> dict:
    actions, indicators = _public_plan(period)
    return {
        "format": FORMAT,
        "version": VERSION,
        "licens": LICENSE,
        "omrade": area_data(period.area),
        "period": {
            **period_summary(period),
            "inledning": period.intro,
            "lofte_rubrik": period.promises_heading,
            "lagesbild": {"rubrik": period.situation_heading, "text": period.situation_text},
            "mal": {"rubrik": period.goal_heading, "text": period.goal_text},
            "nasta_steg": period.next_steps,
            "foto": photo_data(period),
        },
        "parter": [partner_data(partner) for partner in period.partners.all()],
        "loften": [
            {
                "id": promise.pk,
                "nummer": number,
                "ordning": promise.order,
                "grupp": GROUP_NAMES[group.kind],
                "inledande_mening": group.lead,
                "text": promise.text,
                "lattlast": promise.easy_read_text,
                "givare": [giver.slug for giver in promise.givers.all()],
                "webbadress": absolute(promise.get_absolute_url()),
                "skapad": promise.created_at.isoformat(),
                "senast_andrad": promise.updated_at.isoformat(),
                "fokusomraden": [area.slug for area in promise.focus_areas.all()],
                **status_fields(promise),
                "status_per_givare": giver_status_data(promise),
                "uppfoljningar": [follow_up_data(f) for f in promise.public_follow_ups],
                "atgarder": actions.get(promise.pk, []),
                "indikatorer": indicators.get(promise.pk, []),
            }
            for number, group, promise in numbered_promises(period)
        ],
        "fokusomraden": focus_areas_used(period),
    }


def area_data(area) -> dict:
    return {
        "id": area.slug,
        "namn": area.name,
        "platser": area.places,
        "lan": area.county,
        "lan_namn": str(area.get_county_display()),
    }


def partner_data(partner) -> dict:
    """A partner as its public page shows it: enough for another site to create it."""
    return {
        "id": partner.slug,
        "namn": partner.name,
        "typ": partner.kind,
        "foretradare": {
            "namn": partner.representative_name,
            "titel": partner.representative_title,
        },
        "webbadress": absolute(partner.get_absolute_url()),
        "ordning": partner.order,
        "kommunkod": partner.municipality_code,
        "organisationsnummer": partner.organisation_number,
        "webbplats": partner.website,
        "kontakt": {
            "epost": partner.contact_email,
            "telefon": partner.contact_phone,
            "sida": partner.contact_page,
        },
        "delta": {"text": partner.participation_text, "url": partner.participation_url},
    }


def photo_data(period):
    """The photo's public address and texts; the image itself cannot travel in JSON."""
    if not period.photo:
        return None
    return {
        "url": absolute(period.photo.url),
        "beskrivning": period.photo_alt,
        "bildtext": period.photo_caption,
    }


def _public_plan(period):
    """The published actions and indicators of the period, by promise, as the åtgärdsplan's
    own JSON writes them plus their order (four queries for any number)."""
    # Imported here: action_plan_data builds on this module's LICENSE and csv_text.
    from promises.publishing.action_plan_data import action_data, indicator_data

    today = timezone.localdate()
    numbers = {promise.pk: number for number, _group, promise in numbered_promises(period)}
    actions, indicators = {}, {}
    for action in (
        Action.objects.public()
        .filter(promise__period=period)
        .select_related("responsible", "promise__period")
        .prefetch_related(Prefetch("notes", queryset=ActionNote.objects.all()))
        .order_by("order", "pk")
    ):
        data = {**action_data(action, numbers.get(action.promise_id)), "ordning": action.order}
        actions.setdefault(action.promise_id, []).append(data)
    for indicator in (
        Indicator.objects.public()
        .filter(promise__period=period)
        .prefetch_related("values")
        .order_by("order", "pk")
    ):
        data = {
            **indicator_data(indicator, numbers.get(indicator.promise_id), today),
            "ordning": indicator.order,
        }
        indicators.setdefault(indicator.promise_id, []).append(data)
    return actions, indicators


def status_fields(promise) -> dict:
    return {
        "status": promise.status,
        "status_namn": promise.status_label,
        "status_datum": (
            promise.status_reported_on.isoformat() if promise.status_reported_on else None
        ),
    }


def giver_status_data(promise) -> list:
    """Each giver's own status: its latest published follow-up ("Så följer vi upp")."""
    return [
        {
            "givare": own.giver.slug,
            "status": own.code,
            "status_namn": own.label,
            "status_datum": own.reported_on.isoformat() if own.reported_on else None,
        }
        for own in promise.giver_statuses()
    ]


def giver_status_cell(promise) -> str:
    return " | ".join(
        f"{own['givare']}: {own['status']}"
        + (f" ({own['status_datum']})" if own["status_datum"] else "")
        for own in giver_status_data(promise)
    )


def follow_up_data(follow_up) -> dict:
    return {
        "id": follow_up.pk,
        "rapporterad_av": follow_up.reported_by.slug if follow_up.reported_by else None,
        "datum": follow_up.reported_on.isoformat(),
        "status": follow_up.status,
        "status_namn": status_label(follow_up.status),
        "text": follow_up.text,
        "siffror": [{"etikett": f.label, "varde": f.value} for f in follow_up.figures.all()],
        "kallor": [{"titel": link.title, "url": link.url} for link in follow_up.links.all()],
        "dokument": [
            {"titel": document.title, "url": absolute(document.file.url)}
            for document in follow_up.documents.all()
        ],
        "webbadress": absolute(f"{follow_up.promise.get_absolute_url()}#{follow_up.anchor}"),
        "skapad": follow_up.created_at.isoformat(),
        "senast_andrad": follow_up.updated_at.isoformat(),
    }


def focus_areas_used(period) -> list:
    areas = {}
    for promise in period.promises.all():
        for area in promise.focus_areas.all():
            areas[area.slug] = {"id": area.slug, "namn": area.name, "ordning": area.order}
    return list(areas.values())


def index_document(periods) -> dict:
    return without_control_characters_in(
        {"licens": LICENSE, "perioder": [period_summary(period) for period in periods]}
    )


def csv_text(columns, rows) -> str:
    """A CSV file as Excel in Sweden opens it: BOM, semicolons, CRLF, and no cell that a
    spreadsheet would run as a formula (spreadsheet_safety.py)."""
    buffer = io.StringIO()
    buffer.write(BYTE_ORDER_MARK)
    writer = csv.writer(
        buffer, delimiter=CSV_DELIMITER, lineterminator="\r\n", quoting=csv.QUOTE_ALL
    )
    writer.writerow(safe_row(columns))
    writer.writerows(safe_row(row) for row in rows)
    return buffer.getvalue()


def period_csv(period: PromisePeriod) -> str:
    rows = (
        [
            period.slug,
            promise.pk,
            number,
            promise.order,
            GROUP_NAMES[group.kind],
            ", ".join(giver.name for giver in promise.givers.all()),
            promise.text,
            absolute(promise.get_absolute_url()),
            promise.created_at.isoformat(),
            promise.updated_at.isoformat(),
            *status_fields(promise).values(),
            ", ".join(area.name for area in promise.focus_areas.all()),
            giver_status_cell(promise),
        ]
        for number, group, promise in numbered_promises(period)
    )
    return csv_text(CSV_COLUMNS, rows)


def follow_up_row(period, promise, follow_up) -> list:
    data = follow_up_data(follow_up)
    return [
        period.slug,
        promise.pk,
        data["id"],
        data["datum"],
        data["status"],
        data["status_namn"],
        data["text"],
        " | ".join(f"{f['etikett']}: {f['varde']}" for f in data["siffror"]),
        " | ".join(link["url"] for link in data["kallor"]),
        " | ".join(document["url"] for document in data["dokument"]),
        data["webbadress"],
        data["skapad"],
        data["senast_andrad"],
        data["rapporterad_av"] or "",
    ]


def follow_ups_csv(period: PromisePeriod) -> str:
    """One row per published follow-up; lists inside a cell are separated by " | "."""
    rows = (
        follow_up_row(period, promise, follow_up)
        for _number, _group, promise in numbered_promises(period)
        for follow_up in promise.public_follow_ups
    )
    return csv_text(FOLLOW_UP_COLUMNS, rows)
