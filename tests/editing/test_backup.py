"""export_content and import_content: a backup round trip loses nothing; a bad file changes
nothing."""

import datetime
import io
import json

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from reversion.models import Revision, Version

from promises.caching import content_stamp as content
from promises.editing import backup
from promises.models import ContentStamp, Partner, Promise, PromisePeriod

from .test_history import change

pytestmark = pytest.mark.django_db


def snapshot():
    """Every field of every content row, and every many-to-many link, by model."""
    rows = {}
    for model in backup.exported_models():
        if model is ContentStamp:
            continue  # moves forward on import (checked on its own below)
        rows[model._meta.label] = [
            {
                **{field.attname: getattr(obj, field.attname) for field in model._meta.fields},
                **{
                    field.name: sorted(getattr(obj, field.name).values_list("pk", flat=True))
                    for field in model._meta.many_to_many
                },
            }
            for obj in model._base_manager.order_by("pk")
        ]
    return rows


@pytest.fixture
def varied_content(client_for):
    """Seed content plus history from the admin and rows with every kind of value."""
    client = client_for("admin")
    promise = Promise.objects.get(text__startswith="Fokusera")
    assert change(client, promise, text="Fokusera – ändrad via admin.").status_code == 302
    partner = Partner.objects.create(
        name="Ny part ǅ 🚓 \u202e", slug="ny-part", kind=Partner.Kind.MUNICIPALITY, order=9
    )
    period = PromisePeriod.objects.create(
        title="2025–2026",
        slug="2025-2026",
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
        intro="Rad ett\nrad två <b>inte html</b>",
        photo="perioder/bild.jpg",
        photo_alt="Alt-text",
        is_published=True,
        published_on=datetime.date(2025, 1, 2),
    )
    period.partners.set([partner, *Partner.objects.exclude(pk=partner.pk)[:1]])
    new_promise = Promise.objects.create(period=period, text="Ett nytt löfte.", order=1)
    new_promise.givers.set([partner])
    # Follow-ups with every part, and a focus area on a promise.
    from promises.models import (
        FocusArea,
        FollowUp,
        FollowUpDocument,
        FollowUpFigure,
        FollowUpLink,
    )

    new_promise.focus_areas.set([FocusArea.objects.get(slug="droghandel")])
    follow_up = FollowUp.objects.create(
        promise=new_promise,
        reported_on=datetime.date(2025, 6, 1),
        status="partly_done",
        text="Hälften är gjort.",
        is_published=True,
    )
    FollowUpFigure.objects.create(follow_up=follow_up, label="Insatser", value="12")
    FollowUpLink.objects.create(follow_up=follow_up, title="Källa", url="https://example.se/a")
    FollowUpDocument.objects.create(
        follow_up=follow_up, title="Rapport", file="uppfoljningar/abc/rapport.pdf"
    )
    return client


def test_a_round_trip_into_an_emptied_database_loses_nothing(varied_content, tmp_path):
    assert Version.objects.exists()
    before = snapshot()
    stamp_before = content.last_changed()
    backup_file = tmp_path / "innehall.json"
    call_command("export_content", backup_file, stdout=io.StringIO())
    header = json.loads(backup_file.read_text(encoding="utf-8"))
    assert header["format"] == backup.FORMAT and header["version"] == backup.VERSION

    for model in reversed(backup.exported_models()):
        model._base_manager.all().delete()
    assert not any(rows for rows in snapshot().values())

    call_command("import_content", backup_file, stdout=io.StringIO())
    assert snapshot() == before
    # The stamp moves on, so no cache serves pages from before the import.
    assert content.last_changed() > stamp_before
    assert Revision.objects.filter(user__username="admin@example.se").exists()
    assert varied_content.get("/medborgarloften/2023-2024/").status_code == 200
    # The photo's file is not in the backup (media are backed up apart): the page still works.
    restored = varied_content.get("/medborgarloften/2025-2026/")
    assert restored.status_code == 200
    assert b'class="photo"' not in restored.content


def test_an_import_replaces_what_the_database_holds(varied_content, tmp_path):
    before = snapshot()
    backup_file = tmp_path / "innehall.json"
    call_command("export_content", backup_file, stdout=io.StringIO())

    Promise.objects.filter(text="Ett nytt löfte.").update(text="Något annat")
    Partner.objects.get(slug="ny-part").delete()
    PromisePeriod.objects.create(
        title="Skräp", slug="skrap", starts_on="2030-01-01", ends_on="2030-12-31"
    )
    User.objects.filter(username="admin@example.se").delete()  # an account this site lacks

    call_command("import_content", backup_file, stdout=io.StringIO())
    after = snapshot()
    revisions = after["reversion.Revision"]
    # Links to accounts that do not exist here are dropped; everything else is as exported.
    assert all(revision["user_id"] is None for revision in revisions)
    for revision in before["reversion.Revision"]:
        revision["user_id"] = None
    assert after == before


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("inte json", "Filen är inte giltig JSON"),
        ("[]", "Filen är inte en säkerhetskopia av innehållet från den här webbplatsen."),
        ('{"format": "annat", "version": 1, "objects": []}', "inte en säkerhetskopia"),
        ('{"format": "medborgarlofte-content", "version": 2, "objects": []}', "version 2"),
        ('{"format": "medborgarlofte-content", "version": 1}', "saknas eller är skadad"),
        (
            '{"format": "medborgarlofte-content", "version": 1, "objects": [{"model": '
            '"auth.user", "pk": 99, "fields": {"username": "x", "is_superuser": true}}]}',
            "något annat än innehåll: auth.user",
        ),
        (
            '{"format": "medborgarlofte-content", "version": 1, "objects": [{"model": '
            '"promises.promise", "pk": 5000, "fields": {"period": 9999, "text": "x", '
            '"order": 1, "givers": [], "created_at": "2024-01-01T00:00:00+00:00", '
            '"updated_at": "2024-01-01T00:00:00+00:00"}}]}',
            "Filen kunde inte läsas in",
        ),
        (
            '{"format": "medborgarlofte-content", "version": 1, "objects": [{"model": '
            '"promises.partner", "pk": 1, "fields": {"name": "x", "kind": "okänd"}}]}',
            "Filens promises.partner 1 har ett värde i kind som webbplatsen inte tar emot",
        ),
    ],
)
def test_a_bad_file_is_refused_in_swedish_and_changes_nothing(tmp_path, text, message):
    before = snapshot()
    stamp_before = content.last_changed()
    bad_file = tmp_path / "trasig.json"
    bad_file.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        call_command("import_content", bad_file)
    assert message in str(refused.value)
    assert str(refused.value).endswith("Inget har ändrats.")
    assert snapshot() == before
    assert content.last_changed() == stamp_before


def test_a_missing_file_is_refused_in_swedish(tmp_path):
    with pytest.raises(CommandError, match="Kunde inte läsa filen"):
        call_command("import_content", tmp_path / "finns-inte.json")


def test_new_content_models_are_exported_without_changes_here():
    from promises.models import CONTENT_MODELS

    labels = [model._meta.label for model in backup.exported_models()]
    assert labels[: len(CONTENT_MODELS)] == [model._meta.label for model in CONTENT_MODELS]
    assert {"promises.ContentStamp", "reversion.Revision", "reversion.Version"} <= set(labels)
