"""A made-up area with one published period that has every part the exchange format carries:
promises of the police, of a municipality and joint ones, follow-ups in several statuses with
figures and links, actions with notes, indicators with values. Test data only."""

import datetime
from decimal import Decimal

from promises.models import (
    Action,
    ActionNote,
    Area,
    FocusArea,
    FollowUp,
    FollowUpFigure,
    FollowUpLink,
    Indicator,
    IndicatorValue,
    Partner,
    Promise,
    PromisePeriod,
)

PERIOD_SLUG = "testnorr-2025-2026"


def day(text):
    return datetime.date.fromisoformat(text)


def build_world():
    area = Area.objects.create(
        name="Testområde Norr", slug="testomrade-norr", places="Påhittade kommun", county="25"
    )
    police = Partner.objects.create(
        name="Lokalpolisområde Testnorr",
        slug="lpo-testnorr",
        kind=Partner.Kind.POLICE_AREA,
        area=area,
        representative_name="Påhittad Polischef",
        representative_title="lokalpolisområdeschef",
        website="https://polis.example.se/",
        order=1,
    )
    municipality = Partner.objects.create(
        name="Påhittade kommun",
        slug="pahittade-kommun",
        kind=Partner.Kind.MUNICIPALITY,
        area=area,
        municipality_code="2599",
        contact_email="trygghet@pahittade.example.se",
        contact_phone="000-00 00 00",
        contact_page="https://pahittade.example.se/kontakt",
        participation_text="Svara på den påhittade enkäten.",
        participation_url="https://pahittade.example.se/enkat",
        order=2,
    )
    focus = FocusArea.objects.create(name="påhittat fokus", slug="pahittat-fokus", order=7)
    period = PromisePeriod.objects.create(
        area=area,
        title="Medborgarlöfte Testnorr 2025–2026",
        slug=PERIOD_SLUG,
        starts_on=day("2025-01-01"),
        ends_on=day("2026-12-31"),
        intro="Ett påhittat stycke.\n\n- en punkt\n- [en länk](https://example.se/)",
        situation_heading="Lägesbild",
        situation_text="Påhittad lägesbild med **fetstil**.",
        goal_heading="Målet",
        goal_text="Ett påhittat mål.",
        next_steps="Påhittade nästa steg.",
        published_on=day("2025-01-15"),
        is_published=True,
    )
    period.partners.set([police, municipality])
    texts = (
        ([police], "genomföra påhittade trygghetsvandringar."),
        ([municipality], "erbjuda påhittade fritidsaktiviteter."),
        ([police, municipality], "samverka kring en påhittad plats."),
    )
    promises = []
    for order, (givers, text) in enumerate(texts, start=1):
        promise = Promise.objects.create(period=period, text=text, order=order * 10)
        promise.givers.set(givers)
        promise.focus_areas.set([focus])
        promises.append(promise)
    first, second, joint = promises
    _follow_up(first, police, "2025-03-01", "in_progress", figures=[("Vandringar", "4")])
    _follow_up(
        first,
        police,
        "2025-09-01",
        "done",
        links=[("Påhittad rapport", "https://example.se/rapport")],
        figures=[("Vandringar", "12"), ("Deltagare", "ca 80")],
    )
    # Two the same day: their order on the page is their order of creation.
    _follow_up(second, municipality, "2025-05-05", "not_started")
    _follow_up(second, municipality, "2025-05-05", "partly_done")
    _follow_up(joint, police, "2025-06-01", "done")
    _follow_up(joint, municipality, "2025-06-02", "unclear")
    FollowUp.objects.create(
        promise=joint,
        reported_by=police,
        reported_on=day("2025-07-01"),
        status="not_done",
        text="Ett utkast som aldrig syns.",
        is_published=False,
    )
    action = Action.objects.create(
        promise=first,
        responsible=police,
        title="Påhittade vandringar varje höst.",
        goal="Fyra vandringar.",
        starts_on=day("2025-02-01"),
        ends_on=day("2025-11-30"),
        contact="Påhittad funktion, funktion@example.se",
        status="gul",
        progress=40,
        key="pahittad-vandring",
        is_published=True,
    )
    ActionNote.objects.create(
        action=action,
        noted_on=day("2025-04-01"),
        text="Två vandringar gjorda.",
        source_title="Påhittat protokoll",
        source_url="https://example.se/protokoll",
    )
    ActionNote.objects.create(action=action, noted_on=day("2025-06-01"), text="Tre gjorda.")
    Action.objects.create(
        promise=joint,
        responsible=municipality,
        title="Påhittad samverkan.",
        recurrence="Varje termin",
        order=1,
        is_published=True,
    )
    Action.objects.create(
        promise=joint, responsible=police, title="Utkast till åtgärd.", is_published=False
    )
    indicator = Indicator.objects.create(
        promise=second,
        name="Påhittade deltagare",
        unit="antal",
        baseline_value=Decimal("10"),
        baseline_on=day("2024-12-31"),
        baseline_source="Påhittad källa",
        target_value=Decimal("50.5"),
        target_on=day("2026-12-31"),
        direction="oka",
        is_published=True,
    )
    for value, on in (("12.25", "2025-03-31"), ("30", "2025-09-30")):
        IndicatorValue.objects.create(
            indicator=indicator,
            value=Decimal(value),
            measured_on=day(on),
            source_title="Påhittad mätning",
            source_url="https://example.se/matning",
        )
    Indicator.objects.create(
        promise=joint,
        name="Påhittad otrygghet",
        unit="procent",
        target_value=Decimal("20"),
        target_on=day("2026-06-30"),
        direction="minska",
        is_published=True,
    )
    return period


def _follow_up(promise, reporter, on, status, figures=(), links=()):
    follow_up = FollowUp.objects.create(
        promise=promise,
        reported_by=reporter,
        reported_on=day(on),
        status=status,
        text=f"Påhittad uppföljning ({status}).",
        is_published=True,
    )
    for order, (label, value) in enumerate(figures):
        FollowUpFigure.objects.create(follow_up=follow_up, label=label, value=value, order=order)
    for order, (title, url) in enumerate(links):
        FollowUpLink.objects.create(follow_up=follow_up, title=title, url=url, order=order)
    return follow_up
