import datetime
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.utils import translation
from pytest_django.plugin import validate_django_db

# The real servers' fixtures, for every module (tests/support/servers.py): defined here once, so the
# session's gunicorn sites are shared by the modules that use them, not started per module.
from .support.servers import redis_url, site_servers, site_template  # noqa: F401

# The attack world once per module and worker, for the attack suites and the admin crawl.
from .support.shared_world import shared_world  # noqa: F401
from .support.staff import PASSWORD, make_staff_user  # noqa: F401 - PASSWORD for the tests

REPO_ROOT = Path(__file__).resolve().parent.parent
# The published page the site was created from (migration 0002 holds its content). It lives in
# the repository so that a fresh clone tests against it; SEED_FILE points elsewhere if needed.
SEED_FILE = Path(
    os.environ.get("SEED_FILE", REPO_ROOT / "promises" / "seed" / "medborgarlofte-2023-2024.txt")
)
STOCKHOLM = datetime.timezone(datetime.timedelta(hours=1))
CATALOGUES = sorted((REPO_ROOT / "locale").glob("*/LC_MESSAGES/django.po"))


def pytest_configure(config):
    """Test the catalogues (Swedish, English, Arabic) as they are in the repository, never a
    missing or stale build.

    The compiled .mo files are not committed; a fresh clone (or an edited .po) gets them here,
    so plain `pytest` works without `make test` having run `compilemessages` first.
    """
    stale = [
        catalogue
        for catalogue in CATALOGUES
        if not catalogue.with_suffix(".mo").is_file()
        or catalogue.with_suffix(".mo").stat().st_mtime < catalogue.stat().st_mtime
    ]
    if not stale:
        return
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        raise pytest.UsageError(
            "msgfmt is missing, so the Swedish catalogue cannot be compiled: install GNU "
            "gettext (Debian: apt-get install gettext; `make serve` or `make test` does it)."
        )
    for catalogue in stale:
        compiled = catalogue.with_suffix(".mo")
        subprocess.run([msgfmt, "--check-format", "-o", str(compiled), str(catalogue)], check=True)
    # Django is already set up (pytest-django does it first) and may have read the catalogues
    # without ours; the signal Django's own tests send when LOCALE_PATHS changes reloads them
    # (django.test.signals holds the receiver that does it).
    import gettext

    import django.test.signals  # noqa: F401
    from django.conf import settings

    # Python's gettext keeps every catalogue it has read, by file name, for the whole process:
    # without this the old .mo read during set-up would still answer after Django's reset.
    gettext._translations.clear()
    from django.core.signals import setting_changed

    setting_changed.send(
        sender=type(settings), setting="LOCALE_PATHS", value=settings.LOCALE_PATHS, enter=False
    )


# Fixtures through which a test reaches the pass's database (or servers using it).
DATABASE_FIXTURES = frozenset(
    {"db", "transactional_db", "live_server", "client", "admin_client", "admin_user"}
)


def mark_database_free(item):
    """Marks a test that never reaches the pass's database `database_free`: the PostgreSQL
    pass leaves it out (Makefile), since it would run exactly as in the SQLite pass.

    pytest-django refuses database access to a test without the `django_db` mark or a
    database fixture, so those are free; a test whose own processes use a database file of
    their own carries the mark itself."""
    if item.get_closest_marker("database_free"):
        return
    if item.get_closest_marker("django_db") or item.get_closest_marker("multiprocess"):
        return
    if item.get_closest_marker("browser") or DATABASE_FIXTURES & set(item.fixturenames):
        return
    item.add_marker(pytest.mark.database_free)


def is_transactional(item) -> bool:
    """pytest-django's rule (its `get_order_number`): such a test empties the database when it
    ends, so Django runs it after every test that expects the migrated content."""
    marker = item.get_closest_marker("django_db")
    if marker:
        transaction, reset_sequences, *_rest = validate_django_db(marker)
        if transaction or reset_sequences:
            return True
    return bool({"transactional_db", "live_server"} & set(item.fixturenames))


def pytest_itemcollected(item):
    """Which tests stay together on one pytest-xdist worker (`--dist loadgroup`, Makefile).

    Each file's tests stay together, so a module's fixtures (a world, servers) are built once;
    the multi-process tests all stay on one worker, so the gunicorn sites and the migrated
    template they share (tests/support/servers.py, per session) are started once per run.
    A test that names its own group keeps it: the attack tests give each role its own, so the
    two workers share the roles out (tests/attacks/test_history_attacks.py).

    A file's transactional tests are a group of their own. pytest-django orders them after the
    others, but a worker runs whole groups in the order their first test was collected: a group
    holding both kinds would empty the database in the middle of the run, and every test after
    it on that worker would find no content.

    Set as each test is collected: pytest-xdist reads the groups in its own
    `pytest_collection_modifyitems`, which runs before a conftest's (a group added there was
    never seen, and every file's tests were spread over both workers).
    """
    mark_database_free(item)
    explicit = item.get_closest_marker("xdist_group")
    if explicit:
        return
    if item.get_closest_marker("multiprocess"):
        group = "multiprocess"
    else:
        group = item.nodeid.split("::")[0]
    if is_transactional(item):
        group += "#transactional"
    item.add_marker(pytest.mark.xdist_group(group))


@pytest.fixture(scope="session", autouse=True)
def collected_static(tmp_path_factory):
    """Pages link hashed static files, so the manifest must exist as in production."""
    from django.conf import settings

    settings.STATIC_ROOT = str(tmp_path_factory.mktemp("static"))
    call_command("collectstatic", interactive=False, verbosity=0)


@pytest.fixture(autouse=True)
def swedish():
    with translation.override("sv"):
        yield


@pytest.fixture
def mid_hour():
    """Start the clock, still ticking, halfway through an hour of a fixed day.

    The forms' limits count per clock hour (promises/public/form_guard.py), so a test whose
    posts straddled the top of an hour would see its allowance renewed halfway and fail: it
    did so in CI, for tests that move the clock a few seconds per post. Pages that say whether
    a period is ongoing change at midnight, so a test comparing two renderings needs a day
    that does not end while it runs.
    """
    with time_machine.travel(datetime.datetime(2026, 3, 10, 9, 30, tzinfo=datetime.UTC)):
        yield


@pytest.fixture
def frozen_today():
    """Freeze the clock at noon, Swedish time, on a given day."""
    travellers = []

    def freeze(year, month, day):
        moment = datetime.datetime(year, month, day, 12, 0, tzinfo=STOCKHOLM)
        traveller = time_machine.travel(moment, tick=False)
        traveller.start()
        travellers.append(traveller)

    yield freeze
    for traveller in reversed(travellers):
        traveller.stop()


@pytest.fixture
def seed_text():
    assert SEED_FILE.is_file(), f"The seed file is missing: {SEED_FILE} (set SEED_FILE)."
    return SEED_FILE.read_text(encoding="utf-8")


@pytest.fixture
def content_blocks(seed_text):
    """The seed's headings, paragraphs and list items that the start page must show."""
    from .support.seed import CAPTION_START, seed_blocks

    return [block for block in seed_blocks(seed_text) if not block.startswith(CAPTION_START)]


@pytest.fixture
def seed_promise_texts(seed_text):
    from .support.seed import seed_promises

    return seed_promises(seed_text)


def pytest_report_header(config):
    from django.conf import settings

    return f"database: {settings.DATABASES['default']['ENGINE']}"


@pytest.fixture
def real_cache(settings):
    """A working cache (most tests run without one; see pyproject's pytest env)."""
    from django.core.cache import cache

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "t"}
    }
    cache.clear()
    yield cache
    cache.clear()


@pytest.fixture
def staff_user(db):
    """A staff member in one of the roles (tests/support/staff.py)."""
    return make_staff_user


@pytest.fixture
def client_for(staff_user):
    """A signed-in test client (its own session) for a role."""
    from django.test import Client

    def make(role, username=None):
        client = Client()
        client.force_login(staff_user(role, username))
        return client

    return make
