import datetime

import pytest
from django.db import IntegrityError, transaction

from promises.models import PromisePeriod

pytestmark = pytest.mark.django_db


def test_a_period_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        PromisePeriod.objects.create(
            title="Fel", slug="fel", starts_on="2025-01-01", ends_on="2024-01-01"
        )


def test_a_photo_needs_a_description():
    with pytest.raises(IntegrityError), transaction.atomic():
        PromisePeriod.objects.create(
            title="Bild",
            slug="bild",
            starts_on="2025-01-01",
            ends_on="2025-12-31",
            photo="periods/bild.jpg",
        )


def test_current_or_latest():
    periods = PromisePeriod.objects.published()
    day = datetime.date
    assert periods.current_or_latest(day(2024, 1, 1)).slug == "2023-2024"
    assert periods.current_or_latest(day(2030, 1, 1)).slug == "2023-2024"
    assert periods.current_or_latest(day(2020, 1, 1)).slug == "2023-2024"
    PromisePeriod.objects.create(
        title="2025", slug="2025", starts_on="2025-01-01", ends_on="2025-12-31", is_published=True
    )
    assert periods.current_or_latest(day(2024, 6, 1)).slug == "2023-2024"
    assert periods.current_or_latest(day(2025, 6, 1)).slug == "2025"
    assert periods.current_or_latest(day(2030, 1, 1)).slug == "2025"
