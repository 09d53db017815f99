"""Accounts: site administrators manage them, but cannot make anyone a superuser, give
single permissions, or take over a superuser's account."""

import pytest
from django.contrib.auth.models import User

from ..support.html import form_data

pytestmark = pytest.mark.django_db


def change_url(user):
    return f"/admin/auth/user/{user.pk}/change/"


def test_a_site_administrator_cannot_make_themselves_a_superuser(client_for):
    client = client_for("admin", "webbadmin@example.se")
    me = User.objects.get(username="webbadmin@example.se")
    html = client.get(change_url(me)).content.decode()
    data = form_data(html, "user_form")
    assert "is_superuser" not in data
    data["is_superuser"] = "on"
    data["first_name"] = "Webbadmin"
    response = client.post(change_url(me), data)
    assert response.status_code == 302
    me.refresh_from_db()
    # The ordinary change is saved; the crafted superuser flag is not.
    assert me.first_name == "Webbadmin"
    assert not me.is_superuser


def test_a_site_administrator_cannot_change_or_delete_a_superuser(client_for):
    boss = User.objects.create_superuser("chef@example.se", "chef@example.se", "ett-losenord-1")
    client = client_for("admin", "webbadmin@example.se")
    for url in (
        change_url(boss),
        f"/admin/auth/user/{boss.pk}/password/",
        f"/admin/auth/user/{boss.pk}/delete/",
    ):
        before = User.objects.get(pk=boss.pk).password
        response = client.post(url, {"password1": "Kapad-2024-x", "password2": "Kapad-2024-x"})
        assert response.status_code == 403, url
        assert User.objects.get(pk=boss.pk).password == before
    # Viewing the account is still allowed; changing it is for superusers.
    assert client.get(change_url(boss)).status_code == 200


def test_a_superuser_keeps_every_right_over_accounts(admin_client):
    someone = User.objects.create_user("person@example.se", password="ett-losenord-2")
    html = admin_client.get(change_url(someone)).content.decode()
    data = form_data(html, "user_form")
    data["is_superuser"] = "on"
    assert admin_client.post(change_url(someone), data).status_code == 302
    someone.refresh_from_db()
    assert someone.is_superuser


def test_a_site_administrator_cannot_change_what_a_group_may_do(client_for):
    from django.contrib.auth.models import Group, Permission

    from promises.editing import roles

    client = client_for("admin", "webbadmin@example.se")
    group = Group.objects.get(name=roles.SITE_ADMINS)
    before = set(group.permissions.values_list("pk", flat=True))
    url = f"/admin/auth/group/{group.pk}/change/"
    data = form_data(client.get(url).content.decode(), "group_form")
    assert "permissions" not in data
    data["permissions"] = [str(pk) for pk in Permission.objects.values_list("pk", flat=True)]
    assert client.post(url, data).status_code == 302
    assert set(group.permissions.values_list("pk", flat=True)) == before
    # A new group they make carries no rights at all.
    add = form_data(client.get("/admin/auth/group/add/").content.decode(), "group_form")
    add.update(name="Allt", permissions=data["permissions"])
    assert client.post("/admin/auth/group/add/", add).status_code == 302
    assert not Group.objects.get(name="Allt").permissions.exists()


def test_a_superusers_authenticator_is_out_of_reach_of_site_administrators(client_for):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    boss = User.objects.create_superuser("chef@example.se", "chef@example.se", "ett-losenord-1")
    device = TOTPDevice.objects.create(user=boss, name="Telefon", confirmed=True)
    client = client_for("admin", "webbadmin@example.se")
    base = f"/admin/otp_totp/totpdevice/{device.pk}"
    assert device.key not in client.get("/admin/otp_totp/totpdevice/").content.decode()
    for url in (f"{base}/change/", f"{base}/delete/"):
        assert client.get(url).status_code in (302, 404), url
    assert client.post(f"{base}/delete/", {"post": "yes"}).status_code in (302, 404)
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    # Not even a superuser sees an existing device's secret key in the admin.
    boss_client = client_for("admin", "annan@example.se")
    boss_client.force_login(boss)
    assert device.key not in boss_client.get(f"{base}/change/").content.decode()
