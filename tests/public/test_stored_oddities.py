"""Values that no form lets through but a backup import, a migration or a shell can store:
a follow-up status that is not one of the choices. Every public page and data file still
answers, without a 5xx, and the data still parses."""

import json

import pytest
from django.test import Client

from promises.models import FollowUp, Partner, Promise, PromisePeriod

from ..support import attack_world

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/medborgarloften/",
    "/loften/",
    "/loften/?status=genomfort",
    "/sok/?q=trygghet",
    "/sa-foljer-vi-upp/",
    "/parter/",
    "/oppna-data/",
    "/oppna-data/medborgarloften.json",
    # (The data-portal catalogue answers 503 until the site's settings are complete, by design.)
    "/kontakt-och-delta/",
    "/ordlista/",
    "/bevaka/",
    "/flode.atom",
    "/sitemap.xml",
]


def every_page(client):
    pages = list(PAGES)
    for period in PromisePeriod.objects.filter(is_published=True):
        pages += [
            f"/medborgarloften/{period.slug}/",
            f"/oppna-data/medborgarloften/{period.slug}.json",
            f"/oppna-data/medborgarloften/{period.slug}.csv",
            f"/inbaddning/{period.slug}/",
        ]
        for partner in Partner.objects.all():
            pages.append(f"/inbaddning/{period.slug}/{partner.slug}/")
    for partner in Partner.objects.all():
        pages.append(f"/parter/{partner.slug}/")
    for promise in Promise.objects.filter(period__is_published=True):
        pages.append(promise.get_absolute_url())
    return {page: client.get(page) for page in pages}


def test_an_unknown_follow_up_status_breaks_no_page():
    attack_world.build()
    FollowUp.objects.update(status="okand-status")
    answers = every_page(Client())
    failed = {page: r.status_code for page, r in answers.items() if r.status_code >= 500}
    assert failed == {}
    period = PromisePeriod.objects.get(slug="2023-2024")
    data = json.loads(answers[f"/oppna-data/medborgarloften/{period.slug}.json"].content)
    assert data["loften"]
