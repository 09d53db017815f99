"""The lättläst text per promise in the admin: next to the promise text, the list filter
“Lättläst text: Saknas”, the count on a period's page, and the area rules of before (an editor
of another area reaches no promise of this one)."""

import pytest

from promises.models import Promise, PromisePeriod

from ..support import attack_world
from ..support.html import form_data, visible_text

pytestmark = pytest.mark.django_db

EASY = "Polisen hjälper de som har blivit utsatta för brott."
CHANGELIST = "/admin/promises/promise/"


@pytest.fixture
def seed_promises():
    return list(PromisePeriod.objects.get(slug="2023-2024").promises.order_by("order", "pk"))


def change_url(promise):
    return f"/admin/promises/promise/{promise.pk}/change/"


def test_the_filter_lists_the_promises_that_lack_an_easy_read_text(client_for, seed_promises):
    written = seed_promises[0]
    Promise.objects.filter(pk=written.pk).update(easy_read_text=EASY)
    client = client_for("admin")
    response = client.get(CHANGELIST, {"lattlast": "saknas"})
    assert response.status_code == 200
    shown = response.context["cl"].result_list
    assert written not in shown
    assert len(shown) == len(seed_promises) - 1
    assert "Lättläst text" in visible_text(response.content.decode())


def test_a_filter_value_no_list_knows_answers_400(client_for):
    response = client_for("admin").get(CHANGELIST, {"lattlast": "kanske"})
    assert response.status_code == 400


def test_the_period_page_counts_the_users_promises_that_lack_one(client_for, seed_promises):
    period = seed_promises[0].period
    Promise.objects.filter(pk=seed_promises[0].pk).update(easy_read_text=EASY)
    page = client_for("admin").get(f"/admin/promises/promiseperiod/{period.pk}/change/")
    text = visible_text(page.content.decode())
    total = len(seed_promises)
    assert f"{total - 1} av {total} löften saknar lättläst text" in text
    assert f"period__id__exact={period.pk}&amp;lattlast=saknas" in page.content.decode()
    # A partner's editor counts the promises they edit, not the whole period's.
    tjorn = client_for(attack_world.TJORN).get(f"/admin/promises/promiseperiod/{period.pk}/change/")
    own = Promise.objects.filter(period=period, givers__slug=attack_world.TJORN).distinct()
    assert f"{own.lacking_easy_read().count()} av {own.count()} löften" in visible_text(
        tjorn.content.decode()
    )


def test_an_editor_writes_it_next_to_the_promise_text(client_for, seed_promises):
    promise = Promise.objects.filter(givers__slug=attack_world.TJORN).first()
    client = client_for(attack_world.TJORN)
    page = client.get(change_url(promise)).content.decode()
    assert page.index('name="text"') < page.index('name="easy_read_text"')
    data = form_data(page, "promise_form")
    data["easy_read_text"] = f"  {EASY}\n"
    response = client.post(change_url(promise), data)
    assert response.status_code == 302, visible_text(response.content.decode())[:1500]
    promise.refresh_from_db()
    assert promise.easy_read_text == EASY


def test_too_long_a_text_gets_a_swedish_error_and_is_not_saved(client_for):
    promise = Promise.objects.filter(givers__slug=attack_world.TJORN).first()
    client = client_for(attack_world.TJORN)
    data = form_data(client.get(change_url(promise)).content.decode(), "promise_form")
    data["easy_read_text"] = "Ord. " * 400
    response = client.post(change_url(promise), data)
    assert response.status_code == 200
    assert "som mest 1500 tecken" in visible_text(response.content.decode())
    promise.refresh_from_db()
    assert promise.easy_read_text == ""


def test_an_editor_of_another_area_cannot_write_it(client_for, seed_promises):
    attack_world.build_north()
    promise = seed_promises[0]
    client = client_for(attack_world.NORTH_MUNICIPALITY)
    assert client.get(change_url(promise)).status_code in (403, 404)
    data = {"text": promise.text, "easy_read_text": EASY, "period": promise.period_id}
    assert client.post(change_url(promise), data).status_code in (403, 404)
    promise.refresh_from_db()
    assert promise.easy_read_text == ""
    # Nor does the other area's promise list offer it.
    listed = client.get(CHANGELIST, {"lattlast": "saknas"}).context["cl"].result_list
    assert promise not in listed
