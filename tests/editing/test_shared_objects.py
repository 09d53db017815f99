"""A promise several partners give together stays where it is unless someone who acts for every
giver moves it (issue 21, item 2), and an editor never leaves a report without a reporter
(item 3). Every door: the promise's form, the period form's promise rows, bulk actions and a
restore from the history; a refused request leaves every table as it was."""

import copy

import pytest
import reversion
from reversion.models import Version

from promises.models import FocusArea, FollowUp, Promise

from ..support import attack_world
from ..support.attack_world import ORUST, POLICE, STENUNGSUND, TJORN
from ..support.html import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(shared_world):
    """The module's attack world, built once (tests/support/shared_world.py): each test's
    writes are rolled back, and it gets its own copies of the rows, so what one test changes
    in them (`refresh_from_db`, a field set) the next does not see."""
    return copy.deepcopy(shared_world.world)


SHARED_REFUSAL = "delas med andra parter"


def change_url(obj, view="change"):
    return f"/admin/promises/{obj._meta.model_name}/{obj.pk}/{view}/"


def joint_promise_of(world, role):
    """A promise `role` gives together with another partner: the municipalities' joint promise,
    or for the police one given with Tjörn (made here: the seed has none)."""
    if role != POLICE:
        return world["joint"]
    promise = Promise.objects.create(
        period=world["published"], text="Polisens och Tjörns gemensamma löfte.", order=400
    )
    promise.givers.set([world["partners"][POLICE], world["partners"][TJORN]])
    with reversion.create_revision():
        reversion.add_to_revision(promise)
    return promise


def served(client, obj):
    return form_data(client.get(change_url(obj)).content.decode(), f"{obj._meta.model_name}_form")


@pytest.mark.parametrize("role", [TJORN, ORUST, STENUNGSUND, POLICE])
def test_one_giver_cannot_move_a_joint_promise_to_another_period(client_for, role, world):
    promise = joint_promise_of(world, role)
    client = client_for(role)
    data = served(client, promise)
    assert data["period"] == str(world["published"].pk)
    before = attack_world.dump()

    data["period"] = str(world["draft"].pk)
    response = client.post(change_url(promise), data)

    assert response.status_code == 200
    assert SHARED_REFUSAL in response.content.decode()
    assert attack_world.dump() == before
    assert Promise.objects.get(pk=promise.pk).period == world["published"]


@pytest.mark.parametrize("role", [TJORN, ORUST, STENUNGSUND, POLICE])
def test_one_giver_cannot_change_a_joint_promises_focus_areas(client_for, role, world):
    promise = joint_promise_of(world, role)
    client = client_for(role)
    data = served(client, promise)
    chosen = set(promise.focus_areas.values_list("pk", flat=True))
    other = FocusArea.objects.exclude(pk__in=chosen).first()
    assert other is not None
    before = attack_world.dump()

    data["focus_areas"] = [str(pk) for pk in chosen | {other.pk}]
    response = client.post(change_url(promise), data)

    assert response.status_code == 200
    assert SHARED_REFUSAL in response.content.decode()
    assert attack_world.dump() == before


@pytest.mark.parametrize("role", [TJORN, ORUST, STENUNGSUND])
def test_the_period_form_cannot_change_a_joint_promises_focus_areas(client_for, role, world):
    joint, period = world["joint"], world["published"]
    client = client_for(role)
    data = served(client, period)
    prefix = next(k for k, v in data.items() if k.endswith("-id") and v == str(joint.pk))[:-3]
    chosen = set(joint.focus_areas.values_list("pk", flat=True))
    other = FocusArea.objects.exclude(pk__in=chosen).first()
    before = attack_world.dump()

    data[f"{prefix}-focus_areas"] = [str(pk) for pk in chosen | {other.pk}]
    response = client.post(change_url(period), data)

    assert response.status_code == 200
    assert SHARED_REFUSAL in response.content.decode()
    assert attack_world.dump() == before


@pytest.mark.parametrize("role", [TJORN, ORUST, STENUNGSUND, POLICE])
def test_a_restore_cannot_move_a_joint_promise_for_one_giver(client_for, role, world):
    promise = joint_promise_of(world, role)
    # An administrator once had it in the draft period, then moved it back.
    Promise.objects.filter(pk=promise.pk).update(period=world["draft"])
    with reversion.create_revision():
        reversion.add_to_revision(Promise.objects.get(pk=promise.pk))
    version = Version.objects.get_for_object(promise).first()
    Promise.objects.filter(pk=promise.pk).update(period=world["published"])
    client = client_for(role)
    url = change_url(promise, f"history/{version.pk}")
    before = attack_world.dump()

    page = client.get(url)
    assert page.status_code == 403
    assert client.post(url, served(client, promise)).status_code == 403
    assert attack_world.dump() == before

    # A site administrator may.
    admin = client_for("admin")
    restored = form_data(admin.get(url).content.decode(), "promise_form")
    assert admin.post(url, restored).status_code == 302
    assert Promise.objects.get(pk=promise.pk).period == world["draft"]


def test_bulk_actions_cannot_move_or_delete_a_joint_promise(client_for, world):
    joint = world["joint"]
    client = client_for(TJORN)
    before = attack_world.dump()
    for action in ("delete_selected",):
        response = client.post(
            "/admin/promises/promise/",
            {"action": action, "_selected_action": [joint.pk], "post": "yes"},
        )
        assert response.status_code in (200, 302, 403)
    assert attack_world.dump() == before


def test_a_site_administrator_moves_a_joint_promise(client_for, world):
    joint = world["joint"]
    admin = client_for("admin")
    data = served(admin, joint)
    data["period"] = str(world["draft"].pk)
    assert admin.post(change_url(joint), data).status_code == 302
    assert Promise.objects.get(pk=joint.pk).period == world["draft"]


def test_the_only_giver_still_moves_their_own_promise(client_for, world):
    own = world["tjorn only"]
    client = client_for(TJORN)
    data = served(client, own)
    data["period"] = str(world["draft"].pk)
    assert client.post(change_url(own), data).status_code == 302
    assert Promise.objects.get(pk=own.pk).period == world["draft"]


def test_the_joint_promises_text_is_still_each_givers(client_for, world):
    """The rule is about where the promise stands: its words stay every giver's to edit."""
    joint = world["joint"]
    client = client_for(ORUST)
    data = served(client, joint)
    data["text"] = "Omformulerat av Orust."
    assert client.post(change_url(joint), data).status_code == 302
    assert Promise.objects.get(pk=joint.pk).text == "Omformulerat av Orust."


# Item 3: a report always keeps a reporter unless a site administrator says otherwise.


@pytest.mark.parametrize("published", [True, False])
def test_an_editor_cannot_empty_their_reports_reporter(client_for, published, world):
    follow_up = world["follow ups"]["joint by tjorn"]
    FollowUp.objects.filter(pk=follow_up.pk).update(is_published=published)
    client = client_for(TJORN)
    data = served(client, follow_up)
    assert data["reported_by"] == str(world["partners"][TJORN].pk)
    before = attack_world.dump()

    data["reported_by"] = ""
    response = client.post(change_url(follow_up), data)

    assert response.status_code == 200
    assert "Detta fält måste fyllas i" in response.content.decode()
    assert attack_world.dump() == before


def test_a_restore_cannot_empty_a_reporter_for_an_editor(client_for, world):
    follow_up = world["follow ups"]["joint by tjorn"]
    FollowUp.objects.filter(pk=follow_up.pk).update(reported_by=None)
    with reversion.create_revision():
        reversion.add_to_revision(FollowUp.objects.get(pk=follow_up.pk))
    version = Version.objects.get_for_object(follow_up).first()
    FollowUp.objects.filter(pk=follow_up.pk).update(reported_by=world["partners"][TJORN])
    client = client_for(TJORN)
    url = change_url(follow_up, f"history/{version.pk}")
    before = attack_world.dump()

    assert client.get(url).status_code == 403
    assert client.post(url, served(client, follow_up)).status_code == 403
    assert attack_world.dump() == before


def test_a_site_administrator_may_clear_a_reporter(client_for, world):
    follow_up = world["follow ups"]["joint by tjorn"]
    admin = client_for("admin")
    data = served(admin, follow_up)
    data["reported_by"] = ""
    assert admin.post(change_url(follow_up), data).status_code == 302
    assert FollowUp.objects.get(pk=follow_up.pk).reported_by is None
