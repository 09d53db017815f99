"""Editors' text: formatting that works, payloads that stay inert, photos made safe and small."""

import io
from xml.etree import ElementTree

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from promises.editing import richtext
from promises.models import Partner, Promise, PromisePeriod

from ..support.html import dangerous_markup, form_data

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert('xss')</script>",
    '<img src=x onerror="alert(1)">',
    "[klicka](javascript:alert(1))",
    '<a href="javascript:alert(2)">länk</a>',
    "<svg onload=alert(3)>",
    '"><iframe src="https://evil.example"></iframe>',
    "<style>body{display:none}</style>",
]
PAYLOAD = "\n\n".join(PAYLOADS)


def test_paragraphs_lists_links_and_emphasis():
    html = richtext.render(
        "Första stycket\nmed radbrytning.\n\n- ett\n- två\n\n"
        "1. först\n2. sedan\n\n"
        "Läs [mer](https://polisen.se) och **viktigt** och *betonat*, "
        "mejla [oss](mailto:a@example.se)."
    )
    assert "<p>Första stycket<br>\nmed radbrytning.</p>" in html
    assert "<ul>\n<li>ett</li>\n<li>två</li>\n</ul>" in html
    assert "<ol>" in html
    assert '<a href="https://polisen.se" rel="noopener">mer</a>' in html
    assert "<strong>viktigt</strong>" in html and "<em>betonat</em>" in html
    assert 'href="mailto:a@example.se"' in html


def test_headings_code_and_images_are_plain_text():
    html = richtext.render("# Rubrik\n\n![bild](https://x.example/a.png)\n\n`kod`")
    assert "<h1" not in html and "<img" not in html and "<code" not in html


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_come_out_inert(payload):
    html = richtext.render(payload)
    assert dangerous_markup(html) == [], html
    assert "<style" not in html


def test_the_seed_texts_render_as_paragraphs():
    period = PromisePeriod.objects.get(slug="2023-2024")
    for text in (period.intro, period.situation_text, period.goal_text):
        html = richtext.render(text)
        paragraphs = [p for p in text.split("\n\n") if p.strip()]
        assert html.count("<p>") == len(paragraphs)


def test_payloads_typed_into_every_editable_text_are_inert_on_every_public_page(client_for, client):
    admin = client_for("admin")
    period = PromisePeriod.objects.get(slug="2023-2024")
    url = f"/admin/promises/promiseperiod/{period.pk}/change/"
    data = form_data(admin.get(url).content.decode(), "promiseperiod_form")
    for field in (
        "title",
        "intro",
        "promises_heading",
        "situation_heading",
        "situation_text",
        "goal_heading",
        "goal_text",
        "photo_caption",
    ):
        data[field] = PAYLOAD if "text" in field or field == "intro" else PAYLOADS[1]
    first_row = next(k for k in data if k.endswith("-text") and "__prefix__" not in k)
    data[first_row] = PAYLOAD
    response = admin.post(url, data)
    assert response.status_code == 302, response.content.decode()[:500]
    partner = Partner.objects.get(slug="tjorns-kommun")
    purl = f"/admin/promises/partner/{partner.pk}/change/"
    pdata = form_data(admin.get(purl).content.decode(), "partner_form")
    pdata.update(
        name=PAYLOADS[0], representative_name=PAYLOADS[1], representative_title=PAYLOADS[4]
    )
    assert admin.post(purl, pdata).status_code == 302
    assert Promise.objects.filter(text=PAYLOAD).exists()

    pages = [
        "/",
        "/medborgarloften/",
        period.get_absolute_url(),
        "/parter/",
        partner.get_absolute_url(),
    ]
    pages += [p.get_absolute_url() for p in Partner.objects.exclude(pk=partner.pk)]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        html = response.content.decode()
        assert dangerous_markup(html) == [], page
        assert "<style>body" not in html
    for promise in Promise.objects.filter(text=PAYLOAD):
        html = client.get(promise.get_absolute_url().split("#")[0]).content.decode()
        assert dangerous_markup(html) == []
    # The payload is shown as text, so the editor sees what they typed.
    assert "&lt;script&gt;alert(" in client.get(period.get_absolute_url()).content.decode()

    # The Atom feed's summaries are HTML to feed readers: they must be inert HTML too.
    feed = client.get(reverse("promises:feed"))
    root = ElementTree.fromstring(feed.content)
    atom = "{http://www.w3.org/2005/Atom}"
    summaries = list(root.iter(f"{atom}summary"))
    assert summaries
    for summary in summaries:
        assert summary.get("type") != "html" or dangerous_markup(summary.text or "") == []
    assert any("alert" in (s.text or "") for s in summaries)

    # Data files are data: the text comes back exactly as typed, never as a web page.
    data_file = client.get(reverse("machine:period_json", args=[period.slug]))
    assert data_file["Content-Type"].startswith("application/json")
    assert data_file["X-Content-Type-Options"] == "nosniff"
    assert PAYLOAD in strings_in(data_file.json())
    csv_file = client.get(reverse("machine:period_csv", args=[period.slug]))
    assert csv_file["Content-Type"].startswith("text/csv")
    assert csv_file["X-Content-Type-Options"] == "nosniff"


def strings_in(data):
    if isinstance(data, dict):
        return [s for value in data.values() for s in strings_in(value)]
    if isinstance(data, list):
        return [s for value in data for s in strings_in(value)]
    return [data] if isinstance(data, str) else []


def image_upload(size=(3000, 2000), image_format="JPEG", name="foto.jpg"):
    buffer = io.BytesIO()
    image = Image.new("RGB", size, "teal")
    exif = Image.Exif()
    exif[0x010F] = "Kameratillverkare"  # Make
    image.save(buffer, image_format, exif=exif) if image_format == "JPEG" else image.save(
        buffer, image_format
    )
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{image_format.lower()}")


@pytest.fixture
def media_root(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def post_photo(admin, upload, alt="Fyra personer utanför kommunhuset."):
    period = PromisePeriod.objects.get(slug="2023-2024")
    url = f"/admin/promises/promiseperiod/{period.pk}/change/"
    data = form_data(admin.get(url).content.decode(), "promiseperiod_form")
    data["photo_alt"] = alt
    data["photo"] = upload
    return admin.post(url, data)


def test_photos_are_scaled_down_reencoded_and_stripped(client_for, client, media_root):
    admin = client_for("admin")
    response = post_photo(admin, image_upload())
    assert response.status_code == 302, response.content.decode()[:800]
    period = PromisePeriod.objects.get(slug="2023-2024")
    with Image.open(period.photo.path) as stored:
        assert stored.size == (1600, 1067)
        assert stored.format == "JPEG"
        assert not stored.getexif()
    page = client.get("/").content.decode()
    assert 'width="1600"' in page and "Fyra personer utanför kommunhuset." in page


def test_photos_need_a_real_image_of_an_allowed_type_and_a_description(client_for, media_root):
    admin = client_for("admin")
    fake = SimpleUploadedFile("virus.jpg", b"<script>alert(1)</script>", content_type="image/jpeg")
    assert "giltig bild" in post_photo(admin, fake).content.decode()
    gif = image_upload((10, 10), "GIF", "liten.gif")
    assert "JPEG, PNG eller WebP" in post_photo(admin, gif).content.decode()
    response = post_photo(admin, image_upload((100, 100)), alt="")
    assert response.status_code == 200
    assert not PromisePeriod.objects.get(slug="2023-2024").photo


def test_payloads_in_follow_ups_and_shared_texts_are_inert_everywhere(client, settings, tmp_path):
    """The texts added after the period's own: follow-ups and their parts, focus areas,
    status definitions, the glossary and the accessibility statement."""
    from promises.models import (
        AccessibilityStatement,
        FocusArea,
        FollowUp,
        FollowUpDocument,
        FollowUpFigure,
        FollowUpLink,
        GlossaryTerm,
        StatusDefinition,
    )

    from ..support.public_pages import PUBLIC_PAGES

    settings.MEDIA_ROOT = str(tmp_path)
    promise = Promise.objects.get(text__startswith="Fokusera")
    follow_up = FollowUp.objects.create(
        promise=promise, reported_on="2024-05-01", status="done", text=PAYLOAD, is_published=True
    )
    for index, payload in enumerate(PAYLOADS):
        FollowUpFigure.objects.create(
            follow_up=follow_up, label=payload, value=payload, order=index
        )
        FollowUpLink.objects.create(
            follow_up=follow_up, title=payload, url="https://polisen.se", order=index
        )
        FollowUpDocument.objects.create(
            follow_up=follow_up, title=payload, file="uppfoljningar/x/a.pdf", order=index
        )
    area = FocusArea.objects.order_by("pk").first()
    area.name = PAYLOADS[1]
    area.save()
    promise.focus_areas.add(area)
    StatusDefinition.objects.filter(status="done").update(definition=PAYLOAD)
    GlossaryTerm.objects.create(term=PAYLOADS[0], slug="skript", definition=PAYLOAD)
    statement = AccessibilityStatement.objects.get()
    for field in ("service_name", "organisations", "gaps", "assessment", "response_time"):
        setattr(statement, field, PAYLOADS[4] if field != "gaps" else PAYLOAD)
    statement.save()

    pages = [
        path
        for path in PUBLIC_PAGES
        if not path.startswith(("/oppna-data/medborgarloften", "/flode", "/sitemap", "/robots"))
    ]
    pages += [promise.get_absolute_url(), "/tillganglighet/rapportera/", "/sok/?q=alert"]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        html = response.content.decode()
        assert dangerous_markup(html) == [], page
        assert "<style>body" not in html, page
    promise_page = client.get(promise.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(" in promise_page

    feed = ElementTree.fromstring(client.get(reverse("promises:feed")).content)
    for summary in feed.iter("{http://www.w3.org/2005/Atom}summary"):
        assert summary.get("type") != "html" or dangerous_markup(summary.text or "") == []
    data = client.get(reverse("machine:period_json", args=["2023-2024"])).json()
    assert PAYLOAD in strings_in(data)
    follow_ups_csv = client.get(reverse("machine:follow_ups_csv", args=["2023-2024"]))
    assert follow_ups_csv["Content-Type"].startswith("text/csv")
