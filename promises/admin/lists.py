"""Admin lists that answer bad filter input with a Swedish 400 instead of a server error.

Django's changelist turns most unusable query strings into a redirect, but an absurd year in
the date hierarchy (`?reported_on__year=9999999999999999999999999`), a year lookup outside what
`datetime` holds, or a number the database cannot store escape as OverflowError, ValueError
or a database error, i.e. a 500. Every admin of the site uses `CheckedListMixin` (a test walks
the registry), so one place decides.
"""

from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.template.response import TemplateResponse
from django.utils.translation import gettext

from promises.admin.ids import CheckedIdsMixin


class UnusableListAddress(Exception):
    """The list's query string asks for something no list can show."""


class CheckedChangeList(ChangeList):
    def __init__(self, request, model, *args, **kwargs):
        try:
            # A savepoint, so that a value the database refuses (PostgreSQL: "integer out of
            # range") leaves any surrounding transaction usable.
            with transaction.atomic(using=model._default_manager.db):
                super().__init__(request, model, *args, **kwargs)
        except (
            IncorrectLookupParameters,
            OverflowError,
            ValueError,
            ValidationError,
            DatabaseError,
        ) as error:
            raise UnusableListAddress from error


class CheckedListMixin(CheckedIdsMixin):
    """For every ModelAdmin: filters, lookups, sorting and pages with bad input answer 400;
    ids in forms and bulk actions are checked before they reach the database (admin/ids.py)."""

    # Rows per page. A register of 300 areas has thousands of promises, follow-ups and
    # actions: rendering a row costs more than finding it, and 50 rows (Django's default is
    # 100) keep a site administrator's list near 60 kB and well under 300 ms.
    list_per_page = 50

    def get_changelist(self, request, **kwargs):
        return CheckedChangeList

    def changelist_view(self, request, extra_context=None):
        try:
            return super().changelist_view(request, extra_context)
        except UnusableListAddress:
            opts = self.model._meta
            context = {
                **self.admin_site.each_context(request),
                "title": gettext("The list could not be shown"),
                "subtitle": None,
                "opts": opts,
                "list_url": request.path,
            }
            request.current_app = self.admin_site.name
            return TemplateResponse(request, "admin/bad_list_address.html", context, status=400)
