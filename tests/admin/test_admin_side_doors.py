"""The admin's side doors follow the role rules: restores that would write past the role,
the period's partners, moving a joint follow-up away and deleting it, `r/`, autocomplete."""

import copy

import pytest
import reversion
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from reversion.models import Version

from promises.editing import roles
from promises.models import FollowUp, FollowUpFigure, Partner, Promise, PromisePeriod

from ..support import attack_world
from ..support.attack_world import ORUST, POLICE, TJORN
from ..support.html import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(shared_world):
    """The module's attack world, built once (tests/support/shared_world.py): each test's
    writes are rolled back, and it gets its own copies of the rows, so what one test changes
    in them (`refresh_from_db`, a field set) the next does not see."""
    return copy.deepcopy(shared_world.world)


def change_url(obj, view="change"):
    return f"/admin/promises/{obj._meta.model_name}/{obj.pk}/{view}/"


def restore(client, obj, version):
    """GET the restore page and POST its form back, as a browser would; both answers."""
    url = f"/admin/promises/{obj._meta.model_name}/{obj.pk}/history/{version.pk}/"
    page = client.get(url)
    data = form_data(page.content.decode(), f"{obj._meta.model_name}_form") or {"_save": "1"}
    return page.status_code, client.post(url, data).status_code


def test_a_restore_that_would_give_a_promise_to_another_partner_is_refused(client_for, world):
    joint, police = world["joint"], world["partners"][POLICE]
    # An administrator once listed the police among the givers, then took them off again.
    joint.givers.add(police)
    with reversion.create_revision():
        reversion.add_to_revision(joint)
    version = Version.objects.get_for_object(joint).first()
    joint.givers.remove(police)
    tjorn = client_for(TJORN)
    before = attack_world.dump()

    assert restore(tjorn, joint, version) == (403, 403)
    assert attack_world.dump() == before
    # The administrator may.
    assert restore(client_for("admin"), joint, version)[1] == 302
    assert police in joint.givers.all()


def test_a_restore_that_would_move_a_follow_up_to_another_partner_is_refused(client_for, world):
    follow_up = world["follow ups"]["tjorn draft"]
    # An administrator had it on a police promise once, then moved it to Tjörn's promise.
    FollowUp.objects.filter(pk=follow_up.pk).update(promise=world["police"])
    with reversion.create_revision():
        reversion.add_to_revision(FollowUp.objects.get(pk=follow_up.pk))
    police_version_of_it = Version.objects.get_for_object(follow_up).first()
    FollowUp.objects.filter(pk=follow_up.pk).update(promise=world["tjorn only"])
    tjorn = client_for(TJORN)
    before = attack_world.dump()

    assert restore(tjorn, follow_up, police_version_of_it) == (403, 403)
    assert attack_world.dump() == before


def test_an_editor_restores_their_own_follow_up_and_what_was_added_since_goes(client_for, world):
    follow_up = world["follow ups"]["tjorn draft"]
    version = Version.objects.get_for_object(follow_up).first()
    FollowUpFigure.objects.create(follow_up=follow_up, label="Senare", value="3")
    FollowUp.objects.filter(pk=follow_up.pk).update(text="Ändrad text.")

    assert restore(client_for(TJORN), follow_up, version)[1] == 302
    follow_up.refresh_from_db()
    assert follow_up.text == "Tjörns utkast."
    assert not follow_up.figures.exists()  # the whole revision, as the follow-up was


def test_another_partners_follow_up_cannot_be_restored_or_pruned(client_for, world):
    """Restoring the joint follow-up's revision would delete the figure added since: the
    police, who do not give that promise, reach neither the page nor the restore."""
    joint = world["follow ups"]["joint"]
    version = Version.objects.get_for_object(joint).first()
    FollowUpFigure.objects.create(follow_up=joint, label="Tillagd senare", value="1")
    police = client_for(POLICE)
    before = attack_world.dump()
    assert restore(police, joint, version) == (404, 404)
    assert attack_world.dump() == before


def test_a_coordinator_cannot_restore_a_promise_or_a_period(client_for, world):
    coordinator = client_for("coordinator")
    promise = world["police"]
    before = attack_world.dump()
    assert restore(coordinator, promise, Version.objects.get_for_object(promise).first()) == (
        403,
        403,
    )
    period = world["draft"]
    published_version = Version.objects.get_for_object(period).first()
    assert published_version.field_dict["is_published"] is True
    assert restore(coordinator, period, published_version) == (403, 403)
    assert attack_world.dump() == before
    period.refresh_from_db()
    assert not period.is_published


def test_an_editors_crafted_post_leaves_the_periods_partners_alone(client_for):
    period = PromisePeriod.objects.get(slug="2023-2024")
    partners = set(period.partners.values_list("pk", flat=True))
    url = change_url(period)
    data = form_data(client_for("admin").get(url).content.decode(), "promiseperiod_form")
    data["partners"] = [str(Partner.objects.get(slug=TJORN).pk)]
    data["intro"] = "Tjörn skrev om inledningen."
    tjorn = client_for(TJORN)
    page = tjorn.get(url).content.decode()
    assert 'name="partners"' not in page  # read-only for editors
    tjorn.post(url, data)
    period.refresh_from_db()
    assert set(period.partners.values_list("pk", flat=True)) == partners
    assert period.intro != "Tjörn skrev om inledningen."


def test_another_givers_report_on_a_joint_promise_is_out_of_reach(client_for, world):
    """Tjörn gives the joint promise too, but Orust's report on it is Orust's: Tjörn can neither
    open, change, move nor delete it (before reporters, a Tjörn editor's change set the status
    for all three municipalities)."""
    orusts = world["follow ups"]["joint"]
    admin_form = form_data(
        client_for("admin").get(change_url(orusts)).content.decode(), "followup_form"
    )
    admin_form["status"] = "not_done"
    admin_form["promise"] = str(world["tjorn only"].pk)
    tjorn = client_for(TJORN)
    before = attack_world.dump()
    assert tjorn.get(change_url(orusts)).status_code == 404
    assert tjorn.post(change_url(orusts), admin_form).status_code == 404
    assert tjorn.post(change_url(orusts, "delete"), {"post": "yes"}).status_code == 404
    assert attack_world.dump() == before

    # Tjörn's own report on the same promise moves to a promise Tjörn also gives, and stays
    # Tjörn's; it cannot go to a promise Tjörn does not give.
    own = world["follow ups"]["joint by tjorn"]
    data = form_data(tjorn.get(change_url(own)).content.decode(), "followup_form")
    data["promise"] = str(world["police"].pk)
    response = tjorn.post(change_url(own), data)
    assert response.status_code == 200
    own.refresh_from_db()
    assert own.promise == world["joint"]
    data = form_data(tjorn.get(change_url(own)).content.decode(), "followup_form")
    data["promise"] = str(world["tjorn only"].pk)
    assert tjorn.post(change_url(own), data).status_code == 302
    own.refresh_from_db()
    assert own.promise == world["tjorn only"]
    assert own.reported_by.slug == TJORN


def test_view_on_site_answers_404_for_what_the_user_cannot_open(client_for, world):
    follow_up_type = ContentType.objects.get_for_model(FollowUp).pk
    promise_type = ContentType.objects.get_for_model(world["police"]).pk
    police = client_for(POLICE)
    tjorn_draft = world["follow ups"]["tjorn draft"]
    orust_draft_promise = world["own draft promises"][ORUST]
    assert police.get(f"/admin/r/{follow_up_type}/{tjorn_draft.pk}/").status_code == 404
    assert police.get(f"/admin/r/{promise_type}/{orust_draft_promise.pk}/").status_code == 404
    own = world["own draft promises"][POLICE]
    assert police.get(f"/admin/r/{promise_type}/{own.pk}/").status_code == 302
    for bad in ("abc", "999999999999999999999999", "1/2"):
        assert police.get(f"/admin/r/{promise_type}/{bad}/").status_code == 404
    assert police.get("/admin/r/999999999999999999999/1/").status_code == 404
    coordinator = client_for("coordinator")
    assert coordinator.get(f"/admin/r/{follow_up_type}/{tjorn_draft.pk}/").status_code == 302


@pytest.mark.parametrize(
    ("query", "model"),
    [
        ("app_label=promises&model_name=followup&field_name=promise&term=", Promise),
        ("app_label=promises&model_name=followup&field_name=promise&term=Orusts", Promise),
        ("app_label=promises&model_name=promise&field_name=givers&term=", Partner),
        ("app_label=promises&model_name=promise&field_name=period&term=", PromisePeriod),
        ("app_label=promises&model_name=followupfigure&field_name=follow_up&term=", FollowUp),
        ("app_label=auth&model_name=user&field_name=groups&term=", None),
        # Subscribers' addresses are for site administrators only.
        ("app_label=promises&model_name=outgoingmessage&field_name=subscription&term=", None),
        ("app_label=promises&model_name=promise&field_name=nothing&term=", None),
        ("term=a", None),
    ],
)
def test_autocomplete_lists_only_what_the_role_may_open(client_for, query, model, shared_world):
    client = client_for(POLICE)
    user = User.objects.get(username=f"{POLICE}@example.se")
    response = client.get(f"/admin/autocomplete/?{query}")
    if model is None:
        assert response.status_code in (403, 404)
        return
    assert response.status_code == 200
    listed = {int(result["id"]) for result in response.json()["results"]}
    if roles.scope_of(model) is None:
        visible = set(model.objects.values_list("pk", flat=True))  # periods: every editor
    else:
        visible = set(roles.visible(user, model.objects.all()).values_list("pk", flat=True))
    assert listed <= visible
    assert "Orusts" not in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/promises/followup/?_to_field=text&_popup=1",
        "/admin/promises/followup/?_popup=1&q=Orusts",
        "/admin/promises/promise/?_to_field=id&_popup=1&q=Orusts",
        "/admin/promises/followup/?promise__givers__id__exact=3",
    ],
)
def test_popups_and_lookups_do_not_list_other_partners_rows(client_for, url, shared_world):
    response = client_for(POLICE).get(url)
    assert response.status_code in (200, 400)
    page = response.content.decode()
    assert "Orusts eget" not in page
    assert "Orusts utkast" not in page


def test_a_follow_up_form_offers_no_other_partners_promise(client_for, world):
    page = client_for(POLICE).get("/admin/promises/followup/add/").content.decode()
    assert f'value="{world["orust only"].pk}"' not in page
    assert f'value="{world["police"].pk}"' in page
