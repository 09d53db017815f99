"""Made-up areas for tests of a register of several areas: never in migrations, never real.

The names say they are invented ("Testområde", "Påhittade"), and the municipality codes are
well-formed (county 09 and 25) but belong to no municipality.
"""

import datetime

from promises.models import Area, FollowUp, Partner, Promise, PromisePeriod

from .quiet_build import content_signals_muted

NORTH = {
    "name": "Testområde Norr",
    "slug": "testomrade-norr",
    "county": "25",
    "places": "Påhittsta och Låtsasby",
    "municipalities": [("Påhittsta kommun", "pahittsta-kommun", "2599")],
    "police": ("Lokalpolisområde Testområde Norr", "lpo-testomrade-norr"),
}
SOUTH = {
    "name": "Testområde Ö-sund",
    "slug": "testomrade-o-sund",
    "county": "09",
    "places": "Örnsjö",
    "municipalities": [("Örnsjö kommun", "ornsjo-kommun", "0999")],
    "police": ("Lokalpolisområde Ö-sund", "lpo-o-sund"),
}


def make_area(spec, *, published=True, periods=1, promises=2, today=None):
    """An area with its police area, municipalities and `periods` periods (the newest current),
    each with `promises` joint promises; returns the area."""
    today = today or datetime.date.today()
    area = Area.objects.create(
        name=spec["name"], slug=spec["slug"], county=spec["county"], places=spec["places"]
    )
    police_name, police_slug = spec["police"]
    police = Partner.objects.create(
        name=police_name, slug=police_slug, kind=Partner.Kind.POLICE_AREA, area=area, order=1
    )
    partners = [police]
    for number, (name, slug, code) in enumerate(spec["municipalities"], start=2):
        partners.append(
            Partner.objects.create(
                name=name,
                slug=slug,
                kind=Partner.Kind.MUNICIPALITY,
                municipality_code=code,
                area=area,
                order=number,
            )
        )
    for age in range(periods):
        start = today.replace(year=today.year - 2 * age, month=1, day=1)
        period = PromisePeriod.objects.create(
            area=area,
            title=f"Medborgarlöfte {spec['name']} {start.year}–{start.year + 1}",
            slug=f"{spec['slug']}-{start.year}",
            starts_on=start,
            ends_on=start.replace(year=start.year + 1, month=12, day=31),
            intro=f"Påhittad inledning för {spec['name']}.",
            is_published=published,
        )
        period.partners.set(partners)
        for order in range(1, promises + 1):
            promise = Promise.objects.create(
                period=period, text=f"Påhittat löfte {order} i {spec['name']}.", order=order
            )
            promise.givers.set(partners)
    return area


def current_period(area):
    return area.periods.order_by("-starts_on").first()


def publish_follow_up(promise, day="2026-11-02", status="in_progress"):
    return FollowUp.objects.create(
        promise=promise,
        reported_by=promise.givers.order_by("order").first(),
        status=status,
        reported_on=datetime.date.fromisoformat(day),
        text=f"Påhittad uppföljning i {promise.period.area.name}.",
        is_published=True,
    )


def make_many_areas(count, *, start=0):
    """`count` further made-up areas spread over the counties, for size and query counts
    (the content signals' bookkeeping done once for all of them, tests/support/quiet_build.py)."""
    with content_signals_muted():
        return [make_area(many_spec(number), promises=1) for number in range(start, start + count)]


def many_spec(number):
    counties = ["01", "03", "12", "14", "25"]
    return {
        "name": f"Påhittat område {number:03d}",
        "slug": f"pahittat-omrade-{number:03d}",
        "county": counties[number % len(counties)],
        "places": f"Låtsasköping {number:03d}",
        "municipalities": [
            (f"Låtsasköpings kommun {number:03d}", f"latsaskoping-{number:03d}", "")
        ],
        "police": (f"Lokalpolisområde påhittat {number:03d}", f"lpo-pahittat-{number:03d}"),
    }
