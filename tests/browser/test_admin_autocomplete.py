"""The admin's search fields for site administrators of a register (Django's autocomplete,
promises/admin/widgets.py) work under the admin's own Content Security Policy: the scripts
are the admin's own static files, and nothing is refused."""

from ..support.areas import NORTH, make_area
from . import support

pytestmark = support.pytestmark

# Every CSP refusal on the page, as the browser reports it to the page itself.
WATCH_CSP = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


def test_a_site_administrator_finds_a_promise_by_searching(chromium, live_server, editor_login):
    north = make_area(NORTH)  # a second area: the site is a register
    promise = north.periods.get().promises.get(order=1)
    # A context as an editor's browser has it: the CSP enforced (no bypass).
    context = chromium.new_context(base_url=live_server.url, locale="sv-SE")
    try:
        editor_login(context)
        page = context.new_page()
        page.add_init_script(WATCH_CSP)
        console_errors = []
        page.on(
            "console", lambda message: message.type == "error" and console_errors.append(message)
        )
        page.goto("/admin/promises/followup/add/")
        page.locator("#id_promise + .select2 .select2-selection").click()
        page.locator(".select2-search__field").fill("Påhittat löfte 1 Testområde Norr")
        option = page.locator(".select2-results__option", has_text="Testområde Norr")
        option.first.wait_for()
        assert "1. Påhittat löfte 1 i Testområde Norr." in option.first.inner_text()
        option.first.click()
        assert page.locator("#id_promise").input_value() == str(promise.pk)
        assert page.evaluate("window.cspViolations") == []
        assert [message.text for message in console_errors] == []
    finally:
        context.close()


def test_the_search_fields_have_no_axe_violations(auditor, editor_login):
    """select2 names its box by the chosen value only: autocomplete-label.js adds the label."""
    make_area(NORTH)
    editor_login(auditor)
    page = auditor.new_page()
    page.goto("/admin/promises/followup/add/")
    page.locator("#id_promise + .select2 .select2-selection").wait_for()
    page.add_script_tag(content=support.axe_script())
    assert page.evaluate(support.AXE_RUN, support.AXE_TAGS) == []
