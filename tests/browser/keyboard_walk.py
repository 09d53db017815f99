"""The keyboard's part of the page tour (tests/browser/page_tour.py): Tab through a page from
its fresh state, then follow its skip link. What tests/browser/test_keyboard.py asserts.

The walk asks the browser nothing between presses. A listener in the page writes down, at each
Tab's keydown, where the previous Tab left the focus and how that element looks; one evaluate
after the presses reads the list back (an evaluate per Tab was most of the walk's time). The
keydown comes after the previous Tab's work is done, the element's scroll into view included
(Chromium fires `focus` before it scrolls), so "in view" means what it meant when the box was
read after each press: the focused element is inside the viewport once the browser has moved
to it. Once the focus has left the page the listener stops further Tabs, so the page stays
as a fresh one is before its first Tab: the next Tab reaches its first element, the skip link.
"""

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

# How an element looks.
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

# The focused element, with its look while focused (null once the focus has left the page).
ACTIVE = (
    LOOK
    + """
const active = () => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const box = el.getBoundingClientRect();
  return {index: el.dataset.kbIndex ?? null, tag: el.tagName, text: (el.innerText || el.name || '').slice(0, 40),
          inView: box.bottom > 0 && box.top < innerHeight && box.right > 0 && box.left < innerWidth,
          look: look(el)};
};"""
)

# Writes down, at each Tab's keydown but the first, where the previous Tab left the focus.
LISTEN = (
    "() => { "
    + ACTIVE
    + """
  const walk = window.__keyboardWalk = {seen: [], tabs: 0, left: false, on: true};
  addEventListener('keydown', event => {
    if (event.key !== 'Tab' || !walk.on) return;
    walk.tabs += 1;
    if (walk.tabs === 1) return;  // before the first Tab nothing has focus
    if (walk.left) { event.preventDefault(); return; }
    const state = active();
    walk.seen.push(state);
    // The focus has left the page: keep it out, as on a fresh page before its first Tab.
    if (state === null) { walk.left = true; event.preventDefault(); }
  }, true);
}"""
)

# What the listener saw, and where the last Tab left the focus.
SEEN = "() => { " + ACTIVE + " return {seen: window.__keyboardWalk.seen, now: active()}; }"

# Let Tab work again (after the walk), and say whether the focus has left the page.
LISTENER_OFF = (
    "() => { const walk = window.__keyboardWalk; walk.on = false;"
    " return walk.left && (!document.activeElement || document.activeElement === document.body); }"
)

# Where the first Tab went.
FIRST = (
    "() => ({href: document.activeElement.getAttribute('href'),"
    " text: document.activeElement.innerText,"
    " top: document.activeElement.getBoundingClientRect().top})"
)
# Which element has the focus (the skip link is told apart by its place and its target).
IDENTITY = (
    "() => [document.activeElement.dataset.kbIndex ?? null,"
    " document.activeElement.getAttribute('href')]"
)

LANDED = (
    "(id) => { const main = document.getElementById(id);"
    " return main !== null && main.closest('main') !== null"
    " && (document.activeElement === main || main.contains(document.activeElement)); }"
)

NEXT_INSIDE_MAIN = (
    "() => document.activeElement.closest('main') !== null"
    " || document.querySelector('main').compareDocumentPosition(document.activeElement)"
    " & Node.DOCUMENT_POSITION_FOLLOWING"
)


def budget(count: int) -> int:
    """Tabs a walk may take before it counts as a trap (date inputs take one per part: day,
    month and year)."""
    return count * 3 + 10


def walk(page, after_second_tab=None) -> dict:
    """Tab through a freshly loaded page until the focus leaves it (or the budget is spent).

    Returns the marked elements, their looks before any has focus, where the first Tab went
    and, for each Tab in turn, where the focus was after it (`ACTIVE`'s answer, None once it
    had left the page). `after_second_tab(page)` runs with the focus where two Tabs from the
    fresh page put it, before the third."""
    marked = page.evaluate(MARK_FOCUSABLES)
    unfocused = page.evaluate(UNFOCUSED_LOOKS)
    page.evaluate(LISTEN)
    limit = budget(marked["count"])
    seen, first, first_identity, presses = [], None, None, 0
    # Enough Tabs for a page with one stop per element; more in small steps when it has more.
    batch = max(marked["count"] + 1, 2)
    while True:
        for _ in range(min(batch, limit - presses)):
            page.keyboard.press("Tab")
            presses += 1
            if presses == 1:
                first = page.evaluate(FIRST)
                first_identity = page.evaluate(IDENTITY)
            elif presses == 2 and after_second_tab:
                after_second_tab(page)
        answer = page.evaluate(SEEN)
        seen = answer["seen"] + [answer["now"]]
        if None in seen or presses >= limit:
            break
        batch = 8
    return {
        "marked": marked,
        "unfocused": unfocused,
        "first": first,
        "first_identity": first_identity,
        "active": seen[:limit],
    }


def follow_skip_link(page, site_page, walked: dict) -> dict:
    """The first Tab's element followed with Enter, then one more Tab.

    After a walk that ended with the focus outside the page, the next Tab reaches the first
    element again, as on a fresh page; otherwise (a trap, a walk gone backwards) the page is
    loaded afresh."""
    first = walked["first"]
    result = {"first": first, "landed": None, "next_inside_main": None}
    if not (first["href"] or "").startswith("#") or first["top"] < 0:
        return result
    left = page.evaluate(LISTENER_OFF)
    if left:
        page.keyboard.press("Tab")
    if not left or page.evaluate(IDENTITY) != walked["first_identity"]:
        page.goto(site_page.path)
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    result["landed"] = page.evaluate(LANDED, first["href"][1:])
    page.keyboard.press("Tab")
    result["next_inside_main"] = page.evaluate(NEXT_INSIDE_MAIN)
    return result
