"""System checks that only `manage.py check --deploy` runs: what production must not lack."""

from django.conf import settings
from django.core import checks

from promises.publishing.well_known import contact_uris

CONTACT_SCHEMES = ("mailto:", "https:", "tel:")


@checks.register(checks.Tags.security, deploy=True)
def security_txt_contact(app_configs, **kwargs):
    contacts = contact_uris()
    if not contacts:
        return [
            checks.Warning(
                "SECURITY_TXT_CONTACT is empty, so /.well-known/security.txt answers 404.",
                hint="Set it to the address where the organisations receive reports of "
                "security problems, e.g. mailto:it-sakerhet@example.se (RFC 9116).",
                id="promises.W001",
            )
        ]
    return [
        checks.Warning(
            f"SECURITY_TXT_CONTACT has {contact!r}, which is not a mailto:, https: or tel: URI.",
            id="promises.W002",
        )
        for contact in contacts
        if not contact.startswith(CONTACT_SCHEMES)
    ]


# Backends that keep mail on the machine (or nowhere): right for `make serve`, not production.
MAIL_STAYS_HERE = (".filebased.", ".console.", ".locmem.", ".dummy.")


@checks.register(deploy=True)
def alerts_mail(app_configs, **kwargs):
    """E-mail alerts need a real mail server and a sender address it will accept."""
    found = []
    backend = settings.MAILERS["default"]["BACKEND"]
    if any(part in backend for part in MAIL_STAYS_HERE):
        found.append(
            checks.Warning(
                "EMAIL_URL does not name an SMTP server, so alerts never leave this machine.",
                hint="Set EMAIL_URL, e.g. smtp+tls://USER:PASSWORD@HOST:587 (docs/operations.md).",
                id="promises.W003",
            )
        )
    if settings.DEFAULT_FROM_EMAIL.strip().endswith(("@localhost", "@localhost>")):
        found.append(
            checks.Warning(
                "EMAIL_FROM is an address on localhost; mail servers refuse or bin such mail.",
                hint="Set EMAIL_FROM to an address of the organisations' own domain.",
                id="promises.W004",
            )
        )
    return found


@checks.register(checks.Tags.security)
def spreadsheets_parsed_safely(app_configs, **kwargs):
    """openpyxl parses a workbook's XML with defusedxml only when it is installed and
    OPENPYXL_DEFUSEDXML is not "False"; without it, a DTD's nested entities in an uploaded
    workbook can take gigabytes (promises/editing/xlsx_package.py refuses DTDs first, and
    this keeps the second wall standing)."""
    import openpyxl
    from openpyxl.xml import functions

    if openpyxl.DEFUSEDXML and functions.iterparse.__module__.startswith("defusedxml"):
        return []
    return [
        checks.Error(
            "openpyxl does not parse workbooks with defusedxml.",
            hint="Install defusedxml (pyproject.toml) and leave OPENPYXL_DEFUSEDXML unset.",
            id="promises.E001",
        )
    ]
