"""Import an åtgärdsplan file (CSV or XLSX) into a period, as the admin's import page does:
every row is checked first and a file with any bad row writes nothing."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from promises.editing import action_import
from promises.models import PromisePeriod


class Command(BaseCommand):
    help = "Import actions from a CSV or XLSX file into a period (all rows or none)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="A CSV or XLSX file with the plan's columns.")
        parser.add_argument("--period", required=True, help="The period's web-address slug.")
        parser.add_argument(
            "--publish", action="store_true", help="Publish the actions the file creates."
        )
        parser.add_argument(
            "--user",
            help="Import with this editor's rights and name in the history (default: as an "
            "administrator, with no name).",
        )

    def handle(self, *args, file, period, publish, user, **options):
        found = PromisePeriod.objects.filter(slug=period).first()
        if found is None:
            raise CommandError(_("There is no period called “%(slug)s”.") % {"slug": period})
        importer = self._user(user)
        try:
            content = file.read_bytes()
        except OSError as error:
            raise CommandError(
                _("Could not read the file %(file)s: %(error)s") % {"file": file, "error": error}
            ) from None
        plan = action_import.plan_import(content, file.name, found, importer)
        if not plan.is_valid:
            lines = list(plan.file_errors)
            for row in plan.rows:
                for column, message in row.errors:
                    lines.append(
                        _("Row %(row)d, column %(column)s: %(message)s")
                        % {"row": row.number, "column": column, "message": message}
                    )
            raise CommandError("\n".join([*lines, _("Nothing was imported.")]))
        counts = action_import.apply(
            plan, importer if importer.pk else None, publish=publish, source=file.name
        )
        self.stdout.write(
            _("%(new)d new, %(changed)d changed and %(unchanged)d unchanged actions in %(period)s.")
            % {**counts, "period": found.title}
        )

    def _user(self, username):
        if username is None:
            # The operator runs the command with the server's rights, as an administrator.
            return get_user_model()(is_superuser=True, is_staff=True, is_active=True)
        found = get_user_model().objects.filter(username=username, is_active=True).first()
        if found is None:
            raise CommandError(_("There is no active user called “%(name)s”.") % {"name": username})
        return found
