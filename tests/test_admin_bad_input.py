"""Bad input in the admin: a clear Swedish message, and nothing saved."""

import pytest
from django.forms.models import model_to_dict

from promises.models import Partner, Promise, PromisePeriod

from .html import form_data, visible_text

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "periods": [model_to_dict(p) for p in PromisePeriod.objects.order_by("pk")],
        "promises": [model_to_dict(p) for p in Promise.objects.order_by("pk")],
        "partners": [model_to_dict(p) for p in Partner.objects.order_by("pk")],
    }


def period_form(admin_client):
    period = PromisePeriod.objects.get(slug="2023-2024")
    url = f"/admin/promises/promiseperiod/{period.pk}/change/"
    return url, form_data(admin_client.get(url).content.decode(), "promiseperiod_form")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "", "Detta fält måste fyllas i."),
        ("title", "Å" * 201, "Säkerställ att detta värde har som mest 200 tecken (den har 201)."),
        ("title", "   ", "Detta fält måste fyllas i."),
        ("intro", "Text med null\x00tecken", "Null-tecken är inte tillåtna."),
        ("starts_on", "2023-13-45", "Fyll i ett giltigt datum."),
        ("ends_on", "i morgon", "Fyll i ett giltigt datum."),
        ("slug", "två ord", "Fyll i en giltig 'slug'"),
        ("slug", "", "Detta fält måste fyllas i."),
    ],
)
def test_bad_period_input_is_refused_in_swedish(admin_client, field, value, message):
    before = snapshot()
    url, data = period_form(admin_client)
    data[field] = value
    response = admin_client.post(url, data)
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert message in text
    assert "Var god rätta felet nedan." in text or "Var god rätta felen nedan." in text
    assert snapshot() == before


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Detta fält måste fyllas i."),
        ("\u202e\u0000", "Null-tecken är inte tillåtna."),
    ],
)
def test_bad_promise_text_in_the_inline_is_refused(admin_client, value, message):
    before = snapshot()
    url, data = period_form(admin_client)
    data["promises-0-text"] = value
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert snapshot() == before


def test_odd_unicode_is_kept_exactly(admin_client):
    url, data = period_form(admin_client)
    odd = "Ålänning ﬁ 👮‍♀️ e\u0301 — «citat» \u200b slut"
    data["goal_heading"] = odd
    assert admin_client.post(url, data).status_code == 302
    assert PromisePeriod.objects.get(slug="2023-2024").goal_heading == odd


def test_a_tampered_management_form_changes_nothing(admin_client):
    before = snapshot()
    url, data = period_form(admin_client)
    data["promises-TOTAL_FORMS"] = "banan"
    response = admin_client.post(url, data)
    assert response.status_code in (200, 400)
    assert snapshot() == before


def test_a_duplicate_partner_name_is_refused(admin_client):
    before = snapshot()
    response = admin_client.get("/admin/promises/partner/add/")
    data = form_data(response.content.decode(), "partner_form")
    data.update(name="Orust kommun", slug="orust-igen", kind="municipality", order="5")
    response = admin_client.post("/admin/promises/partner/add/", data)
    assert response.status_code == 200
    assert "finns redan" in response.content.decode()
    assert snapshot() == before
