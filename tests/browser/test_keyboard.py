"""Everything works with a keyboard alone: skip link, visible focus, order, no traps."""

from . import support

pytestmark = support.pytestmark

# Elements a keyboard user can reach, in document order, that a sighted user can see.
MARK_FOCUSABLES = """() => {
  const selector = 'a[href], button, input:not([type="hidden"]), select, textarea, summary, '
    + '[tabindex]:not([tabindex="-1"])';
  // A closed <details> (the admin's collapsed translation sections) keeps its content laid
  // out in Chromium but hidden and out of the Tab order: only its summary is seen.
  const inClosedDetails = el => {
    const details = el.closest('details:not([open])');
    return details !== null && !details.querySelector(':scope > summary')?.contains(el);
  };
  const visible = el => {
    const style = getComputedStyle(el);
    return el.getClientRects().length > 0 && style.visibility !== 'hidden' && !inClosedDetails(el);
  };
  // Tab enters a radio group once: at its checked button, or its first when none is checked.
  const tabStopOfGroup = el => {
    if (el.type !== 'radio') return true;
    const group = [...document.querySelectorAll(`input[type="radio"][name="${el.name}"]`)];
    return el === (group.find(r => r.checked) || group[0]);
  };
  const items = [...document.querySelectorAll(selector)]
    .filter(el => !el.disabled && el.tabIndex >= 0 && visible(el) && tabStopOfGroup(el));
  items.forEach((el, index) => el.dataset.kbIndex = index);
  return {
    count: items.length,
    positiveTabindex: document.querySelectorAll('[tabindex]:not([tabindex="0"]):not([tabindex^="-"])').length,
  };
}"""

# How an element looks, in the page's own script so one call can answer for many elements (a
# round trip to the browser per element and per Tab was most of this test's time).
LOOK = """const look = (el) => {
  const s = getComputedStyle(el);
  const outline = s.outlineStyle !== 'none' ? parseFloat(s.outlineWidth) : 0;
  return {outline, outlineColor: s.outlineColor, shadow: s.boxShadow,
          background: s.backgroundColor, color: s.color, decoration: s.textDecorationThickness};
};"""

# Every marked element's look before any has focus.
UNFOCUSED_LOOKS = (
    "() => { "
    + LOOK
    + """
  return [...document.querySelectorAll('[data-kb-index]')]
    .sort((a, b) => a.dataset.kbIndex - b.dataset.kbIndex).map(look);
}"""
)

# The focused element, with its look while focused.
ACTIVE = (
    "() => { "
    + LOOK
    + """
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const box = el.getBoundingClientRect();
  return {index: el.dataset.kbIndex ?? null, tag: el.tagName, text: (el.innerText || el.name || '').slice(0, 40),
          inView: box.bottom > 0 && box.top < innerHeight && box.right > 0 && box.left < innerWidth,
          look: look(el)};
}"""
)


def focus_is_visible(unfocused, focused):
    changed = any(unfocused[key] != focused[key] for key in ("shadow", "background", "color"))
    return focused["outline"] >= 2 or (changed and focused != unfocused)


def test_a_skip_link_leads_to_the_main_content(visitor, site_pages, editor_login):
    failures = {}
    for site_page, page, _ in support.each_page(visitor, site_pages, editor_login):
        page.keyboard.press("Tab")
        first = page.evaluate(
            "() => ({href: document.activeElement.getAttribute('href'),"
            " text: document.activeElement.innerText,"
            " top: document.activeElement.getBoundingClientRect().top})"
        )
        if not (first["href"] or "").startswith("#") or first["top"] < 0:
            failures[site_page.name] = f"first Tab reaches {first}, not a visible skip link"
            continue
        page.keyboard.press("Enter")
        target = first["href"][1:]
        landed = page.evaluate(
            "(id) => { const main = document.getElementById(id);"
            " return main !== null && main.closest('main') !== null"
            " && (document.activeElement === main || main.contains(document.activeElement)); }",
            target,
        )
        page.keyboard.press("Tab")
        next_inside_main = page.evaluate(
            "() => document.activeElement.closest('main') !== null"
            " || document.querySelector('main').compareDocumentPosition(document.activeElement)"
            " & Node.DOCUMENT_POSITION_FOLLOWING"
        )
        if not (landed and next_inside_main):
            failures[site_page.name] = "the skip link does not move focus to the main content"
    assert not failures, support.report(failures)


def test_tab_reaches_everything_in_order_with_a_visible_focus_and_no_trap(
    visitor, site_pages, editor_login
):
    failures = {}
    for site_page, page, _ in support.each_page(visitor, site_pages, editor_login):
        problems = []
        marked = page.evaluate(MARK_FOCUSABLES)
        if marked["positiveTabindex"]:
            problems.append("tabindex above 0 breaks the natural order")
        unfocused = page.evaluate(UNFOCUSED_LOOKS)
        assert len(unfocused) == marked["count"]
        reached = []
        # A trap would keep focus cycling within a part of the page: Tab must reach the end.
        # (Date inputs take one Tab per part: day, month and year.)
        for _ in range(marked["count"] * 3 + 10):
            page.keyboard.press("Tab")
            active = page.evaluate(ACTIVE)
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
            failures[site_page.name] = problems[:8]
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
