import pytest
from django.db import transaction
from django.test import Client, RequestFactory

from ..support import attack_world
from ..support.live_server import one_thread_live_server
from ..support.staff import make_staff_user


@pytest.fixture(scope="session")
def live_server(django_db_setup):
    """The attacks' live server: one request at a time with one kept database connection
    (tests/support/live_server.py says why). It stops before the test database is dropped,
    which its connection would otherwise hold open."""
    server = one_thread_live_server()
    yield server
    server.stop()


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
        world = attack_world.build()
        administrator = make_staff_user("admin", "walk-admin@example.se")
        yield SharedWorld(world, administrator)
        transaction.set_rollback(True)
