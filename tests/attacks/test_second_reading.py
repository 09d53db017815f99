"""Faults an attacker's second reading found after the freshness and role work, each shown
here as it was reproduced: a NUL in a value, a bad id in an admin POST, many spellings of one
address in the page cache, simultaneous reports, a backup that moved the content stamp back,
an editor's search through other partners' drafts, and a stored page for a foreign host."""

import datetime
import io
import json

import pytest
from django.core.management import call_command

from promises.caching import content_stamp
from promises.models import AccessibilityReport, ContentStamp, Promise, PromisePeriod
from promises.public import report_guard

from ..support import attack_world
from ..support.attack_world import ORUST, TJORN

pytestmark = pytest.mark.django_db


# A NUL character never reaches the database: PostgreSQL would refuse it with a 500.


def test_a_nul_in_a_search_is_dropped_not_an_error(client):
    assert client.get("/sok/?q=%00").status_code == 200
    with_nul = client.get("/sok/?q=brottsoffer%00")
    without = client.get("/sok/?q=brottsoffer")
    assert with_nul.status_code == without.status_code == 200
    found = [[result.row for result in r.context["results"]] for r in (with_nul, without)]
    assert found[0] == found[1] != []


def test_a_nul_in_a_filter_is_a_swedish_400(client):
    response = client.get("/loften/?givare=%00")
    assert response.status_code == 400
    assert "Filtret gick inte att använda" in response.content.decode()


def test_a_nul_in_an_admin_lookup_is_a_400(client_for):
    client = client_for(TJORN)
    autocomplete = client.get(
        "/admin/autocomplete/",
        {"app_label": "promises", "model_name": "followup", "field_name": "promise", "term": "\0"},
    )
    assert autocomplete.status_code == 400
    assert autocomplete.json() == {"error": "Sökordet går inte att använda."}


# An admin POST to an address whose id is no id answers as a missing object, never 500.


@pytest.mark.parametrize("role", ["admin", "coordinator", TJORN])
@pytest.mark.parametrize(
    "address",
    [
        "/admin/promises/promise/abc/change/",
        "/admin/promises/focusarea/abc/change/",
        "/admin/promises/glossaryterm/abc/change/",
        "/admin/promises/promiseperiod/1%20or%201/change/",
    ],
)
def test_a_post_to_a_change_page_with_a_bad_id_is_no_500(client_for, role, address):
    response = client_for(role).post(address, {"text": "x"})
    assert response.status_code in (302, 403, 404)


# One page, one stored copy: other spellings of its address are refused or not stored.


def test_an_id_with_leading_zeros_is_not_a_promise_address(client):
    promise = Promise.objects.first()
    address = promise.get_absolute_url()
    assert client.get(address).status_code == 200
    padded = address.replace(f"/{promise.pk}/", f"/000{promise.pk}/")
    assert client.get(padded).status_code == 404


def test_only_the_canonical_spelling_of_an_address_counts_as_the_page(rf):
    from django.urls import resolve

    from promises.caching.page_cache import is_canonical_address

    promise = Promise.objects.first()
    canonical = promise.get_absolute_url()
    request = rf.get(canonical)
    request.resolver_match = resolve(canonical)
    assert is_canonical_address(request)
    # Another spelling that some converter might accept for the same page is never stored.
    request = rf.get(canonical.replace(f"/{promise.pk}/", f"/0{promise.pk}/"))
    request.resolver_match = resolve(canonical)
    assert not is_canonical_address(request)
    assert not is_canonical_address(rf.get(canonical))  # no view matched: nothing stored


def test_padded_addresses_store_nothing(client, real_cache):
    promise = Promise.objects.first()
    padded = promise.get_absolute_url().replace(f"/{promise.pk}/", f"/00{promise.pk}/")
    for _ in range(3):
        assert client.get(padded).status_code == 404
    assert not [key for key in real_cache._cache if ":page:" in key or key.startswith("page:")]


def test_a_stored_page_is_not_served_to_a_foreign_host(client, real_cache):
    assert client.get("/").status_code == 200
    assert client.get("/").status_code == 200  # now from the page cache
    assert client.get("/", HTTP_HOST="evil.example").status_code == 400


# Reports that passed the check together still store no more than the allowance.


def test_simultaneous_reports_from_one_address_stay_within_the_allowance(rf, mid_hour):
    def post():
        return rf.post("/tillganglighet/rapportera/", REMOTE_ADDR="198.51.100.77")

    # Seven posts arrive together: every one of them passes the check before any is stored.
    requests = [post() for _ in range(7)]
    assert [report_guard.flooding(request) for request in requests] == [None] * 7
    slots = [report_guard.take_report_slot(request) for request in requests]
    allowed = report_guard.REPORTS_PER_HOUR
    assert slots == [None] * allowed + [report_guard.Flood.ADDRESS] * (7 - allowed)
    # A slot given back (a report that could not be stored) can be taken again.
    report_guard.give_back_report_slot(requests[0])
    assert report_guard.take_report_slot(post()) is None
    assert report_guard.take_report_slot(post()) == report_guard.Flood.ADDRESS


def test_the_site_wide_allowance_is_taken_before_storing(rf, monkeypatch, mid_hour):
    monkeypatch.setattr(report_guard, "SITE_REPORTS_PER_HOUR", 2)
    addresses = ["198.51.100.1", "198.51.100.2", "198.51.100.3"]
    requests = [rf.post("/", REMOTE_ADDR=address) for address in addresses]
    results = [report_guard.take_report_slot(request) for request in requests]
    assert results == [None, None, report_guard.Flood.SITE]
    # The refused address kept nothing: it may report once the site allows again.
    monkeypatch.setattr(report_guard, "SITE_REPORTS_PER_HOUR", 3)
    assert report_guard.take_report_slot(requests[2]) is None
    assert AccessibilityReport.objects.count() == 0  # taking a slot stores nothing


# A backup import never moves the content stamp back to a moment already used.


def test_importing_a_backup_moves_the_stamp_past_every_moment_used(tmp_path):
    backup_file = tmp_path / "backup.json"
    call_command("export_content", backup_file, stdout=io.StringIO())
    # Edits after the backup moved the stamp well ahead (a burst of saves does that).
    ahead = content_stamp.last_changed() + datetime.timedelta(minutes=10)
    ContentStamp.objects.filter(pk=1).update(changed_at=ahead)
    call_command("import_content", backup_file, stdout=io.StringIO())
    after = ContentStamp.objects.get(pk=1).changed_at
    exported = json.loads(backup_file.read_text())
    stamps = [row for row in exported["objects"] if row["model"] == "promises.contentstamp"]
    assert after > ahead
    assert all(
        after > datetime.datetime.fromisoformat(row["fields"]["changed_at"]) for row in stamps
    )


# An editor's search finds periods by their own promises' words only.


def test_an_editor_cannot_search_another_partners_draft_promise(client_for):
    world = attack_world.build()
    draft = PromisePeriod.objects.get(slug="utkast-2025-2026")
    secret = world["own draft promises"][ORUST]
    secret.text = "Hemligt ord: fyrtornsvakt."
    secret.save()
    tjorn = client_for(TJORN)
    found = tjorn.get("/admin/promises/promiseperiod/", {"q": "fyrtornsvakt"})
    assert found.status_code == 200
    assert draft.title not in found.content.decode()
    # Their own promise's words still find the period.
    own = world["own draft promises"][TJORN]
    own.text = "Tjörns ord: sjöräddning."
    own.save()
    found = tjorn.get("/admin/promises/promiseperiod/", {"q": "sjöräddning"})
    assert draft.title in found.content.decode()
    # The administrator searches everything.
    found = client_for("admin").get("/admin/promises/promiseperiod/", {"q": "fyrtornsvakt"})
    assert draft.title in found.content.decode()


def test_an_editor_counts_only_the_promises_they_may_see(client_for):
    attack_world.build()
    draft = PromisePeriod.objects.get(slug="utkast-2025-2026")
    own = draft.promises.filter(givers__slug=TJORN).count()
    everyone = draft.promises.count()
    assert own < everyone
    page = client_for(TJORN).get("/admin/promises/promiseperiod/")
    assert page.context["cl"].result_list.get(pk=draft.pk).number_of_promises == own
    page = client_for("admin").get("/admin/promises/promiseperiod/")
    assert page.context["cl"].result_list.get(pk=draft.pk).number_of_promises == everyone
