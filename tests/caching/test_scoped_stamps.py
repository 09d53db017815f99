"""Edits stay local: an edit in one area moves that area's stamp and the site's, never another
area's, while content every page shows moves every stamp (promises/caching/content_stamp.py,
content_areas.py, signals.py)."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from promises.caching import content_stamp as content
from promises.caching.content_stamp import AREA, PARTNER, PERIOD, SITE, Scope
from promises.caching.page_cache import page_scope
from promises.caching.validators import public_page
from promises.editing import period_exchange
from promises.models import (
    AccessibilityStatement,
    Action,
    Area,
    FocusArea,
    GlossaryTerm,
    Partner,
    Promise,
    PromisePeriod,
    StatusDefinition,
)

from ..support.areas import NORTH, current_period, make_area, publish_follow_up

pytestmark = pytest.mark.django_db

SEED_PERIOD = "2023-2024"


@pytest.fixture
def north():
    return make_area(NORTH)


def scopes_of(area):
    """A scope of each kind that resolves to `area`."""
    period = area.periods.order_by("-starts_on").first()
    partner = area.partners.order_by("order").first()
    return [Scope(AREA, area.slug), Scope(PERIOD, period.slug), Scope(PARTNER, partner.slug)]


def stamps(area):
    return [content.last_changed(None, scope) for scope in scopes_of(area)]


def moved(action, *areas):
    """Which of `areas` (and the site) saw their stamps move when `action` ran."""
    before = [stamps(area) for area in areas], content.last_changed()
    action()
    after = [stamps(area) for area in areas], content.last_changed()
    result = []
    for old, new in zip(before[0], after[0], strict=True):
        # Every page of one area reads the same stamp.
        assert len(set(new)) == 1, new
        result.append(new != old)
    assert after[1] > before[1], "the site's stamp moves on every change"
    return result


def seed_area():
    return Area.objects.get(slug="sodra-fyrbodal")


def save(instance, **values):
    def action():
        for name, value in values.items():
            setattr(instance, name, value)
        instance.save()

    return action


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/", SITE),
        ("/omraden/", SITE),
        ("/loften/", SITE),
        ("/parter/", SITE),
        ("/sitemap.xml", SITE),
        ("/flode.atom", SITE),
        ("/ordlista/", SITE),
        ("/finns/inte/", SITE),
        ("/omraden/sodra-fyrbodal/", Scope(AREA, "sodra-fyrbodal")),
        ("/omraden/sodra-fyrbodal/flode.atom", Scope(AREA, "sodra-fyrbodal")),
        ("/omraden/sodra-fyrbodal/katalog.rdf", Scope(AREA, "sodra-fyrbodal")),
        ("/medborgarloften/2023-2024/", Scope(PERIOD, SEED_PERIOD)),
        ("/medborgarloften/2023-2024/loften/1/", Scope(PERIOD, SEED_PERIOD)),
        ("/medborgarloften/2023-2024/atgardsplan/", Scope(PERIOD, SEED_PERIOD)),
        ("/oppna-data/medborgarloften/2023-2024.json", Scope(PERIOD, SEED_PERIOD)),
        ("/oppna-data/medborgarloften/2023-2024/atgarder.csv", Scope(PERIOD, SEED_PERIOD)),
        ("/inbaddning/2023-2024/tjorns-kommun/", Scope(PERIOD, SEED_PERIOD)),
        ("/parter/orust-kommun/", Scope(PARTNER, "orust-kommun")),
    ],
)
def test_each_address_has_the_scope_its_view_declares(path, expected):
    assert page_scope(RequestFactory().get(path)) == expected


def test_a_scoped_read_is_one_query_once_per_request(north):
    request = RequestFactory().get("/")
    scope = Scope(PERIOD, current_period(north).slug)
    with CaptureQueriesContext(connection) as queries:
        first = content.last_changed(request, scope)
        assert content.last_changed(request, scope) == first
    assert len(queries) == 1
    assert "promises_areacontentstamp" in queries[0]["sql"]


def test_an_address_naming_nothing_reads_the_sites_stamp(north):
    content.mark_changed([north.pk])
    for kind in (AREA, PERIOD, PARTNER):
        assert content.last_changed(None, Scope(kind, "finns-inte")) == content.last_changed()


def test_an_edit_in_one_area_moves_that_areas_stamp_only(north):
    seed = seed_area()
    promise = Promise.objects.get(text__startswith="Fokusera")
    other = current_period(north).promises.first()
    assert moved(save(promise, text="Ändrad i Södra Fyrbodal."), seed, north) == [True, False]
    assert moved(save(other, text="Ändrad i Testområde Norr."), seed, north) == [False, True]
    assert moved(lambda: publish_follow_up(other), seed, north) == [False, True]
    action = Action.objects.create(
        promise=other, title="Påhittad åtgärd", responsible=other.givers.first()
    )
    assert moved(save(action, title="Ny rubrik"), seed, north) == [False, True]
    period = current_period(north)
    assert moved(save(period, intro="Ny inledning."), seed, north) == [False, True]
    partner = north.partners.first()
    assert moved(save(partner, name="Nytt namn"), seed, north) == [False, True]
    assert moved(lambda: other.focus_areas.add(FocusArea.objects.first()), seed, north) == [
        False,
        True,
    ]


def test_deletions_move_the_area_they_leave(north):
    seed = seed_area()
    promise = current_period(north).promises.first()
    follow_up = publish_follow_up(promise)
    assert moved(follow_up.delete, seed, north) == [False, True]
    assert moved(promise.delete, seed, north) == [False, True]
    assert moved(Promise.objects.get(text__startswith="Fokusera").delete, seed, north) == [
        True,
        False,
    ]
    # A list's "delete selected": one queryset, marked once for all its rows.
    assert moved(Promise.objects.filter(period__area=north).delete, seed, north) == [False, True]
    assert moved(north.partners.filter(order=1).delete, seed, north) == [False, True]


@pytest.mark.parametrize(
    "change",
    [
        lambda: GlossaryTerm.objects.create(
            term="Påhittat ord", slug="pahittat-ord", definition="Påhittat."
        ),
        lambda: save(FocusArea.objects.first(), name="Nytt fokusområde")(),
        lambda: save(StatusDefinition.objects.first(), definition="Ny förklaring.")(),
        lambda: save(AccessibilityStatement.objects.get(), gaps="Nya brister.")(),
        lambda: save(Area.objects.get(slug="sodra-fyrbodal"), places="Nya orter")(),
    ],
    ids=["glossary", "focus area", "status definition", "statement", "area"],
)
def test_content_every_page_shows_moves_every_areas_stamp(north, change):
    assert moved(change, seed_area(), north) == [True, True]


def test_a_period_moved_to_another_area_moves_both(north):
    seed = seed_area()
    draft = PromisePeriod.objects.create(
        area=north, title="Utkast", slug="utkast", starts_on="2031-01-01", ends_on="2031-12-31"
    )
    assert moved(save(draft, area=seed), seed, north) == [True, True]


def test_a_partner_moved_to_another_area_moves_both(north):
    seed = seed_area()
    newcomer = Partner.objects.create(
        name="Ny part", slug="ny-part", kind="municipality", area=north
    )
    assert moved(save(newcomer, area=seed), seed, north) == [True, True]


def test_a_partner_giving_a_promise_in_another_area_links_both(north):
    seed = seed_area()
    guest = north.partners.order_by("order").last()
    promise = Promise.objects.get(text__startswith="Fokusera")
    # Its partner page (in its own area) lists the promise from now on.
    assert moved(lambda: promise.givers.add(guest), seed, north) == [True, True]
    assert moved(save(promise, text="Ny lydelse."), seed, north) == [True, True]
    assert moved(lambda: publish_follow_up(promise), seed, north) == [True, True]
    assert moved(save(guest, name="Nytt namn"), seed, north) == [True, True]
    assert moved(lambda: promise.givers.remove(guest), seed, north) == [True, True]
    assert moved(save(promise, text="Utan gästen."), seed, north) == [True, False]


def test_publishing_moves_every_area_only_when_the_sites_name_changes(north):
    seed = seed_area()
    # A register of two published areas: another period of one of them changes no name.
    draft = PromisePeriod.objects.create(
        area=north, title="Nästa", slug="nasta", starts_on="2031-01-01", ends_on="2032-12-31"
    )
    assert moved(draft.publish, seed, north) == [False, True]
    assert moved(draft.unpublish, seed, north) == [False, True]
    # Unpublishing the last published period of one area makes the site the other's.
    others = list(PromisePeriod.objects.published().filter(area=north))

    def unpublish_area():
        for period in others:
            period.unpublish()

    assert moved(unpublish_area, seed, north) == [True, True]
    assert moved(others[0].publish, seed, north) == [True, True]
    assert moved(others[0].delete, seed, north) == [True, True]


def test_every_existing_area_has_its_own_stamp_once_changed(north):
    assert moved(lambda: content.mark_changed([seed_area().pk]), seed_area(), north) == [
        True,
        False,
    ]
    assert moved(lambda: content.mark_changed(), seed_area(), north) == [True, True]
    assert moved(lambda: content.mark_changed([]), seed_area(), north) == [False, False]


def area_pages(area):
    period = current_period(area)
    promise = period.promises.order_by("order").first()
    partner = area.partners.order_by("order").last()
    return [
        f"/omraden/{area.slug}/",
        f"/omraden/{area.slug}/flode.atom",
        period.get_absolute_url(),
        promise.get_absolute_url(),
        f"/medborgarloften/{period.slug}/atgardsplan/",
        f"/oppna-data/medborgarloften/{period.slug}.json",
        f"/inbaddning/{period.slug}/",
        f"/parter/{partner.slug}/",
    ]


def test_an_edit_in_one_area_leaves_the_other_areas_stored_pages_reachable(
    client, real_cache, north
):
    pages = area_pages(north)
    cold = {url: client.get(url) for url in pages}
    assert all(answer.status_code == 200 for answer in cold.values())
    edited = "Fokusera på brottsoffer – ändrad i det andra området."
    save(Promise.objects.get(text__startswith="Fokusera"), text=edited)()
    for url in pages:
        with CaptureQueriesContext(connection) as queries:
            warm = client.get(url)
            not_modified = client.get(url, HTTP_IF_NONE_MATCH=cold[url]["ETag"])
        # Answered from the stored copy: the stamp is the only question, no template ran.
        assert len(queries) == 2, (url, [query["sql"] for query in queries])
        assert warm.content == cold[url].content
        assert warm["ETag"] == cold[url]["ETag"]
        assert not_modified.status_code == 304
    # The edited area's pages and the lists across areas show the edit at once.
    seed_page = Promise.objects.get(text=edited).period.get_absolute_url()
    for url in (seed_page, "/loften/"):
        assert edited in client.get(url).content.decode(), url
    # And an edit in the area itself refreshes its pages.
    save(current_period(north).promises.order_by("order").first(), text="Ny lydelse i Norr.")()
    for url in pages[:5]:
        assert "Ny lydelse i Norr." in client.get(url).content.decode(), url


def test_what_a_process_remembers_for_an_outage_is_bounded(monkeypatch):
    # Scopes are named by addresses anyone can make up.
    monkeypatch.setattr(content, "_last_seen", {})
    monkeypatch.setattr(content, "REMEMBERED_SCOPES", 5)
    for number in range(20):
        content.last_changed(None, Scope(PERIOD, f"hittepa-{number}"))
    assert len(content._last_seen) == 5
    assert content.last_seen(Scope(PERIOD, "hittepa-19")) == content.last_changed()
    assert content.last_seen(Scope(PERIOD, "hittepa-0")) is None


def test_a_period_import_marks_its_areas_and_everything_when_it_publishes(client, north):
    # Rows the import writes without signals (parts, times, the publication) are marked once.
    document = client.get(f"/oppna-data/medborgarloften/{current_period(north).slug}.json").content
    draft = period_exchange.plan(document, area_slug=north.slug, period_slug="import-utkast")
    assert not draft.problems
    assert moved(lambda: period_exchange.apply(draft), seed_area(), north) == [False, True]
    published = period_exchange.plan(document, area_slug=north.slug, period_slug="import-ny")
    assert moved(lambda: period_exchange.apply(published, publish=True), seed_area(), north) == [
        True,
        True,
    ]


def test_a_page_cannot_declare_a_scope_no_stamp_follows():
    with pytest.raises(ValueError, match="unknown scope"):
        public_page(scope="areas")
