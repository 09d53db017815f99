"""Create a staff account for one role in one step; it gets a link to choose its password."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from promises.editing import roles
from promises.models import Area, Partner

ROLES = ("admin", "coordinator")


class Command(BaseCommand):
    help = (
        "Create an editor account: for a partner (--partner <slug>) or a role "
        "(--role admin, or --role coordinator --area <slug>). Prints a link where the person "
        "chooses a password."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="The person's e-mail address; also the user name.")
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--partner", help="Slug of the partner they edit for.")
        target.add_argument("--role", choices=ROLES)
        parser.add_argument(
            "--area", help="With --role coordinator: slug of the area they coordinate."
        )
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")

    @transaction.atomic
    def handle(self, *args, email, partner, role, area, first_name, last_name, **options):
        email = email.strip().lower()
        if "@" not in email:
            raise CommandError(_("Not an e-mail address: %(email)s") % {"email": email})
        if partner:
            found = Partner.objects.filter(slug=partner).first()
            if found is None:
                slugs = ", ".join(Partner.objects.values_list("slug", flat=True))
                raise CommandError(
                    _("No partner with the slug %(slug)s. Partners: %(slugs)s")
                    % {"slug": partner, "slugs": slugs}
                )
            group = roles.sync_editor_group(found)
        elif role == "coordinator":
            group = roles.sync_coordinator_group(self._area(area))
        else:
            group = Group.objects.get(name=roles.SITE_ADMINS)
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=email,
            defaults={"email": email, "first_name": first_name, "last_name": last_name},
        )
        if created:
            user.set_unusable_password()
        user.is_staff = True
        user.is_active = True
        user.save()
        user.groups.add(group)
        path = reverse(
            "password_set",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
        days = settings.PASSWORD_RESET_TIMEOUT // 86400
        if created:
            done = _("Created %(email)s in the group “%(group)s”.")
        else:
            done = _("Updated %(email)s in the group “%(group)s”.")
        self.stdout.write(done % {"email": email, "group": group.name})
        self.stdout.write(
            _("Send them this link to choose a password (valid %(days)d days, works once):")
            % {"days": days}
        )
        self.stdout.write(f"{settings.SITE_URL}{path}")

    def _area(self, slug):
        """The named area; without a name, the only one while there is only one."""
        areas = Area.objects.all()
        if slug is None and areas.count() == 1:
            return areas.get()
        found = areas.filter(slug=slug).first() if slug else None
        if found is None:
            slugs = ", ".join(areas.values_list("slug", flat=True))
            raise CommandError(
                _("Name the area they coordinate with --area. Areas: %(slugs)s") % {"slugs": slugs}
            )
        return found
