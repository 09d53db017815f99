"""Every page type at 1280 px: styles and console, landmarks and headings, contrast, axe-core,
valid HTML, reduced motion, print, forced colours and a screenshot; each page visited once for
all of them (tests/browser/page_tour.py)."""

from . import page_tour, support

pytestmark = [*support.pytestmark, page_tour.TOUR_GROUP]


def test_the_stylesheet_loads_and_applies_without_console_errors(tour):
    failures = {}
    for visit in tour:
        styles = visit.styles
        if styles is not None and (
            styles["font"] != "18px"
            or styles["header"] != "rgb(20, 49, 92)"
            or not all(styles["sheets"])
        ):
            failures[visit.name] = f"site.css not applied: {styles}"
        # Refused inline code or styles (CSP) and failed loads show up as console errors.
        # A page meant to answer an error status logs that status as a failed load; nothing else.
        errors = [e for e in visit.console_errors if f"status of {visit.status} " not in e]
        if errors:
            failures.setdefault(visit.name, errors)
    assert len(tour) > 30
    assert not failures, support.report(failures)


def test_landmarks_and_one_h1_with_no_skipped_heading_levels(tour):
    failures = {}
    for visit in tour:
        found = visit.structure
        problems = [
            f"{found[name]} {name} landmarks"
            for name in ("banner", "main", "contentinfo")
            if found[name] != 1
        ]
        if not found["navigation"] and visit.name != "admin-sign-in":
            problems.append("no navigation landmark")
        if found["h1"] != 1:
            problems.append(f"{found['h1']} h1 elements")
        if found["first"] != 1 and not visit.is_admin:
            problems.append(f"the first heading is h{found['first']}")
        if found["skipped"]:
            problems.append(f"heading levels skipped to {found['skipped']}")
        if problems:
            failures[visit.name] = problems
    assert not failures, support.report(failures)


def test_body_text_contrast_is_at_least_4_5_to_1(tour):
    """The public site's pages (the admin has Django's own look)."""
    failures = {}
    public = [visit for visit in tour if not visit.is_admin]
    for visit in public:
        if not visit.contrast["checked"] or visit.contrast["worst"]:
            failures[visit.name] = visit.contrast
    assert public
    assert not failures, support.report(failures)


def test_axe_finds_no_violations_on_any_page(tour):
    failures = {visit.name: visit.axe for visit in tour if visit.axe}
    assert all(visit.axe is not None for visit in tour)
    assert not failures, support.report(failures)


def test_every_page_is_valid_html(tour):
    """The HTML as the server sent it, not the browser's repaired DOM."""
    files = {str(visit.served_html): visit.name for visit in tour}
    failures, status = support.vnu_errors(files)
    assert not failures, support.report(failures)
    assert status == 0


def test_reduced_motion_turns_off_animation_and_smooth_scrolling(tour):
    failures = {
        visit.name: f"still moving: {visit.moving}"
        for visit in tour
        if visit.moving is False or visit.moving
    }
    assert not failures, support.report(failures)


def test_print_shows_the_promises_without_navigation(tour):
    failures = {}
    printed = [visit for visit in tour if visit.printed is not None]
    for visit in printed:
        shown = visit.printed["shown"]
        chrome = [sel for sel, visible in shown.items() if visible and sel != "main h1"]
        if chrome or not shown["main h1"] or not visit.printed["promises"]:
            failures[visit.name] = {"chrome shown": chrome, "promises": visit.printed["promises"]}
        if visit.pdf_starts != b"%PDF":
            failures[visit.name] = "no PDF"
    assert len(printed) == 4
    assert not failures, support.report(failures)


def test_forced_colours_keep_focus_and_borders_visible(tour):
    failures = {}
    for visit in tour:
        forced = visit.forced_colours
        if forced is None:
            continue
        focus = forced["focus"]
        if not forced["active"] or focus["style"] == "none" or focus["width"] < 2:
            failures[visit.name] = f"forced colours {forced['active']}, focus outline {focus}"
        if forced["status_border"] == "none":
            failures[visit.name] = "the status box loses its border"
    assert not failures, support.report(failures)


def test_a_screenshot_of_every_page_type(tour):
    """For people reviewing the design (test-artifacts/screenshots/, not committed)."""
    assert all(visit.screenshot.stat().st_size > 5_000 for visit in tour)
