"""The page cache keeps each language's page apart, and an edit refreshes every language.

The stored copy is filed under the address (its prefix is the language) and the language
itself; the content stamp is the same for all languages, so one edit makes every language's
stored copy unreachable at once.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from promises.models import ContentStamp, Promise

from ..support.html import visible_text

# Stored pages are filed under the day too (page_cache.page_version): on a fixed day, no
# test's store-then-hit can straddle Stockholm's midnight (tests/conftest.py `mid_hour`).
pytestmark = pytest.mark.usefixtures("mid_hour")

LANGUAGES = {"": "sv", "/en": "en", "/ar": "ar"}


def html_lang(response) -> str:
    return re.search(r'<html lang="([a-z]+)"', response.content.decode()).group(1)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/loften/", "/loften/?status=no_follow_up"])
def test_each_language_is_stored_and_replayed_as_itself(client, real_cache, path):
    cold = {prefix: client.get(prefix + path) for prefix in LANGUAGES}
    for prefix, code in LANGUAGES.items():
        assert cold[prefix].status_code == 200
        assert html_lang(cold[prefix]) == code
        with CaptureQueriesContext(connection) as queries:
            warm = client.get(prefix + path)
        # Replayed from the cache (only the stamp is read), and in its own language.
        assert len(queries.captured_queries) == 1
        assert ContentStamp._meta.db_table in queries.captured_queries[0]["sql"]
        assert warm.content == cold[prefix].content
        assert warm["Content-Language"] == code
    stored = [key for key in real_cache._cache if ":page:" in key]
    assert len(stored) == len(LANGUAGES)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_edit_refreshes_every_language_at_once(client, real_cache):
    promise = Promise.objects.get(text__startswith="Fokusera")
    address = promise.get_absolute_url()
    for prefix in LANGUAGES:
        assert client.get(prefix + address).status_code == 200
    promise.text = "Fokusera på brottsoffer – ny lydelse."
    promise.save()
    for prefix, code in LANGUAGES.items():
        fresh = client.get(prefix + address)
        assert html_lang(fresh) == code
        assert "Fokusera på brottsoffer – ny lydelse." in visible_text(fresh.content.decode())
