"""System checks that only `manage.py check --deploy` runs: what production must not lack."""

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
