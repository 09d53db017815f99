"""A small world for attacking the admin: every partner owns something, drafts exist, and every
versioned object has versions (so version ids of other objects and other models are at hand).

Two areas: the seed's Södra Fyrbodal, and a second, made-up one ("Testområde Norr", with
"Påhittade polisen" and "Påhittade kommun"), which has a period, promises, follow-ups, actions
and indicators of its own, so every role of one area can be tried against the other's rows.

Test data is made here, never in the seed.
"""

import datetime

import reversion
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import User
from django.core import serializers
from reversion.models import Revision, Version

from promises.models import (
    Action,
    ActionNote,
    Area,
    FollowUp,
    FollowUpDocument,
    FollowUpFigure,
    FollowUpLink,
    Indicator,
    IndicatorValue,
    Partner,
    Promise,
    PromisePeriod,
)

POLICE = "lokalpolisomrade-sodra-fyrbodal"
TJORN = "tjorns-kommun"
ORUST = "orust-kommun"
STENUNGSUND = "stenungsunds-kommun"
PARTNER_SLUGS = (POLICE, TJORN, ORUST, STENUNGSUND)
EDITOR_ROLES = PARTNER_SLUGS
HOME_AREA = "sodra-fyrbodal"

# The second area, clearly made up. Its words all hold "Påhittade", so one search term finds
# every one of its rows (the autocomplete attack searches for it).
NORTH = "testomrade-norr"
NORTH_POLICE = "pahittade-polisen"
NORTH_MUNICIPALITY = "pahittade-kommun"
NORTH_PARTNERS = (NORTH_POLICE, NORTH_MUNICIPALITY)
NORTH_WORD = "Påhittade"
NORTH_COORDINATOR = f"coordinator:{NORTH}"
NORTH_EDITOR = "redaktor@pahittade.example.se"

# Tables a refused request must leave exactly as they were (sessions and sign-in records are
# written by every request and say nothing about content).
DUMPED_APPS = ("promises", "auth", "otp_totp", "reversion")


def dump() -> dict:
    """Every row of the content, account and history tables, as serialised data."""
    tables = {}
    for app_label in DUMPED_APPS:
        for model in apps.get_app_config(app_label).get_models():
            rows = serializers.serialize("python", model._default_manager.order_by("pk"))
            for row in rows:
                row["fields"].pop("last_login", None)  # signing in is not a change
            tables[model._meta.label] = rows
    tables["admin.LogEntry"] = LogEntry.objects.count()
    return tables


def _promise(period, text, givers, order):
    promise = Promise.objects.create(period=period, text=text, order=order)
    promise.givers.set(givers)
    return promise


def _version_everything(comment):
    """One revision per object of every versioned model, as saving each in the admin would."""
    for model in reversion.get_registered_models():
        for obj in model._default_manager.all():
            with reversion.create_revision():
                reversion.set_comment(comment)
                reversion.add_to_revision(obj)


def area_of(obj):
    """The area a row belongs to, written out here apart from promises/editing/roles.py, so
    the attacks check the rules; None for rows of no area (the shared texts, accounts)."""
    if isinstance(obj, Area):
        return obj
    if isinstance(obj, Partner | PromisePeriod):
        return obj.area
    if isinstance(obj, Promise):
        return obj.period.area
    if isinstance(obj, FollowUp | Action | Indicator):
        return area_of(obj.promise)
    if isinstance(obj, FollowUpFigure | FollowUpLink | FollowUpDocument):
        return area_of(obj.follow_up)
    if isinstance(obj, ActionNote):
        return area_of(obj.action)
    if isinstance(obj, IndicatorValue):
        return area_of(obj.indicator)
    return None


def build_north():
    """The second area's rows: a published period and a draft promise in it, each partner's
    promise and a joint one, reports, actions with notes, an indicator with a value."""
    area = Area.objects.create(
        name="Testområde Norr", slug=NORTH, places="Påhittade kommun", county="25"
    )
    police = Partner.objects.create(
        name="Påhittade polisen", slug=NORTH_POLICE, kind="police_area", area=area, order=10
    )
    municipality = Partner.objects.create(
        name="Påhittade kommun", slug=NORTH_MUNICIPALITY, kind="municipality", area=area, order=11
    )
    period = PromisePeriod.objects.create(
        area=area,
        title="Påhittade löften 2025",
        slug="pahittade-loften-2025",
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2025, 12, 31),
        intro="Påhittade inledningen.",
        is_published=True,
    )
    period.partners.set([police, municipality])
    promises = {
        "police": _promise(period, "Påhittade polisens löfte.", [police], 1),
        "municipality": _promise(period, "Påhittade kommunens löfte.", [municipality], 2),
        "joint": _promise(period, "Påhittade gemensamma löftet.", [police, municipality], 3),
    }
    follow_ups = {
        name: FollowUp.objects.create(
            promise=promises[name],
            reported_by=partner,
            status="in_progress",
            reported_on=datetime.date(2025, 3, 1),
            text=f"Påhittade uppföljningen ({name}).",
            is_published=name != "municipality",
        )
        for name, partner in (("police", police), ("municipality", municipality))
    }
    FollowUpFigure.objects.create(follow_up=follow_ups["police"], label="Påhittade", value="3")
    FollowUpLink.objects.create(
        follow_up=follow_ups["police"], title="Påhittade länken", url="https://example.se/norr"
    )
    actions = {
        partner.slug: Action.objects.create(
            promise=promises["joint"],
            responsible=partner,
            title=f"Påhittade åtgärden av {partner.name}.",
            goal="Påhittade målet.",
            contact="registrator@example.se",
            status="gul",
            is_published=partner is police,
        )
        for partner in (police, municipality)
    }
    for action in actions.values():
        ActionNote.objects.create(
            action=action, noted_on=datetime.date(2025, 5, 1), text="Påhittade framsteg."
        )
    indicator = Indicator.objects.create(
        promise=promises["joint"],
        name="Påhittade mätningen",
        unit="antal",
        target_value=5,
        target_on=datetime.date(2025, 12, 31),
        direction="oka",
        is_published=True,
    )
    IndicatorValue.objects.create(
        indicator=indicator,
        measured_on=datetime.date(2025, 6, 30),
        value=2,
        source_title="Påhittade källan",
    )
    # An account of the area's own: another area's coordinator may not touch it.
    editor = User.objects.create_user(NORTH_EDITOR, is_staff=True)
    editor.groups.add(municipality.editor_group)
    return {
        "area": area,
        "partners": {police.slug: police, municipality.slug: municipality},
        "period": period,
        "promises": promises,
        "follow ups": follow_ups,
        "actions": actions,
        "indicator": indicator,
    }


def build():
    partners = {p.slug: p for p in Partner.objects.all()}
    published = PromisePeriod.objects.get(slug="2023-2024")
    # A draft period that was once published: its version from then would publish it again.
    draft = PromisePeriod.objects.create(
        title="Utkast 2025–2026",
        slug="utkast-2025-2026",
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
        is_published=True,
    )
    draft.partners.set(partners.values())
    own = {
        slug: _promise(draft, f"Utkastlöfte för {partner.name}.", [partner], 100 + index)
        for index, (slug, partner) in enumerate(partners.items())
    }
    tjorn_only = _promise(published, "Tjörns eget löfte.", [partners[TJORN]], 200)
    orust_only = _promise(published, "Orusts eget löfte.", [partners[ORUST]], 201)
    joint = Promise.objects.filter(period=published, givers=partners[TJORN]).exclude(
        pk=tjorn_only.pk
    )[0]
    assert joint.givers.count() == 3
    police = Promise.objects.filter(givers=partners[POLICE], period=published).first()

    follow_ups = {
        "police draft": FollowUp.objects.create(
            promise=police,
            reported_by=partners[POLICE],
            status="in_progress",
            reported_on=datetime.date(2024, 2, 1),
            text="Polisens utkast.",
            is_published=False,
        ),
        # Orust's report on the promise the three municipalities give together: Tjörn's and
        # Stenungsund's editors give the promise too, but the report is not theirs.
        "joint": FollowUp.objects.create(
            promise=joint,
            reported_by=partners[ORUST],
            status="done",
            reported_on=datetime.date(2024, 3, 1),
            text="Kommunernas gemensamma uppföljning.",
            is_published=True,
        ),
        "tjorn draft": FollowUp.objects.create(
            promise=tjorn_only,
            reported_by=partners[TJORN],
            status="not_started",
            reported_on=datetime.date(2024, 4, 1),
            text="Tjörns utkast.",
            is_published=False,
        ),
        "orust draft": FollowUp.objects.create(
            promise=orust_only,
            reported_by=partners[ORUST],
            status="not_started",
            reported_on=datetime.date(2024, 4, 2),
            text="Orusts utkast.",
            is_published=False,
        ),
    }
    FollowUpFigure.objects.create(follow_up=follow_ups["joint"], label="Träffar", value="12")
    # Tjörn's own report on the same joint promise, and one without a reporter (from before
    # reporters were recorded: nobody's but the site administrators').
    follow_ups["joint by tjorn"] = FollowUp.objects.create(
        promise=joint,
        reported_by=partners[TJORN],
        status="in_progress",
        reported_on=datetime.date(2024, 3, 2),
        text="Tjörns rapport om det gemensamma löftet.",
        is_published=True,
    )
    follow_ups["joint without reporter"] = FollowUp.objects.create(
        promise=joint,
        status="unclear",
        reported_on=datetime.date(2023, 12, 1),
        text="Uppföljning från innan rapportören skrevs in.",
        is_published=True,
    )
    # Each municipality's action in the joint promise, the police's in its own, a draft
    # among them; notes on them; an indicator with a value on the joint promise and on the
    # police's.
    actions = {
        slug: Action.objects.create(
            promise=police if slug == POLICE else joint,
            responsible=partners[slug],
            title=f"Åtgärd av {partners[slug].name}.",
            goal="Ett operativt mål.",
            contact="registrator@example.se",
            status="gul",
            is_published=slug != STENUNGSUND,
        )
        for slug in PARTNER_SLUGS
    }
    for slug, action in actions.items():
        ActionNote.objects.create(
            action=action, noted_on=datetime.date(2024, 5, 1), text=f"Framsteg för {slug}."
        )
    indicators = {
        "joint": Indicator.objects.create(
            promise=joint,
            name="Anmälda kränkningar",
            unit="antal",
            target_value=10,
            target_on=datetime.date(2024, 12, 31),
            direction="minska",
            is_published=True,
        ),
        "police": Indicator.objects.create(
            promise=police,
            name="Trafikkontroller",
            unit="antal",
            target_value=6,
            target_on=datetime.date(2024, 12, 31),
            direction="oka",
            is_published=False,
        ),
    }
    for indicator in indicators.values():
        IndicatorValue.objects.create(
            indicator=indicator,
            measured_on=datetime.date(2024, 6, 30),
            value=8,
            source_title="Testkälla",
        )
    # Made last, so its rows have the highest ids, and versioned with the rest.
    north = build_north()
    _version_everything("Första versionen")

    # What changed after the versions were saved, so restoring them would change it back.
    PromisePeriod.objects.filter(pk=draft.pk).update(is_published=False)
    PromisePeriod.objects.filter(pk=published.pk).update(intro="Inledning skriven senare.")
    Partner.objects.filter(pk=partners[POLICE].pk).update(representative_title="Ny titel")
    added_later = _promise(published, "Polisens löfte tillagt senare.", [partners[POLICE]], 300)
    return {
        "partners": partners,
        "published": published,
        "draft": draft,
        "own draft promises": own,
        "tjorn only": tjorn_only,
        "orust only": orust_only,
        "joint": joint,
        "police": police,
        "follow ups": follow_ups,
        "actions": actions,
        "indicators": indicators,
        "added later": added_later,
        "north": north,
        "revisions": Revision.objects.count(),
        "versions": Version.objects.count(),
    }
