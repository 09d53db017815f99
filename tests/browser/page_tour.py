"""One visit of every page type that answers many checks: what the page-by-page tests assert.

Each check used to open every page in a tab of its own (eleven visits of the same pages, most
of the browser tests' time). A tour opens each page once, as a new document in one tab of a
context with the site's Content-Security-Policy enforced, and asks it everything that does not
need a page of its own: the styles and console, landmarks and headings, contrast, axe-core, the
HTML as served, a screenshot, and then, by emulating media on the same tab, reduced motion and
print; by narrowing the same tab, reflow at 320 px and at 400 % zoom; back at 1280 px, the
keyboard: the Tab walk from the fresh page (forced colours read after its second Tab) and the
skip link (tests/browser/keyboard_walk.py). Narrowing a loaded page lays it out as a fresh load
at that width does: the site's pages have no script that acts on the width.

The results are kept for the worker's session: the first test that needs them takes the tour,
the others read it. The files that read it (test_every_page.py, test_keyboard.py,
test_layout.py) share one pytest-xdist group (`TOUR_GROUP`), so one worker takes the tour and
the other runs the remaining browser files.
"""

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from . import keyboard_walk, support

TOUR_GROUP = pytest.mark.xdist_group("browser-page-tour")

WIDE = {"width": 1280, "height": 900}
NARROW = {"width": 320, "height": 640}
# 1280 × 1024 CSS pixels at 400 % zoom leave a 320 × 256 viewport.
ZOOMED_400 = {"width": 320, "height": 256}
# The other languages' pages reflow like the Swedish ones (the same templates); Arabic, laid
# out right to left, is checked at 320 px, English only at 1280 px.
REFLOW = {
    "320px": (NARROW, lambda name: not name.endswith("-en")),
    "1280px-at-400%": (ZOOMED_400, lambda name: not name.endswith(("-en", "-ar"))),
}
PERIOD_PAGES = ("start", "period", "promise", "partner")

STYLES = (
    "() => ({font: getComputedStyle(document.body).fontSize,"
    " header: getComputedStyle(document.querySelector('.site-header')).backgroundColor,"
    " sheets: [...document.styleSheets].map(s => s.cssRules.length)})"
)

STRUCTURE = """() => {
  const outside = sel => [...document.querySelectorAll(sel)]
    .filter(el => !el.parentElement.closest('article, aside, main, nav, section'));
  const headings = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
    .filter(h => h.getClientRects().length > 0).map(h => Number(h.tagName[1]));
  const skipped = headings.filter((level, i) => i > 0 && level > headings[i - 1] + 1);
  return {
    banner: outside('header').length + document.querySelectorAll('[role=banner]').length,
    main: document.querySelectorAll('main, [role=main]').length,
    navigation: document.querySelectorAll('nav, [role=navigation]').length,
    contentinfo: outside('footer').length + document.querySelectorAll('[role=contentinfo]').length,
    h1: headings.filter(level => level === 1).length,
    first: headings[0], skipped,
  };
}"""

CONTRAST = """() => {
  const parse = c => (c.match(/[\\d.]+/g) || []).map(Number);
  const luminance = ([r, g, b]) => {
    const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = el => {
    for (let p = el; p; p = p.parentElement) {
      const c = parse(getComputedStyle(p).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] === 1)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const worst = [];
  let checked = 0;
  for (const el of document.querySelectorAll('main p, main li, main dd, main dt, main a, main label, main legend, footer p, footer a')) {
    if (!el.innerText.trim() || el.getClientRects().length === 0 || el.closest('.visually-hidden')) continue;
    const fg = luminance(parse(getComputedStyle(el).color));
    const bg = luminance(background(el));
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    checked += 1;
    if (ratio < 4.5) worst.push(`${el.tagName} “${el.innerText.slice(0, 30)}”: ${ratio.toFixed(2)}:1`);
  }
  return {checked, worst: worst.slice(0, 5)};
}"""

MOVING = (
    "() => matchMedia('(prefers-reduced-motion: reduce)').matches && [...document.querySelectorAll('*')]"
    ".filter(el => { const s = getComputedStyle(el);"
    " return s.animationName !== 'none' || parseFloat(s.transitionDuration) > 0"
    " || s.scrollBehavior === 'smooth'; }).map(el => el.tagName)"
)

PRINTED = (
    "() => Object.fromEntries(['.site-header', '.site-nav', '.site-footer', '.breadcrumbs', '.skip-link', 'main h1']"
    ".map(sel => [sel, [...document.querySelectorAll(sel)].some(el => el.getClientRects().length > 0)]))"
)
PRINTED_PROMISES = (
    "() => [...document.querySelectorAll('main li a[href*=\"/loften/\"], .promise__text')]"
    ".filter(el => el.getClientRects().length > 0).length"
)

OVERFLOW = """() => {
  const root = document.documentElement;
  const problems = [];
  if (root.scrollWidth > root.clientWidth) problems.push(`page scrolls sideways: ${root.scrollWidth}px`);
  const scrollsItself = el => { for (let p = el; p; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll') return true; } return false; };
  for (const el of document.body.querySelectorAll('*')) {
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden' || el.getClientRects().length === 0) continue;
    if (el.closest('.visually-hidden, .skip-link, .skiplink, .skip-to-content-link')) continue;
    const hasText = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!hasText) continue;
    const box = el.getBoundingClientRect();
    if (box.right > root.clientWidth + 1 && !scrollsItself(el) && !el.closest('svg')) problems.push(`text past the right edge: ${el.tagName} “${el.innerText.slice(0, 30)}”`);
    // Right to left (Arabic), text overflows on the left. A chart's labels are clipped by its svg.
    if (box.left < -1 && !scrollsItself(el) && !el.closest('svg')) problems.push(`text past the left edge: ${el.tagName} “${el.innerText.slice(0, 30)}”`);
    const clips = ['hidden', 'clip'].includes(style.overflowX) || style.textOverflow === 'ellipsis';
    if (clips && el.scrollWidth > el.clientWidth + 1) problems.push(`clipped text: ${el.tagName} “${el.innerText.slice(0, 30)}”`);
  }
  return problems.slice(0, 5);
}"""

FOCUS = (
    "() => { const s = getComputedStyle(document.activeElement);"
    " return {style: s.outlineStyle, width: parseFloat(s.outlineWidth)}; }"
)


@dataclass
class Visit:
    """What one page answered."""

    name: str
    is_admin: bool
    status: int
    console_errors: list = field(default_factory=list)
    styles: dict | None = None
    structure: dict | None = None
    contrast: dict | None = None
    axe: list | None = None
    served_html: Path | None = None
    screenshot: Path | None = None
    moving: object = None
    printed: dict | None = None
    pdf_starts: bytes = b""
    forced_colours: dict | None = None
    reflow: dict = field(default_factory=dict)
    narrow_screenshot: Path | None = None
    keyboard: dict | None = None
    skip_link: dict | None = None


_taken: dict[str, list[Visit]] = {}


def tour(chromium, live_server, site_pages, editor_login, folder: Path) -> list[Visit]:
    """Every page type, each visited once (taken once per worker)."""
    if "tour" not in _taken:
        _taken["tour"] = _take(chromium, live_server, site_pages, editor_login, folder)
    return _taken["tour"]


def _take(chromium, live_server, site_pages, editor_login, folder):
    support.SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = chromium.new_context(base_url=live_server.url, viewport=WIDE, locale="sv-SE")
    # One tab for the whole tour, each page a new document in it: a fresh page as a visitor
    # opens it (focus, scroll and emulated media as on a new tab) without a new tab's cost.
    page = context.new_page()
    # axe-core is added through the DevTools protocol, which the page's CSP does not govern:
    # the page is checked exactly as a visitor's browser enforces it. Sent to the browser once,
    # it runs as each page starts; it only defines `axe` until the tour runs it.
    page.add_init_script(support.axe_script())
    console = []
    page.on("console", lambda message: message.type == "error" and console.append(message.text))
    visits = []
    for site_page, _, response in support.each_page(context, site_pages, editor_login, tab=page):
        # The tab has the browser's focus again, as a new one has: a walk that ended with
        # the focus leaving the page took it away (and Chromium would then wrap Tab round).
        page.bring_to_front()
        visit = Visit(site_page.name, site_page.is_admin, site_page.status)
        visits.append(visit)
        visit.served_html = folder / f"{site_page.name}.html"
        visit.served_html.write_bytes(response.body())
        if not site_page.is_admin:
            visit.styles = page.evaluate(STYLES)
            visit.contrast = page.evaluate(CONTRAST)
        visit.structure = page.evaluate(STRUCTURE)
        # What the page itself logged, before the checks below run scripts of their own.
        visit.console_errors = list(console)
        visit.axe = page.evaluate(support.AXE_RUN, support.AXE_TAGS)
        visit.screenshot = support.SCREENSHOTS / f"{site_page.name}-1280.png"
        page.screenshot(path=visit.screenshot, full_page=True)
        page.emulate_media(reduced_motion="reduce")
        visit.moving = page.evaluate(MOVING)
        page.emulate_media(reduced_motion="no-preference")
        if site_page.name in PERIOD_PAGES:
            page.emulate_media(media="print")
            visit.printed = {
                "shown": page.evaluate(PRINTED),
                "promises": page.evaluate(PRINTED_PROMISES),
            }
            visit.pdf_starts = page.pdf()[:4]
            page.emulate_media(media="screen")
        _reflow(page, site_page, visit)
        _keyboard(page, site_page, visit)
        console.clear()  # before the next page loads in this tab
    context.close()
    return visits


def _reflow(page, site_page, visit):
    """The same tab narrowed to 320 px, then to 400 % zoom, and widened again."""
    for name, (viewport, checked) in REFLOW.items():
        if not checked(site_page.name):
            continue
        page.set_viewport_size(viewport)
        visit.reflow[name] = page.evaluate(OVERFLOW)
        if viewport is NARROW:
            visit.narrow_screenshot = support.SCREENSHOTS / f"{site_page.name}-320.png"
            page.screenshot(path=visit.narrow_screenshot, full_page=True)
    page.set_viewport_size(WIDE)


def _keyboard(page, site_page, visit):
    """Last: it moves the focus, which the checks above must not see."""

    def forced_colours(page):
        page.emulate_media(forced_colors="active")
        active = page.evaluate("() => matchMedia('(forced-colors: active)').matches")
        status = page.query_selector(".status")
        visit.forced_colours = {
            "active": active,
            "focus": page.evaluate(FOCUS),
            # The inline start: the left in Swedish and English, the right in Arabic.
            "status_border": status.evaluate(
                "el => getComputedStyle(el).getPropertyValue('border-inline-start-style')"
            )
            if status
            else None,
        }
        page.emulate_media(forced_colors="none")

    # Forced colours on the public pages: the focus two Tabs into the fresh page.
    visit.keyboard = keyboard_walk.walk(page, None if site_page.is_admin else forced_colours)
    visit.skip_link = keyboard_walk.follow_skip_link(page, site_page, visit.keyboard)
