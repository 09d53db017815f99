"""axe-core on forms showing their errors (every page type: test_every_page.py)."""

from . import support

pytestmark = support.pytestmark


def test_axe_finds_no_violations_in_a_form_with_errors(auditor):
    page = auditor.new_page()
    page.goto("/tillganglighet/rapportera/")
    page.get_by_role("button", name="Skicka").click()
    page.wait_for_selector(".error-summary")
    page.add_script_tag(content=support.axe_script())
    assert page.evaluate(support.AXE_RUN, support.AXE_TAGS) == []


def test_axe_finds_no_violations_in_the_subscribe_form_with_errors(auditor):
    page = auditor.new_page()
    page.goto("/bevaka/period/2023-2024/")
    page.get_by_role("button", name="Bevaka").click()
    page.wait_for_selector(".error-summary")
    page.add_script_tag(content=support.axe_script())
    assert page.evaluate(support.AXE_RUN, support.AXE_TAGS) == []
