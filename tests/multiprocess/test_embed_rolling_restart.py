"""A rolling restart: two gunicorn instances share one Redis but were started with different
settings. Neither may hand the other's stored pages to visitors with the other's settings.

- The embed's frame-ancestors comes from the answering instance, also when the page itself is
  the copy the other instance stored (the key does not depend on the list, so it is a replay).
- A page that depends on a setting (the open-data page links the data catalogue only once it
  is complete, which needs the contact mailbox) is stored under a key holding that setting,
  so each instance shows its own.
"""

import re

import pytest
import redis

from ..support.servers import (
    Browser,
    each_worker,
    manage,
    migrated_database,
    serve_environment,
    start_instance,
    stop_instance,
    wait_until_answering,
)

pytestmark = pytest.mark.multiprocess

EMBED = "/inbaddning/2023-2024/"
OLD_ORIGIN = "https://www.orust.se"
NEW_ORIGIN = "https://www.tjorn.se"


# Three instances on one database and one Redis: "old" and "new" differ only in the embed's
# origins; "mailbox" also has the data catalogue's contact mailbox, the one value its catalogue
# lacks, so only its open-data page links the catalogue.
PUBLISHER = {"OPEN_DATA_PUBLISHER": "lokalpolisomrade-sodra-fyrbodal"}
SETTINGS = {
    "old": {"EMBED_ALLOWED_ORIGINS": OLD_ORIGIN, "OPEN_DATA_CONTACT_EMAIL": "", **PUBLISHER},
    "new": {"EMBED_ALLOWED_ORIGINS": NEW_ORIGIN, "OPEN_DATA_CONTACT_EMAIL": "", **PUBLISHER},
    "mailbox": {
        "EMBED_ALLOWED_ORIGINS": NEW_ORIGIN,
        "OPEN_DATA_CONTACT_EMAIL": "oppnadata@example.se",
        **PUBLISHER,
    },
}
# Made-up organisation numbers with valid check digits (starting 99, as in
# tests/publishing/test_dcat.py).
NUMBERS = (
    "from promises.models import Partner\n"
    "for number, partner in zip(['9900000002', '9900000010', '9900000028', '9900000036'],"
    " Partner.objects.order_by('order', 'name')):\n"
    "    partner.organisation_number = number; partner.save()"
)
CATALOGUE_LINK = "katalog.rdf"


@pytest.fixture(scope="module")
def instances(redis_url, site_template, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("rolling")
    with migrated_database(workdir, site_template) as database:
        environment = serve_environment(database.url, workdir, redis_url)
        manage(environment, "shell", "-c", NUMBERS)
        started = {
            name: start_instance({**environment, **values}, workdir)
            for name, values in SETTINGS.items()
        }
        try:
            for instance in started.values():
                wait_until_answering(instance)
            yield started, redis.Redis.from_url(redis_url)
        finally:
            for instance in started.values():
                stop_instance(instance)


def frame_ancestors(answer) -> str:
    return re.search(r"frame-ancestors ([^;]+)", answer.header("Content-Security-Policy"))[1]


def stored_pages(store) -> int:
    return sum(1 for _ in store.scan_iter("*page:*"))


def test_a_replayed_embed_carries_the_answering_instances_origins(instances):
    started, store = instances
    old, new = started["old"], started["new"]
    for _ in each_worker(old):
        answer = Browser(old).get(EMBED)
        assert answer.status == 200
        assert frame_ancestors(answer) == OLD_ORIGIN
    stored = stored_pages(store)
    assert stored >= 1
    for _ in each_worker(new):
        answer = Browser(new).get(EMBED)
        assert answer.status == 200
        assert frame_ancestors(answer) == NEW_ORIGIN
        assert "X-Frame-Options" not in answer.headers
    # The new instance stored nothing: what it sent was the old instance's copy.
    assert stored_pages(store) == stored


def test_a_page_printing_a_setting_is_not_shared_between_the_instances(instances):
    started, _ = instances
    old, new = started["new"], started["mailbox"]
    for _ in each_worker(old):
        assert CATALOGUE_LINK not in Browser(old).get("/oppna-data/").text
    for _ in each_worker(new):
        assert CATALOGUE_LINK in Browser(new).get("/oppna-data/").text
    for _ in each_worker(old):
        assert CATALOGUE_LINK not in Browser(old).get("/oppna-data/").text
