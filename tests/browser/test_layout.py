"""Narrow screens and zoom: every page reflows at 320 px and at 400 % zoom without sideways
scrolling or clipped text, with a screenshot of each at 320 px. (Styles, contrast, landmarks,
motion, print and forced colours: test_every_page.py.)"""

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
    if (box.right > root.clientWidth + 1 && !scrollsItself(el) && !el.closest('svg')) problems.push(`text past the right edge: ${el.tagName} “${el.innerText.slice(0, 30)}”`);
    // Right to left (Arabic), text overflows on the left. A chart's labels are clipped by its svg.
    if (box.left < -1 && !scrollsItself(el) && !el.closest('svg')) problems.push(`text past the left edge: ${el.tagName} “${el.innerText.slice(0, 30)}”`);
    const clips = ['hidden', 'clip'].includes(style.overflowX) || style.textOverflow === 'ellipsis';
    if (clips && el.scrollWidth > el.clientWidth + 1) problems.push(`clipped text: ${el.tagName} “${el.innerText.slice(0, 30)}”`);
  }
  return problems.slice(0, 5);
}"""


@pytest.mark.parametrize("viewport", [NARROW, ZOOMED_400], ids=["320px", "1280px-at-400%"])
def test_pages_reflow_without_sideways_scrolling_or_clipped_text(
    chromium, live_server, site_pages, editor_login, viewport
):
    # The other languages' pages reflow like the Swedish ones (the same templates); Arabic,
    # laid out right to left, is checked at 320 px, English only through its pages in the tour.
    site_pages = [
        site_page
        for site_page in site_pages
        if not site_page.name.endswith("-en")
        and (viewport is NARROW or not site_page.name.endswith("-ar"))
    ]
    context = chromium.new_context(base_url=live_server.url, viewport=viewport)
    failures = {}
    shots = []
    for site_page, page, _ in support.each_page(context, site_pages, editor_login):
        problems = page.evaluate(OVERFLOW)
        if problems:
            failures[site_page.name] = problems
        if viewport is NARROW:
            # For people reviewing the design (test-artifacts/screenshots/, not committed).
            support.SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            shots.append(support.SCREENSHOTS / f"{site_page.name}-320.png")
            page.screenshot(path=shots[-1], full_page=True)
    context.close()
    assert not failures, support.report(failures)
    assert all(path.stat().st_size > 2_000 for path in shots)
