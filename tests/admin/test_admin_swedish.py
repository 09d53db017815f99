"""Every admin page an editor or administrator can reach speaks Swedish, also where the page
comes from another project's app (django-axes, django-otp) or from Django itself."""

import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import User

from ..support.html import visible_text

pytestmark = pytest.mark.django_db

# App and model names, section headings and column headings as the apps ship them in English.
ENGLISH = [
    "Axes",
    "Access attempt",
    "Access failure",
    "Access log",
    "Otp_Totp",
    "OTP_TOTP",
    "TOTP device",
    "Static device",
    "Reversion",
    "Sessions",
    "Authentication and Authorization",
    "Groups",
    "Users",
    "Identity",
    "Timestamps",
    "Configuration",
    "Throttling",
    "User Agent",
    "IP Address",
    "Attempt Time",
    "Failed Logins",
    "Logout Time",
    "Meta Data",
    "Form Data",
    "Last used at",
    "Created at",
    "Search by user",
    "Select ",
    " to change",
    "Add ",
]


@pytest.fixture
def sign_in_records(staff_user):
    """A row in every list, so each list, its columns and a change page are shown."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django_otp.plugins.otp_totp.models import TOTPDevice

    someone = staff_user("coordinator", "nagon@example.se")
    TOTPDevice.objects.create(user=someone, name="Telefon", confirmed=True)
    where = {"username": "nagon@example.se", "ip_address": "192.0.2.1", "user_agent": "Test"}
    AccessAttempt.objects.create(
        **where,
        get_data="",
        post_data="",
        http_accept="*/*",
        path_info="/admin/login/",
        failures_since_start=5,
    )
    AccessFailureLog.objects.create(**where, http_accept="*/*", path_info="/admin/login/")
    AccessLog.objects.create(**where, http_accept="*/*", path_info="/admin/login/")


def admin_links(html):
    """The addresses the page offers inside the admin: app pages, lists, add and change."""
    links = set()
    for href in re.findall(r'href="(/admin/[^"#?]*)"', html):
        if href.startswith(("/admin/logout", "/admin/password_change")) or href.endswith(".js"):
            continue
        links.add(href)
    return links


def english_on(html):
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    text = f"{title} {visible_text(html)}"
    return [word for word in ENGLISH if word.lower() in text.lower()]


def rendered_pages(client):
    """The index, every page linked from it, and every page linked from those lists."""
    index = client.get("/admin/").content.decode()
    pages = {"/admin/": index}
    queue = sorted(admin_links(index))
    while queue:
        path = queue.pop()
        if path in pages or path.count("/") > 6:
            continue
        response = client.get(path)
        assert response.status_code == 200, path
        pages[path] = response.content.decode()
        # Follow links from the lists (to one change page of each), not from every page.
        if re.fullmatch(r"/admin/\w+/\w+/", path):
            rows = [link for link in admin_links(pages[path]) if link.endswith("/change/")]
            queue.extend(sorted(rows)[:1])
    return pages


@pytest.mark.parametrize("role", ["superuser", "admin", "coordinator", "tjorns-kommun"])
def test_no_english_app_or_model_name_on_any_admin_page(client, client_for, role, sign_in_records):
    if role == "superuser":
        client.force_login(
            User.objects.create_superuser("chef@example.se", password="Ett-langt-losenord-2024")
        )
        staff = client
    else:
        staff = client_for(role)
    pages = rendered_pages(staff)
    # Each role reaches its own lists: more than the index.
    assert len(pages) > 3
    english = {path: found for path, html in pages.items() if (found := english_on(html))}
    assert english == {}


def test_the_sign_in_apps_have_swedish_names(client):
    client.force_login(
        User.objects.create_superuser("chef@example.se", password="Ett-langt-losenord-2024")
    )
    text = visible_text(client.get("/admin/").content.decode())
    for name in (
        "Inloggningsspärr",
        "Inloggningsförsök",
        "Misslyckade inloggningar",
        "Inloggningslogg",
        "Tvåstegsinloggning",
        "Autentiseringsappar",
    ):
        assert name in text
    assert urlsplit("/admin/axes/accessattempt/").path in client.get("/admin/").content.decode()
