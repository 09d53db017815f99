"""Numbers and dates as each language writes them (Django's locale formats)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from promises.public.indicator_reading import month, short_date, swedish_number


@pytest.mark.parametrize(
    ("language", "value", "shown"),
    [
        ("sv", "12500.50", "12\u00a0500,5"),
        ("sv", "1234", "1234"),
        ("en", "12500.50", "12,500.5"),
        ("en", "1234", "1,234"),
        ("en", "30.00", "30"),
        ("ar", "12500.50", "12500,5"),
        ("ar", "-3.25", "-3,25"),
    ],
)
def test_numbers_follow_the_pages_language(language, value, shown):
    with translation.override(language):
        assert swedish_number(Decimal(value)) == shown


def test_dates_follow_the_pages_language():
    day = datetime.date(2024, 11, 20)
    with translation.override("sv"):
        assert (month(day), short_date(day)) == ("nov 2024", "20 nov 2024")
    with translation.override("en"):
        assert (month(day), short_date(day)) == ("Nov 2024", "20 Nov 2024")
    with translation.override("ar"):
        assert short_date(day) == "20 نوفمبر 2024"
