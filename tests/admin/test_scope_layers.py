"""Each of the admin's scope checks holds on its own (promises/admin/scope.py).

The attack suites go through whole requests, where the scoped list (`get_queryset`) already
refuses another partner's row; so a `get_object` that looked past the scope, or a
`has_change_permission` that forgot `roles.may_edit`, was caught by no test. Here each layer
is asked directly, for every scoped admin and every row of the attack world (both areas) that
the role may not see or change.
"""

import pytest
from django.contrib import admin
from django.http import Http404
from django.test import RequestFactory

from promises.admin.scope import ScopedAdminMixin
from promises.editing import roles

from ..support import attack_world
from ..support.staff import make_staff_user

pytestmark = pytest.mark.django_db

ROLES = (attack_world.TJORN, "coordinator:testomrade-norr")


def scoped_admins():
    return [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, ScopedAdminMixin)
    ]


@pytest.mark.parametrize("role", ROLES)
def test_get_object_and_change_permission_each_refuse_rows_out_of_scope(shared_world, role):
    user = make_staff_user(role, f"layers-{role}@example.se")
    request = RequestFactory().get("/admin/")
    request.user = user
    refused_objects = refused_changes = 0
    for model, model_admin in scoped_admins():
        rows = model._default_manager.order_by("pk")
        visible = set(roles.visible(user, rows).values_list("pk", flat=True))
        editable = set(roles.editable(user, rows).values_list("pk", flat=True))
        for obj in rows:
            if obj.pk not in visible:
                with pytest.raises(Http404):
                    model_admin.get_object(request, str(obj.pk))
                refused_objects += 1
            if obj.pk not in editable:
                assert not model_admin.has_change_permission(request, obj), (model, obj.pk)
                refused_changes += 1
    # The world has rows of other partners and of another area for the role to be refused.
    assert refused_objects > 10 and refused_changes > 10


def test_the_layers_let_the_role_reach_its_own_rows(shared_world):
    """The control: the same calls answer the role's own promise."""
    from promises.models import Promise

    user = make_staff_user(attack_world.TJORN, "layers-control@example.se")
    request = RequestFactory().get("/admin/")
    request.user = user
    promise = shared_world.world["tjorn only"]
    model_admin = admin.site._registry[Promise]
    assert model_admin.get_object(request, str(promise.pk)) == promise
    assert model_admin.has_change_permission(request, promise)
