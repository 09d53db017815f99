"""Everything works with a keyboard alone: skip link, visible focus, order, no traps."""

from . import keyboard_walk, page_tour, support

# The skip link and the Tab walk are read from the page tour (tests/browser/page_tour.py and
# keyboard_walk.py), which walks each page from its fresh state.
pytestmark = [*support.pytestmark, page_tour.TOUR_GROUP]


def focus_is_visible(unfocused, focused):
    changed = any(unfocused[key] != focused[key] for key in ("shadow", "background", "color"))
    return focused["outline"] >= 2 or (changed and focused != unfocused)


def test_a_skip_link_leads_to_the_main_content(tour):
    failures = {}
    for visit in tour:
        first = visit.skip_link["first"]
        if not (first["href"] or "").startswith("#") or first["top"] < 0:
            failures[visit.name] = f"first Tab reaches {first}, not a visible skip link"
            continue
        if not (visit.skip_link["landed"] and visit.skip_link["next_inside_main"]):
            failures[visit.name] = "the skip link does not move focus to the main content"
    assert len(tour) > 30
    assert not failures, support.report(failures)


def test_tab_reaches_everything_in_order_with_a_visible_focus_and_no_trap(tour):
    failures = {}
    for visit in tour:
        problems = []
        walked = visit.keyboard
        marked, unfocused = walked["marked"], walked["unfocused"]
        if marked["positiveTabindex"]:
            problems.append("tabindex above 0 breaks the natural order")
        assert len(unfocused) == marked["count"]
        # Where the focus was after each Tab, in turn (keyboard_walk.walk).
        after_each_tab = iter(walked["active"])
        reached = []
        # A trap would keep focus cycling within a part of the page: Tab must reach the end.
        # (Date inputs take one Tab per part: day, month and year.)
        for _ in range(keyboard_walk.budget(marked["count"])):
            active = next(after_each_tab)
            if active is None:
                break
            if active["index"] is None:
                continue
            index = int(active["index"])
            if reached and index == reached[-1]:
                continue
            if reached and index < reached[-1]:
                problems.append(f"focus went back from {reached[-1]} to {index} ({active['text']})")
                break
            reached.append(index)
            if not active["inView"]:
                problems.append(f"focused element {index} ({active['text']}) is off screen")
            if not focus_is_visible(unfocused[index], active["look"]):
                problems.append(f"no visible focus on {active['tag']} “{active['text']}”")
        else:
            problems.append("Tab never left the page: keyboard trap")
        if reached != list(range(marked["count"])):
            missing = sorted(set(range(marked["count"])) - set(reached))
            problems.append(f"not reached in order; missing {missing[:10]}")
        if problems:
            failures[visit.name] = problems[:8]
    assert len(tour) > 30
    assert not failures, support.report(failures)


def test_the_report_form_can_be_filled_in_and_sent_with_the_keyboard_alone(visitor, monkeypatch):
    from promises.models import AccessibilityReport
    from promises.public import report_guard

    monkeypatch.setattr(report_guard, "MIN_SECONDS_TO_FILL", 0)
    page = visitor.new_page()
    page.goto("/tillganglighet/")
    page.get_by_role(
        "link", name="Rapportera ett problem eller be om ett annat format"
    ).first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/tillganglighet/rapportera/")
    # Send it empty first: the errors are listed and each field says what is wrong.
    page.get_by_role("button", name="Skicka").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector(".error-summary")
    assert "Skriv vad problemet är" in page.inner_text(".error-summary")
    assert page.title().startswith("Fel:")
    message = page.get_by_label("Ditt meddelande")
    assert message.get_attribute("aria-invalid") == "true"
    page.get_by_label("Jag vill ha innehåll i ett annat format").focus()
    page.keyboard.press("Space")
    message.focus()
    page.keyboard.type("Jag vill ha löftena i stor stil.")
    page.get_by_role("button", name="Skicka").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/tillganglighet/rapportera/tack/**")
    assert page.get_by_role("heading", level=1).inner_text() == "Tack för ditt meddelande"
    report = AccessibilityReport.objects.get()
    assert report.kind == AccessibilityReport.Kind.OTHER_FORMAT
    assert report.message == "Jag vill ha löftena i stor stil."
    assert visitor.cookies() == []
