"""Phones at 320 and 390 px (issue 22, items 2, 3, 4 and 11): tables keep their key column in
sight, the indicator's summary and chart are visible and readable, and the pages changed for
this are clean in axe-core and the Nu Html Checker."""

import pytest

from promises.models import Partner, PromisePeriod

from . import support

pytestmark = support.pytestmark

WIDTHS = [320, 390]

# Each table's cells: the first cell of every row must lie inside the viewport and be painted;
# no cell may reach past the right edge (a stacked row never needs sideways scrolling).
TABLE_CELLS = """() => {
  const width = document.documentElement.clientWidth;
  const problems = [];
  const tables = [...document.querySelectorAll('main table')];
  for (const table of tables) {
    const name = (table.caption && table.caption.innerText.trim()) || table.className;
    for (const row of table.querySelectorAll('tbody tr, tfoot tr')) {
      const first = row.cells[0];
      const box = first.getBoundingClientRect();
      if (first.getClientRects().length === 0 || box.width < 1) problems.push(`${name}: first cell not shown “${first.innerText.slice(0, 30)}”`);
      else if (box.left < -1 || box.right > width + 1) problems.push(`${name}: first cell outside 0–${width}px (${Math.round(box.left)}–${Math.round(box.right)}) “${first.innerText.slice(0, 30)}”`);
      for (const cell of row.cells) {
        const r = cell.getBoundingClientRect();
        if (cell.getClientRects().length && r.right > width + 1) problems.push(`${name}: cell past the right edge “${cell.innerText.slice(0, 30)}”`);
      }
    }
  }
  return {tables: tables.length, problems: problems.slice(0, 8)};
}"""

CHART = """() => {
  const width = document.documentElement.clientWidth;
  const summary = document.querySelector('.indicator .indicator-summary');
  const svg = document.querySelector('.indicator-chart svg');
  const label = svg && svg.querySelector('.chart__label');
  const top = document.querySelector('.indicator-summaries');
  const actions = document.getElementById('atgarder');
  const box = el => el.getBoundingClientRect();
  const scale = svg ? box(svg).width / svg.viewBox.baseVal.width : 0;
  return {
    summaryShown: !!summary && summary.getClientRects().length > 0 && box(summary).right <= width + 1,
    summaryText: summary ? summary.innerText : '',
    summaryBeforeChart: !!(summary && svg) && box(summary).bottom <= box(svg).top,
    chartWidth: svg ? Math.round(box(svg).width) : 0,
    chartInside: !!svg && box(svg).left >= 0 && box(svg).right <= width + 1,
    labelPx: label ? parseFloat(getComputedStyle(label).fontSize) * scale : 0,
    legend: [...document.querySelectorAll('.chart-legend li')].map(li => li.innerText.trim()),
    // What a phone shows of each stacked row: each cell's generated label, then its text.
    rows: [...document.querySelectorAll('.indicator-table tbody tr')].map(tr => [...tr.cells]
      .filter(cell => getComputedStyle(cell).display !== 'none')
      .map(cell => { const label = getComputedStyle(cell, '::before').content;
        return (label && label !== 'none' ? JSON.parse(label) : '') + cell.innerText.trim(); })
      .join(' | ')),
    topSummaryAboveActions: !!(top && actions) && box(top).bottom < box(actions).top,
  };
}"""


@pytest.fixture
def narrow_pages(editor_login):
    """The pages this work changed, with an indicator on the promise and a partner with a
    website, as a resident would meet them."""
    period = PromisePeriod.objects.get(slug="2023-2024")
    promise = period.promises.order_by("order", "pk").first()
    support.actions_and_indicators(promise)
    Partner.objects.filter(slug="tjorns-kommun").update(website="https://example.se/tjorn")
    plan = f"{period.get_absolute_url()}atgardsplan/"
    tjorn = Partner.objects.get(slug="tjorns-kommun")
    return [
        support.SitePage("start", "/"),
        support.SitePage("promise", promise.get_absolute_url()),
        support.SitePage("action-plan", plan),
        support.SitePage("contact", "/kontakt-och-delta/"),
        support.SitePage("open-data", "/oppna-data/"),
        support.SitePage("admin-start", "/admin/", for_editors=True),
        support.SitePage(
            "admin-partner", f"/admin/promises/partner/{tjorn.pk}/change/", for_editors=True
        ),
    ]


def public(pages):
    return [page for page in pages if page.is_public]


@pytest.mark.parametrize("width", WIDTHS)
def test_no_table_hides_its_key_column(chromium, live_server, narrow_pages, width):
    context = chromium.new_context(
        base_url=live_server.url, viewport={"width": width, "height": 800}, locale="sv-SE"
    )
    failures, tables = {}, 0
    for site_page, page, _ in support.each_page(context, public(narrow_pages), None):
        found = page.evaluate(TABLE_CELLS)
        tables += found["tables"]
        first_table = page.locator("main table").first
        if found["tables"]:
            support.SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            first_table.screenshot(
                path=support.SCREENSHOTS / f"narrow-table-{site_page.name}-{width}.png"
            )
        if found["problems"]:
            failures[site_page.name] = found["problems"]
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if overflow > 0:
            failures.setdefault(site_page.name, []).append(f"page scrolls sideways {overflow}px")
    context.close()
    assert tables >= 3  # the overview, the plan's tables and the indicator's table were seen
    assert not failures, support.report(failures)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_indicator_summary_and_chart_are_visible_and_readable(
    chromium, live_server, narrow_pages, width
):
    context = chromium.new_context(
        base_url=live_server.url, viewport={"width": width, "height": 800}, locale="sv-SE"
    )
    promise = next(page for page in narrow_pages if page.name == "promise")
    page, _ = support.visit(context, promise)
    found = page.evaluate(CHART)
    if width == 390:
        support.SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.locator("section.indicators").screenshot(
            path=support.SCREENSHOTS / "narrow-indicator-390.png"
        )
        page.screenshot(path=support.SCREENSHOTS / "narrow-promise-390.png", full_page=True)
    context.close()
    assert found["summaryShown"], found
    assert found["summaryText"].startswith("Från 0 (jan 2024) till 11 (aug 2024)"), found
    assert found["summaryBeforeChart"], found
    assert found["chartInside"] and found["chartWidth"] >= width - 40, found
    assert found["labelPx"] >= 14, found  # the axis labels, as drawn on this screen
    assert found["legend"] == ["Mätningar", "Väg till målet", "Mål"], found
    assert found["topSummaryAboveActions"], found
    # Stacked rows: each led by its kind, each figure labelled, no empty "Källa:".
    assert found["rows"][0] == "Utgångsvärde | Datum: 1 jan 2024 | Värde (antal): 0", found
    assert found["rows"][-1] == "Mål | Datum: 31 dec 2024 | Värde (antal): 6", found


@pytest.mark.parametrize("width", WIDTHS)
def test_axe_finds_nothing_on_the_changed_pages_on_a_phone(
    chromium, live_server, narrow_pages, editor_login, width
):
    axe = support.AXE_SCRIPT.read_text(encoding="utf-8")
    context = chromium.new_context(
        base_url=live_server.url,
        viewport={"width": width, "height": 800},
        locale="sv-SE",
        bypass_csp=True,
    )
    failures = {}
    for site_page, page, _ in support.each_page(context, narrow_pages, editor_login):
        page.add_script_tag(content=axe)
        violations = page.evaluate(support.AXE_RUN, support.AXE_TAGS)
        if violations:
            failures[site_page.name] = violations
    context.close()
    assert not failures, support.report(failures)


def test_the_changed_pages_are_valid_html(visitor, narrow_pages, editor_login, tmp_path):
    failures, status = support.served_html_errors(visitor, narrow_pages, editor_login, tmp_path)
    assert not failures, support.report(failures)
    assert status == 0
