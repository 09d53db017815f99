"""The public filters and search, attacked: junk, repeated and huge parameters, HTML in the
query. Never a 5xx; an unknown filter value is a 400 with a Swedish message; the query comes
back escaped, and <mark> wraps only the found words. The attack world is built once for the
module (tests/support/shared_world.py) and each test's writes are rolled back."""

import re

import pytest
from django.test import Client

from promises.models import Promise

pytestmark = pytest.mark.django_db

ODD = [
    "",
    "x" * 10_000,
    "\x00",
    "%00",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "polisen\x1b",
    "ö" * 300,
    "../../etc/passwd",
]


@pytest.mark.parametrize("path", ["/loften/", "/sok/", "/medborgarloften/2023-2024/"])
@pytest.mark.parametrize("name", ["givare", "status", "omrade", "period", "q", "sida", "page"])
def test_odd_values_never_answer_5xx(path, name, shared_world):
    client = Client()
    for value in ODD:
        response = client.get(path, {name: value})
        assert response.status_code < 500, (path, name, value)
        body = response.content.decode()
        assert "<script>alert(1)" not in body and "<img src=x" not in body
    # Bytes that are no UTF-8 at all (a lone surrogate, a stray byte).
    for raw in ("%ED%A0%80", "%FF", "%C3"):
        assert client.get(f"{path}?{name}={raw}").status_code < 500, (path, name, raw)


@pytest.mark.parametrize("path", ["/loften/", "/sok/", "/medborgarloften/2023-2024/"])
def test_repeated_parameters_never_answer_5xx(path, shared_world):
    # Repeated, and the same parameter twice with two valid values (once per page: the
    # address names no parameter of the test above, so it was the same request for each).
    response = Client().get(f"{path}?givare=polisen&givare=tjorns-kommun&status=done&status=x")
    assert response.status_code < 500


def test_an_unknown_giver_or_status_is_a_400_in_swedish(shared_world):
    client = Client()
    for query, words in (
        ("givare=<b>okand</b>", "är inte en av parterna"),
        ("status=<b>okand</b>", "är ingen status"),
    ):
        response = client.get(f"/loften/?{query}")
        assert response.status_code == 400
        body = response.content.decode()
        assert words in body
        assert "<b>okand</b>" not in body and "&lt;b&gt;okand&lt;/b&gt;" in body


def test_html_in_the_query_is_escaped_and_only_found_words_marked(shared_world):
    promise = Promise.objects.filter(period__is_published=True).first()
    promise.text = "Vi <b>arbetar</b> med trygghet & narkotika i skolan."
    promise.save()
    client = Client()
    escaped = client.get("/sok/", {"q": "narkotika <mark>x</mark> <script>"}).content.decode()
    assert "<script>" not in escaped and "<mark>x</mark>" not in escaped
    assert "&lt;mark&gt;x&lt;/mark&gt; &lt;script&gt;" in escaped
    response = client.get("/sok/", {"q": "narkotikan"})
    assert response.status_code == 200
    body = response.content.decode()
    marks = re.findall(r"<mark>(.*?)</mark>", body)
    assert marks and set(marks) <= {"narkotika"}, marks
    # The editor's text is escaped around the marks.
    assert "<b>arbetar</b>" not in body


def test_odd_areas_never_answer_5xx(shared_world):
    """`polisomrade` reaches a query on every page that narrows to one area, before any form
    has checked it (PostgreSQL refuses a NUL byte with an error of its own)."""
    client = Client()
    paths = ["/loften/", "/sok/", "/parter/", "/kontakt-och-delta/", "/oppna-data/"]
    for path in paths:
        for value in ODD:
            response = client.get(path, {"polisomrade": value, "q": "trygghet"})
            assert response.status_code < 500, (path, value)
            assert "<script>alert(1)" not in response.content.decode()
        # A shared link's period or giver with a byte no slug has, beside an area.
        response = client.get(path, {"polisomrade": "\x00", "period": "\x00", "givare": "\x00"})
        assert response.status_code < 500, path
