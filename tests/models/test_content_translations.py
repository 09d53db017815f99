"""The editors' translations beside the Swedish columns (promises/models/translations.py): a page
in another language shows a translation only when it is published and filled in; the migration
adds empty columns and nothing else; every translated model has its columns and flags."""

import io

import pytest
from django.core.management import call_command

from promises.models import (
    TRANSLATED_FIELDS,
    TRANSLATION_LANGUAGES,
    AccessibilityStatement,
    Action,
    ActionNote,
    FollowUp,
    GlossaryTerm,
    Indicator,
    Partner,
    Promise,
    PromisePeriod,
    shown_text,
)
from promises.models.translations import lacking_translation


def test_the_editors_texts_residents_read_are_translatable():
    assert set(TRANSLATED_FIELDS) == {
        Partner,
        PromisePeriod,
        Promise,
        FollowUp,
        Action,
        ActionNote,
        Indicator,
        GlossaryTerm,
        AccessibilityStatement,
    }
    for model, names in TRANSLATED_FIELDS.items():
        for language in TRANSLATION_LANGUAGES:
            flag = model._meta.get_field(f"translation_published_{language}")
            assert flag.default is False
            for name in names:
                original = model._meta.get_field(name)
                field = model._meta.get_field(f"{name}_{language}")
                assert field.blank and field.default == ""
                assert type(field) is type(original)
                assert field.max_length == original.max_length


def test_a_translation_is_shown_only_when_published_and_filled_in():
    promise = Promise(text="Svensk text", text_en="English text", text_ar="")
    assert shown_text(promise, "text", "en") == "Svensk text"
    assert shown_text(promise, "text", "en").is_swedish
    promise.translation_published_en = True
    shown = shown_text(promise, "text", "en")
    assert shown == "English text" and not shown.is_swedish
    promise.translation_published_ar = True
    assert shown_text(promise, "text", "ar").is_swedish  # published, but empty
    promise.text_en = "   "
    assert shown_text(promise, "text", "en") == "Svensk text"
    # Swedish pages, and languages nobody translates into, show the Swedish text.
    assert shown_text(promise, "text", "sv") == "Svensk text"
    assert shown_text(promise, "text", "de").is_swedish


@pytest.mark.django_db
def test_lacking_a_translation_means_unpublished_or_a_filled_in_field_left_empty():
    term = GlossaryTerm.objects.create(term="Testord", slug="testord", definition="Påhittat.")
    lacking = GlossaryTerm.objects.filter(lacking_translation(GlossaryTerm, "en"), pk=term.pk)
    assert lacking.exists()
    term.term_en, term.translation_published_en = "Test word", True
    term.save()
    assert lacking.exists()  # the definition is still untranslated
    term.definition_en = "Made up."
    term.save()
    assert not lacking.exists()
    assert GlossaryTerm.objects.filter(lacking_translation(GlossaryTerm, "ar"), pk=term.pk).exists()


@pytest.mark.django_db
def test_the_migration_starts_every_translation_empty_and_unpublished():
    for model, names in TRANSLATED_FIELDS.items():
        for language in TRANSLATION_LANGUAGES:
            assert not model.objects.filter(**{f"translation_published_{language}": True}).exists()
            for name in names:
                assert not model.objects.exclude(**{f"{name}_{language}": ""}).exists()


@pytest.mark.django_db
def test_the_models_and_migrations_agree():
    out = io.StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
