"""Swedish organisation numbers (organisationsnummer), as the partners enter them in the admin.

Sweden's data portal identifies a publisher by its organisation number (the DCAT-AP-SE
harvesting notes, section "Identifierare för utgivande organisationer"): ten digits, no space
or hyphen. The last digit is a Luhn check digit, so a mistyped number is caught here instead of
naming some other organisation on the portal.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# What editors may type: six digits, then a hyphen, a space or nothing, then four digits.
_WRITTEN = re.compile(r"^\s*(\d{6})[-\s]?(\d{4})\s*$")


def normalised_organisation_number(value: str) -> str:
    """The ten digits of a written organisation number, or "" when it is not one."""
    match = _WRITTEN.match(value or "")
    return "".join(match.groups()) if match else ""


def luhn_is_valid(digits: str) -> bool:
    total = 0
    for position, digit in enumerate(reversed(digits)):
        number = int(digit)
        if position % 2 == 1:
            number *= 2
            if number > 9:
                number -= 9
        total += number
    return total % 10 == 0


def validate_organisation_number(value: str) -> None:
    digits = normalised_organisation_number(value)
    if not digits:
        raise ValidationError(
            _(
                "Write the organisation number as ten digits: six digits, a hyphen and four "
                "digits (NNNNNN-NNNN)."
            ),
            code="format",
        )
    if not luhn_is_valid(digits):
        raise ValidationError(
            _("The organisation number's last digit does not match: check for a typo."),
            code="checksum",
        )
