"""The admin's history, field by field, in words an editor reads (django-reversion versions)."""

import difflib
import re
from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst
from django.utils.translation import gettext


def label_of(model, name) -> str:
    try:
        return str(capfirst(model._meta.get_field(name).verbose_name))
    except FieldDoesNotExist:
        return name


def display_value(model, name, raw) -> str:
    """A stored value as the editor knows it: names instead of ids, "ja/nej", "(tomt)"."""
    try:
        model_field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return str(raw)
    if model_field.many_to_many or model_field.many_to_one:
        ids = raw if isinstance(raw, list | tuple) else [raw]
        ids = [i for i in ids if i not in ("", None)]
        if not ids:
            return gettext("(empty)")
        names = {
            str(obj.pk): str(obj)
            for obj in model_field.related_model._default_manager.filter(pk__in=ids)
        }
        return ", ".join(names.get(str(i), gettext("(removed)")) for i in ids)
    if isinstance(raw, bool) or raw in ("True", "False"):
        return gettext("yes") if raw in (True, "True") else gettext("no")
    if model_field.choices and raw not in ("", None):
        return str(dict(model_field.flatchoices).get(raw, raw))
    return str(raw) if raw not in ("", None) else gettext("(empty)")


@dataclass
class FieldChange:
    label: str
    before: str
    after: str

    @property
    def word_diff(self):
        """For long texts: the words removed and added, in place, so a small edit stands out."""
        if len(self.before) < 80 or len(self.after) < 80:
            return None
        old, new = re.split(r"(\s+)", self.before), re.split(r"(\s+)", self.after)
        parts = []
        matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
        for op, a1, a2, b1, b2 in matcher.get_opcodes():
            if op == "equal":
                parts.append(("same", "".join(old[a1:a2])))
                continue
            if a2 > a1:
                parts.append(("removed", "".join(old[a1:a2])))
            if b2 > b1:
                parts.append(("added", "".join(new[b1:b2])))
        return parts


@dataclass
class HistoryEntry:
    version: object
    url: str
    changes: list = field(default_factory=list)
    first: bool = False


# Timestamps kept by the site would show up in every entry and say nothing.
IGNORED = {
    "created_at",
    "updated_at",
    "editor_group",
    "search_text",
    "search_vector",
    "situation_vector",
    "goal_vector",
}


def field_changes(model, before: dict, after: dict) -> list[FieldChange]:
    changes = []
    for name, value in after.items():
        if name in IGNORED or name == model._meta.pk.attname:
            continue
        old = before.get(name)
        if _normal(old) == _normal(value):
            continue
        changes.append(
            FieldChange(
                label_of(model, name),
                display_value(model, name, old),
                display_value(model, name, value),
            )
        )
    return changes


def _normal(value):
    if isinstance(value, list | tuple):
        return sorted(str(v) for v in value)
    return "" if value is None else str(value)


def entries(model, versions, url_for) -> list[HistoryEntry]:
    """One entry per version, oldest first, each with what changed since the one before."""
    result = []
    previous = None
    for version in versions:
        try:
            current = version.field_dict
        except Exception:  # an old version whose model has since changed
            current = {}
        if previous is None:
            changes = [
                FieldChange(label_of(model, name), "", display_value(model, name, value))
                for name, value in current.items()
                if name not in IGNORED and name != model._meta.pk.attname and _normal(value)
            ]
        else:
            changes = field_changes(model, previous, current)
        result.append(HistoryEntry(version, url_for(version), changes, first=previous is None))
        previous = current
    return result
