"""The admin's period import (promises/admin/period_import.py): a site administrator uploads a
period's JSON, sees what will be created and reused, and confirms; a bad file shows every
problem and writes nothing; nobody else may import."""

import io
import json

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from promises.admin.period_import import TOKEN_SALT
from promises.editing import period_exchange
from promises.models import Partner, PreviewedImport, PromisePeriod

from ..editing.test_period_exchange import dump, good_file  # noqa: F401
from ..support.exchange import PERIOD_SLUG
from ..support.html import visible_text

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("admin:promises_promiseperiod_import")


def upload(client, content, **fields):
    file = io.BytesIO(content)
    file.name = "period.json"
    return client.post(IMPORT_URL, {"file": file, **fields})


def token_of(response):
    return response.context["token"]


def test_a_site_admin_previews_then_imports(client_for, good_file):  # noqa: F811
    client = client_for("admin")
    changelist = client.get(reverse("admin:promises_promiseperiod_changelist"))
    assert IMPORT_URL in changelist.content.decode()
    before = dump()
    preview = upload(client, good_file)
    assert preview.status_code == 200
    text = visible_text(preview.content.decode())
    assert "Nytt område: Testområde Norr (testomrade-norr)." in text
    assert "Ny part: Påhittade kommun (pahittade-kommun)." in text
    assert "Löften: 3. Uppföljningar: 6. Åtgärder: 2. Indikatorer: 2, med 2 mätvärden." in text
    assert dump() == before  # a preview writes nothing
    confirmed = client.post(IMPORT_URL, {"token": token_of(preview)})
    period = PromisePeriod.objects.get(slug=PERIOD_SLUG)
    assert confirmed.status_code == 302
    assert confirmed["Location"] == reverse("admin:promises_promiseperiod_change", args=[period.pk])
    assert not period.is_published  # a draft unless asked
    # The history starts at the import, in the admin's name, with the period as it ended up.
    version = Version.objects.get_for_object(period).get()
    assert version.revision.user.username == "admin@example.se"
    assert version.revision.get_comment() == "Importerad från period.json"
    assert version.field_dict["is_published"] is False
    assert period.promises.count() == 3
    assert not PreviewedImport.objects.exists()  # a token confirms once
    again = client.post(IMPORT_URL, {"token": token_of(preview)}, follow=True)
    assert "Förhandsgranskningen har gått ut" in visible_text(again.content.decode())
    assert PromisePeriod.objects.filter(slug=PERIOD_SLUG).count() == 1


def test_publishing_at_once_and_another_slug(client_for, good_file):  # noqa: F811
    client = client_for("admin")
    preview = upload(client, good_file, publish="on", slug="norr-kopia")
    client.post(IMPORT_URL, {"token": token_of(preview)})
    period = PromisePeriod.objects.get(slug="norr-kopia")
    assert period.is_published
    assert Version.objects.get_for_object(period).get().field_dict["is_published"] is True


def test_a_bad_file_shows_every_problem_and_writes_nothing(client_for, good_file):  # noqa: F811
    document = json.loads(good_file)
    document["loften"][0]["uppfoljningar"][0]["status"] = "<b>klar</b>"
    document["loften"][1]["text"] = "Ett \u0000 tecken"
    client = client_for("admin")
    before = dump()
    response = upload(client, json.dumps(document).encode())
    html = response.content.decode()
    assert response.status_code == 200
    assert "token" not in response.context
    assert "&lt;b&gt;klar&lt;/b&gt;" in html  # escaped, as every text of a file
    text = visible_text(html)
    assert "Filen har 2 problem." in text
    assert "löfte 1, uppföljning 1: “status” har ett okänt värde" in text
    assert "löfte 2: “text” innehåller ett styrtecken" in text
    for junk in (b"", b"\xff\xfe", b"[" * 50_000):
        response = upload(client, junk)
        assert response.status_code == 200
    too_big = upload(client, b" " * (period_exchange.MAX_BYTES + 1))
    assert "Filen är större än 8 MB." in visible_text(too_big.content.decode())
    assert not PreviewedImport.objects.exists()
    assert dump() == before


def test_an_altered_or_foreign_token_imports_nothing(client_for, good_file):  # noqa: F811
    admin = client_for("admin")
    preview = upload(admin, good_file)
    carried = signing.loads(token_of(preview), salt=TOKEN_SALT)
    forged = signing.dumps({**carried, "slug": "annan"}, salt="annat-salt")
    response = admin.post(IMPORT_URL, {"token": forged}, follow=True)
    assert "Förhandsgranskningen har gått ut" in visible_text(response.content.decode())
    other = client_for("admin", "annan-admin@example.se")
    assert other.post(IMPORT_URL, {"token": token_of(preview)}).status_code == 403
    assert not PromisePeriod.objects.filter(slug=PERIOD_SLUG).exists()


@pytest.mark.parametrize("role", ["coordinator", "tjorns-kommun"])
def test_only_site_administrators_import(client_for, good_file, role):  # noqa: F811
    client = client_for(role)
    assert client.get(IMPORT_URL).status_code == 403
    assert upload(client, good_file).status_code == 403
    changelist = client.get(reverse("admin:promises_promiseperiod_changelist"))
    assert IMPORT_URL not in changelist.content.decode()
    assert not Partner.objects.filter(slug="pahittade-kommun").exists()


def test_the_upload_needs_the_csrf_token(staff_user, good_file):  # noqa: F811
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_user("admin"))
    assert upload(client, good_file).status_code == 403
    assert not PreviewedImport.objects.exists()
