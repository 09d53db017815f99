"""Replace all content with a backup written by export_content: all of it or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from promises.editing import backup


class Command(BaseCommand):
    help = "Import a backup from export_content, replacing all content (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="A backup written by export_content.")
        parser.add_argument(
            "--max-megabytes",
            type=int,
            default=backup.MAX_MEGABYTES,
            help="Refuse a larger file (default: %(default)s).",
        )

    def handle(self, *args, file, max_megabytes=backup.MAX_MEGABYTES, **options):
        file = Path(file)
        limit = max_megabytes * 1024 * 1024
        try:
            # Never more than the limit plus one byte: a path may name an endless file.
            with file.open("rb") as stream:
                content = stream.read(limit + 1)
            if len(content) > limit:
                too_large = _(
                    "The file %(file)s is larger than %(count)d MB. If it is a backup of this "
                    "site, import it with --max-megabytes."
                ) % {"file": file, "count": max_megabytes}
                raise CommandError(_("%(reason)s Nothing was changed.") % {"reason": too_large})
            text = content.decode("utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(
                _("Could not read the file %(file)s: %(error)s") % {"file": file, "error": error}
            ) from None
        try:
            count = backup.import_content(backup.parse(text))
        except backup.BackupError as error:
            raise CommandError(_("%(reason)s Nothing was changed.") % {"reason": error}) from None
        self.stdout.write(
            _("Imported %(count)d objects from %(file)s.") % {"count": count, "file": file}
        )
