"""Automated WCAG 2.1 A/AA checks (axe-core) and HTML validity (the Nu Html Checker)."""

from . import support

pytestmark = support.pytestmark

AXE_RUN = """async (tags) => {
  const results = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  return results.violations.map(v => ({
    rule: v.id, impact: v.impact, help: v.help,
    where: v.nodes.slice(0, 3).map(n => n.target.join(" ")),
  }));
}"""


def test_axe_finds_no_violations_on_any_page(auditor, site_pages, editor_login):
    axe = support.axe_script()
    failures, checked = {}, 0
    for site_page, page, _ in support.each_page(auditor, site_pages, editor_login):
        page.add_script_tag(content=axe)
        violations = page.evaluate(AXE_RUN, support.AXE_TAGS)
        checked += 1
        if violations:
            failures[site_page.name] = violations
    assert checked == len(site_pages)
    assert not failures, support.report(failures)


def test_axe_finds_no_violations_in_a_form_with_errors(auditor):
    page = auditor.new_page()
    page.goto("/tillganglighet/rapportera/")
    page.get_by_role("button", name="Skicka").click()
    page.wait_for_selector(".error-summary")
    page.add_script_tag(content=support.axe_script())
    assert page.evaluate(AXE_RUN, support.AXE_TAGS) == []


def test_axe_finds_no_violations_in_the_subscribe_form_with_errors(auditor):
    page = auditor.new_page()
    page.goto("/bevaka/period/2023-2024/")
    page.get_by_role("button", name="Bevaka").click()
    page.wait_for_selector(".error-summary")
    page.add_script_tag(content=support.axe_script())
    assert page.evaluate(AXE_RUN, support.AXE_TAGS) == []


def test_every_page_is_valid_html(visitor, site_pages, editor_login, tmp_path):
    failures, status = support.served_html_errors(visitor, site_pages, editor_login, tmp_path)
    assert not failures, support.report(failures)
    assert status == 0
