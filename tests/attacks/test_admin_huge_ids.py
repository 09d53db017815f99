"""An id no database column can hold, posted in any relation field of any admin form, is an
invalid choice (issue 21, item 7): generated over every registered admin, its add and change
forms and their inlines, for every role. No answer is a 5xx and nothing is written."""

import re

import pytest
from django import forms
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import Client, RequestFactory

from promises.admin.ids import CheckedIdsMixin
from promises.models import Partner, Promise

from ..conftest import PASSWORD
from ..support import attack_world
from ..support.html import form_data
from ..support.roles import role_params

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"  # 20 digits: more than a 64-bit integer holds
ROLES = ("superuser", "admin", "coordinator", *attack_world.EDITOR_ROLES)


def sign_in(client_for, role):
    if role != "superuser":
        client = client_for(role)
        return client, User.objects.get(username=f"{role}@example.se")
    user = User.objects.create_superuser("super@example.se", "super@example.se", PASSWORD)
    client = Client()
    client.force_login(user)
    return client, user


def is_relation(field) -> bool:
    return isinstance(field, forms.ModelChoiceField)


def form_targets(model_admin, request, obj):
    """(posted name pattern, field name) of every relation field of the form the role is
    served, and of its inline rows (their own id and parent key included)."""
    form = model_admin.get_form(request, obj, change=obj is not None)
    names = [(re.escape(name), name) for name, f in form.base_fields.items() if is_relation(f)]
    for formset, inline in model_admin.get_formsets_with_inlines(request, obj):
        if not (
            inline.has_change_permission(request, obj) or inline.has_add_permission(request, obj)
        ):
            continue  # shown read-only: the role's post does not read its rows
        prefix = formset.get_default_prefix()
        fields = [name for name, f in formset.form.base_fields.items() if is_relation(f)]
        for name in [*fields, "id"]:
            names.append((rf"{re.escape(prefix)}-\d+-{re.escape(name)}", f"{prefix}:{name}"))
    return names


def with_huge(served, pattern, label):
    """The served form with the field (every inline row of it, or a new row) set to HUGE."""
    data = dict(served)
    matching = [key for key in data if re.fullmatch(pattern, key)]
    if matching:
        for key in matching:
            data[key] = HUGE
        return data
    if ":" in label:
        prefix, name = label.split(":", 1)
        total = f"{prefix}-TOTAL_FORMS"
        if total not in data:
            return None  # the role is not served this inline
        row = int(data[total])
        data[total] = str(row + 1)
        data[f"{prefix}-{row}-{name}"] = HUGE
        return data
    data[label] = HUGE
    return data


def chosen_object(model_admin, request):
    """An object of the admin the role may change, else one it may see, else none."""
    visible = list(model_admin.get_queryset(request).order_by("pk")[:20])
    for obj in visible:
        if model_admin.has_change_permission(request, obj):
            return obj
    return visible[0] if visible else None


def walk(client, user):
    request = RequestFactory().get("/admin/")
    request.user = user
    requests = 0
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        base = f"/admin/{meta.app_label}/{meta.model_name}/"
        obj = chosen_object(model_admin, request)
        pages = [(f"{base}add/", None)]
        if obj is not None:
            pages.append((f"{base}{obj.pk}/change/", obj))
        for url, page_obj in pages:
            page = client.get(url)
            assert page.status_code < 500, url
            if page.status_code != 200:
                continue
            served = form_data(page.content.decode(), f"{meta.model_name}_form")
            for pattern, label in form_targets(model_admin, request, page_obj):
                data = with_huge(served, pattern, label)
                if data is None:
                    continue
                response = client.post(url, data)
                assert response.status_code < 500, (url, label)
                if response.status_code == 200:
                    # Refused in the form, with the Swedish message for a choice that is not there.
                    assert "Välj ett giltigt alternativ" in response.content.decode() or (
                        "finns inte" in response.content.decode()
                    ), (url, label)
                requests += 1
        # The rows a bulk action is given reach the database the same way.
        for action in model_admin.get_actions(request):
            response = client.post(base, {"action": action, "_selected_action": [HUGE]})
            assert response.status_code < 500, (base, action)
            requests += 1
        assert client.get(f"{base}{HUGE}/change/").status_code < 500
    return requests


@pytest.mark.parametrize("role", role_params(ROLES))
def test_a_huge_id_in_any_relation_field_is_an_invalid_choice(shared_world, client_for, role):
    client, user = sign_in(client_for, role)
    before = attack_world.dump()
    assert walk(client, user) >= 5
    assert attack_world.dump() == before


def test_the_forms_the_walk_posts_do_take_a_valid_change(shared_world, client_for):
    """The control: the same served form, with a real giver instead of the huge id, saves."""
    world = shared_world.world
    client, _user = sign_in(client_for, "admin")
    promise = world["tjorn only"]
    url = f"/admin/promises/promise/{promise.pk}/change/"
    served = form_data(client.get(url).content.decode(), "promise_form")
    orust = Partner.objects.get(slug=attack_world.ORUST)
    assert client.post(url, {**served, "givers": [str(orust.pk)]}).status_code == 302
    assert list(Promise.objects.get(pk=promise.pk).givers.all()) == [orust]


def test_the_many_to_many_givers_answer_in_swedish(shared_world, client_for):
    world = shared_world.world
    client, _user = sign_in(client_for, attack_world.TJORN)
    promise = world["tjorn only"]
    url = f"/admin/promises/promise/{promise.pk}/change/"
    served = form_data(client.get(url).content.decode(), "promise_form")
    response = client.post(url, {**served, "givers": [HUGE]})
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.content.decode()


def test_every_admin_and_inline_checks_ids():
    for model_admin in admin.site._registry.values():
        assert isinstance(model_admin, CheckedIdsMixin), type(model_admin)
        for inline in model_admin.inlines:
            assert issubclass(inline, CheckedIdsMixin), inline
