"""A real Chromium (Debian's, driven by Playwright) against the live test server.

One browser per test session; each test gets fresh browser contexts. Pages are served the way
production serves them: DEBUG=false and whitenoise delivering the collected, hashed static
files (pytest-django's live server would otherwise serve static files from the finders, which
do not know the hashed names, and the pages would load without their stylesheet).
"""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from playwright.sync_api import sync_playwright
from pytest_django.live_server_helper import LiveServer

from ..support.services import requires_file
from . import support

# The data migrations that hold the site's content, re-run when a test starts on an empty
# database (see `content` below).
CONTENT_MIGRATIONS = [
    # The seed's area first: the partners and the period of the seed belong to it.
    ("promises.migrations.0022_areas", "seed_area"),
    ("promises.migrations.0002_seed_content", "add_seed_content"),
    ("promises.migrations.0007_focus_areas_and_status_definitions", "forwards"),
    ("promises.migrations.0010_accessibility_statement_and_glossary_content", "add_content"),
]


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Mark the browser tests and run them last: they run against a live server, so each
    flushes the database when it ends, and no later test can rely on the seed content."""
    browser_tests = [item for item in items if "/tests/browser/" in str(item.path)]
    for item in browser_tests:
        item.add_marker(pytest.mark.browser)
    items[:] = [item for item in items if item not in browser_tests] + browser_tests


@pytest.fixture(autouse=True)
def content(transactional_db):
    """The site's real content, as the data migrations create it.

    Serialized rollback is meant to restore it after another test's flush, but with the live
    server's shared in-memory SQLite connection it does not always; the migrations' own
    idempotent steps do.
    """
    from promises.models import PromisePeriod

    if not PromisePeriod.objects.exists():
        for module, function in CONTENT_MIGRATIONS:
            getattr(importlib.import_module(module), function)(apps, None)


@pytest.fixture(scope="session")
def live_server(request, collected_static):
    server = LiveServer("localhost", start=False)
    # Hand every request, static files included, to the project's own middleware (whitenoise).
    server.thread.static_handler = lambda application: application
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def chromium():
    requires_file("chromium", support.CHROMIUM)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(support.CHROMIUM), args=support.CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def visitor(chromium, live_server):
    """A browser context as a visitor has it: no cookies, the site's CSP enforced."""
    context = chromium.new_context(base_url=live_server.url, locale="sv-SE")
    yield context
    context.close()


@pytest.fixture
def auditor(chromium, live_server):
    """A context that lets axe-core be injected (the site's CSP rightly blocks it)."""
    context = chromium.new_context(base_url=live_server.url, locale="sv-SE", bypass_csp=True)
    yield context
    context.close()


@pytest.fixture
def editor_login(live_server):
    """Signs a superuser in through the admin's real sign-in form, in a given context."""
    user = get_user_model().objects.create_superuser(
        "redaktor", "redaktor@example.se", support.EDITOR_PASSWORD
    )

    def sign_in(context):
        page = context.new_page()
        page.goto("/admin/login/?next=/admin/")
        page.get_by_label("Användarnamn").fill(user.username)
        page.get_by_label("Lösenord").fill(support.EDITOR_PASSWORD)
        page.get_by_role("button", name="Logga in").click()
        page.wait_for_url("**/admin/")
        page.close()

    return sign_in


@pytest.fixture
def site_pages(editor_login):
    return support.page_types()


@pytest.fixture
def tour(chromium, live_server, site_pages, editor_login, tmp_path_factory):
    """Every page type visited once, with what each check asks of it
    (tests/browser/page_tour.py); taken by the first test that needs it."""
    from . import page_tour

    return page_tour.tour(
        chromium, live_server, site_pages, editor_login, tmp_path_factory.mktemp("tour")
    )
