"""Uploaded files are served by the application while what they belong to is public, and to
staff who may preview the draft; nothing else under MEDIA_ROOT can be reached."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from promises.models import FollowUpDocument, PromisePeriod

from ..support.follow_ups import police_promises, report

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# A 1 × 1 GIF: the smallest real image.
GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
    b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def attach_document(follow_up):
    name = default_storage.save(
        "uppfoljningar/0123456789abcdef0123456789abcdef/rapport.pdf", ContentFile(PDF)
    )
    return FollowUpDocument.objects.create(follow_up=follow_up, title="Rapport", file=name)


def test_a_published_follow_ups_document_is_served_to_everyone(client):
    document = attach_document(report(police_promises()[0], "done", "2024-06-01"))
    response = client.get(document.file.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"] == 'inline; filename="rapport.pdf"'
    assert "public" in response["Cache-Control"]
    assert not response.cookies


def test_a_drafts_document_is_hidden_from_visitors_and_shown_to_staff(client, client_for):
    document = attach_document(report(police_promises()[0], "done", "2024-06-01", published=False))
    assert client.get(document.file.url).status_code == 404
    staff = client_for("coordinator").get(document.file.url)
    assert staff.status_code == 200
    assert "no-store" in staff["Cache-Control"] and "public" not in staff["Cache-Control"]
    # Publishing the follow-up makes it public at once.
    document.follow_up.is_published = True
    document.follow_up.save()
    assert client.get(document.file.url).status_code == 200


def test_a_partners_editor_previews_only_their_own_drafts_documents(client_for):
    document = attach_document(report(police_promises()[0], "done", "2024-06-01", published=False))
    assert client_for("lokalpolisomrade-sodra-fyrbodal").get(document.file.url).status_code == 200
    assert client_for("tjorns-kommun").get(document.file.url).status_code == 404


def test_a_document_in_an_unpublished_period_is_hidden(client):
    document = attach_document(report(police_promises()[0], "done", "2024-06-01"))
    PromisePeriod.objects.update(is_published=False)
    assert client.get(document.file.url).status_code == 404


def test_a_published_periods_photo_is_served_and_a_drafts_is_not(client, client_for):
    name = default_storage.save("perioder/bild.gif", ContentFile(GIF))
    period = PromisePeriod.objects.get(slug="2023-2024")
    PromisePeriod.objects.filter(pk=period.pk).update(photo=name, photo_alt="En bild.")
    response = client.get(f"/media/{name}")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/gif"
    PromisePeriod.objects.filter(pk=period.pk).update(is_published=False)
    assert client.get(f"/media/{name}").status_code == 404
    assert client_for("coordinator").get(f"/media/{name}").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/media/hemlig.txt",  # on disk, but belongs to nothing
        "/media/../medborgarlofte/settings.py",
        "/media/%2e%2e/medborgarlofte/settings.py",
        "/media/uppfoljningar/finns-inte.pdf",
        "/media/uppfoljningar/%00.pdf",  # PostgreSQL would refuse the NUL in a query
    ],
)
def test_files_that_belong_to_nothing_public_are_not_found(client, media_root, path):
    (media_root / "hemlig.txt").write_text("hemligt")
    response = client.get(path)
    assert response.status_code == 404
    assert b"hemligt" not in response.content


def test_a_missing_file_answers_404_not_500(client, media_root):
    document = attach_document(report(police_promises()[0], "done", "2024-06-01"))
    (media_root / document.file.name).unlink()
    assert client.get(document.file.url).status_code == 404


def test_only_reading_is_allowed(client):
    document = attach_document(report(police_promises()[0], "done", "2024-06-01"))
    assert client.head(document.file.url).status_code == 200
    assert client.post(document.file.url).status_code == 405


def test_uploads_are_sent_as_they_are_with_their_length(client):
    document = attach_document(report(police_promises()[0], "done", "2024-06-01"))
    response = client.get(document.file.url, HTTP_ACCEPT_ENCODING="gzip")
    assert "Content-Encoding" not in response
    assert response["Content-Length"] == str(len(PDF))
    # Pages are still compressed.
    assert client.get("/", HTTP_ACCEPT_ENCODING="gzip")["Content-Encoding"] == "gzip"
