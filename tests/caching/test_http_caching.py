import gzip

import pytest

from promises.models import Promise, PromisePeriod

from ..support.html import form_data
from ..support.public_pages import PUBLIC_PAGES as PUBLIC

# Stored pages are filed under the day too (page_cache.page_version): on a fixed day, no
# test's store-then-hit can straddle Stockholm's midnight (tests/conftest.py `mid_hour`).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mid_hour")]


@pytest.fixture(autouse=True)
def empty_cache(real_cache):
    return real_cache


@pytest.mark.parametrize("url", PUBLIC)
def test_public_responses_carry_validators_and_answer_304(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["ETag"]
    assert response["Last-Modified"]
    assert "public" in response["Cache-Control"]
    assert "max-age=300" in response["Cache-Control"]
    by_etag = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert by_etag.status_code == 304
    assert by_etag.content == b""
    by_date = client.get(url, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert by_date.status_code == 304


@pytest.mark.parametrize("url", PUBLIC)
def test_head_works_wherever_get_does(client, url):
    get = client.get(url)
    head = client.head(url)
    assert head.status_code == 200
    assert head.content == b""
    assert head["Content-Type"] == get["Content-Type"]
    assert head["ETag"] == get["ETag"]


def test_unknown_addresses_are_404_even_with_a_matching_validator(client):
    etag = client.get("/").headers["ETag"]
    for url in [
        "/medborgarloften/finns-inte/",
        "/parter/finns-inte/",
        "/oppna-data/medborgarloften/finns-inte.json",
    ]:
        assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 404, url


def test_an_admin_edit_gives_a_fresh_page_with_a_new_validator(
    client, admin_client, django_capture_on_commit_callbacks
):
    first = client.get("/")
    assert client.get("/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304

    period = PromisePeriod.objects.get(slug="2023-2024")
    promise = Promise.objects.get(text__startswith="Fokusera")
    url = f"/admin/promises/promise/{promise.pk}/change/"
    data = form_data(admin_client.get(url).content.decode(), "promise_form")
    data["text"] = "Prioritera brottsoffer som är särskilt utsatta."
    # The new stamp is shared when the edit commits, as it does outside this test's transaction.
    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.post(url, data).status_code == 302

    fresh = client.get("/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert fresh.status_code == 200
    assert fresh["ETag"] != first["ETag"]
    assert "Prioritera brottsoffer som är särskilt utsatta." in fresh.content.decode()
    page = client.get(period.get_absolute_url(), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert page.status_code == 200


def test_admin_and_previews_are_never_cached(admin_client):
    response = admin_client.get("/admin/")
    assert "no-store" in response["Cache-Control"] or "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
    draft = PromisePeriod.objects.create(
        title="Utkast", slug="utkast", starts_on="2025-01-01", ends_on="2025-12-31"
    )
    preview = admin_client.get(draft.get_absolute_url())
    assert "no-store" in preview["Cache-Control"]
    assert "public" not in preview["Cache-Control"]
    assert not preview.has_header("ETag")


def test_responses_are_compressed_when_asked(client):
    response = client.get("/", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert b"Medborgarl" in gzip.decompress(response.content)
    assert "Accept-Encoding" in response["Vary"]
