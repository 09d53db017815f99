"""The attack world (tests/support/attack_world.py) built once per module and pytest-xdist worker,
for the suites that go through the admin once per role: the walk, the history attacks and the
huge ids (tests/attacks) and the crawl (tests/admin). The fixture is defined in
tests/conftest.py for every folder."""

import pytest
from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction
from django.test import Client, RequestFactory

from . import attack_world
from .staff import make_staff_user


class SharedWorld:
    """The attack world of one module, with a site administrator and the forms they are
    served, which a walk re-posts as an attacker would (every role's walk posts the same
    administrator's forms, so each is fetched once per module, not once per role)."""

    def __init__(self, world, administrator):
        self.world = world
        self.admin_client = Client()
        self.admin_client.force_login(administrator)
        # get_actions lists the actions an administrator is offered: all of them.
        self.admin_request = RequestFactory().get("/admin/")
        self.admin_request.user = administrator
        self._pages = {}
        self._known = {}

    def once(self, key, make):
        """What `make()` answers, worked out once per module: each test's writes are rolled
        back, so what it reads of the world stays true for the next test."""
        if key not in self._known:
            self._known[key] = make()
        return self._known[key]

    def admin_page(self, url):
        """(status, html) of the page as the administrator is served it, fetched once."""
        if url not in self._pages:
            response = self.admin_client.get(url)
            self._pages[url] = (response.status_code, response.content.decode())
        return self._pages[url]


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker):
    """The attack world built once per module and worker, in a transaction rolled back at the
    module's end. pytest-django runs each test in a savepoint inside it, so what a test writes
    is undone before the next, which meets the same world: the admin pages fetched for one
    role stay true for the next."""
    with django_db_blocker.unblock(), transaction.atomic():
        continue_ids_after_the_rows()
        world = attack_world.build()
        administrator = make_staff_user("admin", "walk-admin@example.se")
        yield SharedWorld(world, administrator)
        transaction.set_rollback(True)


def continue_ids_after_the_rows():
    """Let the next id of every table be its largest id plus one, as SQLite's is.

    PostgreSQL's sequences run on past the rows earlier tests made and rolled back, so the
    world's rows would get other ids in every worker and on every database. The attacks choose
    some versions by id (another model's version with the same object id as the page's, the
    one django-reversion's own lookup would take), and such a version must exist on both
    databases. Setting a sequence is not undone by the rollback; the next module sets it again.
    """
    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
