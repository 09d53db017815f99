"""Replace all content with a backup written by export_content: all of it or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from promises.editing import backup


class Command(BaseCommand):
    help = "Import a backup from export_content, replacing all content (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="A backup written by export_content.")

    def handle(self, *args, file, **options):
        try:
            text = file.read_text(encoding="utf-8")
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
