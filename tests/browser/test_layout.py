"""What a person sees: styles load, narrow screens and zoom reflow, forced colours, reduced
motion, contrast, landmarks and headings, print, and screenshots of every page type."""

import pytest

from . import support

pytestmark = support.pytestmark

NARROW = {"width": 320, "height": 640}
# 1280 × 1024 CSS pixels at 400 % zoom leave a 320 × 256 viewport.
ZOOMED_400 = {"width": 320, "height": 256}

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
    if (box.right > root.clientWidth + 1 && !scrollsItself(el)) problems.push(`text past the right edge: ${el.tagName} “${el.innerText.slice(0, 30)}”`);
    const clips = ['hidden', 'clip'].includes(style.overflowX) || style.textOverflow === 'ellipsis';
    if (clips && el.scrollWidth > el.clientWidth + 1) problems.push(`clipped text: ${el.tagName} “${el.innerText.slice(0, 30)}”`);
  }
  return problems.slice(0, 5);
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


def site_pages_only(site_pages):
    """The public site's pages (the admin has Django's own look)."""
    return [site_page for site_page in site_pages if not site_page.is_admin]


def test_the_stylesheet_loads_and_applies_without_console_errors(visitor, site_pages, editor_login):
    failures = {}
    console_errors = {}

    def listen(page):
        # Every new tab is heard from its first load (a reload to hear it cost a second load).
        errors = console_errors.setdefault(page, [])
        page.on("console", lambda message: message.type == "error" and errors.append(message.text))

    visitor.on("page", listen)
    for site_page, page, _ in support.each_page(visitor, site_pages, editor_login):
        errors = console_errors[page]
        if not site_page.is_admin:
            styles = page.evaluate(
                "() => ({font: getComputedStyle(document.body).fontSize,"
                " header: getComputedStyle(document.querySelector('.site-header')).backgroundColor,"
                " sheets: [...document.styleSheets].map(s => s.cssRules.length)})"
            )
            if (
                styles["font"] != "18px"
                or styles["header"] != "rgb(20, 49, 92)"
                or not all(styles["sheets"])
            ):
                failures[site_page.name] = f"site.css not applied: {styles}"
        # Refused inline code or styles (CSP) and failed loads show up as console errors.
        # A page meant to answer an error status logs that status as a failed load; nothing else.
        errors = [e for e in errors if f"status of {site_page.status} " not in e]
        if errors:
            failures.setdefault(site_page.name, errors)
    assert not failures, support.report(failures)


@pytest.mark.parametrize("viewport", [NARROW, ZOOMED_400], ids=["320px", "1280px-at-400%"])
def test_pages_reflow_without_sideways_scrolling_or_clipped_text(
    chromium, live_server, site_pages, editor_login, viewport
):
    context = chromium.new_context(base_url=live_server.url, viewport=viewport)
    failures = {}
    for site_page, page, _ in support.each_page(context, site_pages, editor_login):
        problems = page.evaluate(OVERFLOW)
        if problems:
            failures[site_page.name] = problems
    context.close()
    assert not failures, support.report(failures)


def test_body_text_contrast_is_at_least_4_5_to_1(visitor, site_pages, editor_login):
    failures = {}
    for site_page, page, _ in support.each_page(visitor, site_pages_only(site_pages), editor_login):
        result = page.evaluate(CONTRAST)
        if not result["checked"] or result["worst"]:
            failures[site_page.name] = result
    assert not failures, support.report(failures)


def test_landmarks_and_one_h1_with_no_skipped_heading_levels(visitor, site_pages, editor_login):
    failures = {}
    for site_page, page, _ in support.each_page(visitor, site_pages, editor_login):
        found = page.evaluate(STRUCTURE)
        problems = [
            f"{found[name]} {name} landmarks"
            for name in ("banner", "main", "contentinfo")
            if found[name] != 1
        ]
        if not found["navigation"] and site_page.name != "admin-sign-in":
            problems.append("no navigation landmark")
        if found["h1"] != 1:
            problems.append(f"{found['h1']} h1 elements")
        if found["first"] != 1 and not site_page.is_admin:
            problems.append(f"the first heading is h{found['first']}")
        if found["skipped"]:
            problems.append(f"heading levels skipped to {found['skipped']}")
        if problems:
            failures[site_page.name] = problems
    assert not failures, support.report(failures)


def test_forced_colours_keep_focus_and_borders_visible(chromium, live_server, site_pages):
    context = chromium.new_context(base_url=live_server.url, forced_colors="active")
    failures = {}
    for site_page, page, _ in support.each_page(context, site_pages_only(site_pages), None):
        active = page.evaluate("() => matchMedia('(forced-colors: active)').matches")
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        focus = page.evaluate(
            "() => { const s = getComputedStyle(document.activeElement);"
            " return {style: s.outlineStyle, width: parseFloat(s.outlineWidth)}; }"
        )
        if not active or focus["style"] == "none" or focus["width"] < 2:
            failures[site_page.name] = f"forced colours {active}, focus outline {focus}"
        status = page.query_selector(".status")
        if status and status.evaluate("el => getComputedStyle(el).borderLeftStyle") == "none":
            failures[site_page.name] = "the status box loses its border"
    context.close()
    assert not failures, support.report(failures)


def test_reduced_motion_turns_off_animation_and_smooth_scrolling(
    chromium, live_server, site_pages, editor_login
):
    context = chromium.new_context(base_url=live_server.url, reduced_motion="reduce")
    failures = {}
    for site_page, page, _ in support.each_page(context, site_pages, editor_login):
        moving = page.evaluate(
            "() => matchMedia('(prefers-reduced-motion: reduce)').matches && [...document.querySelectorAll('*')]"
            ".filter(el => { const s = getComputedStyle(el);"
            " return s.animationName !== 'none' || parseFloat(s.transitionDuration) > 0"
            " || s.scrollBehavior === 'smooth'; }).map(el => el.tagName)"
        )
        if moving is False or moving:
            failures[site_page.name] = f"still moving: {moving}"
    context.close()
    assert not failures, support.report(failures)


def test_print_shows_the_promises_without_navigation(visitor, site_pages):
    period_pages = [p for p in site_pages if p.name in ("start", "period", "promise", "partner")]
    failures = {}
    for site_page, page, _ in support.each_page(visitor, period_pages, None):
        page.emulate_media(media="print")
        shown = page.evaluate(
            "() => Object.fromEntries(['.site-header', '.site-nav', '.site-footer', '.breadcrumbs', '.skip-link', 'main h1']"
            ".map(sel => [sel, [...document.querySelectorAll(sel)].some(el => el.getClientRects().length > 0)]))"
        )
        promises = page.evaluate(
            "() => [...document.querySelectorAll('main li a[href*=\"/loften/\"], .promise__text')]"
            ".filter(el => el.getClientRects().length > 0).length"
        )
        chrome = [sel for sel, visible in shown.items() if visible and sel != "main h1"]
        if chrome or not shown["main h1"] or not promises:
            failures[site_page.name] = {"chrome shown": chrome, "promises shown": promises}
        pdf = page.pdf()
        if not pdf.startswith(b"%PDF"):
            failures[site_page.name] = "no PDF"
    assert not failures, support.report(failures)


@pytest.mark.parametrize("width", [375, 1280])
def test_screenshots_of_every_page_type(chromium, live_server, site_pages, editor_login, width):
    support.SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = chromium.new_context(
        base_url=live_server.url, viewport={"width": width, "height": 900}
    )
    written = []
    for site_page, page, _ in support.each_page(context, site_pages, editor_login):
        path = support.SCREENSHOTS / f"{site_page.name}-{width}.png"
        page.screenshot(path=path, full_page=True)
        written.append(path)
    context.close()
    assert all(path.stat().st_size > 5_000 for path in written)
