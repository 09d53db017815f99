"""Organisation numbers are unique across partners and set by those who may (issue 21, item 5):
a partner's editors fill in their own partner's number once, when no other partner has it;
from then on only site administrators change or clear it."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from reversion.models import Version

from promises.models import Partner

from ..publishing.test_dcat import made_up_number
from ..support import attack_world
from ..support.attack_world import ORUST, POLICE, TJORN
from ..support.html import form_data

pytestmark = pytest.mark.django_db

TAKEN = "finns redan hos en annan part"


def change_url(partner):
    return f"/admin/promises/partner/{partner.pk}/change/"


def served(client, partner):
    return form_data(client.get(change_url(partner)).content.decode(), "partner_form")


def test_the_database_refuses_one_number_for_two_partners():
    number = made_up_number(1)
    Partner.objects.filter(slug=TJORN).update(organisation_number=number)
    with pytest.raises(IntegrityError), transaction.atomic():
        Partner.objects.filter(slug=ORUST).update(organisation_number=number)
    # Many partners may still be without one.
    Partner.objects.exclude(slug=TJORN).update(organisation_number="")
    assert Partner.objects.filter(organisation_number="").count() == Partner.objects.count() - 1


@pytest.mark.parametrize("written", ["{0}", "{1}-{2}", "{1} {2}"])
def test_validation_says_in_swedish_that_the_number_is_taken(written):
    number = made_up_number(2)
    Partner.objects.filter(slug=TJORN).update(organisation_number=number)
    orust = Partner.objects.get(slug=ORUST)
    orust.organisation_number = written.format(number, number[:6], number[6:])
    with pytest.raises(ValidationError) as refused:
        orust.full_clean()
    assert TAKEN in " ".join(refused.value.message_dict["organisation_number"])


def test_an_editor_sets_their_own_empty_number_once(client_for):
    attack_world.build()
    tjorn = Partner.objects.get(slug=TJORN)
    client = client_for(TJORN)
    data = served(client, tjorn)
    assert data["organisation_number"] == ""
    number = made_up_number(3)
    data["organisation_number"] = f"{number[:6]}-{number[6:]}"
    assert client.post(change_url(tjorn), data).status_code == 302
    assert Partner.objects.get(pk=tjorn.pk).organisation_number == number

    # Once set, the editor's form shows it read-only, and a crafted post changes nothing.
    data = served(client, tjorn)
    assert "organisation_number" not in data
    for value in ("", made_up_number(4)):
        response = client.post(change_url(tjorn), {**data, "organisation_number": value})
        assert response.status_code == 302  # the rest of the form saves as it was
        assert Partner.objects.get(pk=tjorn.pk).organisation_number == number


def test_an_editor_cannot_take_another_partners_number(client_for):
    attack_world.build()
    number = made_up_number(5)
    Partner.objects.filter(slug=POLICE).update(organisation_number=number)
    tjorn = Partner.objects.get(slug=TJORN)
    client = client_for(TJORN)
    data = served(client, tjorn)
    before = attack_world.dump()

    data["organisation_number"] = number
    response = client.post(change_url(tjorn), data)

    assert response.status_code == 200
    assert TAKEN in response.content.decode()
    assert attack_world.dump() == before


def test_an_editor_cannot_reach_another_partners_number(client_for):
    attack_world.build()
    orust = Partner.objects.get(slug=ORUST)
    admin = client_for("admin", "crafter@example.se")
    data = {**served(admin, orust), "organisation_number": made_up_number(6)}
    tjorn = client_for(TJORN)
    before = attack_world.dump()
    assert tjorn.post(change_url(orust), data).status_code in (403, 404)
    assert attack_world.dump() == before


def test_a_site_administrator_changes_and_clears_a_number_with_a_warning(client_for):
    attack_world.build()
    number = made_up_number(7)
    Partner.objects.filter(slug=TJORN).update(organisation_number=number)
    tjorn = Partner.objects.get(slug=TJORN)
    admin = client_for("admin")
    data = served(admin, tjorn)
    assert data["organisation_number"] == number

    data["organisation_number"] = made_up_number(8)
    assert admin.post(change_url(tjorn), data).status_code == 302
    assert Partner.objects.get(pk=tjorn.pk).organisation_number == made_up_number(8)

    data = served(admin, tjorn)
    data["organisation_number"] = ""
    response = admin.post(change_url(tjorn), data, follow=True)
    assert Partner.objects.get(pk=tjorn.pk).organisation_number == ""
    assert "öppna data kan inte visas" in response.content.decode()


def test_a_restore_cannot_clear_or_change_a_set_number_for_an_editor(client_for):
    """The version saved before the number was filled in would clear it again."""
    world = attack_world.build()  # versions every partner, without a number
    tjorn = world["partners"][TJORN]
    number = made_up_number(9)
    Partner.objects.filter(pk=tjorn.pk).update(organisation_number=number)
    version = Version.objects.get_for_object(tjorn).first()
    client = client_for(TJORN)
    url = change_url(tjorn).replace("change/", f"history/{version.pk}/")
    before = attack_world.dump()

    assert client.get(url).status_code == 403
    assert client.post(url, served(client, tjorn)).status_code == 403
    assert attack_world.dump() == before
    assert Partner.objects.get(pk=tjorn.pk).organisation_number == number
