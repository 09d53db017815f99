"""Helpers for tests of actions and indicators: test data is made here, never in the seed."""

import datetime
from decimal import Decimal

from promises.models import Action, Indicator, IndicatorValue, Partner, Promise

POLICE = "lokalpolisomrade-sodra-fyrbodal"
TJORN = "tjorns-kommun"
ORUST = "orust-kommun"


def day(text):
    return datetime.date.fromisoformat(text)


def partner(slug):
    return Partner.objects.get(slug=slug)


def promise_given_by(slug):
    return Promise.objects.filter(givers__slug=slug).order_by("order", "pk").first()


def action(promise, responsible_slug, title="Teståtgärd.", published=True, **fields):
    return Action.objects.create(
        promise=promise,
        responsible=partner(responsible_slug),
        title=title,
        is_published=published,
        **fields,
    )


def indicator(promise, values=(), baseline=None, target=("100", "2024-12-31"), **fields):
    defaults = {"name": "Testindikator", "unit": "antal", "direction": "oka"}
    defaults.update(fields)
    made = Indicator.objects.create(
        promise=promise,
        baseline_value=Decimal(baseline[0]) if baseline else None,
        baseline_on=day(baseline[1]) if baseline else None,
        target_value=Decimal(target[0]),
        target_on=day(target[1]),
        is_published=True,
        **defaults,
    )
    for value, on in values:
        IndicatorValue.objects.create(
            indicator=made, value=Decimal(value), measured_on=day(on), source_title="Testkälla"
        )
    return made
