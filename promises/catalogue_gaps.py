"""Django 6.1 strings that its own Swedish catalogue does not translate yet.

Listing them here puts them in our catalogue (locale/sv), which Django consults first, so the
admin shows Swedish instead of English. Nothing imports this module; `make messages` reads it.
"""

from django.utils.translation import gettext_noop

MISSING_FROM_DJANGO = (
    gettext_noop("- Select an option -"),
    gettext_noop("Filter by %(field_name)s"),
)
