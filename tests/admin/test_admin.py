import pytest
from django.contrib.auth.models import User

from promises.models import Partner, Promise, PromisePeriod

from ..support.html import form_data, visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    """An editor for both the police and Tjörn (one person may edit for several partners)."""
    user = User.objects.create_user("redaktor", password="Ett-langt-losenord-2024", is_staff=True)
    user.groups.set(
        Partner.objects.filter(
            slug__in=["lokalpolisomrade-sodra-fyrbodal", "tjorns-kommun"]
        ).values_list("editor_group", flat=True)
    )
    client.force_login(user)
    return client


def test_admin_speaks_swedish(admin_client):
    html = admin_client.get("/admin/").content.decode()
    assert "Medborgarlöfte – redigering" in html
    assert "Löftesperioder" in html
    assert "Parter" in html
    assert "Logga ut" in html


def test_period_change_form_has_swedish_labels_help_and_view_on_site(admin_client):
    period = PromisePeriod.objects.get(slug="2023-2024")
    html = admin_client.get(f"/admin/promises/promiseperiod/{period.pk}/change/").content.decode()
    for text in [
        "Inledning",
        "rubrik för lägesbilden",
        "Skilj stycken åt med en tom rad",
        "Visa på webbplatsen",
        "gäller från",
        "bildbeskrivning",
        "Ges av",
    ]:
        assert text.lower() in html.lower(), text


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_the_publication_date_is_entered_in_the_period_form(client_for, client, role):
    staff = client_for(role)
    period = PromisePeriod.objects.get(slug="2023-2024")
    url = f"/admin/promises/promiseperiod/{period.pk}/change/"
    html = staff.get(url).content.decode()
    assert "Publiceringsdatum" in html
    assert "Lämna tomt så länge datumet inte är känt" in html
    data = form_data(html, "promiseperiod_form")
    assert data["published_on"] == ""
    data["published_on"] = "2023-02-14"
    response = staff.post(url, data)
    assert response.status_code == 302, visible_text(response.content.decode())[:2000]
    assert "Publicerad: 14 februari 2023" in visible_text(client.get("/").content.decode())


def test_a_partners_editor_cannot_set_the_publication_date(editor_client):
    period = PromisePeriod.objects.get(slug="2023-2024")
    url = f"/admin/promises/promiseperiod/{period.pk}/change/"
    data = form_data(editor_client.get(url).content.decode(), "promiseperiod_form")
    assert "published_on" not in data
    data["published_on"] = "2023-02-14"
    assert editor_client.post(url, data).status_code == 302
    period.refresh_from_db()
    assert period.published_on is None


def test_editor_changes_a_promise_in_its_period_and_the_page_shows_it(editor_client):
    period = PromisePeriod.objects.get(slug="2023-2024")
    url = f"/admin/promises/promiseperiod/{period.pk}/change/"
    data = form_data(editor_client.get(url).content.decode(), "promiseperiod_form")
    promise = period.promises.get(text="Fokusera och prioritera särskilt utsatta brottsoffer.")
    field = next(k for k, v in data.items() if k.endswith("-id") and v == str(promise.pk))
    prefix = field.removesuffix("-id")
    data[f"{prefix}-text"] = "Fokusera särskilt på brottsoffer som är extra utsatta."

    response = editor_client.post(url, data)
    assert response.status_code == 302, visible_text(response.content.decode())[:2000]

    text = visible_text(editor_client.get("/").content.decode())
    assert "Fokusera särskilt på brottsoffer som är extra utsatta." in text
    assert "Fokusera och prioritera särskilt utsatta brottsoffer." not in text
    assert Promise.objects.filter(period=period).count() == 11


def test_editor_changes_a_promise_in_its_own_form(editor_client, client):
    promise = Promise.objects.get(text="Genomföra tidiga föräldrastärkande insatser.")
    url = f"/admin/promises/promise/{promise.pk}/change/"
    data = form_data(editor_client.get(url).content.decode(), "promise_form")
    data["text"] = "Genomföra tidiga och föräldrastärkande insatser."
    assert editor_client.post(url, data).status_code == 302
    editor_client.logout()
    assert "Genomföra tidiga och föräldrastärkande insatser." in client.get("/").content.decode()


def test_edits_move_last_updated(editor_client):
    period = PromisePeriod.objects.get(slug="2023-2024")
    before = period.updated_at
    promise = period.promises.first()
    promise.text = "Ändrad."
    promise.save()
    period.refresh_from_db()
    assert period.updated_at > before


def test_bad_dates_get_a_swedish_error_and_change_nothing(admin_client):
    period = PromisePeriod.objects.get(slug="2023-2024")
    url = f"/admin/promises/promiseperiod/{period.pk}/change/"
    data = form_data(admin_client.get(url).content.decode(), "promiseperiod_form")
    data["starts_on"] = "2025-01-01"
    data["ends_on"] = "2024-01-01"
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "Perioden måste börja innan den slutar." in response.content.decode()
    period.refresh_from_db()
    assert str(period.starts_on) == "2023-01-01"


def test_a_promise_needs_a_giver(admin_client):
    promise = Promise.objects.first()
    url = f"/admin/promises/promise/{promise.pk}/change/"
    data = form_data(admin_client.get(url).content.decode(), "promise_form")
    data.pop("givers")
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "Detta fält måste fyllas i." in response.content.decode()


def test_visitors_and_non_staff_cannot_reach_the_admin(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    user = User.objects.create_user("invanare", password="Ett-langt-losenord-2024")
    client.force_login(user)
    response = client.get("/admin/promises/promiseperiod/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    period = PromisePeriod.objects.get(slug="2023-2024")
    response = client.post(
        f"/admin/promises/promiseperiod/{period.pk}/change/", {"title": "Hackad"}
    )
    assert response.status_code == 302
    period.refresh_from_db()
    assert period.title == "Medborgarlöfte 2023-2024"


def test_admin_forms_are_csrf_protected(admin_user):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(admin_user)
    period = PromisePeriod.objects.get(slug="2023-2024")
    response = csrf_client.post(
        f"/admin/promises/promiseperiod/{period.pk}/change/", {"title": "Hackad"}
    )
    assert response.status_code == 403
