"""A period's open-data JSON as an import format (promises/editing/period_exchange.py and the
command import_period): a round trip through the real URL reproduces every public page of the
period, and a malformed file is refused with a Swedish message and changes nothing."""

import csv
import io
import json
import re

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from promises.editing import backup, period_exchange
from promises.models import (
    CONTENT_MODELS,
    AccessibilityStatement,
    Area,
    FollowUpDocument,
    GlossaryTerm,
    Partner,
    PromisePeriod,
    StatusDefinition,
)
from tests.support.exchange import PERIOD_SLUG, build_world

pytestmark = pytest.mark.django_db

# Site-wide texts are not a period's: they stay, as on any site a period moves to.
SITE_TEXTS = (StatusDefinition, AccessibilityStatement, GlossaryTerm)
# Where a row's id is part of a page: its address and its anchors. Ids differ after an import
# (the rows are new); everything else must be the same.
ID_PATTERNS = {
    "promise": re.compile(r"(/loften/|\blofte-|/bevaka/lofte/)(\d+)"),
    "follow_up": re.compile(r"(\buppfoljning-)(\d+)"),
    "action": re.compile(r"(\batgard-)(\d+)"),
    "indicator": re.compile(r"(\bindikator-)(\d+)"),
}
# The subscribe form's signed token carries the moment it was made.
TOKEN = re.compile(r'(name="token" value=")[^"]*(")')


def empty_database():
    """Every area, partner, period and focus area gone, with all that hangs on them."""
    for model in reversed(CONTENT_MODELS):
        if model not in SITE_TEXTS:
            model._base_manager.all().delete()


def ids_of(document):
    """The ids of the period JSON's rows, by kind, in the document's order."""
    ids = {"promise": [], "follow_up": [], "action": [], "indicator": []}
    for promise in document["loften"]:
        ids["promise"].append(promise["id"])
        ids["follow_up"] += [f["id"] for f in promise["uppfoljningar"]]
        ids["action"] += [a["id"] for a in promise["atgarder"]]
        ids["indicator"] += [i["id"] for i in promise["indikatorer"]]
    return ids


def public_pages(client, period_document):
    """Every public page and file of the period, by a name that does not hold an id."""
    slug = {"slug": PERIOD_SLUG}
    addresses = {
        "period": reverse("promises:period_detail", kwargs=slug),
        "action plan": reverse("promises:action_plan", kwargs=slug),
        "json": reverse("machine:period_json", kwargs=slug),
        "csv": reverse("machine:period_csv", kwargs=slug),
        "follow-ups csv": reverse("machine:follow_ups_csv", kwargs=slug),
        "action plan json": reverse("machine:action_plan_json", kwargs=slug),
        "action plan csv": reverse("machine:action_plan_csv", kwargs=slug),
    }
    for number, promise in enumerate(period_document["loften"], start=1):
        addresses[f"promise {number}"] = reverse(
            "promises:promise_detail", kwargs={**slug, "pk": promise["id"]}
        )
    pages = {}
    for name, address in addresses.items():
        response = client.get(address)
        assert response.status_code == 200, (name, response.status_code)
        pages[name] = response.content.decode()
    return pages


def normalised(pages, ids):
    """The pages with each id replaced by its kind and place ("promise#2"), in addresses and
    anchors, in the JSON documents' id fields and in the CSV files' id columns."""
    places = {
        kind: {str(pk): f"{kind}#{n}" for n, pk in enumerate(pks)} for kind, pks in ids.items()
    }

    def in_text(text):
        for kind, pattern in ID_PATTERNS.items():
            text = pattern.sub(lambda m, kind=kind: m[1] + places[kind].get(m[2], m[2]), text)
        return TOKEN.sub(r"\1TOKEN\2", text)

    def in_json(value, kind=None):
        if isinstance(value, dict):
            result = {}
            for key, item in value.items():
                if key == "id" and isinstance(item, int):
                    result[key] = places[kind].get(str(item), item)
                elif key == "lofte_id":
                    result[key] = places["promise"].get(str(item), item)
                else:
                    result[key] = in_json(item, JSON_KINDS.get(key, kind))
            return result
        if isinstance(value, list):
            return [in_json(item, kind) for item in value]
        return in_text(value) if isinstance(value, str) else value

    result = {}
    for name, page in pages.items():
        if name.endswith("json"):
            result[name] = json.dumps(in_json(json.loads(page)), ensure_ascii=False, indent=1)
        elif name.endswith("csv"):
            rows = list(csv.reader(io.StringIO(page), delimiter=";"))
            for row in rows[1:]:
                for column, cell in enumerate(row):
                    kind = CSV_KINDS.get(rows[0][column])
                    row[column] = places[kind].get(cell, cell) if kind else in_text(cell)
            result[name] = "\n".join(";".join(row) for row in rows)
        else:
            result[name] = in_text(page)
    return result


JSON_KINDS = {
    "loften": "promise",
    "uppfoljningar": "follow_up",
    "atgarder": "action",
    "indikatorer": "indicator",
}
CSV_KINDS = {
    "lofte_id": "promise",
    "\ufefflofte_id": "promise",
    "uppfoljning_id": "follow_up",
    "atgard_id": "action",
}


@pytest.fixture
def exported(tmp_path, mid_hour):
    """The made-up period's pages and its JSON through the real URL, on a site that has only
    it (as the site it moves from: the åtgärdsplan's filter lists every partner of the site).
    On a fixed day (`mid_hour`): the pages say whether the period is ongoing, and the round
    trip compares pages rendered before and after the import, which must not straddle the
    night the period ends."""
    empty_database()
    build_world()
    client = Client()
    response = client.get(reverse("machine:period_json", kwargs={"slug": PERIOD_SLUG}))
    assert response.status_code == 200
    document = json.loads(response.content)
    before = public_pages(client, document)
    file = tmp_path / "period.json"
    file.write_bytes(response.content)
    return file, document, before


def test_the_period_json_names_its_format_area_and_partners_fully(exported):
    _file, document, _pages = exported
    assert (document["format"], document["version"]) == ("medborgarlofte-period", 2)
    assert document["omrade"] == {
        "id": "testomrade-norr",
        "namn": "Testområde Norr",
        "platser": "Påhittade kommun",
        "lan": "25",
        "lan_namn": "Norrbottens län",
    }
    municipality = document["parter"][1]
    assert municipality["kommunkod"] == "2599"
    assert municipality["kontakt"]["epost"] == "trygghet@pahittade.example.se"
    texts = json.dumps(document, ensure_ascii=False)
    assert "utkast" not in texts.lower()  # drafts never appear
    assert [len(p["atgarder"]) for p in document["loften"]] == [1, 0, 1]
    assert document["loften"][0]["atgarder"][0]["lagesanteckningar"][0]["text"] == "Tre gjorda."


def test_a_round_trip_reproduces_every_public_page_of_the_period(exported):
    file, document, before = exported
    empty_database()
    assert not PromisePeriod.objects.exists()
    out = io.StringIO()
    call_command("import_period", str(file), "--publish", stdout=out)
    assert "som publicerad" in out.getvalue()
    client = Client()
    after_document = json.loads(
        client.get(f"/oppna-data/medborgarloften/{PERIOD_SLUG}.json").content
    )
    after = public_pages(client, after_document)
    assert ids_of(after_document) != ids_of(document)  # new rows, so the ids really differ
    old = normalised(before, ids_of(document))
    new = normalised(after, ids_of(after_document))
    assert old.keys() == new.keys()
    for name in old:
        assert new[name] == old[name], name


def test_an_import_without_publish_is_a_draft_and_queues_no_alerts(exported):
    file, _document, _pages = exported
    empty_database()
    call_command("import_period", str(file), stdout=io.StringIO())
    period = PromisePeriod.objects.get(slug=PERIOD_SLUG)
    assert not period.is_published
    assert Client().get(period.get_absolute_url()).status_code == 404


# Refusals: each malformed file gives its Swedish message, and the database stays as it was.


@pytest.fixture(scope="module")
def good_file(django_db_setup, django_db_blocker):
    """The made-up period's JSON, made once in a transaction that is rolled back."""
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        build_world()
        content = Client().get(f"/oppna-data/medborgarloften/{PERIOD_SLUG}.json").content
        transaction.set_rollback(True)
    return content


def dump():
    """Every content row and the history, as the content backup writes them."""
    return backup.dumps({"objects": backup.export_content()["objects"]})


def refused(content, tmp_path, *options):
    """Import `content`; return the command's message and output, checking nothing changed."""
    file = tmp_path / "period.json"
    file.write_bytes(content)
    before = dump()
    err = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("import_period", str(file), *options, stdout=io.StringIO(), stderr=err)
    assert dump() == before
    assert "Inget har ändrats" in str(error.value)
    return err.getvalue() + str(error.value)


def changed(good_file, change):
    document = json.loads(good_file)
    change(document)
    return json.dumps(document, ensure_ascii=False).encode()


def set_in(path, value):
    def change(document):
        *parents, last = path
        target = document
        for key in parents:
            target = target[key]
        target[last] = value

    return change


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<html>inte json</html>", "Filen är inte giltig JSON"),
        ('{"a": 1}'.encode("utf-16"), "Filen är inte UTF-8-text"),
        (b'{"format": "medborgarlofte-content", "version": 1}', "“format” måste vara"),
        (b'{"format": "medborgarlofte-period", "version": 1}', "har formatversion 1"),
        (b'{"format": "medborgarlofte-period", "version": true}', "har formatversion true"),
        (b"[" * 100_000 + b"]" * 100_000, "djupare än"),
        (
            b'{"format": "medborgarlofte-period", "version": 2, "x": '
            + b"[" * 20
            + b"]" * 20
            + b"}",
            "djupare än",
        ),
        (
            b'{"format": "medborgarlofte-period", "version": 2, "version": 2}',
            "“version” två gånger",
        ),
        (b'{"format": "medborgarlofte-period", "version": NaN}', "Filen är inte giltig JSON"),
    ],
    ids=[
        "not-json",
        "not-utf8",
        "format",
        "version",
        "version-bool",
        "deep",
        "deeper",
        "dup",
        "nan",
    ],
)
def test_a_file_that_is_not_a_period_document_is_refused(tmp_path, content, message):
    assert message in refused(content, tmp_path)


def test_a_file_of_too_many_objects_is_refused_before_any_is_checked(tmp_path):
    objects = b",".join([b"{}"] * (period_exchange.MAX_OBJECTS + 1))
    content = b'{"format": "medborgarlofte-period", "version": 2, "x": [' + objects + b"]}"
    assert "Filen har fler än 20000 objekt" in refused(content, tmp_path)


def test_a_file_over_the_limit_is_refused_unread(tmp_path):
    content = b" " * (period_exchange.MAX_BYTES + 1)
    assert "större än 8 MB" in refused(content, tmp_path)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (set_in(["loften"], {}), "“loften” ska vara en lista"),
        (
            set_in(["loften", 0, "ordning"], "1"),
            "löfte 1: “ordning” ska vara ett heltal, inte text",
        ),
        (
            set_in(["loften", 1, "uppfoljningar", 0, "status"], "klar"),
            'löfte 2, uppföljning 1: “status” har ett okänt värde: "klar"',
        ),
        (
            set_in(["loften", 0, "uppfoljningar", 1, "datum"], "2025-02-30"),
            "löfte 1, uppföljning 2: “datum” är inget datum i kalendern: 2025-02-30",
        ),
        (
            set_in(["period", "giltig_fran"], "1/1 2025"),
            "period: “giltig_fran” ska vara ett datum skrivet ÅÅÅÅ-MM-DD",
        ),
        (
            set_in(["loften", 2, "text"], "Klocka \u0007"),
            "löfte 3: “text” innehåller ett styrtecken",
        ),
        (
            set_in(["parter", 1, "id"], "lpo-testnorr"),
            "part 2: “id” namnger en part som filen redan har namngett",
        ),
        (
            set_in(["loften", 0, "givare"], ["lpo-testnorr", "lpo-testnorr"]),
            "löfte 1: “givare” namnger samma två gånger",
        ),
        (
            set_in(["loften", 0, "givare"], ["okand-part"]),
            "löfte 1: “givare” namnger parten “okand-part”",
        ),
        (set_in(["omrade", "id"], "Inte En Slug!"), "område: “id” är inte en del av en webbadress"),
        (set_in(["omrade", "lan"], "99"), "område: län:"),
        (
            set_in(["parter", 1, "kontakt", "epost"], "trygghet@localhost"),
            "part 2: e-post för kontakt:",
        ),
        (
            set_in(["loften", 0, "atgarder", 0, "framsteg"], 140),
            "löfte 1, åtgärd 1: Framsteg är en procentsats från 0 till 100.",
        ),
        (
            set_in(["loften", 1, "indikatorer", 0, "matningar", 1, "datum"], "2025-03-31"),
            "löfte 2, indikator 1, mätvärde 2: indikatorn har redan ett värde det här datumet",
        ),
        (
            set_in(["loften", 1, "indikatorer", 0, "mal", "varde"], "50"),
            "löfte 2, indikator 1, mål: “varde” ska vara ett tal, inte text",
        ),
        (
            set_in(["loften", 0, "uppfoljningar", 0, "kallor", 0, "url"], "javascript:alert(1)"),
            "löfte 1, uppföljning 1, källänk 1: webbadress:",
        ),
        (set_in(["loften"], [{}] * 501), "“loften” har fler än 500 poster"),
        (
            # Replaced by the bare number 1e400 below: valid JSON that Python reads as infinity.
            set_in(["loften", 1, "indikatorer", 0, "mal", "varde"], "__1e400__"),
            "löfte 2, indikator 1, mål: “varde” ska vara ett tal, inte Infinity",
        ),
    ],
    ids=[
        "list-type",
        "int-type",
        "status",
        "calendar",
        "date-format",
        "control",
        "dup-partner",
        "dup-giver",
        "unknown-giver",
        "slug",
        "county",
        "internal-mail",
        "progress",
        "dup-value-day",
        "number-type",
        "url-scheme",
        "count",
        "infinite",
    ],
)
def test_a_malformed_period_is_refused_with_where_the_problem_is(
    good_file, tmp_path, change, message
):
    content = changed(good_file, change).replace(b'"__1e400__"', b"1e400")
    said = refused(content, tmp_path)
    assert message in said, said


def test_every_problem_is_named_not_only_the_first(good_file, tmp_path):
    def two_faults(document):
        document["loften"][0]["uppfoljningar"][0]["status"] = "klar"
        document["loften"][2]["text"] = ""

    said = refused(changed(good_file, two_faults), tmp_path)
    assert "löfte 1, uppföljning 1: “status”" in said
    assert "löfte 3: “text” är tom" in said
    assert "Filen har 2 fel" in said


def test_an_existing_period_slug_is_refused_and_another_slug_imports(good_file, tmp_path):
    file = tmp_path / "period.json"
    file.write_bytes(good_file)
    call_command("import_period", str(file), stdout=io.StringIO())
    said = refused(good_file, tmp_path)
    assert f"Det finns redan en period med webbadressen “{PERIOD_SLUG}”" in said
    out = io.StringIO()
    call_command("import_period", str(file), "--slug", "testnorr-kopia", stdout=out)
    copy = PromisePeriod.objects.get(slug="testnorr-kopia")
    # The area and the partners of the first import are reused, not made twice.
    assert copy.area == PromisePeriod.objects.get(slug=PERIOD_SLUG).area
    assert Partner.objects.filter(slug="pahittade-kommun").count() == 1
    assert "redan finns" in out.getvalue()
    # Action keys are unique on the site: the copy's actions get new ones, and it says so.
    assert "nyckeln “pahittad-vandring” används redan" in out.getvalue()


def test_partners_are_matched_by_slug_then_municipality_code_and_never_renamed(good_file, tmp_path):
    area = Area.objects.create(name="Påhittat område", slug="pahittat-omrade", county="25")
    by_slug = Partner.objects.create(
        name="Polisen med eget namn", slug="lpo-testnorr", kind="police_area", area=area
    )
    by_code = Partner.objects.create(
        name="Kommunen med annan adress",
        slug="kommunen-med-annan-adress",
        kind="municipality",
        municipality_code="2599",
        area=area,
    )
    file = tmp_path / "period.json"
    file.write_bytes(good_file)
    call_command("import_period", str(file), "--area", "pahittat-omrade", stdout=io.StringIO())
    period = PromisePeriod.objects.get(slug=PERIOD_SLUG)
    assert period.area == area
    assert not Area.objects.filter(slug="testomrade-norr").exists()
    assert set(period.partners.all()) == {by_slug, by_code}
    by_slug.refresh_from_db()
    by_code.refresh_from_db()
    assert (by_slug.name, by_code.name, by_code.slug) == (
        "Polisen med eget namn",
        "Kommunen med annan adress",
        "kommunen-med-annan-adress",
    )
    joint = period.promises.get(text__startswith="samverka")
    assert set(joint.givers.all()) == {by_slug, by_code}


def test_a_dry_run_says_what_would_happen_and_writes_nothing(good_file, tmp_path):
    file = tmp_path / "period.json"
    file.write_bytes(good_file)
    before = dump()
    out = io.StringIO()
    call_command("import_period", str(file), "--dry-run", stdout=out)
    assert dump() == before
    said = out.getvalue()
    assert "Nytt område: Testområde Norr (testomrade-norr)." in said
    assert "Löften: 3. Uppföljningar: 6. Åtgärder: 2. Indikatorer: 2, med 2 mätvärden." in said
    assert "Inget har ändrats" in said


def test_an_unknown_area_option_is_refused(good_file, tmp_path):
    said = refused(good_file, tmp_path, "--area", "finns-inte")
    assert "Det finns inget område med webbadressen “finns-inte”" in said


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            set_in(["parter", 1, "namn"], "Lokalpolisområde Testnorr"),
            "Filen har två nya parter som heter “Lokalpolisområde Testnorr”.",
        ),
        (
            set_in(["loften", 2, "atgarder", 0, "nyckel"], "pahittad-vandring"),
            "Filen har två åtgärder med nyckeln “pahittad-vandring”.",
        ),
        (
            set_in(["loften", 0, "uppfoljningar", 0, "rapporterad_av"], "pahittade-kommun"),
            "löfte 1, uppföljning 1: rapporterad_av: Välj en av de parter som ger löftet.",
        ),
    ],
    ids=["twin-partners", "twin-keys", "reporter-not-giver"],
)
def test_what_the_database_would_refuse_is_found_before_writing(
    good_file, tmp_path, change, message
):
    said = refused(changed(good_file, change), tmp_path)
    assert message in said, said


def test_documents_and_the_photo_are_named_for_an_editor_not_fetched(good_file, tmp_path):
    def with_files(document):
        document["period"]["foto"] = {
            "url": "https://annan.example.se/media/periods/foto.jpg",
            "beskrivning": "Fyra påhittade personer",
            "bildtext": "",
        }
        document["loften"][0]["uppfoljningar"][0]["dokument"] = [
            {"titel": "Påhittad rapport", "url": "https://annan.example.se/media/rapport.pdf"}
        ]

    file = tmp_path / "period.json"
    file.write_bytes(changed(good_file, with_files))
    out = io.StringIO()
    call_command("import_period", str(file), stdout=out)
    said = out.getvalue()
    assert "Obs! Periodens foto importeras inte" in said
    assert "https://annan.example.se/media/periods/foto.jpg" in said
    assert (
        "Obs! löfte 1, uppföljning 1, dokument 1: dokumentet “Påhittad rapport” importeras inte; "
        "ladda upp det från https://annan.example.se/media/rapport.pdf." in said
    )
    period = PromisePeriod.objects.get(slug=PERIOD_SLUG)
    assert not period.photo
    assert not FollowUpDocument.objects.filter(follow_up__promise__period=period).exists()


def test_with_area_the_file_needs_no_area_of_its_own(good_file, tmp_path):
    document = json.loads(good_file)
    del document["omrade"]
    file = tmp_path / "period.json"
    file.write_text(json.dumps(document))
    call_command("import_period", str(file), "--area", "sodra-fyrbodal", stdout=io.StringIO())
    assert PromisePeriod.objects.get(slug=PERIOD_SLUG).area.slug == "sodra-fyrbodal"


def test_the_period_json_asks_the_same_number_of_queries_for_more_rows(exported):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from promises.models import Action, Indicator

    address = f"/oppna-data/medborgarloften/{PERIOD_SLUG}.json"

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert Client().get(address).status_code == 200
        return len(captured)

    before = queries()
    for action in Action.objects.filter(is_published=True):
        action.pk, action.key = None, ""
        action.save()
    for indicator in Indicator.objects.all():
        indicator.pk = None
        indicator.save()
    assert queries() == before
