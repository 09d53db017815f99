"""A translation published in the admin shows at once: saving it goes through the same model
save as any edit, so the signals move the content stamps of the pages showing the row, and the
stored copy of every language's page (tests/caching/test_language_cache.py) is not replayed.
The stamps are rows in the database, read by every worker, so what holds here for one process
holds for all (tests/multiprocess/test_local_edits_multiprocess.py shows the stamps across
workers)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from promises.models import ContentStamp, Promise

from ..support.html import form_data

POLICE = "lokalpolisomrade-sodra-fyrbodal"
TRANSLATION = "Test translation: focus on victims of crime."


def replayed(client, address) -> bool:
    """Whether the page was answered from its stored copy (only the stamp read)."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return (
        len(queries.captured_queries) == 1
        and ContentStamp._meta.db_table in (queries.captured_queries[0]["sql"])
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_translation_published_in_the_admin_shows_at_once(client, client_for, real_cache):
    promise = Promise.objects.filter(givers__slug=POLICE).get(text__startswith="Fokusera")
    pages = ["/en" + promise.get_absolute_url(), "/en" + promise.period.get_absolute_url()]
    for address in pages:
        client.get(address)
        assert replayed(client, address)
        assert TRANSLATION not in client.get(address).content.decode()
    editor = client_for(POLICE)
    url = f"/admin/promises/promise/{promise.pk}/change/"
    data = form_data(editor.get(url).content.decode(), "promise_form")
    data.update(text_en=TRANSLATION, translation_published_en="on")
    assert editor.post(url, data).status_code == 302
    for address in pages:
        assert not replayed(client, address)
        assert TRANSLATION in client.get(address).content.decode()
        assert replayed(client, address)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_unpublishing_a_translation_brings_the_swedish_text_back_at_once(client, real_cache):
    promise = Promise.objects.get(text__startswith="Fokusera")
    promise.text_ar, promise.translation_published_ar = "ترجمة تجريبية", True
    promise.save()
    address = "/ar" + promise.get_absolute_url()
    assert "ترجمة تجريبية" in client.get(address).content.decode()
    promise.translation_published_ar = False
    promise.save()
    html = client.get(address).content.decode()
    assert "ترجمة تجريبية" not in html and promise.text in html
