"""When public content last changed: one row for the whole site and one per area (read by
promises/caching/)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .areas import Area


class ContentStamp(models.Model):
    """One row holding when any public content last changed.

    HTTP validators (ETag, Last-Modified) and cached pages key on this moment, so it must
    move on every save and every delete, which per-object `updated_at` fields cannot show.
    Pages that show one area's content key on that area's `AreaContentStamp` instead.
    """

    changed_at = models.DateTimeField(_("content last changed"))

    class Meta:
        verbose_name = _("content stamp")
        verbose_name_plural = _("content stamps")

    def __str__(self):
        return self.changed_at.isoformat()


class AreaContentStamp(models.Model):
    """When content shown on one area's pages last changed: moved with `ContentStamp` by every
    change those pages show, and by every change of content every page shows.

    Keyed by the area's id and written with that id, never a sequence. No foreign-key
    constraint and nothing done on the area's deletion: a row left behind is never read (no
    page resolves to a deleted area), and no cascade can race with a change being marked.
    """

    area = models.OneToOneField(
        Area,
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        verbose_name=_("area"),
    )
    changed_at = models.DateTimeField(_("content last changed"))

    class Meta:
        verbose_name = _("area content stamp")
        verbose_name_plural = _("area content stamps")

    def __str__(self):
        return f"{self.area_id}: {self.changed_at.isoformat()}"
