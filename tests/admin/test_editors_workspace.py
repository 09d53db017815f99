"""The editors' workspace: their promises on the admin start page, an error summary that
links to each field, explicit draft/publish buttons, a preview that saves nothing, Swedish
filter headings and commands, no ordering numbers and no "+" into other models' forms."""

import io
import re

import pytest
from django.core.management import call_command
from reversion.models import Version

from promises.models import FollowUp, Partner, Promise, PromisePeriod

from ..support.follow_ups import report
from ..support.html import form_data, visible_text

pytestmark = pytest.mark.django_db

TJORN = "tjorns-kommun"
ADD_URL = "/admin/promises/followup/add/"
EMPTY_INLINES = {
    f"{prefix}-{key}": value
    for prefix in ("figures", "links", "documents")
    for key, value in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"), ("MIN_NUM_FORMS", "0"))
}


def workspace_links(html):
    section = re.search(r'<section class="module workspace".*?</section>', html, re.S).group(0)
    changed = {int(pk) for pk in re.findall(r"/admin/promises/promise/(\d+)/change/", section)}
    reported = {
        int(pk) for pk in re.findall(r"/admin/promises/followup/add/\?promise=(\d+)", section)
    }
    return changed, reported


def current_period():
    return PromisePeriod.objects.current_or_latest()


def test_an_editors_start_page_lists_exactly_their_promises(client_for):
    html = client_for(TJORN).get("/admin/").content.decode()
    own = set(
        Promise.objects.filter(period=current_period(), givers__slug=TJORN).values_list(
            "pk", flat=True
        )
    )
    assert own  # the seed gives Tjörn promises, so the check below cannot pass empty
    changed, reported = workspace_links(html)
    assert changed == own
    assert reported == own
    text = visible_text(html)
    assert "Era löften i" in text
    assert "Lägg till uppföljning" in text
    # The rest of the admin follows.
    assert "/admin/promises/followup/" in html


def test_a_joint_promise_in_the_workspace_shows_each_givers_own_status(client_for):
    joint = next(
        promise
        for promise in Promise.objects.filter(period=current_period(), givers__slug=TJORN)
        if promise.givers.count() > 1
    )
    tjorn = Partner.objects.get(slug=TJORN)
    other = joint.givers.exclude(pk=tjorn.pk).order_by("order", "name").first()
    report(joint, "done", "2024-03-01", by=tjorn)
    report(joint, "in_progress", "2024-03-02", by=other)
    html = client_for(TJORN).get("/admin/").content.decode()
    section = re.search(r'<section class="module workspace".*?</section>', html, re.S).group(0)
    row = next(
        r for r in re.findall(r"<tr>.*?</tr>", section, re.S) if f'?promise={joint.pk}"' in r
    )
    text = visible_text(row)
    assert "Olika för olika parter" in text
    assert f"{tjorn.name}: Genomfört" in text
    assert f"{other.name}: Pågår" in text


def test_a_coordinator_sees_every_promise_of_the_period_with_its_givers(client_for):
    html = client_for("coordinator").get("/admin/").content.decode()
    section = re.search(r'<section class="module workspace".*?</section>', html, re.S).group(0)
    every = Promise.objects.filter(period=current_period())
    assert section.count("<tr>") == every.count() + 1  # one row each, plus the heading row
    assert "Vem lovar" in visible_text(section)


def test_the_add_follow_up_link_fills_in_the_promise(client_for):
    client = client_for(TJORN)
    promise = Promise.objects.filter(period=current_period(), givers__slug=TJORN).first()
    html = client.get(f"{ADD_URL}?promise={promise.pk}").content.decode()
    assert form_data(html, "followup_form")["promise"] == str(promise.pk)


def test_the_error_summary_links_to_each_field_in_error_inline_rows_included(client_for):
    client = client_for(TJORN)
    promise = Promise.objects.filter(givers__slug=TJORN).first()
    post = {
        "promise": promise.pk,
        "reported_by": Partner.objects.get(slug=TJORN).pk,
        "reported_on": "",
        "status": "in_progress",
        "text": "Arbetet pågår.",
        "is_published": "false",
        "edit_token": "",
        **EMPTY_INLINES,
        "links-TOTAL_FORMS": "1",
        "links-0-title": "Källa",
        "links-0-url": "javascript:alert(1)",
    }
    response = client.post(ADD_URL, post)
    html = response.content.decode()
    assert response.status_code == 200
    assert not FollowUp.objects.exists()
    assert re.search(r"<title>\s*Fel:", html)
    summary = re.search(
        r'<div class="error-summary[^"]*" id="error-summary">(.*?)</div>', html, re.S
    )
    assert "Rätta följande:" in visible_text(summary.group(1))
    anchors = re.findall(r'href="#([^"]+)"', summary.group(1))
    assert anchors == ["id_reported_on", "id_links-0-url"]
    for anchor in anchors:
        # The link leads to the input itself.
        assert re.search(rf'<(input|textarea|select)[^>]* id="{re.escape(anchor)}"', html)
    # Django's "Rätta felet nedan" is gone: the summary says it once, at the top.
    assert "nedan" not in visible_text(html)


def test_save_draft_and_publish_are_buttons_and_recorded(client_for):
    client = client_for(TJORN)
    promise = Promise.objects.filter(givers__slug=TJORN).first()
    html = client.get(f"{ADD_URL}?promise={promise.pk}").content.decode()
    assert 'type="checkbox" name="is_published"' not in html
    assert re.search(
        r'<button type="submit" name="is_published" value="false"[^>]*>Spara utkast', html
    )
    assert re.search(r'<button type="submit" name="is_published" value="true"[^>]*>Publicera', html)

    data = {
        **form_data(html, "followup_form"),
        "reported_on": "2024-03-01",
        "status": "in_progress",
        "text": "Arbetet pågår.",
    }
    # A browser posts the hidden field, then the pressed button's value.
    assert client.post(ADD_URL, {**data, "is_published": ["False", "false"]}).status_code == 302
    follow_up = FollowUp.objects.get()
    assert follow_up.is_published is False

    change = f"/admin/promises/followup/{follow_up.pk}/change/"
    html = client.get(change).content.decode()
    data = form_data(html, "followup_form")
    assert (
        client.post(change, {**data, "is_published": [data["is_published"], "true"]}).status_code
        == 302
    )
    follow_up.refresh_from_db()
    assert follow_up.is_published is True
    assert Version.objects.get_for_object(follow_up).count() == 2

    html = client.get(change).content.decode()
    assert "Spara som utkast (dölj för allmänheten)" in visible_text(html)


def test_the_preview_shows_formatted_text_and_saves_nothing(client_for):
    client = client_for(TJORN)
    promise = Promise.objects.filter(givers__slug=TJORN).first()
    follow_up = FollowUp.objects.create(
        promise=promise,
        reported_by=Partner.objects.get(slug=TJORN),
        status="in_progress",
        reported_on="2024-03-01",
        text="Gammal text.",
    )
    change = f"/admin/promises/followup/{follow_up.pk}/change/"
    html = client.get(change).content.decode()
    assert 'name="_preview"' in html
    versions = Version.objects.count()
    data = {
        **form_data(html, "followup_form"),
        "text": "Ny **fet** text <script>alert(1)</script>",
        "_preview": "1",
    }
    response = client.post(change, data)
    html = response.content.decode()
    assert response.status_code == 200
    preview = re.search(r'<section class="text-preview".*?</section>', html, re.S).group(0)
    assert "<strong>fet</strong>" in preview
    assert "<script>" not in preview
    assert "Förhandsgranskning – inget har sparats" in visible_text(preview)
    # The edit is still in the form, unsaved.
    assert "Ny **fet** text" in html
    assert "error-summary" not in html
    follow_up.refresh_from_db()
    assert follow_up.text == "Gammal text."
    assert Version.objects.count() == versions


def test_the_givers_filter_is_headed_who_promises_without_an_empty_choice(client_for):
    html = client_for("coordinator").get("/admin/promises/promise/").content.decode()
    text = visible_text(html)
    assert "Vem lovar" in text
    assert "På " not in text and "Efter ges av" not in text
    givers = re.search(r'data-filter-title="Vem lovar".*?</details>', html, re.S).group(0)
    assert ">-<" not in givers.replace(" ", "")


def test_editors_meet_no_order_numbers_and_no_links_into_other_forms(client_for):
    client = client_for(TJORN)
    promise = Promise.objects.filter(givers__slug=TJORN).first()
    for url in (
        ADD_URL,
        f"/admin/promises/promise/{promise.pk}/change/",
        "/admin/promises/promise/",
    ):
        html = client.get(url).content.decode()
        assert "Ordning" not in visible_text(html), url
        assert "related-widget-wrapper-link" not in html, url


def test_a_promise_added_without_an_order_number_goes_last_and_an_edit_keeps_its_place(
    client_for,
):
    assert (
        'name="order"' in client_for("admin").get("/admin/promises/promise/add/").content.decode()
    )
    client = client_for(TJORN)
    period = current_period()
    last = period.promises.order_by("-order").first().order
    tjorn = Promise.objects.filter(period=period, givers__slug=TJORN).first().givers.get(slug=TJORN)
    html = client.get("/admin/promises/promise/add/").content.decode()
    assert 'name="order"' not in html
    post = {
        "period": period.pk,
        "text": "ordna ett nytt möte.",
        "givers": [tjorn.pk],
        "edit_token": "",
    }
    assert client.post("/admin/promises/promise/add/", post).status_code == 302
    added = Promise.objects.get(text="ordna ett nytt möte.")
    assert added.order == last + 1

    promise = Promise.objects.filter(period=period, givers__slug=TJORN).first()
    place = promise.order
    change = f"/admin/promises/promise/{promise.pk}/change/"
    data = form_data(client.get(change).content.decode(), "promise_form")
    assert client.post(change, {**data, "text": promise.text + " Ändrat."}).status_code == 302
    promise.refresh_from_db()
    assert promise.order == place


def test_commands_speak_swedish(tmp_path, staff_user):
    out = io.StringIO()
    call_command("create_editor", "ny@tjorn.se", "--partner", TJORN, stdout=out)
    assert "Skapade ny@tjorn.se i gruppen" in out.getvalue()
    assert "Skicka den här länken" in out.getvalue()
    out = io.StringIO()
    call_command("export_content", str(tmp_path / "backup.json"), stdout=out)
    assert out.getvalue().startswith("Exporterade ")
    out = io.StringIO()
    call_command("import_content", str(tmp_path / "backup.json"), stdout=out)
    assert out.getvalue().startswith("Läste in ")
    with pytest.raises(Exception, match="Inte en e-postadress"):
        call_command("create_editor", "inte-en-adress", "--partner", TJORN)


def test_an_editors_period_form_holds_only_their_promises_and_fitting_instructions(client_for):
    period = current_period()
    html = client_for(TJORN).get(f"/admin/promises/promiseperiod/{period.pk}/change/")
    html = html.content.decode()
    text = visible_text(html)
    # No instructions for the period's own fields, which the editor cannot change.
    assert "Only published periods" not in text and "knapparna" not in text
    assert "Sidans huvudrubrik" not in text
    # The state is shown ("Publicerad"); no button or instruction to publish.
    assert "publish-form" not in html and "Publicera och avpublicera" not in text
    # Tjörn's promises are the municipalities' or joint: never "lovar polisen att".
    assert "lovar polisen att" not in text and "Polisen lovar att" not in text
    assert "Kommunen lovar att" in text or "Vi lovar tillsammans att" in text
    own = Promise.objects.filter(period=period, givers__slug=TJORN)
    # One instruction per own promise naming its givers, plus the neutral one of the empty
    # row Django keeps for "Lägg till ytterligare".
    named = text.count("Kommunen lovar att") + text.count("Vi lovar tillsammans att")
    assert named == own.count()
    assert text.count("Vad som lovas") == own.count() + 1
    # A coordinator still has the whole form.
    coordinator = client_for("coordinator")
    html = coordinator.get(f"/admin/promises/promiseperiod/{period.pk}/change/").content.decode()
    assert 'name="intro"' in html
