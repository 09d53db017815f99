"""Editors' translations of their own Swedish texts: beside each translated Swedish column, one
column per language (`text_en`, `text_ar`), and per row and language one published flag.

The Swedish columns are untouched: every query, search vector, export, feed and history entry
that reads `text` reads the Swedish text, whatever language a request has active (see
docs/architecture.md "Languages of the content" for why no library's descriptors are used).
A page in another language asks `shown_text(row, "text", language)`: the translation when the
row's translation in that language is published and the field is filled in, otherwise the
Swedish text, saying that it fell back. Nothing is ever machine translated.
"""

from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

SOURCE_LANGUAGE = "sv"
# The languages editors translate into, in the order the admin shows them.
TRANSLATION_LANGUAGES = ("en", "ar")

# The words the admin uses per language; msgids are English, the Swedish catalogue says
# "Engelsk översättning", "Arabisk översättning".
LANGUAGE_WORDS = {
    "en": {
        "heading": _("English translation"),
        "field": _("{field} in English"),
        "published": _("Publish the English translation"),
        "published_help": _(
            "Residents reading the English pages see the English texts filled in above only "
            "when this is ticked. An empty field, or every field while this is not ticked, "
            "shows the Swedish text marked as Swedish. Nothing is translated by machine."
        ),
        "field_help": _(
            "Leave empty until you have a translation: residents reading in English then see "
            "the Swedish text."
        ),
        "name": _("English"),
    },
    "ar": {
        "heading": _("Arabic translation"),
        "field": _("{field} in Arabic"),
        "published": _("Publish the Arabic translation"),
        "published_help": _(
            "Residents reading the Arabic pages see the Arabic texts filled in above only when "
            "this is ticked. An empty field, or every field while this is not ticked, shows "
            "the Swedish text marked as Swedish. Nothing is translated by machine."
        ),
        "field_help": _(
            "Leave empty until you have a translation: residents reading in Arabic then see "
            "the Swedish text."
        ),
        "name": _("Arabic"),
    },
}

# Model -> the names of its translated Swedish fields, filled by `translate()`.
TRANSLATED_FIELDS: dict[type[models.Model], tuple[str, ...]] = {}


def translation_name(field_name: str, language: str) -> str:
    return f"{field_name}_{language}"


def published_name(language: str) -> str:
    return f"translation_published_{language}"


def translate(model: type[models.Model], *field_names: str) -> None:
    """Give `model` a column per language beside each of `field_names` (same kind and length,
    empty by default) and a published flag per language. Called once, below each model."""
    for language in TRANSLATION_LANGUAGES:
        words = LANGUAGE_WORDS[language]
        for name in field_names:
            original = model._meta.get_field(name)
            options = {
                "verbose_name": format_lazy(words["field"], field=original.verbose_name),
                "blank": True,
                "default": "",
                "help_text": words["field_help"],
            }
            if isinstance(original, models.TextField):
                field = models.TextField(**options)
            else:
                field = models.CharField(max_length=original.max_length, **options)
            model.add_to_class(translation_name(name, language), field)
        model.add_to_class(
            published_name(language),
            models.BooleanField(
                words["published"], default=False, help_text=words["published_help"]
            ),
        )
    TRANSLATED_FIELDS[model] = tuple(field_names)


class ShownText(str):
    """A text as a page shows it, knowing whether it is the Swedish original shown because
    there is no published translation (`is_swedish`)."""

    is_swedish: bool

    def __new__(cls, text, is_swedish: bool):
        shown = super().__new__(cls, text)
        shown.is_swedish = is_swedish
        return shown


def has_published_translation(row, language: str) -> bool:
    return language in TRANSLATION_LANGUAGES and bool(getattr(row, published_name(language), False))


def active_language() -> str:
    return get_language() or SOURCE_LANGUAGE


def shown_text(row, field_name: str, language: str | None = None) -> ShownText:
    """`row`'s `field_name` as a page in `language` (by default the active one) shows it
    (module docstring)."""
    language = language or active_language()
    swedish = getattr(row, field_name)
    swedish = "" if swedish is None else swedish
    if language == SOURCE_LANGUAGE or type(row) not in TRANSLATED_FIELDS:
        return ShownText(swedish, True)
    if field_name in TRANSLATED_FIELDS[type(row)] and has_published_translation(row, language):
        translated = getattr(row, translation_name(field_name, language))
        if translated.strip():
            return ShownText(translated, False)
    return ShownText(swedish, True)


def lacking_translation(model: type[models.Model], language: str) -> models.Q:
    """Rows with something a page in `language` still shows in Swedish: the translation is not
    published, or a filled-in Swedish field has an empty translation."""
    lacking = models.Q(**{published_name(language): False})
    for name in TRANSLATED_FIELDS[model]:
        lacking |= ~models.Q(**{name: ""}) & models.Q(**{translation_name(name, language): ""})
    return lacking
