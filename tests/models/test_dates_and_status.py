import datetime

import pytest

from promises.models import PromisePeriod, swedish_date

from ..support.html import visible_text

pytestmark = pytest.mark.django_db


def test_dates_are_written_in_swedish():
    assert swedish_date(datetime.date(2023, 1, 1)) == "1 januari 2023"
    assert swedish_date(datetime.date(2024, 12, 31)) == "31 december 2024"


@pytest.mark.parametrize(
    ("today", "label", "sentence"),
    [
        (
            (2022, 12, 31),
            "Har inte börjat",
            "Löftena gäller från 1 januari 2023 till 31 december 2024. "
            "De har inte börjat gälla ännu.",
        ),
        ((2023, 1, 1), "Pågår", "Löftena gäller nu, från 1 januari 2023 till 31 december 2024."),
        ((2024, 12, 31), "Pågår", "Löftena gäller nu, från 1 januari 2023 till 31 december 2024."),
        (
            (2025, 1, 1),
            "Avslutad",
            "Perioden är avslutad. Löftena gällde från 1 januari 2023 till 31 december 2024.",
        ),
    ],
)
def test_status_follows_the_clock(client, frozen_today, today, label, sentence):
    frozen_today(*today)
    text = visible_text(client.get("/medborgarloften/2023-2024/").content.decode())
    assert f"{label} {sentence}" in text


def test_lead_sentences_come_from_the_period_dates(client):
    period = PromisePeriod.objects.get(slug="2023-2024")
    period.starts_on = datetime.date(2023, 3, 15)
    period.save()
    text = visible_text(client.get("/").content.decode())
    assert "Under tiden 15 mars 2023 - 31 december 2024 lovar polisen att:" in text
    assert "Under samma tidsperiod lovar kommunerna att:" in text


def test_the_seed_period_has_no_publication_date_to_show(client):
    """Nobody knows the day the 2023-2024 promise was published, so the page names none."""
    assert PromisePeriod.objects.get(slug="2023-2024").published_on is None
    text = visible_text(client.get("/medborgarloften/2023-2024/").content.decode())
    assert "Publicerad" not in text
    assert "Publicerad" not in visible_text(client.get("/").content.decode())
    assert "Senast uppdaterad:" in text


def test_publishing_does_not_invent_a_publication_date(client, frozen_today):
    frozen_today(2026, 3, 2)
    period = PromisePeriod.objects.create(
        title="Ny period", slug="ny", starts_on="2026-01-01", ends_on="2026-12-31"
    )
    frozen_today(2026, 4, 7)
    period.publish()
    period.refresh_from_db()
    assert period.published_on is None
    assert "Publicerad" not in visible_text(client.get("/medborgarloften/ny/").content.decode())


def test_the_editors_publication_date_is_shown_and_the_update_date_follows_changes(
    client, frozen_today
):
    frozen_today(2026, 3, 2)
    period = PromisePeriod.objects.create(
        title="Ny period", slug="ny", starts_on="2026-01-01", ends_on="2026-12-31"
    )
    period.published_on = datetime.date(2025, 12, 15)
    period.publish()
    frozen_today(2026, 5, 9)
    period.title = "Ny period, ändrad"
    period.save()
    page = client.get("/medborgarloften/ny/").content.decode()
    text = visible_text(page)
    assert "Publicerad: 15 december 2025" in text
    assert '<time datetime="2025-12-15">' in page
    assert "Senast uppdaterad: 9 maj 2026" in text
