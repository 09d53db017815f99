"""Run by tests/editing/test_import_hardening.py in a process of its own, on a migrated
database file: an editor of Tjörn uploads FILE through the admin's real import form (Django's
test client), and the process prints, as JSON, the answer's status and text, what the database holds
afterwards (tests/support/peak_memory.py reads its peak memory).

    python tests/support/import_child.py FILE
"""

import json
import os
import sys
from pathlib import Path

# The repository instead of tests/, whose html.py would hide the standard library's html.
sys.path[0] = str(Path(__file__).resolve().parents[2])


def main(path):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "medborgarlofte.settings")
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.test import Client
    from django.test.utils import setup_test_environment

    from promises.models import Action, Partner, PreviewedImport, PromisePeriod

    setup_test_environment()
    user, _created = User.objects.get_or_create(
        username="tjorn-child@example.se", defaults={"is_staff": True}
    )
    user.groups.add(Partner.objects.get(slug="tjorns-kommun").editor_group)
    client = Client()
    client.force_login(user)
    period = PromisePeriod.objects.get(slug="2023-2024")
    with open(path, "rb") as upload:
        answer = client.post(
            "/admin/promises/action/import/", {"period": period.pk, "file": upload}
        )
    print(
        json.dumps(
            {
                "status": answer.status_code,
                "page": answer.content.decode(),
                "actions": Action.objects.count(),
                "previews": PreviewedImport.objects.count(),
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
