"""Stored import previews stay within each user's allowance (count and bytes), the oldest
making room; and the import's answer to a taken key is the same whoever's action, in whatever
period and state, holds it."""

import datetime
import io

import pytest
import time_machine
from django.contrib.auth.models import User

from promises.editing import action_import
from promises.models import Action, PreviewedImport, PromisePeriod
from promises.models.imports import PREVIEW_BYTES_PER_USER, PREVIEWS_PER_USER

from ..support.actions import POLICE, TJORN, action, partner
from ..support.html import visible_text

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/promises/action/import/"
HEADER = "Löfte;Åtgärd;Ansvarig;Nyckel\r\n"
EXPIRED = "Förhandsgranskningen har gått ut eller ändrats. Ladda upp filen igen."
TAKEN = ("Nyckel", "Nyckeln är redan upptagen. Välj en annan nyckel.")


def period():
    return PromisePeriod.objects.get(slug="2023-2024")


def given_by(slug):
    """The first promise of the 2023–2024 period that the partner gives."""
    return period().promises.filter(givers__slug=slug).order_by("order", "pk").first()


def tjorn_row(key, title="Trygghetsvandring."):
    number = list(period().promises.order_by("order", "pk")).index(given_by(TJORN)) + 1
    return f"{number};{title};Tjörns kommun;{key}\r\n"


# The allowance -------------------------------------------------------------------------------


def user(name):
    return User.objects.create_user(name, is_staff=True)


def test_a_users_oldest_previews_go_past_the_count_and_others_stay():
    anna, bo = user("anna@example.se"), user("bo@example.se")
    others = PreviewedImport.keep(bo, [("b.csv", b"x")])
    kept = [PreviewedImport.keep(anna, [(f"{n}.csv", b"x" * 10)]) for n in range(5)]
    assert PREVIEWS_PER_USER == 3
    mine = PreviewedImport.objects.filter(user=anna).order_by("pk")
    assert [p.pk for p in mine] == [p.pk for p in kept[-3:]]
    assert PreviewedImport.objects.filter(pk=others.pk).exists()
    assert [p.size for p in mine] == [10, 10, 10]


def test_a_users_oldest_previews_go_past_the_bytes():
    anna = user("anna@example.se")
    three_mb = b"x" * (3 * 1024 * 1024)
    first = PreviewedImport.keep(anna, [("a.csv", three_mb)])
    second = PreviewedImport.keep(anna, [("b.csv", three_mb)])
    assert PreviewedImport.objects.filter(user=anna).count() == 2
    third = PreviewedImport.keep(anna, [("c.csv", three_mb), ("d.csv", b"x")])
    remaining = set(PreviewedImport.objects.filter(user=anna).values_list("pk", flat=True))
    assert remaining == {second.pk, third.pk}
    assert first.pk not in remaining
    assert sum(p.size for p in PreviewedImport.objects.all()) <= PREVIEW_BYTES_PER_USER


def test_the_newest_preview_is_kept_even_alone_past_the_bytes():
    anna = user("anna@example.se")
    PreviewedImport.keep(anna, [("a.csv", b"x")])
    big = PreviewedImport.keep(anna, [("b.csv", b"x" * (PREVIEW_BYTES_PER_USER + 1))])
    assert list(PreviewedImport.objects.filter(user=anna)) == [big]


def test_expired_previews_of_every_user_are_removed():
    anna, bo = user("anna@example.se"), user("bo@example.se")
    with time_machine.travel(datetime.datetime(2024, 3, 1, 12, tzinfo=datetime.UTC), tick=False):
        old = PreviewedImport.keep(bo, [("b.csv", b"x")])
    with time_machine.travel(datetime.datetime(2024, 3, 1, 13, 1, tzinfo=datetime.UTC)):
        fresh = PreviewedImport.keep(anna, [("a.csv", b"x")])
        assert list(PreviewedImport.objects.all()) == [fresh]
        assert not PreviewedImport.objects.filter(pk=old.pk).exists()


def upload(client, content, name="tjorn.csv"):
    file = io.BytesIO(content)
    file.name = name
    answer = client.post(IMPORT_URL, {"period": period().pk, "file": file})
    assert answer.status_code == 200
    return answer.context["token"]


def test_in_the_admin_a_preview_pushed_out_says_expired_and_the_newest_imports(client_for):
    client = client_for(TJORN)
    tokens = [
        upload(client, (HEADER + tjorn_row(f"tjorn-{n}", f"Åtgärd {n}.")).encode())
        for n in range(PREVIEWS_PER_USER + 1)
    ]
    assert PreviewedImport.objects.count() == PREVIEWS_PER_USER
    pushed_out = client.post(IMPORT_URL, {"token": tokens[0]}, follow=True)
    assert EXPIRED in visible_text(pushed_out.content.decode())
    assert not Action.objects.exists()
    done = client.post(IMPORT_URL, {"token": tokens[-1]}, follow=True)
    assert "Importen är klar. Åtgärder: 1 ny," in visible_text(done.content.decode())
    assert list(Action.objects.values_list("key", flat=True)) == [f"tjorn-{PREVIEWS_PER_USER}"]


# Taken keys ----------------------------------------------------------------------------------


@pytest.fixture
def police_actions():
    """The police's actions: published and draft in this period, a draft in a draft period."""
    draft_period = PromisePeriod.objects.create(
        title="Utkast 2025–2026",
        slug="utkast-2025-2026",
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
        is_published=False,
    )
    draft_promise = draft_period.promises.create(text="Polisens utkastlöfte.", order=1)
    draft_promise.givers.set([partner(POLICE)])
    police_promise = given_by(POLICE)
    action(police_promise, POLICE, key="pol-publicerad")
    action(police_promise, POLICE, key="pol-utkast", published=False)
    action(draft_promise, POLICE, key="pol-annan-period", published=False)
    tjorns_elsewhere = draft_period.promises.create(text="Tjörns utkastlöfte.", order=2)
    tjorns_elsewhere.givers.set([partner(TJORN)])
    action(tjorns_elsewhere, TJORN, key="tjorn-annan-period", published=False)


def test_every_key_of_another_partners_action_gets_the_same_answer(staff_user, police_actions):
    tjorn = staff_user(TJORN)
    keys = ["pol-publicerad", "pol-utkast", "pol-annan-period"]
    rows = "".join(tjorn_row(key, f"Åtgärd {key}.") for key in [*keys, "ny-nyckel"])
    planned = action_import.plan_import((HEADER + rows).encode(), "t.csv", period(), tjorn)
    assert [row.errors for row in planned.rows] == [[TAKEN], [TAKEN], [TAKEN], []]
    assert planned.rows[3].outcome == "new"
    # The editor's own action in another period may be named as such: nothing leaks.
    own = action_import.plan_import(
        (HEADER + tjorn_row("tjorn-annan-period")).encode(), "t.csv", period(), tjorn
    )
    assert own.rows[0].errors == [
        ("Nyckel", "Nyckeln används redan av en åtgärd i en annan period.")
    ]


def test_the_admin_shows_the_same_words_for_a_draft_elsewhere_and_a_published_action(
    client_for, police_actions
):
    client = client_for(TJORN)
    texts = []
    for key in ("pol-annan-period", "pol-publicerad"):
        file = io.BytesIO((HEADER + tjorn_row(key, "Samma åtgärd.")).encode())
        file.name = "tjorn.csv"
        answer = client.post(IMPORT_URL, {"period": period().pk, "file": file})
        page = visible_text(answer.content.decode())
        assert "Kolumn Nyckel: Nyckeln är redan upptagen. Välj en annan nyckel." in page
        texts.append(page.replace(key, "KEY"))
    assert texts[0] == texts[1]
    assert Action.objects.count() == 4
