from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PromisesConfig(AppConfig):
    name = "promises"
    verbose_name = _("Citizen promises")

    def ready(self):
        from . import signals  # noqa: F401  (connects the timestamp keepers)
