"""What the browser tests share: which pages to visit, and how to visit them."""

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from promises.models import PromisePeriod

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


def page_types() -> list[SitePage]:
    """One page of every kind a visitor or an editor meets."""
    period = PromisePeriod.objects.get(slug="2023-2024")
    promise = period.promises.order_by("order", "pk").first()
    return [
        SitePage("start", "/"),
        SitePage("periods", "/medborgarloften/"),
        SitePage("period", period.get_absolute_url()),
        SitePage("promise", promise.get_absolute_url()),
        SitePage("partners", "/parter/"),
        SitePage("partner", "/parter/orust-kommun/"),
        SitePage("follow-up-method", "/sa-foljer-vi-upp/"),
        SitePage("promise-list", "/loften/"),
        SitePage("promise-list-filtered", "/loften/?givare=polisen&status=no_follow_up"),
        SitePage("promise-list-bad-filter", "/loften/?givare=ingen", status=400),
        SitePage("search", "/sok/?q=trafiks%C3%A4kerheten"),
        SitePage("open-data", "/oppna-data/"),
        SitePage("accessibility", "/tillganglighet/"),
        SitePage("report-form", "/tillganglighet/rapportera/"),
        SitePage("report-sent", "/tillganglighet/rapportera/tack/"),
        SitePage("glossary", "/ordlista/"),
        SitePage("alerts-subscribe", f"/bevaka/lofte/{promise.pk}/"),
        SitePage("alerts-sent", "/bevaka/skickat/"),
        SitePage("alerts-unsubscribe", f"/bevaka/avsluta/{'0' * 32}/"),
        SitePage("alerts-link-broken", "/bevaka/bekrafta/inte-en-nyckel/", status=400),
        SitePage("not-found", "/finns-inte/", status=404),
        SitePage("admin-sign-in", "/admin/login/"),
        SitePage("admin-list", "/admin/promises/promiseperiod/", for_editors=True),
        SitePage(
            "admin-change", f"/admin/promises/promiseperiod/{period.pk}/change/", for_editors=True
        ),
        SitePage("admin-follow-up-add", "/admin/promises/followup/add/", for_editors=True),
        SitePage("admin-subscribers", "/admin/promises/subscription/", for_editors=True),
        SitePage(
            "admin-statement", "/admin/promises/accessibilitystatement/1/change/", for_editors=True
        ),
    ]


def visit(context, site_page, **goto):
    """Open a page in a new tab and check it answered as expected."""
    page = context.new_page()
    response = page.goto(site_page.path, **goto)
    assert response.status == site_page.status, f"{site_page.name}: {response.status}"
    return page, response


def each_page(context, site_pages, sign_in, **goto):
    """Visit every page in one context: public pages first, then editor pages after signing in
    through the real form (a signed-in editor is sent on from the sign-in page)."""
    signed_in = False
    for site_page in site_pages:
        if site_page.for_editors and not signed_in:
            sign_in(context)
            signed_in = True
        page, response = visit(context, site_page, **goto)
        try:
            yield site_page, page, response
        finally:
            page.close()


def report(failures: dict) -> str:
    return "\n".join(
        f"{name}: {json.dumps(problems, ensure_ascii=False)}" for name, problems in failures.items()
    )
