"""The lättläst pages are stored like the others: an area's pages follow that area's stamp, so
an editor's lättläst text shows at once after saving (through the admin), while another
area's stored lättläst pages are replayed with one query."""

import pytest
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from promises.caching.content_stamp import AREA, SITE, Scope
from promises.caching.page_cache import page_scope
from promises.models import Promise

from ..support import attack_world
from ..support.areas import NORTH, make_area
from ..support.html import form_data, visible_text

pytestmark = pytest.mark.django_db

SEED = "sodra-fyrbodal"
EASY = "Kommunen ordnar saker att göra på loven. Det är för barn och unga."


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/lattlast/", SITE),
        ("/lattlast/uppfoljning/", SITE),
        ("/lattlast/kontakt/", SITE),
        (f"/lattlast/omraden/{SEED}/", Scope(AREA, SEED)),
        (f"/lattlast/omraden/{SEED}/kontakt/", Scope(AREA, SEED)),
    ],
)
def test_each_easy_read_address_has_its_scope(path, expected):
    assert page_scope(RequestFactory().get(path)) == expected


def test_an_editors_text_shows_at_once_and_other_areas_pages_stay_stored(
    client, client_for, real_cache
):
    make_area(NORTH)
    north_pages = [
        f"/lattlast/omraden/{NORTH['slug']}/",
        f"/lattlast/omraden/{NORTH['slug']}/kontakt/",
    ]
    seed_page = f"/lattlast/omraden/{SEED}/"
    cold = {url: client.get(url) for url in [*north_pages, seed_page]}
    assert all(answer.status_code == 200 for answer in cold.values())
    # Stored: the second request is one query, the stamp's.
    with CaptureQueriesContext(connection) as queries:
        assert client.get(seed_page).content == cold[seed_page].content
    assert len(queries) == 1

    # Tjörn's editor writes the lättläst text of one of Tjörn's promises in the admin.
    promise = Promise.objects.filter(givers__slug=attack_world.TJORN).order_by("order").first()
    editor = client_for(attack_world.TJORN)
    address = f"/admin/promises/promise/{promise.pk}/change/"
    data = form_data(editor.get(address).content.decode(), "promise_form")
    data["easy_read_text"] = EASY
    saved = editor.post(address, data)
    assert saved.status_code == 302, visible_text(saved.content.decode())[:1500]

    visitor = Client()
    assert EASY in visitor.get(seed_page).content.decode()
    for url in north_pages:
        with CaptureQueriesContext(connection) as queries:
            warm = visitor.get(url)
            not_modified = visitor.get(url, HTTP_IF_NONE_MATCH=cold[url]["ETag"])
        assert len(queries) == 2, (url, [query["sql"] for query in queries])
        assert warm.content == cold[url].content
        assert not_modified.status_code == 304
