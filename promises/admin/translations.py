"""Editors' translations in the admin: each translated form gets one section per language under
the Swedish fields, and "Översättningar som saknas" lists, per language, the rows the user may
change that a page in that language still shows in Swedish.

Both reuse the model admins' own rules: a translation field is on a form only when its Swedish
field is there and not read-only for this user, and the list shows only rows the user could
open and change through that model's admin, so no new door opens.
"""

from django.core.paginator import Paginator
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from promises.editing import roles
from promises.models import TRANSLATED_FIELDS, TRANSLATION_LANGUAGES
from promises.models.translations import (
    LANGUAGE_WORDS,
    lacking_translation,
    published_name,
    translation_name,
)

ROWS_PER_PAGE = 50


def with_translations(model_admin, request, obj, fieldsets):
    """`fieldsets` and, per language, a section with the translations of the Swedish fields
    this user may change on this form, then that language's published flag."""
    model = model_admin.model
    if model not in TRANSLATED_FIELDS:
        return fieldsets
    shown = {name for _title, options in fieldsets for name in _flat(options["fields"])}
    readonly = set(model_admin.get_readonly_fields(request, obj))
    if obj is not None and not model_admin.has_change_permission(request, obj):
        return fieldsets
    originals = [
        name for name in TRANSLATED_FIELDS[model] if name in shown and name not in readonly
    ]
    if not originals:
        return fieldsets
    sections = [
        (
            LANGUAGE_WORDS[language]["heading"],
            {
                "fields": [translation_name(name, language) for name in originals]
                + [published_name(language)],
                "classes": ["collapse", "translation"],
            },
        )
        for language in TRANSLATION_LANGUAGES
    ]
    return [*fieldsets, *sections]


def _flat(fields):
    for name in fields:
        if isinstance(name, list | tuple):
            yield from name
        else:
            yield name


class TranslationsAdminMixin:
    """For admins whose form comes from `fields` or `fieldsets` as given; an admin that builds
    its own fieldsets calls `with_translations` itself (PromisePeriodAdmin)."""

    def get_fieldsets(self, request, obj=None):
        return with_translations(self, request, obj, super().get_fieldsets(request, obj))


def inline_translation_fields(model, *field_names):
    """The translation fields and flags an inline lists after its Swedish ones."""
    return tuple(
        name
        for language in TRANSLATION_LANGUAGES
        for name in (
            *(translation_name(field, language) for field in field_names),
            published_name(language),
        )
    )


def _translatable_admins(request, site):
    """(model, its admin) for every translated model whose form gives this user translation
    fields, in the order of TRANSLATED_FIELDS."""
    for model in TRANSLATED_FIELDS:
        model_admin = site._registry.get(model)
        if model_admin is None or not model_admin.has_change_permission(request):
            continue
        fields = {
            name
            for _title, options in model_admin.get_fieldsets(request)
            for name in _flat(options["fields"])
        }
        if any(published_name(language) in fields for language in TRANSLATION_LANGUAGES):
            yield model, model_admin


def translates_anything(request, site) -> bool:
    """Whether the start page links to the list: the user has a form with translations."""
    return next(_translatable_admins(request, site), None) is not None


def _rows_to_change(request, model, model_admin):
    rows = model_admin.get_queryset(request)
    if roles.scope_of(model) is not None:
        # The rows of one's own partner (or area) the admin would let one save.
        rows = roles.editable(request.user, rows)
    return rows


def _lacking(row, model, language):
    if not getattr(row, published_name(language)):
        return [gettext("The translation is not published.")]
    empty = [
        str(model._meta.get_field(name).verbose_name)
        for name in TRANSLATED_FIELDS[model]
        if getattr(row, name) and not getattr(row, translation_name(name, language))
    ]
    return [gettext("Not translated: %(fields)s.") % {"fields": ", ".join(empty)}]


def missing_translations(request, site):
    """The admin page "Översättningar som saknas": one language and one kind of text at a time,
    a page of rows at a time, each linking to its form."""
    admins = dict(_translatable_admins(request, site))
    if not admins:
        raise Http404
    kinds = {model._meta.model_name: model for model in admins}
    language = request.GET.get("sprak", TRANSLATION_LANGUAGES[0])
    kind = request.GET.get("typ", next(iter(kinds)))
    context = {
        **site.each_context(request),
        "title": _("Translations that are missing"),
        "languages": [(code, LANGUAGE_WORDS[code]["name"]) for code in TRANSLATION_LANGUAGES],
        "kinds": [(name, model._meta.verbose_name_plural) for name, model in kinds.items()],
        "language": language,
        "kind": kind,
    }
    if language not in TRANSLATION_LANGUAGES or kind not in kinds:
        context["bad_choice"] = True
        return TemplateResponse(request, "admin/missing_translations.html", context, status=400)
    model = kinds[kind]
    model_admin = admins[model]
    rows = (
        _rows_to_change(request, model, model_admin)
        .filter(lacking_translation(model, language))
        .order_by("pk")
    )
    page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("sida"))
    change = f"{site.name}:{model._meta.app_label}_{model._meta.model_name}_change"
    context.update(
        page=page,
        rows=[
            {
                "name": str(row),
                "url": reverse(change, args=[row.pk]),
                "lacking": _lacking(row, model, language),
            }
            for row in page.object_list
        ],
        model_name=model._meta.verbose_name_plural,
    )
    return TemplateResponse(request, "admin/missing_translations.html", context)
