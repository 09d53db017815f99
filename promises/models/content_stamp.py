"""The one row that says when public content last changed (read by promises/caching/)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ContentStamp(models.Model):
    """One row holding when any public content last changed.

    HTTP validators (ETag, Last-Modified) and cached pages key on this moment, so it must
    move on every save and every delete, which per-object `updated_at` fields cannot show.
    """

    changed_at = models.DateTimeField(_("content last changed"))

    class Meta:
        verbose_name = _("content stamp")
        verbose_name_plural = _("content stamps")

    def __str__(self):
        return self.changed_at.isoformat()
