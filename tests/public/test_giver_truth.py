"""Each giver's own truth: filtering by a giver uses that giver's own latest report, and every
list that names a chosen giver shows that giver's own status (issue 22, item 1)."""

import pytest

from promises.models import FollowUp, Partner, Promise, all_statuses

from ..support.follow_ups import listed_promise_texts, municipal_promises, overview_table, report
from ..support.html import visible_text

pytestmark = pytest.mark.django_db

STENUNGSUND, ORUST, TJORN = "stenungsunds-kommun", "orust-kommun", "tjorns-kommun"
POLICE = "lokalpolisomrade-sodra-fyrbodal"
STATUSES = [code for code, _label in all_statuses()]


def partner(slug):
    return Partner.objects.get(slug=slug)


@pytest.fixture
def three_truths():
    """Joint promises on which the three municipalities report different statuses; older
    reports are overtaken by newer ones, and a draft counts for nobody."""
    joint = municipal_promises()
    s, o, t = partner(STENUNGSUND), partner(ORUST), partner(TJORN)
    report(joint[0], "in_progress", "2023-06-01", by=s)
    report(joint[0], "done", "2024-11-20", by=s)
    report(joint[0], "partly_done", "2024-11-20", by=o)
    report(joint[0], "in_progress", "2024-10-01", by=t)
    report(joint[1], "done", "2024-05-02", by=s)
    report(joint[1], "done", "2024-05-03", by=o)
    report(joint[1], "done", "2024-05-04", by=t)
    report(joint[2], "done", "2024-09-01", by=s)
    report(joint[2], "not_done", "2024-09-02", by=t)
    report(joint[2], "done", "2024-12-01", by=t, published=False)
    report(joint[3], "unclear", "2024-02-01", by=o)
    return joint


def own_latest(promise, giver):
    """Computed from the rows independently of the site's code."""
    latest = (
        FollowUp.objects.filter(promise=promise, reported_by=giver, is_published=True)
        .order_by("-reported_on", "-pk")
        .first()
    )
    return latest.status if latest else "no_follow_up"


def expected(givers, status):
    """The promises whose chosen givers' own statuses, taken together, are `status`."""
    found = []
    for promise in Promise.objects.all():
        own = {own_latest(promise, g) for g in promise.givers.all() if g in givers}
        if own and (own.pop() if len(own) == 1 else "mixed") == status:
            found.append(promise.text)
    return sorted(found)


def shown(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return sorted(listed_promise_texts(response.content.decode()))


def test_each_giver_and_each_status_finds_what_that_giver_itself_reported(client, three_truths):
    choices = {
        STENUNGSUND: [partner(STENUNGSUND)],
        ORUST: [partner(ORUST)],
        TJORN: [partner(TJORN)],
        "polisen": [partner(POLICE)],
        "kommunerna": list(Partner.objects.filter(kind=Partner.Kind.MUNICIPALITY)),
    }
    for slug, givers in choices.items():
        for status in STATUSES:
            url = f"/loften/?givare={slug}&status={status}"
            assert shown(client, url) == expected(givers, status), url
    # The case from the issue: Stenungsund reported Genomfört on three joint promises.
    assert len(shown(client, f"/loften/?givare={STENUNGSUND}&status=done")) == 3
    # One giver's own status is never "different for different partners".
    for slug in (STENUNGSUND, ORUST, TJORN):
        assert shown(client, f"/loften/?givare={slug}&status=mixed") == []


def test_a_filtered_list_names_the_chosen_givers_own_status(client, three_truths):
    page = client.get(f"/loften/?givare={TJORN}&status=in_progress").content.decode()
    results = visible_text(page).split("Valda filter")[1]
    assert "Tjörns kommun: Pågår (1 oktober 2024)" in results
    assert "Olika för olika parter" not in results
    text = visible_text(client.get(f"/loften/?givare={STENUNGSUND}").content.decode())
    assert "Stenungsunds kommun: Genomfört (20 november 2024)" in text
    assert "Stenungsunds kommun: Ingen uppföljning" in text
    # The group: each municipality's own status, side by side.
    text = visible_text(client.get("/loften/?givare=kommunerna&status=mixed").content.decode())
    assert (
        "Stenungsunds kommun: Genomfört (20 november 2024) "
        "Orust kommun: Delvis genomfört (20 november 2024) "
        "Tjörns kommun: Pågår (1 oktober 2024)"
    ) in text


def test_mixed_is_never_shown_without_each_givers_own_status(client, three_truths):
    for url in ("/loften/", "/loften/?status=mixed", "/medborgarloften/2023-2024/"):
        text = visible_text(client.get(url).content.decode())
        assert "Olika för olika parter" in text, url
        assert "Orust kommun: Delvis genomfört (20 november 2024)" in text, url


def test_search_for_a_giver_shows_its_own_status(client, three_truths):
    text = visible_text(client.get("/sok/", {"q": "Tjörn"}).content.decode())
    assert "Tjörns kommun: Pågår (1 oktober 2024)" in text
    assert "Tjörns kommun: Ej genomfört (2 september 2024)" in text


def test_the_overview_figures_count_what_their_links_list(client, three_truths):
    html = client.get("/medborgarloften/2023-2024/").content.decode()
    head, rows = overview_table(html)
    keys = {"Polisen": "polisen", "Kommunerna": "kommunerna"}
    columns = [keys[name] for name in head[1:-1]]
    labels = dict(all_statuses())
    for status in STATUSES:
        for key, count in zip(columns, rows[str(labels[status])], strict=False):
            url = f"/loften/?period=2023-2024&givare={key}&status={status}"
            assert len(shown(client, url)) == count, url


def test_the_partner_page_and_open_data_give_each_givers_own_status(client, three_truths):
    joint = three_truths[0]
    text = visible_text(client.get(f"/parter/{ORUST}/").content.decode())
    assert "Status för Orust kommun: Delvis genomfört (20 november 2024)" in text
    data = client.get("/oppna-data/medborgarloften/2023-2024.json").json()
    entry = next(p for p in data["loften"] if p["id"] == joint.pk)
    own = {
        row["givare"]: (row["status"], row["status_datum"]) for row in entry["status_per_givare"]
    }
    assert own == {
        STENUNGSUND: ("done", "2024-11-20"),
        ORUST: ("partly_done", "2024-11-20"),
        TJORN: ("in_progress", "2024-10-01"),
    }


def test_the_police_is_one_choice_under_given_by(client):
    html = client.get("/loften/").content.decode()
    select = html[
        html.index('name="givare"') : html.index("</select>", html.index('name="givare"'))
    ]
    assert "Polisen" in select
    assert "Lokalpolisområde Södra Fyrbodal" not in select
    # The police area's own address keeps working for links already shared.
    assert client.get(f"/loften/?givare={POLICE}").status_code == 200


def test_the_embed_shows_one_givers_own_status_and_each_givers_beside_mixed(client, three_truths):
    text = visible_text(client.get(f"/inbaddning/2023-2024/{TJORN}/").content.decode())
    assert "Tjörns kommun: Pågår" in text
    assert "Olika för olika parter" not in text
    text = visible_text(client.get("/inbaddning/2023-2024/").content.decode())
    assert (
        "Status: Olika för olika parter Stenungsunds kommun: Genomfört "
        "Orust kommun: Delvis genomfört Tjörns kommun: Pågår"
    ) in text
