"""The accessibility statement, residents' reports and the glossary in the admin: who may edit
them (migration 0011), and that their edits keep a history and never overwrite each other."""

import pytest
from reversion.models import Version

from promises.models import AccessibilityReport, AccessibilityStatement, GlossaryTerm

from ..support.html import form_data, visible_text

pytestmark = pytest.mark.django_db

POLICE = "lokalpolisomrade-sodra-fyrbodal"


def change_url(obj):
    return f"/admin/{obj._meta.app_label}/{obj._meta.model_name}/{obj.pk}/change/"


@pytest.fixture
def report():
    return AccessibilityReport.objects.create(
        kind=AccessibilityReport.Kind.values[0],
        message="Knappen går inte att nå med tangentbordet.",
    )


def shared_texts(report):
    return [
        (AccessibilityStatement.objects.get(), "gaps", "statement"),
        (GlossaryTerm.objects.get(slug="lagesbild"), "definition", "glossary"),
        (report, "staff_notes", "report"),
    ]


@pytest.mark.parametrize("role", ["admin", "coordinator"])
def test_coordinators_and_administrators_keep_the_shared_texts(client_for, role, report):
    client = client_for(role)
    for obj, field, _ in shared_texts(report):
        form_id = f"{obj._meta.model_name}_form"
        data = form_data(client.get(change_url(obj)).content.decode(), form_id)
        data[field] = f"Ändrat av {role}."
        response = client.post(change_url(obj), data)
        assert response.status_code == 302, visible_text(response.content.decode())[:800]
        obj.refresh_from_db()
        assert getattr(obj, field) == f"Ändrat av {role}."
    assert client.get("/admin/promises/glossaryterm/add/").status_code == 200
    # Reports come only from residents, and there is one statement.
    assert client.get("/admin/promises/accessibilityreport/add/").status_code == 403
    assert client.get("/admin/promises/accessibilitystatement/add/").status_code == 403


def test_a_partners_editor_cannot_open_or_change_the_shared_texts(client_for, report):
    editor = client_for(POLICE)
    crafter = client_for("admin", "crafter@example.se")
    for obj, field, _ in shared_texts(report):
        before = getattr(obj, field)
        assert editor.get(change_url(obj)).status_code == 403
        form_id = f"{obj._meta.model_name}_form"
        data = form_data(crafter.get(change_url(obj)).content.decode(), form_id)
        data[field] = "Ändrat av en redaktör."
        assert editor.post(change_url(obj), data).status_code == 403
        obj.refresh_from_db()
        assert getattr(obj, field) == before
    assert editor.get("/admin/promises/glossaryterm/add/").status_code == 403


def test_a_glossary_edit_is_in_the_history_and_a_second_conflicting_save_is_refused(
    client_for,
):
    first = client_for("coordinator", "anna@example.se")
    second = client_for("coordinator", "bo@example.se")
    term = GlossaryTerm.objects.get(slug="lagesbild")
    original = term.definition
    anna = form_data(first.get(change_url(term)).content.decode(), "glossaryterm_form")
    bo = form_data(second.get(change_url(term)).content.decode(), "glossaryterm_form")

    anna["definition"] = "Annas förklaring."
    assert first.post(change_url(term), anna).status_code == 302
    bo["definition"] = "Bos förklaring."
    response = second.post(change_url(term), bo)

    assert response.status_code == 200
    assert "Dina ändringar har INTE sparats" in visible_text(response.content.decode())
    term.refresh_from_db()
    assert term.definition == "Annas förklaring."
    versions = [v.field_dict["definition"] for v in Version.objects.get_for_object(term)]
    # Newest first: Anna's edit, then the wording from the data migration.
    assert versions == ["Annas förklaring.", original]
    history = visible_text(
        first.get(change_url(term).replace("change", "history")).content.decode()
    )
    assert "anna@example.se" in history


@pytest.mark.parametrize(
    ("model", "field"),
    [
        ("statusdefinition", "definition"),
        ("focusarea", "name"),
        ("accessibilityreport", "staff_notes"),
    ],
)
def test_every_shared_text_refuses_a_second_conflicting_save(client_for, report, model, field):
    from django.apps import apps

    obj = apps.get_model("promises", model).objects.order_by("pk").first()
    url = change_url(obj)
    first = client_for("coordinator", "anna@example.se")
    second = client_for("coordinator", "bo@example.se")
    annas = form_data(first.get(url).content.decode(), f"{model}_form")
    bos = form_data(second.get(url).content.decode(), f"{model}_form")
    annas[field] = "Annas text."
    assert first.post(url, annas).status_code == 302
    bos[field] = "Bos text."
    response = second.post(url, bos)
    assert response.status_code == 200
    assert "Dina ändringar har INTE sparats" in visible_text(response.content.decode())
    obj.refresh_from_db()
    assert getattr(obj, field) == "Annas text."
