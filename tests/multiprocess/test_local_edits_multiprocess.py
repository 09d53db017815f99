"""Edits stay local, whichever process answers: an edit in one area leaves every other area's
stored pages reachable on every worker, while every page showing the edit is fresh at once.

A register of two areas (the seed's Södra Fyrbodal and the made-up Testområde Norr) served by
two gunicorn instances of two workers each, with a cache per process and with a shared Redis
(tests/support/servers.py). To see that a page was answered from its stored copy and not
rendered, Norr's promise is first rewritten straight in the database, where no signal runs
and no stamp moves: a rendered page shows the new wording, a stored copy the old one.
"""

import re

import pytest

from ..support.html import visible_text
from ..support.servers import (
    Browser,
    Site,
    every_worker,
    manage,
    migrated_database,
    serve_environment,
    start_instance,
    stop_instance,
    wait_until_answering,
)
from .test_multiprocess import ENCODINGS, Editor

pytestmark = pytest.mark.multiprocess

NORTH_AREA = "testomrade-norr"
NORTH_PROMISE = "Påhittat löfte 1 i Testområde Norr."
BEHIND_ITS_BACK = "Påhittat löfte 1 i Testområde Norr, ändrat utan att någon stämpel flyttats."
SEED_PROMISE = "Fokusera och prioritera särskilt utsatta brottsoffer."
# Arabic and English pages too (issue 26): each language's copy is stored apart and follows
# the same stamps.
SEED_PAGES = [
    "/medborgarloften/2023-2024/",
    "/omraden/sodra-fyrbodal/",
    "/ar/medborgarloften/2023-2024/",
]
ACROSS_AREAS = "/loften/"
ADD_NORTH = "from tests.support.areas import NORTH, make_area; make_area(NORTH)"


@pytest.fixture(scope="module", params=["default cache", "shared Redis"])
def register(request, site_template, tmp_path_factory):
    """Two instances of two workers on a copy of the site with a second, made-up area."""
    cache_url = request.getfixturevalue("redis_url") if request.param == "shared Redis" else None
    workdir = tmp_path_factory.mktemp("register")
    with migrated_database(workdir, site_template) as database:
        environment = serve_environment(database.url, workdir, cache_url)
        manage(environment, "shell", "-c", ADD_NORTH)
        instances = [start_instance(environment, workdir) for _ in range(2)]
        try:
            for instance in instances:
                wait_until_answering(instance)
            yield Site(instances, database, request.param)
        finally:
            for instance in instances:
                stop_instance(instance)


def north_pages(site) -> list[str]:
    """Norr's pages that show its first promise: its area, period, promise, partner, data."""
    area = Browser(site.first).get(f"/omraden/{NORTH_AREA}/")
    assert area.status == 200
    # Its promises' links, the first promise (created first) with the lowest id.
    links = re.findall(r'href="/medborgarloften/([a-z0-9-]+)/loften/(\d+)/"', area.text)
    slug, first = min(links, key=lambda link: int(link[1]))
    return [
        f"/omraden/{NORTH_AREA}/",
        f"/medborgarloften/{slug}/",
        f"/medborgarloften/{slug}/loften/{first}/",
        "/parter/pahittsta-kommun/",
        f"/oppna-data/medborgarloften/{slug}.json",
        f"/inbaddning/{slug}/",
        f"/ar/medborgarloften/{slug}/loften/{first}/",
        f"/en/omraden/{NORTH_AREA}/",
    ]


def ask_every_worker(site, pages, expect) -> int:
    """Anonymous GETs of `pages` from every worker of every instance, gzip and plain, each
    checked by `expect(path, encoding, answer, instance)`; returns how many were checked."""
    checked = 0
    for instance, _turn in every_worker(site):
        for path in pages:
            for encoding in ENCODINGS:
                answer = Browser(instance).get(path, {"Accept-Encoding": encoding})
                assert answer.status == 200, path
                for code in ("en", "ar"):
                    if path.startswith(f"/{code}/"):
                        assert f'<html lang="{code}"' in answer.text, path
                expect(path, encoding, answer, instance)
                checked += 1
    return checked


def text_of(answer) -> str:
    return answer.text if "json" in answer.header("Content-Type") else visible_text(answer.text)


def test_an_edit_in_one_area_leaves_the_other_areas_stored_pages_on_every_worker(register):
    site = register
    north = north_pages(site)
    editor = Editor(site.first)
    validators = {}

    def stores_the_old_pages(path, encoding, answer, instance):
        expected = NORTH_PROMISE if path in north else SEED_PROMISE
        assert expected in text_of(answer), path
        validators.setdefault((path, encoding), answer.header("ETag"))
        assert answer.header("ETag") == validators[path, encoding], path

    ask_every_worker(site, [*north, *SEED_PAGES], stores_the_old_pages)

    assert site.database.replace("promises_promise", "text", NORTH_PROMISE, BEHIND_ITS_BACK) == 1
    edited = f"Fokusera på brottsoffer – ändrad i det andra området ({site.cache})."
    editor.submit(editor.change_page("promise", SEED_PROMISE), "promise_form", text=edited)

    def norths_copies_and_the_edit(path, encoding, answer, instance):
        text = text_of(answer)
        if path in north:
            # The stored copy, not a rendering: a rendering would show the rewritten text.
            assert NORTH_PROMISE in text and BEHIND_ITS_BACK not in text, path
            assert answer.header("ETag") == validators[path, encoding], path
            again = Browser(instance).get(
                path, {"Accept-Encoding": encoding, "If-None-Match": validators[path, encoding]}
            )
            assert again.status == 304, path
        elif path == ACROSS_AREAS:
            # Lists across areas follow every edit: rendered anew, both areas as they are now.
            assert edited in text and BEHIND_ITS_BACK in text
        else:
            assert edited in text and SEED_PROMISE not in text, path

    checked = ask_every_worker(
        site, [*north, *SEED_PAGES, ACROSS_AREAS], norths_copies_and_the_edit
    )
    assert checked == 4 * 2 * (len(north) + len(SEED_PAGES) + 1)

    # Content every page shows (a glossary word) refreshes Norr's pages too, on every worker.
    editor.submit(
        "/admin/promises/glossaryterm/add/",
        "glossaryterm_form",
        term=f"Påhittat ord {site.cache}",
        slug="pahittat-ord",
        definition="Ett ord som bara finns i testet.",
    )

    def norths_pages_rendered_anew(path, encoding, answer, instance):
        assert BEHIND_ITS_BACK in text_of(answer), path
        assert answer.header("ETag") != validators[path, encoding], path

    ask_every_worker(site, north, norths_pages_rendered_anew)


def test_an_edit_in_an_area_reaches_every_page_of_it_on_every_worker(register):
    site = register
    # Every page of Norr's but the first promise's own shows its second promise too.
    pages = [path for path in north_pages(site) if "/loften/" not in path]
    editor = Editor(site.first)
    second = "Påhittat löfte 2 i Testområde Norr."
    edited = f"Påhittat löfte 2 i Testområde Norr, ändrat i administrationen ({site.cache})."

    def shows(text):
        def expect(path, encoding, answer, instance):
            assert text in text_of(answer), path

        return expect

    ask_every_worker(site, pages, shows(second))
    editor.submit(editor.change_page("promise", second), "promise_form", text=edited)
    ask_every_worker(site, [*pages, ACROSS_AREAS], shows(edited))


def test_a_published_translation_reaches_every_worker_in_its_language(register):
    """Publishing a translation is an edit like any other: the English page stored by every
    worker is rendered anew with it, and the Swedish page keeps the Swedish text."""
    site = register
    slug = re.search(r"/medborgarloften/([a-z0-9-]+)/$", north_pages(site)[1]).group(1)
    english, swedish = f"/en/medborgarloften/{slug}/", f"/medborgarloften/{slug}/"
    intro = "Påhittad inledning för Testområde Norr."
    translated = f"Test translation of Norr's introduction ({site.cache})."

    def shows(text):
        def expect(path, encoding, answer, instance):
            assert text in text_of(answer), path

        return expect

    ask_every_worker(site, [english], shows(intro))
    editor = Editor(site.first)
    editor.submit(
        editor.change_page("promiseperiod", "Testområde Norr"),
        "promiseperiod_form",
        intro_en=translated,
        translation_published_en="on",
    )
    ask_every_worker(site, [english], shows(translated))
    ask_every_worker(site, [swedish], shows(intro))
