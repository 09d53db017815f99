"""A resident on a phone (390 px) finds their own citizen promise on a register of several
areas: from the start page, by typing the municipality or by the list by county, to the area's
current period and one of its promises. Every page on the way and the register's other new
pages pass axe-core and the Nu Html Checker and never scroll sideways."""

import pytest

from . import support

pytestmark = support.pytestmark

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def register(content):
    from ..support.areas import NORTH, SOUTH, make_area, publish_follow_up

    north = make_area(NORTH, periods=2)
    south = make_area(SOUTH)
    publish_follow_up(north.periods.order_by("-starts_on").first().promises.first())
    return north, south


@pytest.fixture
def phone(chromium, live_server):
    # bypass_csp only so that axe-core can be injected; the site's own pages need no script.
    context = chromium.new_context(
        base_url=live_server.url, locale="sv-SE", viewport=PHONE, bypass_csp=True
    )
    yield context
    context.close()


def check(page, failures, name):
    """axe-core's violations and any sideways scrolling, under the page's name."""
    page.add_script_tag(content=support.axe_script())
    problems = page.evaluate(support.AXE_RUN, support.AXE_TAGS)
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    if overflow > 0:
        problems.append(f"scrolls sideways by {overflow}px")
    if problems:
        failures[name] = problems


def test_a_resident_finds_their_promise_by_name_in_two_steps(phone, register):
    _north, south = register
    period = south.periods.get()
    promise = period.promises.order_by("order").first()
    failures = {}
    page = phone.new_page()
    page.goto("/")
    check(page, failures, "start")
    # Step one: the municipality's name, as a resident types it, accents left out.
    page.get_by_label("Din kommun, eller områdets namn").fill("ornsjo")
    page.get_by_role("button", name="Hitta").click()
    page.wait_for_url("**/omraden/?q=ornsjo")
    check(page, failures, "found")
    # Step two: straight to the area's current period.
    page.get_by_role("link", name=f"Läs medborgarlöftet {period.title}").click()
    page.wait_for_url(f"**{period.get_absolute_url()}")
    assert page.locator("h1").inner_text() == period.title
    assert "Testområde Ö-sund" in page.locator(".breadcrumbs").inner_text()
    check(page, failures, "period")
    page.get_by_role("link", name="Läs mer om löfte 1").first.click()
    page.wait_for_url(f"**{promise.get_absolute_url()}")
    assert promise.text in page.locator("h1").inner_text()
    check(page, failures, "promise")
    assert not failures, support.report(failures)


def test_a_resident_finds_their_promise_by_county(phone, register):
    north, _south = register
    current = north.periods.order_by("-starts_on").first()
    failures = {}
    page = phone.new_page()
    page.goto("/")
    page.get_by_role("link", name="Testområde Norr", exact=True).click()
    page.wait_for_url(f"**{north.get_absolute_url()}")
    assert page.locator("h1").inner_text() == current.title
    check(page, failures, "area")
    page.get_by_role("link", name="Läs mer om löfte 2").first.click()
    page.wait_for_url(f"**{current.get_absolute_url()}loften/*/")
    check(page, failures, "promise")
    assert not failures, support.report(failures)


def test_the_register_pages_are_valid_html_and_pass_axe(phone, visitor, register, tmp_path):
    north, _south = register
    pages = [
        support.SitePage("start", "/"),
        support.SitePage("areas", "/omraden/"),
        support.SitePage("found", "/omraden/?q=Tj%C3%B6rn"),
        support.SitePage("not-found", "/omraden/?q=Atlantis"),
        support.SitePage("too-long", "/omraden/?q=" + "x" * 101, status=400),
        support.SitePage("area", north.get_absolute_url()),
        support.SitePage("alerts", "/bevaka/omrade/testomrade-norr/"),
        support.SitePage("partner", north.partners.first().get_absolute_url()),
    ]
    failures = {}
    for site_page, page, _ in support.each_page(phone, pages, sign_in=None):
        check(page, failures, site_page.name)
    assert not failures, support.report(failures)
    errors, status = support.served_html_errors(visitor, pages, None, tmp_path)
    assert not errors, support.report(errors)
    assert status == 0
