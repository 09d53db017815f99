"""Bad input in the admin: a clear Swedish message, and nothing saved."""

import pytest
from django.forms.models import model_to_dict

from promises.models import Partner, Promise, PromisePeriod

from ..support.html import form_data, visible_text

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
    # The error summary at the top names the problem and links to the field.
    assert "Rätta följande:" in text
    assert f'href="#id_{field}"' in response.content.decode()
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


# Query strings no list can use: each answers a Swedish 400 (or is ignored), never a 500.
BAD_LIST_ADDRESSES = [
    "/admin/promises/followup/?reported_on__year=9999999999999999999999999",
    "/admin/promises/followup/?reported_on__year=2024&reported_on__month=99999999999999999999",
    "/admin/promises/followup/?reported_on__year=2024&reported_on__month=13",
    "/admin/promises/followup/?reported_on__year=2024&reported_on__month=2&reported_on__day=30",
    "/admin/promises/followup/?reported_on__year=abc",
    "/admin/promises/followup/?reported_on__gte=99999-99-99",
    "/admin/promises/followup/?reported_on__isnull=kanske",
    "/admin/promises/followup/?id__in=abc",
    "/admin/promises/followup/?id=99999999999999999999999",
    "/admin/promises/followup/?promise__id__exact=99999999999999999999999",
    "/admin/promises/followup/?promise__period__id__exact=abc",
    "/admin/promises/followup/?o=999",
    "/admin/promises/followup/?o=abc",
    "/admin/promises/followup/?p=-1",
    "/admin/promises/followup/?p=99999999999999999999999",
    "/admin/promises/followup/?nonsense__lookup=1",
    "/admin/promises/followup/?q=%00",
    "/admin/promises/promise/?period__id__exact=9999999999999999999999999",
    "/admin/promises/promise/?givers__id__exact=x",
    "/admin/promises/promiseperiod/?starts_on__year=9999999999999999999999999",
    "/admin/promises/promiseperiod/?starts_on__year=9999",
    "/admin/promises/promiseperiod/?starts_on__year=0",
    "/admin/promises/accessibilityreport/?received_at__year=9999999999999999999999999",
    "/admin/promises/accessibilityreport/?received_at__year=9999&received_at__month=12",
    "/admin/promises/accessibilityreport/?received_at__year=9999&received_at__month=12"
    "&received_at__day=31",
    "/admin/auth/user/?date_joined__year=9999999999999999999999999",
    "/admin/auth/user/?last_login__gte=inget-datum",
    "/admin/axes/accessattempt/?attempt_time__year=9999999999999999999999999",
    "/admin/promises/followup/?e=1&reported_on__year=9999999999999999999999999",
]


@pytest.mark.parametrize("url", BAD_LIST_ADDRESSES)
def test_bad_list_addresses_never_answer_500(admin_client, url):
    response = admin_client.get(url)
    assert response.status_code in (200, 302, 400), response.status_code
    if response.status_code == 400:
        text = visible_text(response.content.decode())
        assert "Listan gick inte att visa" in text
        assert "inte finns eller inte går att använda" in text


@pytest.mark.parametrize(
    "url",
    [
        "/admin/promises/followup/?reported_on__year=9999999999999999999999999",
        "/admin/promises/promiseperiod/?starts_on__year=9999",
    ],
)
def test_the_absurd_year_is_a_swedish_400(admin_client, url):
    response = admin_client.get(url)
    assert response.status_code == 400
    assert "Visa alla" in visible_text(response.content.decode())


def test_every_admin_list_answers_bad_input_the_same_way():
    """One place decides (promises/admin/lists.py): every registered admin uses it."""
    from django.contrib import admin

    from promises.admin.lists import CheckedChangeList, CheckedListMixin

    for model, model_admin in admin.site._registry.items():
        assert isinstance(model_admin, CheckedListMixin), model
        assert issubclass(model_admin.get_changelist(None), CheckedChangeList), model
