"""Translations and the ways content leaves and enters the site: the content backup
(export_content/import_content) keeps them with everything else; the period's open-data JSON
(format v2, docs/open-data-format.md) leaves them out on purpose, so an imported period starts
with every translation empty and unpublished, and its Swedish round trip is unchanged."""

import io
import json

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from promises.editing import backup
from promises.models import TRANSLATED_FIELDS, ContentStamp, Promise, PromisePeriod
from tests.support.exchange import PERIOD_SLUG, build_world

from .test_period_exchange import empty_database

pytestmark = pytest.mark.django_db

ENGLISH = "Test translation that must not travel in the open data"


def translate_everything(language="en"):
    for model, names in TRANSLATED_FIELDS.items():
        for row in model.objects.all():
            for name in names:
                setattr(row, f"{name}_{language}", f"{ENGLISH} ({name})")
            setattr(row, f"translation_published_{language}", True)
            row.save()


def test_the_period_json_carries_no_translation_and_an_import_starts_them_empty(tmp_path):
    empty_database()
    build_world()
    translate_everything()
    response = Client().get(reverse("machine:period_json", kwargs={"slug": PERIOD_SLUG}))
    assert response.status_code == 200
    assert ENGLISH not in response.content.decode()
    file = tmp_path / "period.json"
    file.write_bytes(response.content)
    empty_database()
    call_command("import_period", str(file), "--publish", stdout=io.StringIO())
    period = PromisePeriod.objects.get(slug=PERIOD_SLUG)
    assert period.title_en == "" and not period.translation_published_en
    promises = Promise.objects.filter(period=period)
    assert promises.exists()
    assert not promises.exclude(text_en="").exists()
    assert not promises.filter(translation_published_en=True).exists()
    # The open data is the same Swedish document, whatever the translations.
    again = Client().get(reverse("machine:period_json", kwargs={"slug": PERIOD_SLUG}))
    texts = [promise["text"] for promise in json.loads(response.content)["loften"]]
    assert texts and [promise["text"] for promise in json.loads(again.content)["loften"]] == texts


def test_the_content_backup_keeps_every_translation_and_flag(tmp_path):
    translate_everything("ar")

    def translations():
        return {
            model._meta.label: sorted(
                model._base_manager.values_list(
                    "pk", "translation_published_ar", *(f"{name}_ar" for name in names)
                )
            )
            for model, names in TRANSLATED_FIELDS.items()
        }

    before = translations()
    assert any(rows for rows in before.values())
    backup_file = tmp_path / "innehall.json"
    call_command("export_content", backup_file, stdout=io.StringIO())
    for model in reversed(backup.exported_models()):
        if model is not ContentStamp:
            model._base_manager.all().delete()
    call_command("import_content", backup_file, stdout=io.StringIO())
    assert translations() == before
