"""Every edit reaches every visitor at once, whichever process or machine answers.

Two gunicorn instances of two workers each, on one database, started as `make serve` starts
them (tests/support/servers.py): with no CACHE_URL (each process has its own cache) and with a
shared Redis. An editor works in the admin of the first instance over HTTP, through the admin's real
forms and buttons; then every worker of both instances is asked, each in turn while the other
worker is kept busy, so none can be skipped. Before each change every worker has stored the
old page, so a worker that missed the change would show it.
"""

import re
import time
from urllib.parse import quote

import pytest

from promises.public import report_guard

from ..support.html import form_data, visible_text
from ..support.servers import (
    ADMIN_PASSWORD,
    ADMIN_USER,
    Browser,
    each_worker,
    every_worker,
)

pytestmark = pytest.mark.multiprocess

ENCODINGS = ("gzip", "")  # what browsers send, and a client without compression
AT_LEAST = 50


class Editor:
    """A signed-in editor using the admin of one instance, as in a browser."""

    def __init__(self, instance):
        self.browser = Browser(instance)
        login = self.browser.get("/admin/login/")
        data = form_data(login.text, "login-form")
        data.update(username=ADMIN_USER, password=ADMIN_PASSWORD)
        answer = self.browser.post("/admin/login/?next=/admin/", data)
        assert answer.status == 302, visible_text(answer.text)[:500]

    def submit(self, path, form_id, **changes):
        """Fetch the page, post back every field of the form as served, with `changes`."""
        page = self.browser.get(path)
        assert page.status == 200, path
        data = form_data(page.text, form_id)
        data.update(changes)
        answer = self.browser.post(form_action(page.text, form_id) or path, data)
        assert answer.status == 302, visible_text(answer.text)[:2000]
        return answer

    def change_page(self, model, name) -> str:
        """The change form's address of the one object whose name in the list contains `name`."""
        changelist = self.browser.get(f"/admin/promises/{model}/?q={quote(name)}").text
        links = re.findall(
            rf'href="(/admin/promises/{model}/\d+/change/)[^"]*">([^<]*)</a>', changelist
        )
        found = {path for path, label in links if name in label}
        assert len(found) == 1, links
        return found.pop()


def form_action(html, form_id):
    for tag in re.findall(r"<form\b[^>]*>", html):
        if form_id and f'id="{form_id}"' in tag and (action := re.search(r'action="([^"]+)"', tag)):
            return action.group(1)
    return None


@pytest.fixture(scope="module")
def editor(site_servers):
    return Editor(site_servers.first)


def ask_every_worker(site, pages, expect, repeats=1) -> int:
    """Anonymous GETs of `pages` from every worker of every instance, new connection each.

    `expect(path, answer)` checks each answer. Returns how many answers were checked.
    """
    checked = 0
    for instance, _turn in every_worker(site):
        for _ in range(repeats):
            for path in pages:
                for encoding in ENCODINGS:
                    answer = Browser(instance).get(path, {"Accept-Encoding": encoding})
                    expect(path, answer)
                    checked += 1
    return checked


def text_for(path, text):
    """`text`, or `text[path]` when each page shows the thing its own way."""
    return text[path] if isinstance(text, dict) else text


def shows(text):
    def expect(path, answer):
        assert answer.status == 200, path
        assert text_for(path, text) in visible_text(answer.text), f"{path} lacks {text!r}"

    return expect


def lacks(text):
    def expect(path, answer):
        assert answer.status in (200, 404), path
        assert text_for(path, text) not in visible_text(answer.text), f"{path} shows {text!r}"

    return expect


def before_and_after(site, pages, before, change, after):
    """Every worker stores the old pages, `change()` runs, every answer after it is new."""
    ask_every_worker(site, pages, before)
    change()
    checked = ask_every_worker(site, pages, after, repeats=3)
    assert checked >= AT_LEAST


POLICE_PAGES = ["/", "/medborgarloften/2023-2024/", "/loften/?givare=polisen"]
MUNICIPAL_PAGES = ["/", "/medborgarloften/2023-2024/", "/loften/?givare=kommunerna"]


def test_an_edit_reaches_every_worker_of_every_instance(site_servers, editor):
    old = "Fokusera och prioritera särskilt utsatta brottsoffer."
    new = f"Fokusera på brottsoffer – ändrad över HTTP ({site_servers.cache})."
    page = editor.change_page("promise", old)

    def edit():
        editor.submit(page, "promise_form", text=new)

    before_and_after(site_servers, POLICE_PAGES, shows(old), edit, shows(new))


def test_a_restored_version_reaches_every_worker(site_servers, editor):
    seeded = "Genomföra tidiga föräldrastärkande insatser."
    edited = "Genomföra insatser för föräldrar – en lydelse som ska bort igen."
    page = editor.change_page("promise", seeded)
    editor.submit(page, "promise_form", text=edited)
    history = editor.browser.get(page.replace("/change/", "/history/")).text
    # The newest entry is the edit; the seeded wording is the oldest, listed last.
    restore = re.findall(r'href="(/admin/promises/promise/\d+/history/\d+/)"', history)[-1]

    def restore_seeded_wording():
        editor.submit(restore, "promise_form")

    before_and_after(
        site_servers, MUNICIPAL_PAGES, shows(edited), restore_seeded_wording, shows(seeded)
    )


def test_a_delete_reaches_every_worker(site_servers, editor):
    text = "Arbeta med trygghets och säkerhetsfrågor i skolmiljö."
    page = editor.change_page("promise", text)

    def delete():
        editor.submit(page.replace("/change/", "/delete/"), None)

    before_and_after(site_servers, MUNICIPAL_PAGES, shows(text), delete, lacks(text))


def test_publishing_and_unpublishing_reach_every_worker(site_servers, editor):
    title = f"Medborgarlöfte för prov ({site_servers.cache})"
    slug = "prov-" + ("redis" if "Redis" in site_servers.cache else "standard")
    editor.submit(
        "/admin/promises/promiseperiod/add/",
        "promiseperiod_form",
        title=title,
        slug=slug,
        starts_on="2031-01-01",
        ends_on="2032-12-31",
    )
    page = editor.change_page("promiseperiod", title)
    period = {
        "/medborgarloften/": title,
        f"/medborgarloften/{slug}/": title,
        "/sitemap-perioder.xml": f"/medborgarloften/{slug}/",
    }
    pages = list(period)

    def press(button):
        def action():
            editor.submit(page, button)

        return action

    before_and_after(site_servers, pages, lacks(period), press("publish-form"), shows(period))
    before_and_after(site_servers, pages, shows(period), press("unpublish-form"), lacks(period))


def test_a_look_alike_encoding_cannot_take_the_place_of_gzip(site_servers):
    checked = 0
    for instance, _turn in every_worker(site_servers):
        # With its own cache (the default), each worker is first asked by the look-alike.
        path = "/loften/?status=no_follow_up&period=2023-2024"
        look_alike = Browser(instance).get(path, {"Accept-Encoding": "xgzip"})
        assert look_alike.status == 200
        assert look_alike.header("Content-Encoding") == ""
        for _ in range(3):
            answer = Browser(instance).request("GET", path, headers={"Accept-Encoding": "gzip"})
            assert answer.status == 200
            assert answer.header("Content-Encoding") == "gzip"
            assert "Accept-Encoding" in answer.header("Vary")
            assert answer.body == look_alike.body  # Browser has unpacked it
            checked += 1
    assert checked >= 2 * 2 * 3


def report_form(instance) -> str:
    page = Browser(instance).get("/tillganglighet/rapportera/")
    assert page.status == 200
    return form_data(page.text, "rapportformular")


def stored_reports(site, message) -> int:
    return site.database.count("promises_accessibilityreport", "message", message)


def send_report(instance, form, message):
    return Browser(instance).post("/tillganglighet/rapportera/", {**form, "message": message})


def test_report_limits_hold_across_workers_and_instances(site_servers):
    site = site_servers
    # The limits count per clock hour: do not start in the last seconds of one.
    seconds_left = report_guard.HOUR - time.time() % report_guard.HOUR
    if seconds_left < 30:
        time.sleep(seconds_left + 1)
    first, second = site.instances
    forms = [
        report_form(first if n % 2 else second) for n in range(report_guard.REPORTS_PER_HOUR + 1)
    ]
    # One wait for all the forms: a person needs a few seconds to fill one in.
    time.sleep(report_guard.MIN_SECONDS_TO_FILL + 0.5)

    message = f"Rapport över HTTP ({site.cache})"
    # A token is used once: replayed on the other instance, it is thanked but stores nothing.
    assert send_report(first, forms[0], message).status == 302
    assert send_report(second, forms[0], message).status == 302
    assert stored_reports(site, message) == 1
    # The rest of this address's hour, spread over both instances.
    for number, form in enumerate(forms[1 : report_guard.REPORTS_PER_HOUR], start=1):
        answer = send_report(site.instances[number % 2], form, message)
        assert answer.status == 302
    assert stored_reports(site, message) == report_guard.REPORTS_PER_HOUR

    # The sixth report is refused whichever worker of whichever instance answers.
    sixth = forms[report_guard.REPORTS_PER_HOUR]
    refused = 0
    for instance in site.instances:
        for _turn in each_worker(instance):
            answer = send_report(instance, sixth, message)
            assert answer.status == 429
            assert "Många meddelanden" in visible_text(answer.text)
            refused += 1
    assert refused == 4
    assert stored_reports(site, message) == report_guard.REPORTS_PER_HOUR
