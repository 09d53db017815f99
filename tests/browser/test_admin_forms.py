"""The admin's forms in a real browser: the error summary's links move focus to the field in
error, and a form with errors has no axe violations."""

from . import support

pytestmark = support.pytestmark


def test_following_the_error_summary_link_focuses_the_field(auditor, editor_login):
    editor_login(auditor)
    page = auditor.new_page()
    page.goto("/admin/promises/followup/add/")
    # Nothing filled in: the date, the status and the text are required.
    page.get_by_role("button", name="Spara utkast").click()
    page.wait_for_selector("#error-summary")
    assert page.title().startswith("Fel:")
    links = page.locator("#error-summary a")
    assert links.count() >= 2
    for number in range(links.count()):
        link = links.nth(number)
        anchor = link.get_attribute("href").removeprefix("#")
        link.focus()
        page.keyboard.press("Enter")
        focused = page.evaluate("document.activeElement.id")
        assert focused == anchor, (anchor, focused)
        page.locator("#error-summary").scroll_into_view_if_needed()

    page.add_script_tag(content=support.axe_script())
    assert page.evaluate(support.AXE_RUN, support.AXE_TAGS) == []
