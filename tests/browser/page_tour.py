"""One visit of every page type that answers many checks: what the page-by-page tests assert.

Each check used to open every page in a tab of its own (nine visits of the same 38 pages, most
of the browser tests' time). A tour opens each page once, in a context with the site's
Content-Security-Policy enforced, and asks it everything that does not need a page of its own:
the styles and console, landmarks and headings, contrast, axe-core, the HTML as served, a
screenshot, and then, by emulating media on the same tab, reduced motion, print and forced
colours. The keyboard tests (focus order from a fresh page) and the narrow viewports keep their
own visits.

The results are kept for the worker's session: the first test that needs them takes the tour,
the others read it. The tests of one file run on one pytest-xdist worker (tests/conftest.py).
"""

from dataclasses import dataclass, field
from pathlib import Path

from . import support

WIDE = {"width": 1280, "height": 900}
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


_taken: dict[str, list[Visit]] = {}


def wide_tour(chromium, live_server, site_pages, editor_login, folder: Path) -> list[Visit]:
    """Every page type at 1280 px, each visited once (taken once per worker)."""
    if "wide" not in _taken:
        _taken["wide"] = _take(chromium, live_server, site_pages, editor_login, folder)
    return _taken["wide"]


def _take(chromium, live_server, site_pages, editor_login, folder):
    axe = support.axe_script()
    support.SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = chromium.new_context(base_url=live_server.url, viewport=WIDE, locale="sv-SE")
    console = {}

    def listen(page):
        # Every new tab is heard from its first load.
        errors = console.setdefault(page, [])
        page.on("console", lambda message: message.type == "error" and errors.append(message.text))

    context.on("page", listen)
    visits = []
    for site_page, page, response in support.each_page(context, site_pages, editor_login):
        visit = Visit(site_page.name, site_page.is_admin, site_page.status)
        visits.append(visit)
        visit.served_html = folder / f"{site_page.name}.html"
        visit.served_html.write_bytes(response.body())
        if not site_page.is_admin:
            visit.styles = page.evaluate(STYLES)
            visit.contrast = page.evaluate(CONTRAST)
        visit.structure = page.evaluate(STRUCTURE)
        # What the page itself logged, before the checks below add scripts of their own.
        visit.console_errors = list(console[page])
        # axe-core is evaluated through the DevTools protocol, which the page's CSP does not
        # govern: the page is checked exactly as a visitor's browser enforces it.
        page.evaluate(axe)
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
        if not site_page.is_admin:
            # Last: it moves the focus, which the checks above must not see.
            page.emulate_media(forced_colors="active")
            active = page.evaluate("() => matchMedia('(forced-colors: active)').matches")
            page.keyboard.press("Tab")
            page.keyboard.press("Tab")
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
    context.close()
    return visits
