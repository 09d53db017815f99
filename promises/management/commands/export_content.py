"""Write all content (and its history) to one JSON file: the site's backup."""

from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from promises.editing import backup


class Command(BaseCommand):
    help = "Export all content (partners, periods, promises, history) to a JSON file."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Where to write the backup (.json).")

    def handle(self, *args, file, **options):
        export = backup.export_content()
        # Write beside the target, then rename: a failed export never leaves half a backup.
        partial = file.with_name(file.name + ".partial")
        partial.write_text(backup.dumps(export), encoding="utf-8")
        partial.replace(file)
        self.stdout.write(
            _("Exported %(count)d objects to %(file)s.")
            % {"count": len(export["objects"]), "file": file}
        )
