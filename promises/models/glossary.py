"""The glossary: words residents may not know, explained in plain Swedish."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .control_characters import RefusesControlCharacters
from .search_vectors import SearchVectorField

# Swedish alphabetical order: å, ä and ö come after z, and case does not matter.
_SWEDISH_ORDER = str.maketrans({"å": "{", "ä": "|", "ö": "}", "é": "e", "ü": "y"})


def swedish_sort_key(text: str) -> str:
    return text.casefold().translate(_SWEDISH_ORDER)


class GlossaryTermQuerySet(models.QuerySet):
    def alphabetical(self):
        return sorted(self, key=lambda term: swedish_sort_key(term.term))


class GlossaryTerm(RefusesControlCharacters, models.Model):
    """A word residents may not know, explained in plain Swedish on the glossary page."""

    term = models.CharField(
        _("word"), max_length=100, unique=True, help_text=_("For example “lägesbild”.")
    )
    slug = models.SlugField(
        _("web address"),
        max_length=100,
        unique=True,
        help_text=_(
            "Used to link straight to the explanation: /ordlista/#<web address>. Only "
            "lowercase letters a–z, digits and hyphens."
        ),
    )
    definition = models.TextField(
        _("explanation"),
        help_text=_(
            "Plain Swedish that someone who has never heard the word understands. Separate "
            "paragraphs with an empty line."
        ),
    )
    search_vector = SearchVectorField()
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = GlossaryTermQuerySet.as_manager()

    class Meta:
        ordering = ["term"]
        verbose_name = _("glossary word")
        verbose_name_plural = _("glossary")

    def __str__(self):
        return self.term
