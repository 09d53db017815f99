"""“Kontakt och delta” is never a dead end, and the admin warns while a partner has no contact
details (issue 22, item 2)."""

import pytest

from promises.models import Partner

from ..support.html import form_data, visible_text

pytestmark = pytest.mark.django_db

TIP_FORM = "https://polisen.se/kontakt/tipsa-polisen/tipsa-polisen-via-webben/"
TJORN = "tjorns-kommun"
ORUST = "orust-kommun"
WARNING = "har inget telefonnummer, ingen e-postadress och ingen kontaktsida"


def contact_page(client):
    response = client.get("/kontakt-och-delta/")
    assert response.status_code == 200
    return response.content.decode()


def notices_on_start_page(client):
    html = client.get("/admin/").content.decode()
    if '<section class="admin-notices"' not in html:
        return ""
    section = html.split('<section class="admin-notices"', 1)[1].split("</section>", 1)[0]
    return visible_text(section)


def test_with_no_contact_fields_filled_in_every_way_on_is_still_there(client):
    assert not any(partner.has_contact for partner in Partner.objects.all())  # as seeded
    html = contact_page(client)
    assert '<a href="tel:112" class="phone">112</a>' in html
    assert '<a href="tel:11414" class="phone">114 14</a>' in html
    assert f'<a href="{TIP_FORM}" rel="noopener">Tipsa polisen via polisen.se</a>' in html
    text = visible_text(html)
    # Each partner says where to turn instead of only "nothing here".
    assert "ring 114 14 eller använd tipsformuläret ovan" in text
    assert text.count("Dess löften och uppföljningar finns på dess sida.") == 3
    for partner in Partner.objects.all():
        assert f'<a href="{partner.get_absolute_url()}">{partner.name}</a>' in html


def test_a_partners_website_is_linked_when_filled_in_and_never_made_up(client):
    html = contact_page(client)
    for partner in Partner.objects.all():
        assert f"Webbplats för {partner.name}" not in html
    Partner.objects.filter(slug=TJORN).update(website="https://www.tjorn.se/")
    html = contact_page(client)
    assert '<a href="https://www.tjorn.se/" rel="noopener">Webbplats för Tjörns kommun</a>' in html
    # A website is where to read, not whom to ask: the page still points on to it.
    assert "du hittar dem på dess webbplats" in visible_text(html)


def test_a_partners_website_is_escaped(client):
    Partner.objects.filter(slug=TJORN).update(website='https://example.se/"><script>x</script>')
    html = contact_page(client)
    assert "<script>x</script>" not in html


def test_an_editor_sees_the_warning_for_their_own_partner_only(client_for):
    client = client_for(TJORN)
    notices = notices_on_start_page(client)
    assert f"Tjörns kommun {WARNING}" in notices
    assert "Orust kommun" not in notices and "Lokalpolisområde" not in notices
    assert "Fyll i kontaktuppgifterna för Tjörns kommun" in notices
    assert "dataportal" not in notices  # the catalogue is the administrators' to complete
    tjorn = Partner.objects.get(slug=TJORN)
    form_page = client.get(f"/admin/promises/partner/{tjorn.pk}/change/").content.decode()
    assert WARNING in visible_text(form_page)


def test_the_warning_goes_once_a_contact_field_is_saved_through_the_form(client_for):
    client = client_for(TJORN)
    tjorn = Partner.objects.get(slug=TJORN)
    url = f"/admin/promises/partner/{tjorn.pk}/change/"
    data = form_data(client.get(url).content.decode(), "partner_form")
    data["contact_phone"] = "0304-60 10 00"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert WARNING not in visible_text(client.get(url).content.decode())
    assert WARNING not in notices_on_start_page(client)
    # And the resident gets the number as a link.
    html = contact_page(client)
    assert '<a href="tel:0304601000">0304-60 10 00</a>' in html


def test_a_website_alone_does_not_silence_the_warning(client_for):
    Partner.objects.filter(slug=TJORN).update(website="https://www.tjorn.se/")
    assert f"Tjörns kommun {WARNING}" in notices_on_start_page(client_for(TJORN))


def test_a_coordinator_sees_their_areas_partners_without_contact(client_for):
    # Coordinators change their own area's partners (docs/architecture.md "Roles").
    notices = notices_on_start_page(client_for("coordinator"))
    for partner in Partner.objects.filter(area__slug="sodra-fyrbodal"):
        assert f"{partner.name} {WARNING}" in notices


def test_a_site_administrator_sees_every_partner_without_contact(client_for):
    notices = notices_on_start_page(client_for("admin"))
    for partner in Partner.objects.all():
        assert f"{partner.name} {WARNING}" in notices
