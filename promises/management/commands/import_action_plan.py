"""Import an åtgärdsplan (CSV or XLSX) into a period, as the admin's import page does: the
actions and the indicators, from one workbook with both sheets or from two files; every row
is checked first and a bad row anywhere writes nothing."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from promises.admin.action_import import imported_message
from promises.editing import plan_files
from promises.editing.spreadsheet import MAX_FILE_SIZE
from promises.models import PromisePeriod


class Command(BaseCommand):
    help = "Import actions and indicators from CSV or XLSX files into a period (all rows or none)."

    def add_arguments(self, parser):
        parser.add_argument(
            "file",
            type=Path,
            help="A CSV or XLSX file with the actions' or the indicators' columns (a workbook "
            "may hold both, one sheet each).",
        )
        parser.add_argument(
            "--indicators",
            type=Path,
            help="A second file with the indicators, imported together with FILE.",
        )
        parser.add_argument("--period", required=True, help="The period's web-address slug.")
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish the actions and indicators the import creates.",
        )
        parser.add_argument(
            "--user",
            help="Import with this editor's rights and name in the history (default: as an "
            "administrator, with no name).",
        )

    def handle(self, *args, file, indicators, period, publish, user, **options):
        found = PromisePeriod.objects.filter(slug=period).first()
        if found is None:
            raise CommandError(_("There is no period called “%(slug)s”.") % {"slug": period})
        importer = self._user(user)
        # call_command() passes options as given, without the parser's type=Path.
        paths = [Path(file), *([Path(indicators)] if indicators else [])]
        files = [(path.name, self._read(path)) for path in paths]
        planned = plan_files.plan(files, found, importer)
        if not planned.is_valid:
            raise CommandError("\n".join([*planned.error_lines(), _("Nothing was imported.")]))
        try:
            counts = plan_files.apply(
                planned,
                importer,
                publish=publish,
                source=", ".join(path.name for path in paths),
            )
        except plan_files.StalePlan:
            raise CommandError(
                _("The content changed while importing, so nothing was imported. Try again.")
            ) from None
        # The same words as the admin's import page, with the period in front.
        self.stdout.write(f"{found.title}: {imported_message(counts)}")

    def _read(self, path):
        # Never more than the limit plus one byte: a path may name a huge or endless file.
        try:
            with path.open("rb") as file:
                content = file.read(MAX_FILE_SIZE + 1)
        except OSError as error:
            raise CommandError(
                _("Could not read the file %(file)s: %(error)s") % {"file": path, "error": error}
            ) from None
        if len(content) > MAX_FILE_SIZE:
            raise CommandError(
                "\n".join(
                    [
                        f"{path.name}: {_('The file is larger than 2 MB.')}",
                        _("Nothing was imported."),
                    ]
                )
            )
        return content

    def _user(self, username):
        if username is None:
            # The operator runs the command with the server's rights, as an administrator.
            return get_user_model()(is_superuser=True, is_staff=True, is_active=True)
        found = get_user_model().objects.filter(username=username, is_active=True).first()
        if found is None:
            raise CommandError(_("There is no active user called “%(name)s”.") % {"name": username})
        return found
