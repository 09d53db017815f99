"""Issue 17, the residents' half: each giver's own status on a joint promise, a start page
that answers "what, who, did it happen", "Kontakt och delta", and search that finds what
residents type."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from reversion.models import Version

from promises.models import FocusArea, FollowUp, Partner, Promise, PromisePeriod, swedish_date

from ..support.follow_ups import municipal_promises, overall_status, police_promises, report
from ..support.html import form_data, visible_text

pytestmark = pytest.mark.django_db

TJORN, ORUST, STENUNGSUND = "tjorns-kommun", "orust-kommun", "stenungsunds-kommun"
POLICE = "lokalpolisomrade-sodra-fyrbodal"
MAIN_MENU = re.compile(r'<nav class="site-nav"[^>]*>(.*?)</nav>', re.S)


def partner(slug):
    return Partner.objects.get(slug=slug)


def joint_promise():
    """A promise all three municipalities give (the seed's municipal promises)."""
    promise = municipal_promises()[0]
    assert promise.givers.count() == 3
    return promise


def text_of(client, url):
    return re.sub(r" ([).:,])", r"\1", visible_text(client.get(url).content.decode()))


# Per-giver truth ---------------------------------------------------------------------------


def test_two_givers_reporting_differently_each_keep_their_own_status(client):
    promise = joint_promise()
    report(promise, "done", "2024-05-02", by=partner(TJORN), text="Alla grundskolor på Tjörn.")
    report(promise, "in_progress", "2024-04-01", by=partner(ORUST))

    page = text_of(client, promise.get_absolute_url())
    assert "Tjörns kommun: Genomfört (2 maj 2024)" in page
    assert "Orust kommun: Pågår (1 april 2024)" in page
    assert "Stenungsunds kommun: Ingen uppföljning" in page
    assert "Senast rapporterad status: Olika för olika parter (2 maj 2024)" in page
    assert "Rapporterad av Tjörns kommun Alla grundskolor på Tjörn." in page
    # The overall status follows the rule on "Så följer vi upp", computed here independently.
    assert overall_status(promise) == "mixed"
    assert Promise.objects.with_status().get(pk=promise.pk).current_status == "mixed"

    # The period page lists each giver's own status only where they differ.
    listed = client.get("/medborgarloften/2023-2024/").content.decode()
    items = re.findall(
        r'<li id="[^"]*" class="promise-item">.*?</li>\s*(?=<li id|</ul>)', listed, re.S
    )
    with_givers = [item for item in items if 'class="giver-statuses"' in item]
    assert len(with_givers) == 1
    assert "Tjörns kommun: " in visible_text(with_givers[0])
    assert promise.text in visible_text(with_givers[0])

    # Each partner's page shows its own status, not Tjörn's.
    assert "Status för Tjörns kommun: Genomfört" in text_of(client, f"/parter/{TJORN}/")
    assert "Status för Orust kommun: Pågår" in text_of(client, f"/parter/{ORUST}/")
    stenungsund = text_of(client, f"/parter/{STENUNGSUND}/")
    assert "Status för Stenungsunds kommun: Ingen uppföljning" in stenungsund
    assert "Tillsammans med Orust kommun och Tjörns kommun." in stenungsund
    method = text_of(client, "/sa-foljer-vi-upp/")
    assert "”Genomfört” först när varje part som ger det har rapporterat det genomfört" in method

    # Open data: each giver's own status, and who reported each follow-up.
    data = client.get("/oppna-data/medborgarloften/2023-2024.json").json()
    [entry] = [p for p in data["loften"] if p["id"] == promise.pk]
    own = {
        row["givare"]: (row["status"], row["status_datum"]) for row in entry["status_per_givare"]
    }
    assert own == {
        TJORN: ("done", "2024-05-02"),
        ORUST: ("in_progress", "2024-04-01"),
        STENUNGSUND: ("no_follow_up", None),
    }
    assert entry["status"] == "mixed"
    assert {f["rapporterad_av"] for f in entry["uppfoljningar"]} == {TJORN, ORUST}
    rows = client.get("/oppna-data/medborgarloften/2023-2024.csv").content.decode("utf-8-sig")
    assert f"{TJORN}: done (2024-05-02)" in rows

    # Done only when every giver reports it.
    report(promise, "done", "2024-06-01", by=partner(ORUST))
    assert Promise.objects.with_status().get(pk=promise.pk).current_status == "mixed"
    report(promise, "done", "2024-06-02", by=partner(STENUNGSUND))
    assert Promise.objects.with_status().get(pk=promise.pk).current_status == "done"
    assert overall_status(promise) == "done"


def test_an_older_follow_up_of_a_joint_promise_without_reporter_is_shown_but_counts_for_nobody(
    client,
):
    promise = joint_promise()
    follow_up = report(promise, "done", "2024-03-01", text="Utan känd rapportör.")
    FollowUp.objects.filter(pk=follow_up.pk).update(reported_by=None)
    page = text_of(client, promise.get_absolute_url())
    assert "Rapportör saknas" in page and "Utan känd rapportör." in page
    assert Promise.objects.with_status().get(pk=promise.pk).current_status == "no_follow_up"


def test_the_migration_sets_the_reporter_only_where_there_is_one_giver():
    from importlib import import_module

    from django.apps import apps

    migration = import_module("promises.migrations.0014_follow_up_reported_by")
    single, joint = police_promises()[0], joint_promise()
    made = [report(single, "done", "2024-01-01"), report(joint, "done", "2024-01-01")]
    FollowUp.objects.filter(pk__in=[f.pk for f in made]).update(reported_by=None)
    migration.set_reporter_of_single_giver_promises(apps, None)
    assert FollowUp.objects.get(pk=made[0].pk).reported_by == partner(POLICE)
    assert FollowUp.objects.get(pk=made[1].pk).reported_by is None


ADD_URL = "/admin/promises/followup/add/"
EMPTY_INLINES = {
    f"{prefix}-{key}": value
    for prefix in ("figures", "links", "documents")
    for key, value in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"), ("MIN_NUM_FORMS", "0"))
}


def follow_up_post(promise, reporter):
    return {
        "promise": promise.pk,
        "reported_by": reporter.pk if reporter else "",
        "reported_on": "2024-03-01",
        "status": "in_progress",
        "text": "Arbetet pågår.",
        "is_published": "on",
        "edit_token": "",
        **EMPTY_INLINES,
    }


def test_an_editor_reports_only_for_their_own_partner(client_for):
    editor = client_for(TJORN)
    promise = joint_promise()
    form = editor.get(ADD_URL).content.decode()
    # Offered: only Tjörn, already chosen.
    options = re.search(r'<select name="reported_by"[^>]*>(.*?)</select>', form, re.S).group(1)
    assert re.findall(r'<option value="(\d+)"', options) == [str(partner(TJORN).pk)]
    assert f'<option value="{partner(TJORN).pk}" selected>' in options

    for reporter in (partner(ORUST), None):
        response = editor.post(ADD_URL, follow_up_post(promise, reporter))
        assert response.status_code == 200
        assert not FollowUp.objects.exists()
    # Tjörn does not give the police's promises: it cannot report on them (and cannot pick
    # them anyway), and an administrator cannot report for a partner that does not give it.
    admin = client_for("admin")
    response = admin.post(ADD_URL, follow_up_post(police_promises()[0], partner(TJORN)))
    assert "Välj en av de parter som ger löftet." in visible_text(response.content.decode())

    assert editor.post(ADD_URL, follow_up_post(promise, partner(TJORN))).status_code == 302
    assert FollowUp.objects.get().reported_by == partner(TJORN)


def test_a_restore_cannot_hand_a_report_to_another_partner(client_for):
    """Orust reported; an administrator then gave it to Tjörn. Tjörn's editor may edit the
    follow-up (Tjörn gives the promise) but may not restore it to Orust's report, nor change
    the reporter by hand."""
    promise = joint_promise()
    orust, admin, tjorn = client_for(ORUST), client_for("admin"), client_for(TJORN)
    assert orust.post(ADD_URL, follow_up_post(promise, partner(ORUST))).status_code == 302
    follow_up = FollowUp.objects.get()
    url = f"/admin/promises/followup/{follow_up.pk}/change/"
    form = form_data(admin.get(url).content.decode(), "followup_form")
    form["reported_by"] = str(partner(TJORN).pk)
    assert admin.post(url, form).status_code == 302

    first = Version.objects.get_for_object(follow_up).last()
    restore_url = f"/admin/promises/followup/{follow_up.pk}/history/{first.pk}/"
    response = tjorn.get(restore_url)
    if response.status_code == 200:
        restore_form = form_data(response.content.decode(), "followup_form")
        response = tjorn.post(restore_url, restore_form)
    assert response.status_code in (200, 403)
    follow_up.refresh_from_db()
    assert follow_up.reported_by == partner(TJORN)

    form = form_data(tjorn.get(url).content.decode(), "followup_form")
    form["reported_by"] = str(partner(ORUST).pk)
    response = tjorn.post(url, form)
    assert response.status_code == 200
    follow_up.refresh_from_db()
    assert follow_up.reported_by == partner(TJORN)


# The start page ----------------------------------------------------------------------------

PHRASES = {
    "done": ("genomfört", "genomförda"),
    "partly_done": ("delvis genomfört", "delvis genomförda"),
    "in_progress": ("pågår", "pågår"),
    "not_started": ("ej påbörjat", "ej påbörjade"),
    "not_done": ("ej genomfört", "ej genomförda"),
    "unclear": ("med oklart utfall", "med oklart utfall"),
    "mixed": ("olika för olika parter", "olika för olika parter"),
    "no_follow_up": ("utan uppföljning", "utan uppföljning"),
}


def expected_result(period):
    """The result sentence, computed from the rows by the documented rule."""
    promises = list(period.promises.all())
    counts = {}
    for promise in promises:
        status = overall_status(promise)
        counts[status] = counts.get(status, 0) + 1
    parts = [
        f"{counts[code]} {PHRASES[code][0 if counts[code] == 1 else 1]}"
        for code in PHRASES
        if counts.get(code)
    ]
    sentence = f"{len(promises)} löften: {', '.join(parts)}"
    dates = FollowUp.objects.filter(
        is_published=True, promise__period=period, reported_by__isnull=False
    ).values_list("reported_on", flat=True)
    if dates:
        sentence += f" – senast rapporterat {swedish_date(max(dates))}"
    return sentence + "."


def test_the_start_page_answers_what_who_and_did_it_happen(client):
    period = PromisePeriod.objects.get(slug="2023-2024")
    report(police_promises()[0], "done", "2024-12-15")
    report(police_promises()[1], "in_progress", "2024-06-01")
    report(joint_promise(), "done", "2024-05-02", by=partner(TJORN))
    text = visible_text(client.get("/").content.decode())
    assert expected_result(period) in text
    assert "1 genomfört" in expected_result(period)  # the test data gives what it should
    definition = "Ett medborgarlöfte är en överenskommelse mellan polisen och kommunen"
    assert text.index(definition) < text.index(expected_result(period))
    # The seed's period has ended: said once, with the last reported statuses.
    assert text.count("Perioden är avslutad") == 1
    assert "Senast rapporterad status:" in text
    assert "Status nu" not in text
    # What comes next is shown only when an editor has written it.
    assert "Nästa medborgarlöfte" not in text
    PromisePeriod.objects.filter(pk=period.pk).update(next_steps="Nästa medborgarlöfte beslutas.")
    assert "Nästa medborgarlöfte beslutas." in visible_text(client.get("/").content.decode())


def test_the_start_page_costs_the_same_queries_with_follow_ups(client):
    client.get("/")
    with CaptureQueriesContext(connection) as before:
        client.get("/?a=1")  # a query string: rendered, not replayed from the page cache
    for promise in Promise.objects.all():
        report(promise, "done", "2024-01-01", by="all")
    with CaptureQueriesContext(connection) as after:
        client.get("/?a=2")
    assert len(after.captured_queries) == len(before.captured_queries)


def test_promise_pages_open_with_the_promise_and_who_gives_it_below(client):
    # The heading is the promise itself; the givers are one short line below it, once
    # (issue 22: "X, Y och Z lovar att:" filled a phone's first screen, "Vem lovar" repeated it).
    police = police_promises()[0]
    html = client.get(police.get_absolute_url()).content.decode()
    heading = re.search(r'<h1 id="rubrik"[^>]*>(.*?)</h1>', html, re.S).group(1)
    assert visible_text(heading) == police.text
    text = visible_text(html)
    assert f"{police.text} Ges av Lokalpolisområde Södra Fyrbodal" in text  # ":" is CSS
    assert f"lovar att: {police.text}" not in text
    assert "Vem lovar" not in text
    joint = Promise.objects.filter(givers__slug="tjorns-kommun").first()
    text = visible_text(client.get(joint.get_absolute_url()).content.decode())
    assert "Ges av Stenungsunds kommun, Orust kommun och Tjörns kommun" in text


# Kontakt och delta -------------------------------------------------------------------------


def test_the_contact_page_is_in_the_main_menu_and_shows_only_what_is_filled_in(client):
    for url in ("/", "/loften/", "/ordlista/"):
        menu = MAIN_MENU.search(client.get(url).content.decode()).group(1)
        assert 'href="/kontakt-och-delta/"' in menu
        assert 'href="/sa-foljer-vi-upp/"' in menu
    html = client.get("/kontakt-och-delta/").content.decode()
    text = visible_text(html)
    assert "112" in text and "114 14" in text
    assert "mailto:" not in html and "Delta i" not in text
    assert "Ingen dialog eller enkät är öppen just nu." in text

    Partner.objects.filter(slug=TJORN).update(
        website="https://www.tjorn.se/",
        contact_email="trygghet@example.se",
        participation_text="Svara på trygghetsenkäten",
        participation_url="https://example.se/enkat",
    )
    html = client.get("/kontakt-och-delta/").content.decode()
    assert 'href="mailto:trygghet@example.se"' in html
    assert 'href="https://www.tjorn.se/"' in html
    assert '<a href="https://example.se/enkat" rel="noopener">Svara på trygghetsenkäten</a>' in html
    assert html.count("mailto:") == 1  # Orust's, Stenungsund's and the police's are empty
    partner_page = client.get(f"/parter/{TJORN}/").content.decode()
    assert 'href="https://www.tjorn.se/"' in partner_page
    assert "www" not in client.get(f"/parter/{ORUST}/").content.decode().split("<main")[1]


# Search ------------------------------------------------------------------------------------


def search(client, query):
    return visible_text(client.get("/sok/", {"q": query}).content.decode())


def test_search_finds_partners_the_lagesbild_and_swedish_word_forms(client):
    tjorn = search(client, "Tjörn")
    assert "Tjörns kommun" in tjorn and "0 träffar" not in tjorn
    # Tjörn's promises are found by its name, not only by the words of the promise.
    assert Promise.objects.given_by([partner(TJORN)]).first().text in tjorn
    # A word is found at the start of a compound on every database ("lokalpolisområdet" finds
    # "Lokalpolisområde"); PostgreSQL's full-text search does not look inside one.
    polisen = search(client, "lokalpolisområdet")
    assert "Lokalpolisområde Södra Fyrbodal" in polisen
    for query in ("narkotika", "narkotikan"):
        assert "Lokal lägesbild" in search(client, query), query
    report(police_promises()[0], "done", "2024-01-01", text="Mindre skadegörelsen i centrum.")
    assert "Mindre skadegörelsen i centrum." in search(client, "skadegörelse")


def test_a_search_without_hits_offers_a_way_on(client):
    text = search(client, "xyzzyq")
    assert "0 träffar på ”xyzzyq”" in text
    html = client.get("/sok/", {"q": "xyzzyq"}).content.decode()
    for link in ('href="/loften/"', 'href="/ordlista/"', 'href="/kontakt-och-delta/"'):
        assert link in html.split("<main")[1]


def test_focus_area_filter_offers_only_areas_in_use_with_counts(client):
    used, *unused = FocusArea.objects.all()
    assert unused, "the seed's focus areas are untagged"
    for promise in police_promises()[:2]:
        promise.focus_areas.add(used)
    html = client.get("/loften/").content.decode()
    select = re.search(r'<select name="omrade".*?</select>', html, re.S).group(0)
    assert f'<option value="{used.slug}">{used} (2 löften)</option>' in select
    assert re.findall(r'<option value="([^"]*)"', select) == ["", used.slug]
    # An area no promise uses still answers (a shared link keeps working), with no hits.
    response = client.get(f"/loften/?omrade={unused[0].slug}")
    assert response.status_code == 200
    assert "0 löften" in visible_text(response.content.decode())
