"""The citizen promises as open data: one JSON document and one CSV table per period, and a
JSON index of all periods. Field names are Swedish (ASCII only, for easy programming) and are
documented on the "Öppna data" page."""

import csv
import io

from django.urls import reverse

from .models import PromiseGroup, PromisePeriod
from .seo import absolute

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
]
# Swedish Excel splits on semicolons and needs the byte order mark to read UTF-8 (å, ä, ö).
CSV_DELIMITER = ";"
BYTE_ORDER_MARK = "\ufeff"


def data_urls(period: PromisePeriod) -> dict:
    return {
        "json": absolute(reverse("promises:period_json", kwargs={"slug": period.slug})),
        "csv": absolute(reverse("promises:period_csv", kwargs={"slug": period.slug})),
    }


def period_summary(period: PromisePeriod) -> dict:
    return {
        "id": period.slug,
        "titel": period.title,
        "giltig_fran": period.starts_on.isoformat(),
        "giltig_till": period.ends_on.isoformat(),
        "status": period.status(),
        "publicerad": period.published_at.isoformat() if period.published_at else None,
        "senast_andrad": period.updated_at.isoformat(),
        "webbadress": absolute(period.get_absolute_url()),
        **data_urls(period),
    }


def numbered_promises(period: PromisePeriod):
    """Each promise with its group, in the order the page shows them."""
    number = 0
    for group in period.promise_groups():
        for promise in group.promises:
            number += 1
            yield number, group, promise


def period_document(period: PromisePeriod) -> dict:
    return {
        "licens": LICENSE,
        "period": {
            **period_summary(period),
            "inledning": period.intro,
            "lofte_rubrik": period.promises_heading,
            "lagesbild": {"rubrik": period.situation_heading, "text": period.situation_text},
            "mal": {"rubrik": period.goal_heading, "text": period.goal_text},
        },
        "parter": [
            {
                "id": partner.slug,
                "namn": partner.name,
                "typ": partner.kind,
                "foretradare": {
                    "namn": partner.representative_name,
                    "titel": partner.representative_title,
                },
                "webbadress": absolute(partner.get_absolute_url()),
            }
            for partner in period.partners.all()
        ],
        "loften": [
            {
                "id": promise.pk,
                "nummer": number,
                "ordning": promise.order,
                "grupp": GROUP_NAMES[group.kind],
                "inledande_mening": group.lead,
                "text": promise.text,
                "givare": [giver.slug for giver in promise.givers.all()],
                "webbadress": absolute(promise.get_absolute_url()),
                "skapad": promise.created_at.isoformat(),
                "senast_andrad": promise.updated_at.isoformat(),
            }
            for number, group, promise in numbered_promises(period)
        ],
    }


def index_document(periods) -> dict:
    return {
        "licens": LICENSE,
        "perioder": [period_summary(period) for period in periods],
    }


def period_csv(period: PromisePeriod) -> str:
    buffer = io.StringIO()
    buffer.write(BYTE_ORDER_MARK)
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for number, group, promise in numbered_promises(period):
        writer.writerow(
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
            ]
        )
    return buffer.getvalue()
