"""A crawl of every admin page each role reaches (site administrator, coordinator, each
partner's editor) and of the pages before signing in (sign-in, password links, signed out):
none says "Django", none shows a field's English name, and every breadcrumb trail is the list
Django's admin styles (an `ol.breadcrumbs` in the trail's `nav`), not an unstyled `div`.

The world is tests/support/attack_world.py's: every partner owns something and everything
versioned has versions, so lists, change pages, history and restore pages all have something
to show.
"""

import re

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.utils.text import capfirst
from django.utils.translation import override
from reversion.models import Version

from ..support import attack_world
from ..support.html import form_data, visible_text
from ..support.roles import role_params
from ..support.smtp import smtp_mail, smtp_server  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db

ROLES = ("admin", "coordinator", *attack_world.EDITOR_ROLES)
SKIPPED = ("/admin/logout/", "/admin/jsi18n/", "/admin/r/", "/admin/autocomplete/")


def english_field_names():
    """The registered models' field names as they read in English, where Swedish differs
    ("What was done", "Reported by"): none of them belongs on a Swedish page."""
    names = set()
    for model in admin.site._registry:
        for field in model._meta.get_fields():
            verbose_name = getattr(field, "verbose_name", None)
            if verbose_name is None:
                continue
            with override(None):
                english = capfirst(str(verbose_name))
            with override("sv"):
                swedish = capfirst(str(verbose_name))
            # Short or shared words ("Status", "Text", "Logo") say nothing.
            if english != swedish and (" " in english or len(english) >= 8):
                names.add(english)
    return names


def problems(html, english):
    found = []
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    text = f"{title} {visible_text(html)}"
    if "Django" in text:
        found.append("Django")
    found += sorted(name for name in english if re.search(rf"\b{re.escape(name)}\b", text))
    trails = re.findall(r'<(\w+)[^>]*class="breadcrumbs"', html)
    if any(tag != "ol" for tag in trails):
        found.append(f"unstyled breadcrumbs: {trails}")
    for trail in re.finditer(r'<ol class="breadcrumbs">', html):
        opened = html.rfind("<nav", 0, trail.start())
        if opened == -1 or "</nav>" in html[opened : trail.start()]:
            found.append("breadcrumbs outside their nav")
    return found


def links(html):
    found = set()
    for href in re.findall(r'href="(/admin/[^"#?]*)', html):
        if not href.startswith(SKIPPED) and not href.endswith((".js", ".css")):
            found.add(href)
    return found


def is_list(path):
    return re.fullmatch(r"/admin/\w+/\w+/", path) is not None


def crawl(client):
    """Every page the index links to, and from each list: its first change page, that
    object's history and restore page, the add page and the recover list."""
    pages = {}
    queue = ["/admin/", "/admin/tvastegsinloggning/", "/admin/password_change/"]
    while queue:
        path = queue.pop(0)
        if path in pages:
            continue
        response = client.get(path)
        assert response.status_code < 500, path
        if response.status_code != 200:
            continue
        html = response.content.decode()
        pages[path] = html
        found = links(html)
        if path == "/admin/" or re.fullmatch(r"/admin/\w+/", path):
            queue += sorted(found - set(pages))
        elif is_list(path):
            changes = sorted(link for link in found if re.fullmatch(rf"{path}\d+/change/", link))
            queue += [link for link in found if link.endswith(("/add/", "/recover/", "/import/"))]
            if changes:
                queue.append(changes[0])
                queue.append(changes[0].replace("/change/", "/history/"))
        elif path.endswith("/history/"):
            revisions = sorted(link for link in found if re.fullmatch(rf"{path}\d+/", link))
            queue += revisions[:1]
        elif path.endswith("/recover/"):
            queue += sorted(link for link in found if re.fullmatch(rf"{path}\d+/", link))[:1]
    return pages


@pytest.mark.parametrize("role", role_params(ROLES))
def test_no_django_english_or_unstyled_trail_on_any_page_of_the_role(
    shared_world, client_for, role
):
    english = english_field_names()
    assert "What was done" in english  # the list has the names the issue found
    pages = crawl(client_for(role))
    # The crawl reaches lists, change pages, history and restore pages.
    assert any(path.endswith("/history/") for path in pages), sorted(pages)
    if role != "coordinator":
        # Coordinators read the history but restore nothing: no restore page to open.
        assert any(re.search(r"/history/\d+/$", path) for path in pages), sorted(pages)
    assert any(path.endswith("/change/") for path in pages)
    assert len(pages) > 15
    found = {path: wrong for path, html in pages.items() if (wrong := problems(html, english))}
    assert found == {}


def test_the_site_administrators_extra_pages(shared_world, client_for):
    client = client_for("admin")
    english = english_field_names()
    for path in (
        "/admin/promises/action/import/",
        "/admin/promises/promise/recover/",
        f"/admin/promises/promiseperiod/{attack_world.PromisePeriod.objects.first().pk}/kopiera/",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert problems(response.content.decode(), english) == [], path


def test_the_pages_before_signing_in_and_after_signing_out(client, client_for):
    english = english_field_names()
    pages = {
        "/admin/login/": client.get("/admin/login/"),
        "/admin/losenord/ny-lank/": client.get("/admin/losenord/ny-lank/"),
        "/admin/losenord/ny-lank/skickad/": client.get("/admin/losenord/ny-lank/skickad/"),
        "/admin/losenord/MQ/fel-nyckel/": client.get("/admin/losenord/MQ/fel-nyckel/"),
        "/admin/losenord/klart/": client.get("/admin/losenord/klart/"),
    }
    editor = client_for(attack_world.TJORN)
    pages["/admin/logout/"] = editor.post("/admin/logout/")
    for path, response in pages.items():
        assert response.status_code == 200, path
        assert problems(response.content.decode(), english) == [], path
    signed_out = visible_text(pages["/admin/logout/"].content.decode())
    assert "Utloggad" in signed_out and "Logout" not in signed_out
    assert "kvalitetstid" not in signed_out
    expired = visible_text(pages["/admin/losenord/MQ/fel-nyckel/"].content.decode())
    assert "nollställningsförfrågan" not in expired
    assert "Få en ny länk med e-post" in expired


def test_the_history_names_the_fields_in_swedish(shared_world, client_for):
    world = shared_world.world
    follow_up = world["follow ups"]["tjorn draft"]
    client = client_for(attack_world.TJORN)
    url = f"/admin/promises/followup/{follow_up.pk}/change/"
    data = form_data(client.get(url).content.decode(), "followup_form")
    data["text"] = "En ny beskrivning av vad som gjordes."
    saved = client.post(url, data, follow=True)
    message = visible_text(saved.content.decode())
    # Swedish quotation marks in the success message.
    assert re.search(r"Ändrade uppföljning ”[^“”]+”\.", message), message
    assert "“" not in message
    history = visible_text(client.get(url.replace("/change/", "/history/")).content.decode())
    assert "Ändrade vad som har gjorts." in history
    for english in ("What was done", "Version check", "Versionskontroll"):
        assert english not in history
    assert Version.objects.get_for_object(follow_up).count() >= 2


def test_only_staff_get_a_new_password_link(client, staff_user, smtp_mail):  # noqa: F811
    """The request page sends a link to an active staff account's address, also one without a
    password yet (create_editor's), and answers the same for any other address."""
    staff_user(attack_world.TJORN, "ny@example.se").set_unusable_password()
    User.objects.filter(username="ny@example.se").update(email="ny@example.se", password="!")
    User.objects.create_user("invanare@example.se", "invanare@example.se", "Ett-langt-losen-1")
    answers = []
    for address in ("ny@example.se", "invanare@example.se", "okand@example.se"):
        response = client.post("/admin/losenord/ny-lank/", {"email": address}, follow=True)
        answers.append(visible_text(response.content.decode()))
    # No difference tells who has an account.
    assert answers[0] == answers[1] == answers[2]
    (received,) = smtp_mail.received
    assert received.recipients == ["ny@example.se"]
    body = received.text
    link = re.search(r"https?://\S+(/admin/losenord/[^/\s]+/[^/\s]+/)", body).group(1)
    assert "Django" not in body and "Django" not in received.message["Subject"]
    assert "Välj lösenord" in received.message["Subject"]
    chosen = client.get(link, follow=True)
    assert 'name="new_password1"' in chosen.content.decode()
