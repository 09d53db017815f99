"""Import a period from its open-data JSON (another site's, or a municipality's own copy):
all of it or nothing (promises/editing/period_exchange.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from promises.editing import period_exchange


class Command(BaseCommand):
    help = (
        "Import a period from its open-data JSON (/oppna-data/medborgarloften/<slug>.json): the "
        "area and partners are reused when they exist, the rest is created. The period arrives "
        "as a draft unless --publish is given. All or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The period's JSON file.")
        parser.add_argument(
            "--area",
            metavar="SLUG",
            help="Import into this existing area instead of the one the file names.",
        )
        parser.add_argument(
            "--slug",
            metavar="SLUG",
            help="Give the period this web address instead of the file's (when that is taken).",
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish the period at once (otherwise it is a draft for an editor to review).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and say what would happen."
        )

    def handle(self, *args, file, area=None, slug=None, publish=False, dry_run=False, **options):
        file = Path(file)
        try:
            # Never more than the limit plus one byte: a path may name an endless file.
            with file.open("rb") as stream:
                content = stream.read(period_exchange.MAX_BYTES + 1)
        except OSError as error:
            raise CommandError(
                _("Could not read the file %(file)s: %(error)s") % {"file": file, "error": error}
            ) from None
        planned = period_exchange.plan(content, area_slug=area, period_slug=slug)
        if not planned.is_valid:
            for problem in planned.problems:
                self.stderr.write(problem)
            count = len(planned.problems)
            raise CommandError(
                ngettext(
                    "The file has %(count)d problem. Nothing was changed.",
                    "The file has %(count)d problems. Nothing was changed.",
                    count,
                )
                % {"count": count}
            )
        for line in period_exchange.summary(planned):
            self.stdout.write(line)
        for note in planned.notes:
            self.stdout.write(_("Note: %(note)s") % {"note": note})
        if dry_run:
            self.stdout.write(_("Dry run. Nothing was changed."))
            return
        try:
            period = period_exchange.apply(planned, publish=publish, source=file.name)
        except DatabaseError as error:
            # Another write at the same moment; the transaction rolled back whole.
            raise CommandError(
                _("The import could not be saved (%(error)s). Nothing was changed.")
                % {"error": error}
            ) from None
        self.stdout.write(
            _("Imported the period “%(title)s” (%(slug)s) as published.")
            % {"title": period.title, "slug": period.slug}
            if period.is_published
            else _("Imported the period “%(title)s” (%(slug)s) as a draft.")
            % {"title": period.title, "slug": period.slug}
        )
