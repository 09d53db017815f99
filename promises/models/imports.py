"""The files of an import's preview, kept until the editor confirms it (or for an hour).

Each user has an allowance: at most PREVIEWS_PER_USER previews and PREVIEW_BYTES_PER_USER
bytes of files at any time. A new preview always fits (the upload form takes two files of at
most 2 MB): the user's oldest previews are removed to make room, as an editor who uploads
again expects the newest preview to be the one that counts. Confirming a removed one says
that the preview has expired, and nothing is imported.
"""

import base64
import datetime
import hashlib

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PREVIEW_LIFETIME = datetime.timedelta(hours=1)
PREVIEWS_PER_USER = 3
PREVIEW_BYTES_PER_USER = 8 * 1024 * 1024


def files_digest(files) -> str:
    """The sha256 of the files' names and contents, for the preview's signed token."""
    digest = hashlib.sha256()
    for name, content in files:
        for part in (name.encode(), content):
            digest.update(len(part).to_bytes(8, "big"))
            digest.update(part)
    return digest.hexdigest()


class PreviewedImportQuerySet(models.QuerySet):
    def current(self):
        return self.filter(created_at__gt=timezone.now() - PREVIEW_LIFETIME)

    def expired(self):
        return self.filter(created_at__lte=timezone.now() - PREVIEW_LIFETIME)


class PreviewedImport(models.Model):
    """The uploaded files a preview showed, for the confirmation to import exactly those.

    They are kept in the database, which every process and machine shares, rather than in
    the confirmation form: a file near the 2 MB limit would not fit in a form post.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    files = models.JSONField(_("files"), default=list)  # [[name, base64 of the content]]
    size = models.PositiveIntegerField(_("size"), default=0)  # bytes of the files' contents

    objects = PreviewedImportQuerySet.as_manager()

    class Meta:
        verbose_name = _("previewed import")
        verbose_name_plural = _("previewed imports")

    def __str__(self):
        return ", ".join(name for name, _content in self.files)

    @classmethod
    def keep(cls, user, files):
        """Store the files for `user`, dropping every preview older than an hour and the
        user's oldest beyond the allowance."""
        with transaction.atomic():
            cls.objects.expired().delete()
            kept = cls.objects.create(
                user=user,
                files=[[name, base64.b64encode(content).decode()] for name, content in files],
                size=sum(len(content) for _name, content in files),
            )
            cls.objects.filter(pk__in=cls._beyond_allowance(user)).delete()
        return kept

    @classmethod
    def _beyond_allowance(cls, user):
        """The user's previews past the allowance, counted from the newest."""
        total = 0
        beyond = []
        newest_first = cls.objects.filter(user=user).order_by("-created_at", "-pk")
        for count, (pk, size) in enumerate(newest_first.values_list("pk", "size"), start=1):
            total += size
            if count > 1 and (count > PREVIEWS_PER_USER or total > PREVIEW_BYTES_PER_USER):
                beyond.append(pk)
        return beyond

    def contents(self) -> list:
        return [(name, base64.b64decode(data)) for name, data in self.files]
