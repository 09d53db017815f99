"""Period titles follow the page's language everywhere they are printed: lists, breadcrumbs,
`<title>`, JSON-LD, the search result lines and the Atom feed show a published English title;
without one the body marks the Swedish title lang="sv"; Swedish pages do not change."""

import re

import pytest

from promises.models import Promise, PromisePeriod

pytestmark = pytest.mark.django_db

ENGLISH = "Test English period title"


def first_period():
    return PromisePeriod.objects.filter(promises__isnull=False).order_by("pk").first()


def translate_title(period, published=True):
    period.title_en = ENGLISH
    period.translation_published_en = published
    period.save()


def search_word(period):
    promise = Promise.objects.filter(period=period).order_by("pk").first()
    return promise, max(re.findall(r"\w+", promise.text), key=len)


def json_ld_names(html):
    names = []
    for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
        names += re.findall(r'"name": ?"([^"]*)"', block)
    return names


def test_a_published_english_title_shows_on_english_pages(client):
    period = first_period()
    translate_title(period)
    promise, word = search_word(period)
    page = client.get("/en" + period.get_absolute_url()).content.decode()
    assert f"<title>{ENGLISH} – " in page
    assert ENGLISH in json_ld_names(page)
    breadcrumbs = page.split('class="breadcrumbs"')[1].split("</nav>")[0]
    assert ENGLISH in breadcrumbs and period.title not in breadcrumbs
    promise_page = client.get("/en" + promise.get_absolute_url()).content.decode()
    assert f"Promise {promise.position()} in {ENGLISH}" in promise_page
    assert f'<span lang="sv">{period.title}</span>' not in promise_page
    listing = client.get("/en/medborgarloften/").content.decode()
    assert f">{ENGLISH}</a>" in listing
    search = client.get("/en/sok/", {"q": word}).content.decode()
    assert ENGLISH in search
    feed = client.get("/en/flode.atom").content.decode()
    assert ENGLISH in feed


def test_without_a_published_title_english_pages_mark_the_swedish_one(client):
    period = first_period()
    translate_title(period, published=False)
    promise, _ = search_word(period)
    marked = f'<span lang="sv">{period.title}</span>'
    page = client.get("/en" + period.get_absolute_url()).content.decode()
    assert ENGLISH not in page
    breadcrumbs = page.split('class="breadcrumbs"')[1].split("</nav>")[0]
    assert marked in breadcrumbs
    promise_page = client.get("/en" + promise.get_absolute_url()).content.decode()
    assert marked in promise_page
    assert marked in client.get("/en/medborgarloften/").content.decode()
    arabic = client.get("/ar/medborgarloften/").content.decode()
    assert f'<span lang="sv" dir="ltr">{period.title}</span>' in arabic


def test_swedish_pages_do_not_change(client):
    period = first_period()
    translate_title(period)
    page = client.get(period.get_absolute_url()).content.decode()
    assert ENGLISH not in page
    assert f"<title>{period.title} – " in page
    assert 'lang="sv">' + period.title not in page
    assert ENGLISH not in client.get("/medborgarloften/").content.decode()
    assert ENGLISH not in client.get("/flode.atom").content.decode()
