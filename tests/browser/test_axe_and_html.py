"""Automated WCAG 2.1 A/AA checks (axe-core) and HTML validity (the Nu Html Checker)."""

import json
import subprocess

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
    checker = support.vnu_command()
    files = {}
    for site_page, _, response in support.each_page(visitor, site_pages, editor_login):
        # The HTML as the server sent it, not the browser's repaired DOM.
        path = tmp_path / f"{site_page.name}.html"
        path.write_bytes(response.body())
        files[str(path)] = site_page.name
    # One JVM for all pages: starting Java is the slow part.
    result = subprocess.run(
        [*checker, "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    failures = {}
    for message in messages:
        name = files.get(message.get("url", "").removeprefix("file:"), message.get("url"))
        failures.setdefault(name, []).append(
            f"line {message.get('lastLine')}: {message['message']}"
        )
    assert not failures, support.report(failures)
    assert result.returncode == 0
