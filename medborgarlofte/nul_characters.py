"""Refuse query values that hold a NUL character on public pages, before any view sees them.

No person types a NUL, and PostgreSQL refuses it in text ("cannot contain NUL characters"),
so a value with one would reach a query as a 500 instead of a plain answer. Refusing it here
answers every public address alike (search, filters, anything added later) with the Swedish
400 page. Posted forms are left to their fields, which refuse a NUL with a message beside the
field and keep the rest of what was typed; the admin answers its own lists and lookups
(promises/admin/lists.py, promises/admin/site.py).
"""

from django.conf import settings
from django.core.exceptions import SuspiciousOperation

NUL = "\x00"


class NulCharacterRefused(SuspiciousOperation):
    """Django answers a SuspiciousOperation with its 400 page and logs it as a security event."""


def holds_nul(values) -> bool:
    return any(NUL in key or any(NUL in value for value in values.getlist(key)) for key in values)


class RefuseNulCharactersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/" + settings.ADMIN_URL

    def __call__(self, request):
        if not request.path.startswith(self.admin_prefix) and holds_nul(request.GET):
            raise NulCharacterRefused("A query value holds a NUL character.")
        return self.get_response(request)
