"""The import preview can be checked against the file: each row shows the promise's number and
words, the responsible partner and the values; the errors are counted at the top and link to
their rows; a personal-looking contact gets a warning that does not stop the import."""

import io
import re

import pytest

from promises.models import Action

from ..editing.test_action_import import IMPORT_URL, csv_bytes, period
from ..support.html import visible_text

pytestmark = pytest.mark.django_db

TJORN = "tjorns-kommun"


def numbered_promise(slug):
    """The first promise the partner gives, with its number in the period's list."""
    promises = list(period().promises.order_by("order", "pk"))
    for number, promise in enumerate(promises, start=1):
        if promise.givers.filter(slug=slug).exists():
            return number, promise
    raise AssertionError(slug)


def upload(client, rows):
    file = io.BytesIO(csv_bytes(rows))
    file.name = "plan.csv"
    return client.post(IMPORT_URL, {"period": period().pk, "file": file})


def row_text(html, anchor):
    row = re.search(rf'<tr id="{anchor}"[^>]*>(.*?)</tr>', html, re.S)
    assert row, anchor
    return visible_text(row.group(1))


def test_each_row_shows_the_promise_words_partner_and_values(client_for):
    number, promise = numbered_promise(TJORN)
    rows = [
        [
            str(number),
            "Trygghetsvandringar i Skärhamn.",
            "Varje höst.",
            "2024-09-01",
            "2024-11-30",
            "Tjörns kommun",
            "anna.andersson@example.se",
            "gul",
            "",
        ]
    ]
    response = upload(client_for(TJORN), rows)
    html = response.content.decode()
    text = row_text(html, "atgard-rad-2")
    assert f"{number}. {promise.text[:25]}" in text
    assert "Trygghetsvandringar i Skärhamn." in text
    for shown in ("Ansvarig: Tjörns kommun", "Operativt mål: Varje höst.", "Start: 2024-09-01"):
        assert shown in text
    # No technical key as the row's name: the derived key is not shown at all.
    assert "2023-2024-" not in visible_text(html)
    # The personal address: a warning at the top linking to the row, and in the row; the
    # import can still be confirmed.
    warning = re.search(r'<div class="import-warnings".*?</div>', html, re.S).group(0)
    assert "1 sak att kontrollera" in visible_text(warning)
    assert 'href="#atgard-rad-2"' in warning
    assert "ser ut som en personlig e-postadress" in text
    assert 'name="token"' in html
    assert 'class="error-summary"' not in html


def test_errors_are_counted_on_top_and_link_to_their_rows(client_for):
    number, _promise = numbered_promise(TJORN)
    rows = [
        [str(number), "Rätt rad.", "", "", "", "Tjörns kommun", "", "", ""],
        ["99", "Fel löfte.", "", "", "", "Tjörns kommun", "", "", ""],
        [str(number), "Fel datum.", "", "1 maj", "", "Okänd part", "", "", ""],
    ]
    html = upload(client_for(TJORN), rows).content.decode()
    summary = re.search(r'<div class="error-summary".*?</div>', html, re.S)
    assert summary
    # Before the tables.
    assert summary.start() < html.index('<table class="import-preview"')
    summary_text = visible_text(summary.group(0))
    assert summary_text.startswith("Filerna har 3 fel. Ingenting kan importeras")
    assert "Åtgärder, rad 3, kolumn Löfte:" in summary_text
    assert "Åtgärder, rad 4, kolumn Start:" in summary_text
    assert "Åtgärder, rad 4, kolumn Ansvarig:" in summary_text
    links = re.findall(r'href="#([\w-]+)"', summary.group(0))
    assert links == ["atgard-rad-3", "atgard-rad-4", "atgard-rad-4"]
    for anchor in set(links):
        assert f'<tr id="{anchor}" class="errors">' in html
    # A number that is no promise is shown as written; the partner as written too.
    assert row_text(html, "atgard-rad-3").startswith("3 99 Fel löfte.")
    assert "Ansvarig: Okänd part" in row_text(html, "atgard-rad-4")
    assert "webbadress" not in visible_text(html)
    assert 'name="token"' not in html
    assert not Action.objects.exists()


def test_an_indicator_row_waiting_for_others_says_so_plainly(client_for):
    number, promise = numbered_promise(TJORN)
    header_rows = [
        # A new indicator without a target row: the baseline is right on its own.
        [str(number), "Andel trygga", "procent", "2023-01-31", "60", "utgångsvärde", "", "SCB"],
        [str(number), "Andel trygga", "procent", "2023-06-30", "x", "mätning", "", "SCB"],
    ]
    from ..editing.test_indicator_import import csv_bytes as indicator_csv

    file = io.BytesIO(indicator_csv(header_rows))
    file.name = "indikatorer.csv"
    html = (
        client_for(TJORN).post(IMPORT_URL, {"period": period().pk, "file": file}).content.decode()
    )
    text = row_text(html, "indikator-rad-2")
    assert f"{number}. {promise.text[:25]}" in text
    assert "Typ: utgångsvärde" in text and "Värde: 60" in text and "Enhet: procent" in text
    assert "Raden är rätt, men en annan rad för samma indikator har fel" in text
    assert "Väntar på" not in visible_text(html)
