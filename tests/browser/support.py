"""What the browser tests share: which pages to visit, and how to visit them."""

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from promises.models import PromisePeriod

from ..support.services import requires, requires_file

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_SCRIPT = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = REPO_ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SCREENSHOTS = REPO_ROOT / "test-artifacts" / "screenshots"
EDITOR_PASSWORD = "ett-långt-lösenord-för-tester"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
# Run after axe-core is on the page: its violations of AXE_TAGS, briefly.
AXE_RUN = """async (tags) => {
  const results = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  return results.violations.map(v => ({
    rule: v.id, impact: v.impact, help: v.help,
    where: v.nodes.slice(0, 3).map(n => n.target.join(" ")),
  }));
}"""


def axe_script() -> str:
    """axe-core's script, installed by `npm ci` (a skip naming it where it is missing)."""
    return requires_file("axe-core", AXE_SCRIPT).read_text(encoding="utf-8")


def vnu_command() -> list[str]:
    """The Nu Html Checker: the jar from `npm ci`, run by Java."""
    requires_file("vnu-jar", VNU_JAR)
    return [requires("java"), "-jar", str(VNU_JAR)]


def vnu_errors(files: dict[str, str]) -> tuple[dict[str, list[str]], int]:
    """The Nu Html Checker's errors in `files` (path -> name), by name, and its exit status.

    One JVM for all files: starting Java is the slow part."""
    result = subprocess.run(
        [*vnu_command(), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    failures = {}
    for message in json.loads(result.stderr or result.stdout)["messages"]:
        name = files.get(message.get("url", "").removeprefix("file:"), message.get("url"))
        failures.setdefault(name, []).append(
            f"line {message.get('lastLine')}: {message['message']}"
        )
    return failures, result.returncode


def served_html_errors(visitor, pages, editor_login, folder: Path):
    """`vnu_errors` of each page's HTML as the server sent it, not the browser's repaired DOM."""
    files = {}
    for site_page, _, response in each_page(visitor, pages, editor_login):
        path = folder / f"{site_page.name}.html"
        path.write_bytes(response.body())
        files[str(path)] = site_page.name
    return vnu_errors(files)


# Browser tests flush the database after each test; serialized rollback puts the seed back.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@dataclass(frozen=True)
class SitePage:
    name: str
    path: str
    status: int = 200
    for_editors: bool = False

    @property
    def is_public(self):
        return not self.for_editors

    @property
    def is_admin(self):
        return self.path.startswith("/admin/")


def actions_and_indicators(promise):
    """Test data (never in the seed): a published action with a note and an indicator with
    measurements on the promise, so its page shows the actions and a chart with its table."""
    import datetime

    from promises.models import Action, ActionNote, Indicator, IndicatorValue, Partner

    if Action.objects.filter(key="browser-test").exists():
        return
    police = Partner.objects.get(slug="lokalpolisomrade-sodra-fyrbodal")
    action = Action.objects.create(
        promise=promise,
        responsible=police,
        key="browser-test",
        title="Teståtgärd för webbläsartesterna.",
        goal="Minst sex insatser.",
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2024, 12, 31),
        contact="Kommunpolisen, test@example.se",
        status="gul",
        progress=40,
        is_published=True,
    )
    ActionNote.objects.create(
        action=action,
        noted_on=datetime.date(2024, 3, 1),
        text="Påbörjad.",
        source_title="Testkälla",
        source_url="https://example.se/kalla",
    )
    indicator = Indicator.objects.create(
        promise=promise,
        name="Testindikator",
        unit="antal",
        baseline_value=0,
        baseline_on=datetime.date(2024, 1, 1),
        target_value=6,
        target_on=datetime.date(2024, 12, 31),
        direction="oka",
        is_published=True,
    )
    for day, value in ((datetime.date(2024, 3, 31), 2), (datetime.date(2024, 8, 31), 11)):
        IndicatorValue.objects.create(
            indicator=indicator, measured_on=day, value=value, source_title="Testkälla"
        )


def page_types() -> list[SitePage]:
    """One page of every kind a visitor or an editor meets."""
    period = PromisePeriod.objects.get(slug="2023-2024")
    promise = period.promises.order_by("order", "pk").first()
    actions_and_indicators(promise)
    plan = f"{period.get_absolute_url()}atgardsplan/"
    swedish = [
        SitePage("start", "/"),
        SitePage("periods", "/medborgarloften/"),
        SitePage("period", period.get_absolute_url()),
        SitePage("promise", promise.get_absolute_url()),
        SitePage("action-plan", plan),
        SitePage("action-plan-filtered", f"{plan}?ansvarig=lokalpolisomrade-sodra-fyrbodal"),
        SitePage("action-plan-bad-filter", f"{plan}?status=bla", status=400),
        SitePage("partners", "/parter/"),
        SitePage("partner", "/parter/orust-kommun/"),
        SitePage("follow-up-method", "/sa-foljer-vi-upp/"),
        SitePage("promise-list", "/loften/"),
        SitePage("promise-list-filtered", "/loften/?givare=polisen&status=no_follow_up"),
        SitePage("promise-list-bad-filter", "/loften/?givare=ingen", status=400),
        SitePage("search", "/sok/?q=trafiks%C3%A4kerheten"),
        SitePage("search-wide", "/sok/?q=Tj%C3%B6rn"),
        SitePage("search-no-hits", "/sok/?q=xyzzyq"),
        SitePage("contact", "/kontakt-och-delta/"),
        SitePage("open-data", "/oppna-data/"),
        SitePage("accessibility", "/tillganglighet/"),
        SitePage("report-form", "/tillganglighet/rapportera/"),
        SitePage("report-sent", "/tillganglighet/rapportera/tack/"),
        SitePage("glossary", "/ordlista/"),
        SitePage("easy-read", "/lattlast/"),
        SitePage("easy-read-follow-up", "/lattlast/uppfoljning/"),
        SitePage("easy-read-contact", "/lattlast/kontakt/"),
        SitePage("easy-read-area", "/lattlast/omraden/sodra-fyrbodal/"),
        SitePage("easy-read-area-contact", "/lattlast/omraden/sodra-fyrbodal/kontakt/"),
        SitePage("alerts-subscribe", f"/bevaka/lofte/{promise.pk}/"),
        SitePage("alerts-sent", "/bevaka/skickat/"),
        SitePage("alerts-unsubscribe", f"/bevaka/avsluta/{'0' * 32}/"),
        SitePage("alerts-link-broken", "/bevaka/bekrafta/inte-en-nyckel/", status=400),
        SitePage("not-found", "/finns-inte/", status=404),
    ]
    return (
        swedish
        + in_other_languages(swedish)
        + [
            SitePage("admin-sign-in", "/admin/login/"),
            SitePage("admin-start", "/admin/", for_editors=True),
            SitePage("admin-list", "/admin/promises/promiseperiod/", for_editors=True),
            SitePage(
                "admin-promise-change",
                f"/admin/promises/promise/{promise.pk}/change/",
                for_editors=True,
            ),
            SitePage(
                "admin-change",
                f"/admin/promises/promiseperiod/{period.pk}/change/",
                for_editors=True,
            ),
            SitePage("admin-follow-up-add", "/admin/promises/followup/add/", for_editors=True),
            SitePage("admin-action-add", "/admin/promises/action/add/", for_editors=True),
            SitePage("admin-action-import", "/admin/promises/action/import/", for_editors=True),
            SitePage("admin-indicator-add", "/admin/promises/indicator/add/", for_editors=True),
            SitePage("admin-subscribers", "/admin/promises/subscription/", for_editors=True),
            SitePage(
                "admin-statement",
                "/admin/promises/accessibilitystatement/1/change/",
                for_editors=True,
            ),
        ]
    )


def in_other_languages(pages) -> list[SitePage]:
    """Every public page type again in English and Arabic (issue 26: axe-core and the Nu Html
    Checker on every page in each language); lättläst has only its Swedish address."""
    return [
        SitePage(f"{page.name}-{code}", f"/{code}{page.path}", page.status)
        for code in ("en", "ar")
        for page in pages
        if not page.name.startswith("easy-read")
    ]


def visit(context, site_page, **goto):
    """Open a page in a new tab and check it answered as expected."""
    page = context.new_page()
    return page, open_in(page, site_page, **goto)


def open_in(page, site_page, **goto):
    """Load the page in the tab, as a new document, and check it answered as expected."""
    response = page.goto(site_page.path, **goto)
    assert response.status == site_page.status, f"{site_page.name}: {response.status}"
    return response


def each_page(context, site_pages, sign_in, tab=None, **goto):
    """Visit every page in one context: public pages first, then editor pages after signing in
    through the real form (a signed-in editor is sent on from the sign-in page). Each page in
    a new tab, or with `tab`, each as a new document in that one tab."""
    signed_in = False
    for site_page in site_pages:
        if site_page.for_editors and not signed_in:
            sign_in(context)
            signed_in = True
        if tab is None:
            page, response = visit(context, site_page, **goto)
        else:
            page, response = tab, open_in(tab, site_page, **goto)
        try:
            yield site_page, page, response
        finally:
            if tab is None:
                page.close()


def report(failures: dict) -> str:
    return "\n".join(
        f"{name}: {json.dumps(problems, ensure_ascii=False)}" for name, problems in failures.items()
    )
