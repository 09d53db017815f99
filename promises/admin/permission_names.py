"""Permissions by their Swedish names.

Django stores each permission's name in the database in English when it migrates ("Can add
group", "Can view access log"), so a Swedish admin listed them in English. The four model
permissions are named here from their action and the model's (translated) name, and our own
permissions by their gettext name; the app and model are shown as Django shows them.
"""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "add": _("Can add %(model)s"),
    "change": _("Can change %(model)s"),
    "delete": _("Can delete %(model)s"),
    "view": _("Can view %(model)s"),
}


def permission_name(permission) -> str:
    model = permission.content_type.model_class()
    action, _sep, model_name = permission.codename.partition("_")
    if model is not None and action in ACTIONS and model_name == model._meta.model_name:
        return ACTIONS[action] % {"model": model._meta.verbose_name}
    return gettext(permission.name)


def permission_label(permission) -> str:
    """The way Django labels a permission ("app | model | name"), in Swedish."""
    return f"{permission.content_type} | {permission_name(permission)}"
