"""Editing follow-ups in the admin: roles, validation of links and PDFs, history, drafts;
status definitions; and starting a new period as a copy."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from reversion.models import Version

from promises.models import (
    FocusArea,
    FollowUp,
    FollowUpDocument,
    Partner,
    Promise,
    PromisePeriod,
    StatusDefinition,
)

from ..support.follow_ups import municipal_promises, police_promises, report
from ..support.html import form_data, visible_text

pytestmark = pytest.mark.django_db

POLICE = "lokalpolisomrade-sodra-fyrbodal"
TJORN = "tjorns-kommun"
ADD_URL = "/admin/promises/followup/add/"
EMPTY_INLINES = {
    f"{prefix}-{key}": value
    for prefix in ("figures", "links", "documents")
    for key, value in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"), ("MIN_NUM_FORMS", "0"))
}


def follow_up_post(promise, **extra):
    return {
        "promise": promise.pk,
        "reported_by": promise.givers.order_by("order", "name").first().pk,
        "reported_on": "2024-03-01",
        "status": "in_progress",
        "text": "Arbetet pågår.",
        "is_published": "on",
        "edit_token": "",
        **EMPTY_INLINES,
        **extra,
    }


def test_an_editor_reports_on_their_own_partners_promises_only(client_for):
    client = client_for(POLICE)
    own, other = police_promises()[0], municipal_promises()[0]
    form = client.get(ADD_URL).content.decode()
    assert f'value="{own.pk}"' in form
    assert f'value="{other.pk}"' not in form  # not even offered

    response = client.post(ADD_URL, follow_up_post(other))
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in visible_text(response.content.decode())
    assert not FollowUp.objects.exists()

    assert client.post(ADD_URL, follow_up_post(own)).status_code == 302
    follow_up = FollowUp.objects.get()
    assert follow_up.promise == own
    # The save is in the history (django-reversion), with who made it.
    [version] = Version.objects.get_for_object(follow_up)
    assert version.revision.user.username == f"{POLICE}@example.se"


def test_another_partners_editor_cannot_see_or_change_the_follow_up(client_for):
    follow_up = report(police_promises()[0], "done", "2024-01-01", text="Polisens rapport.")
    url = f"/admin/promises/followup/{follow_up.pk}/change/"
    tjorn = client_for(TJORN)
    assert tjorn.get(url).status_code == 404
    assert "Polisens rapport" not in tjorn.get("/admin/promises/followup/").content.decode()
    admin = client_for("admin", "crafter@example.se")
    data = form_data(admin.get(url).content.decode(), "followup_form")
    data["text"] = "Ändrat av Tjörn."
    assert tjorn.post(url, data).status_code in (403, 404)
    follow_up.refresh_from_db()
    assert follow_up.text == "Polisens rapport."
    coordinator = client_for("coordinator")
    assert coordinator.get(url).status_code == 200
    assert coordinator.post(url, data).status_code == 403


def test_an_editor_keeps_a_follow_up_as_a_draft_and_publishes_it(client, client_for):
    editor = client_for(POLICE)
    promise = police_promises()[0]
    data = follow_up_post(promise, text="Utkast om kontroller.")
    del data["is_published"]
    assert editor.post(ADD_URL, data).status_code == 302
    follow_up = FollowUp.objects.get()
    assert "Utkast om kontroller" not in client.get(promise.get_absolute_url()).content.decode()
    url = f"/admin/promises/followup/{follow_up.pk}/change/"
    form = form_data(editor.get(url).content.decode(), "followup_form")
    form["is_published"] = "on"
    assert editor.post(url, form).status_code == 302
    page = client.get(promise.get_absolute_url()).content.decode()
    assert "Utkast om kontroller" in page
    assert len(Version.objects.get_for_object(follow_up)) == 2


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "ftp://example.se/fil", "data:text/html,hej", "mailto:a@example.se"],
)
def test_source_links_must_be_http_or_https(client_for, url):
    client = client_for(POLICE)
    data = follow_up_post(
        police_promises()[0],
        **{
            "links-TOTAL_FORMS": "1",
            "links-0-title": "Källa",
            "links-0-order": "0",
            "links-0-url": url,
        },
    )
    response = client.post(ADD_URL, data)
    assert response.status_code == 200
    assert not FollowUp.objects.exists()
    assert "webbadress" in visible_text(response.content.decode()).lower()


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("rapport.pdf", b"\x89PNG\r\n\x1a\nnot a pdf", "Filen är inte en pdf"),
        ("rapport.docx", PDF, "Filnamnet måste sluta på .pdf"),
        ("stor.pdf", PDF + b"0" * (10 * 1024 * 1024), "Filen är för stor"),
    ],
)
def test_documents_must_be_small_real_pdfs(client_for, settings, tmp_path, name, content, message):
    settings.MEDIA_ROOT = str(tmp_path)
    client = client_for(POLICE)
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    data = follow_up_post(
        police_promises()[0],
        **{
            "documents-TOTAL_FORMS": "1",
            "documents-0-title": "Rapport",
            "documents-0-order": "0",
            "documents-0-file": upload,
        },
    )
    response = client.post(ADD_URL, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not FollowUp.objects.exists()
    assert not list(tmp_path.rglob("*.*"))


def test_a_real_pdf_is_stored_under_an_unguessable_name(client, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    editor = client_for(POLICE)
    upload = SimpleUploadedFile("rapport.pdf", PDF, content_type="application/pdf")
    data = follow_up_post(
        police_promises()[0],
        **{
            "documents-TOTAL_FORMS": "1",
            "documents-0-title": "Årsrapport",
            "documents-0-order": "0",
            "documents-0-file": upload,
        },
    )
    assert editor.post(ADD_URL, data).status_code == 302
    document = FollowUpDocument.objects.get()
    assert document.file.name.startswith("uppfoljningar/")
    assert len(document.file.name.split("/")[1]) == 32
    page = client.get(police_promises()[0].get_absolute_url()).content.decode()
    assert f'href="{document.file.url}"' in page


def test_editors_attach_focus_areas_to_their_promises(client, client_for):
    editor = client_for(POLICE)
    promise = police_promises()[2]
    url = f"/admin/promises/promise/{promise.pk}/change/"
    data = form_data(editor.get(url).content.decode(), "promise_form")
    drugs = FocusArea.objects.get(slug="droghandel")
    data["focus_areas"] = [str(drugs.pk)]
    assert editor.post(url, data).status_code == 302
    assert list(promise.focus_areas.all()) == [drugs]
    assert promise.text in client.get("/loften/?omrade=droghandel").content.decode()


def test_coordinators_reword_status_definitions_shown_on_the_public_page(client, client_for):
    coordinator = client_for("coordinator")
    definition = StatusDefinition.objects.get(status="unclear")
    url = f"/admin/promises/statusdefinition/{definition.pk}/change/"
    data = form_data(coordinator.get(url).content.decode(), "statusdefinition_form")
    data["definition"] = "Ny formulering av oklart utfall."
    assert coordinator.post(url, data).status_code == 302
    assert "Ny formulering av oklart utfall." in client.get("/sa-foljer-vi-upp/").content.decode()
    assert coordinator.get("/admin/promises/statusdefinition/add/").status_code == 403
    assert client_for(POLICE).get(url).status_code == 403


# Starting a new period as a copy.


def snapshot(period):
    period.refresh_from_db()
    return {
        "fields": {f.name: getattr(period, f.name) for f in period._meta.concrete_fields},
        "partners": sorted(period.partners.values_list("pk", flat=True)),
        "promises": [
            (p.pk, p.text, p.order, sorted(p.givers.values_list("pk", flat=True)))
            for p in period.promises.order_by("pk")
        ],
    }


def start_copy(client, period):
    changelist = client.post(
        "/admin/promises/promiseperiod/",
        {"action": "copy_as_new_period", "_selected_action": [period.pk]},
    )
    assert changelist.status_code == 302
    return changelist["Location"]


def test_copying_a_period_creates_an_independent_unpublished_draft(client, client_for):
    original = PromisePeriod.objects.get(slug="2023-2024")
    drugs = FocusArea.objects.get(slug="droghandel")
    first = original.promises.order_by("order", "pk").first()
    first.focus_areas.add(drugs)
    report(first, "done", "2024-01-01")
    before = snapshot(original)

    admin = client_for("admin")
    url = start_copy(admin, original)
    form = admin.get(url).content.decode()
    assert "Starta ny period som kopia av" in form
    response = admin.post(
        url,
        {
            "title": "Medborgarlöfte 2025-2026",
            "slug": "2025-2026",
            "starts_on": "2025-01-01",
            "ends_on": "2026-12-31",
        },
    )
    assert response.status_code == 302
    copy = PromisePeriod.objects.get(slug="2025-2026")
    assert not copy.is_published and copy.published_on is None
    for name in (
        "intro",
        "promises_heading",
        "situation_heading",
        "situation_text",
        "goal_heading",
        "goal_text",
    ):
        assert getattr(copy, name) == getattr(original, name)
    assert not copy.photo and copy.photo_caption == ""
    assert sorted(copy.partners.values_list("pk", flat=True)) == before["partners"]
    copied = list(copy.promises.order_by("order", "pk"))
    originals = list(original.promises.order_by("order", "pk"))
    assert [(p.text, p.order) for p in copied] == [(p.text, p.order) for p in originals]
    for new, old in zip(copied, originals, strict=True):
        assert new.pk != old.pk
        assert set(new.givers.all()) == set(old.givers.all())
        assert set(new.focus_areas.all()) == set(old.focus_areas.all())
    assert not FollowUp.objects.filter(promise__period=copy).exists()
    assert snapshot(original) == before

    # Independent: changing the copy leaves the original as it was.
    copied[0].text = "Ändrat i kopian."
    copied[0].save()
    copied[0].givers.clear()
    copy.intro = "Ny inledning."
    copy.save()
    assert snapshot(original) == before
    # A draft: not public, and the original page is unchanged.
    assert client.get("/medborgarloften/2025-2026/").status_code == 404
    assert "Ändrat i kopian" not in client.get("/loften/").content.decode()
    assert client.get("/medborgarloften/2023-2024/").status_code == 200


def test_copy_form_refuses_bad_input_in_swedish_and_creates_nothing(client_for):
    original = PromisePeriod.objects.get(slug="2023-2024")
    admin = client_for("admin")
    url = start_copy(admin, original)
    count = PromisePeriod.objects.count()
    promises = Promise.objects.count()
    taken = admin.post(
        url, {"title": "X", "slug": "2023-2024", "starts_on": "2025-01-01", "ends_on": "2025-12-31"}
    )
    assert taken.status_code == 200
    assert "En annan period har redan den här webbadressen" in taken.content.decode()
    backwards = admin.post(
        url, {"title": "X", "slug": "ny", "starts_on": "2026-01-01", "ends_on": "2025-12-31"}
    )
    assert "Perioden måste börja innan den slutar" in backwards.content.decode()
    nonsense = admin.post(url, {"title": "", "slug": "å ä", "starts_on": "igår", "ends_on": ""})
    assert nonsense.status_code == 200
    assert PromisePeriod.objects.count() == count
    assert Promise.objects.count() == promises


def test_only_those_who_may_add_periods_may_copy_one(client_for):
    original = PromisePeriod.objects.get(slug="2023-2024")
    url = f"/admin/promises/promiseperiod/{original.pk}/kopiera/"
    data = {"title": "X", "slug": "x", "starts_on": "2025-01-01", "ends_on": "2025-12-31"}
    # (The area's coordinators may: tests/admin/test_area_coordinators.py.)
    for role in (POLICE,):
        client = client_for(role)
        assert client.get(url).status_code == 403
        assert client.post(url, data).status_code == 403
    assert not PromisePeriod.objects.filter(slug="x").exists()
    assert Partner.objects.count() == 4


def test_an_editor_restores_a_follow_up_with_its_figures_and_search_text(client_for):
    editor = client_for(POLICE)
    promise = police_promises()[0]
    data = follow_up_post(
        promise,
        text="Första versionen om Kontroller.",
        **{
            "figures-TOTAL_FORMS": "1",
            "figures-0-label": "Kontroller",
            "figures-0-value": "40",
            "figures-0-order": "0",
        },
    )
    assert editor.post(ADD_URL, data).status_code == 302
    follow_up = FollowUp.objects.get()
    url = f"/admin/promises/followup/{follow_up.pk}/change/"
    form = form_data(editor.get(url).content.decode(), "followup_form")
    form["text"] = "Andra versionen."
    form["figures-0-DELETE"] = "on"
    assert editor.post(url, form).status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.text == "Andra versionen." and not follow_up.figures.exists()

    first = Version.objects.get_for_object(follow_up).last()
    restore_url = f"/admin/promises/followup/{follow_up.pk}/history/{first.pk}/"
    restore_form = form_data(editor.get(restore_url).content.decode(), "followup_form")
    assert restore_form["text"] == "Första versionen om Kontroller."
    assert editor.post(restore_url, restore_form).status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.text == "Första versionen om Kontroller."
    assert [(f.label, f.value) for f in follow_up.figures.all()] == [("Kontroller", "40")]
    assert follow_up.search_text == "första versionen om kontroller."
    # Another partner's editor may not restore it.
    assert client_for(TJORN).post(restore_url, restore_form).status_code in (403, 404)


def two_editors_open_a_follow_up_with_a_figure(client_for):
    """Anna reports with one figure; then she and Bo both open the change form."""
    anna = client_for(POLICE, "anna@example.se")
    bo = client_for(POLICE, "bo@example.se")
    data = follow_up_post(
        police_promises()[0],
        **{
            "figures-TOTAL_FORMS": "1",
            "figures-0-label": "Kontroller",
            "figures-0-value": "40",
            "figures-0-order": "0",
        },
    )
    assert anna.post(ADD_URL, data).status_code == 302
    follow_up = FollowUp.objects.get()
    url = f"/admin/promises/followup/{follow_up.pk}/change/"
    annas = form_data(anna.get(url).content.decode(), "followup_form")
    bos = form_data(bo.get(url).content.decode(), "followup_form")
    return follow_up, url, (anna, annas), (bo, bos)


def test_a_second_conflicting_save_of_a_figure_is_refused_and_nothing_is_lost(client_for):
    follow_up, url, (anna, annas), (bo, bos) = two_editors_open_a_follow_up_with_a_figure(
        client_for
    )

    annas["figures-0-value"] = "42"
    assert anna.post(url, annas).status_code == 302
    bos["figures-0-label"] = "Hastighetskontroller"
    response = bo.post(url, bos)

    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert "anna@example.se sparade" in text
    assert "Dina ändringar har INTE sparats" in text
    assert [(f.label, f.value) for f in follow_up.figures.all()] == [("Kontroller", "42")]
    # Bo's label is still in his form; after reloading he can save it on top of Anna's value.
    assert form_data(response.content.decode(), "followup_form")["figures-0-label"] == (
        "Hastighetskontroller"
    )
    bos = form_data(bo.get(url).content.decode(), "followup_form")
    bos["figures-0-label"] = "Hastighetskontroller"
    assert bo.post(url, bos).status_code == 302
    assert [(f.label, f.value) for f in follow_up.figures.all()] == [("Hastighetskontroller", "42")]


def test_a_row_deleted_by_someone_else_is_said_plainly(client_for):
    _, url, (anna, annas), (bo, bos) = two_editors_open_a_follow_up_with_a_figure(client_for)
    annas["figures-0-DELETE"] = "on"
    assert anna.post(url, annas).status_code == 302
    bos["figures-0-value"] = "41"
    response = bo.post(url, bos)
    assert response.status_code == 200
    assert "Någon annan tog bort en rad här" in visible_text(response.content.decode())


def test_an_edit_token_from_another_item_is_stale_not_an_error(client_for):
    editor = client_for(POLICE)
    promise = police_promises()[0]
    partner = Partner.objects.get(slug=POLICE)
    url = f"/admin/promises/promise/{promise.pk}/change/"
    # A token made for another kind of item, which has other fields.
    other = form_data(
        editor.get(f"/admin/promises/partner/{partner.pk}/change/").content.decode(),
        "partner_form",
    )
    data = form_data(editor.get(url).content.decode(), "promise_form")
    data["edit_token"] = other["edit_token"]
    data["text"] = "Ändrad med fel token."
    response = editor.post(url, data)
    assert response.status_code == 200
    assert "Formuläret kunde inte jämföras" in visible_text(response.content.decode())
    promise.refresh_from_db()
    assert promise.text != "Ändrad med fel token."
