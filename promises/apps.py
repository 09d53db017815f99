"""The app's configuration: on start-up it wires checks, signals and the role rules."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PromisesConfig(AppConfig):
    name = "promises"
    verbose_name = _("Citizen promises")

    def ready(self):
        # Registers the system checks, connects the content stamp's keepers and lets the role
        # rules name which rows each partner's editors may change (promises/editing/roles.py).
        # The model admins register on the admin site here (why: promises/admin/__init__.py).
        from promises import checks, signals  # noqa: F401
        from promises.admin import (  # noqa: F401
            actions,
            areas,
            follow_ups,
            partners,
            periods,
            subscriptions,
            texts,
            users,
        )
        from promises.editing import roles  # noqa: F401
