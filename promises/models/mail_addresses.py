"""E-mail addresses the site takes: only addresses on the internet, never a machine inside a
network. Django's own validator accepts `namn@localhost` (it is on its allow-list) and any
single-label domain written as an IP literal in brackets; mail to those would go to the mail
server's own machine or its network, and an address nobody can reach is no use to anyone.

One rule (`is_internet_address`), used wherever an address is typed: the model fields through
`RefusesInternalAddresses` (so every admin and public model form), the subscribe form, and
`request_subscription` before anything is stored or queued.
"""

import ipaddress

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .field_checks import clean_fields_then

# Names that never reach the internet: RFC 2606 and RFC 6761 reserved names, RFC 8375's
# home.arpa, RFC 7686's onion, and the names networks commonly use for their own machines.
INTERNAL_SUFFIXES = (
    "localhost",
    "localdomain",
    "local",
    "internal",
    "intranet",
    "lan",
    "home",
    "corp",
    "private",
    "arpa",
    "test",
    "example",
    "invalid",
    "onion",
)

MESSAGE = _(
    "Write an address that can be reached over the internet, like namn@exempel.se. We do not "
    "send to machines inside a network (such as localhost) or to IP addresses."
)


def is_internet_address(email: str) -> bool:
    """Whether `email`'s domain is a name on the internet: at least two labels, not a name
    reserved for internal networks, not an IP address (bracketed or bare)."""
    _local, at, domain = email.strip().rpartition("@")
    if not at:
        return False
    domain = domain.lower()
    if domain.startswith("[") or domain.endswith("."):
        return False
    try:
        ipaddress.ip_address(domain)
    except ValueError:
        pass
    else:
        return False
    labels = domain.split(".")
    if len(labels) < 2 or not all(labels) or labels[-1].isdigit():
        return False
    return not any(domain == name or domain.endswith("." + name) for name in INTERNAL_SUFFIXES)


def validate_internet_address(value):
    if value and not is_internet_address(value):
        raise ValidationError(MESSAGE, code="internal_address")


class RefusesInternalAddresses:
    """A model mixin: `full_clean()` (so every model form) refuses an address in any of the
    model's e-mail fields that is not on the internet (`is_internet_address`). A mixin, not a
    field validator, for the reason `RefusesControlCharacters` gives."""

    def clean_fields(self, exclude=None):
        clean_fields_then(self, super().clean_fields, exclude, _internal_address_error)


def _internal_address_error(field, value):
    if not isinstance(field, models.EmailField):
        return None
    try:
        validate_internet_address(value)
    except ValidationError as error:
        return error
    return None
