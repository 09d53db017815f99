"""Back up all content to one JSON file and load it into another database.

The file holds a small header (format, version, export time) and the content as Django
serialises it: every model in `promises.models.CONTENT_MODELS` (read when the export runs, so new
content models are included), the content stamp, and django-reversion's history when that app
is installed. Editor accounts and groups are not content: links to them are kept by name
and dropped on import when the other database has no such account or group.
"""

import datetime
import json
import re

from django.apps import apps
from django.core import serializers
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, ValidationError
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, connection, transaction
from django.db.models import SlugField
from django.utils import timezone
from django.utils.translation import gettext as _

from promises.caching import content_stamp

FORMAT = "medborgarlofte-content"
VERSION = 1
# The content of the site with years of history is a few megabytes; json.loads holds about
# ten times the file in memory. The command's --max-megabytes raises it.
MAX_MEGABYTES = 100
# C0 and C1 control characters and DEL, except tab, line feed and carriage return: no editor
# types them, and one breaks the feed and the catalogue's XML.
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class BackupError(Exception):
    """The file cannot be imported; the message says why, in words an operator reads."""


def exported_models() -> list:
    """Content models in an order where every row's references come before it."""
    from promises.models import CONTENT_MODELS, ContentStamp

    models = [*CONTENT_MODELS, ContentStamp]
    if apps.is_installed("reversion"):
        models += [apps.get_model("reversion", "Revision"), apps.get_model("reversion", "Version")]
    return models


def export_content() -> dict:
    objects = []
    for model in exported_models():
        queryset = model._base_manager.order_by("pk")
        objects += serializers.serialize("python", queryset, use_natural_foreign_keys=True)
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now(),
        "models": [model._meta.label_lower for model in exported_models()],
        "objects": objects,
    }


class FullPrecisionEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds; a backup keeps every microsecond."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def dumps(export: dict) -> str:
    return json.dumps(export, cls=FullPrecisionEncoder, ensure_ascii=False, indent=1)


def parse(text: str) -> list:
    """The file's objects, after checking that it is a content backup this code can read."""
    try:
        data = json.loads(text)
    except ValueError as error:
        raise BackupError(_("The file is not valid JSON (%(error)s).") % {"error": error}) from None
    except RecursionError:
        raise BackupError(_("The file is not a content backup from this site.")) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BackupError(_("The file is not a content backup from this site."))
    if data.get("version") != VERSION:
        raise BackupError(
            _("The file has format version %(found)s; this site reads version %(expected)s.")
            % {"found": data.get("version"), "expected": VERSION}
        )
    objects = data.get("objects")
    if not isinstance(objects, list) or not all(isinstance(obj, dict) for obj in objects):
        raise BackupError(_("The file's list of objects is missing or damaged."))
    allowed = {model._meta.label_lower for model in exported_models()}
    for obj in objects:
        # Never let a file create accounts, permissions or anything else but content.
        if obj.get("model") not in allowed:
            raise BackupError(
                _("The file contains something other than content: %(model)s.")
                % {"model": obj.get("model")}
            )
        field = _field_with_control_character(obj)
        if field is not None:
            raise BackupError(
                _(
                    "The file's %(model)s %(pk)s has a control character in %(field)s, which "
                    "no text on the site may hold."
                )
                % {"model": obj["model"], "pk": obj.get("pk"), "field": field}
            )
        field = _field_outside_its_values(obj)
        if field is not None:
            raise BackupError(
                _(
                    "The file's %(model)s %(pk)s has a value in %(field)s that the site does not "
                    "take (not one of its choices, or not a web address part)."
                )
                % {"model": obj["model"], "pk": obj.get("pk"), "field": field}
            )
    return objects


def _field_outside_its_values(obj):
    """The first field whose value no form would store: not one of the field's choices, or a
    slug no URL takes. Either made every public page answer 500 once imported."""
    fields = obj.get("fields")
    if not isinstance(fields, dict):
        return None
    model = apps.get_model(obj["model"])
    for name, value in fields.items():
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue  # the deserializer says what is wrong with it
        if value in (None, ""):
            continue
        if field.choices and value not in {key for key, _label in field.flatchoices}:
            return name
        if isinstance(field, SlugField):
            try:
                field.run_validators(value)
            except ValidationError:
                return name
    return None


def _field_with_control_character(obj):
    """The first field of the object whose text holds a control character, or None. A
    version's serialized data is read too: restoring it would bring the character back."""
    fields = obj.get("fields")
    if not isinstance(fields, dict):
        return None
    for name, value in fields.items():
        if _holds_control_character(value):
            return name
        if obj["model"] == "reversion.version" and name == "serialized_data":
            try:
                inner = json.loads(value)
            except (TypeError, ValueError, RecursionError):
                continue  # the import itself says what is wrong with it
            if _holds_control_character(inner):
                return name
    return None


def _holds_control_character(value, depth=0):
    if isinstance(value, str):
        return bool(CONTROL_CHARACTER.search(value))
    if depth > 20:
        return False
    if isinstance(value, dict):
        value = [*value.keys(), *value.values()]
    if isinstance(value, list):
        return any(_holds_control_character(item, depth + 1) for item in value)
    return False


@transaction.atomic
def import_content(objects: list) -> int:
    """Replace all content with the file's; on any error nothing changes. Returns the rows."""
    try:
        return _replace_content(objects)
    except (
        DeserializationError,
        ValidationError,
        DatabaseError,
        KeyError,
        ValueError,
        TypeError,
    ) as error:
        raise BackupError(
            _("The file could not be imported: %(error)s") % {"error": error}
        ) from None


def _replace_content(objects: list) -> int:
    from promises.models import ContentStamp

    stamp_before = ContentStamp.objects.filter(pk=1).values_list("changed_at", flat=True).first()
    for model in reversed(exported_models()):
        model._base_manager.all().delete()
    # The file lists rows in an order where references come first (see exported_models).
    deserialized = list(serializers.deserialize("python", _without_missing_accounts(objects)))
    for item in deserialized:
        item.save()
    for item in deserialized:
        _restore_exact_values(item.object)
    # Rows that point at nothing (a damaged file) must fail here, not at commit.
    connection.check_constraints()
    _recreate_editor_groups()
    # Pages cached from the content before the import must not be served again: the stamp
    # moves past both the file's moment and the one this database had, never back to a moment
    # some page may already be stored under.
    if stamp_before is not None:
        ContentStamp.objects.exclude(changed_at__gte=stamp_before).delete()
        ContentStamp.objects.get_or_create(pk=1, defaults={"changed_at": stamp_before})
    content_stamp.mark_changed()
    return len(deserialized)


def _without_missing_accounts(objects):
    """Drop links to accounts and groups that this database does not have."""
    exported = {model._meta.label_lower for model in exported_models()}
    for obj in objects:
        model = apps.get_model(obj["model"])
        fields = dict(obj.get("fields", {}))
        for field in model._meta.concrete_fields:
            target = field.related_model
            if target is None or target._meta.label_lower in exported:
                continue
            value = fields.get(field.name)
            if isinstance(value, list) and field.null:
                try:
                    target._default_manager.get_by_natural_key(*value)
                except ObjectDoesNotExist:
                    fields[field.name] = None
        yield {**obj, "fields": fields}


def _restore_exact_values(instance):
    # Saving a row fires the content signals, which move other rows' "updated" times; write
    # every row's own values back without signals so the import is exact.
    model = type(instance)
    values = {
        field.attname: getattr(instance, field.attname)
        for field in model._meta.concrete_fields
        if not field.primary_key
    }
    model._base_manager.filter(pk=instance.pk).update(**values)


def _recreate_editor_groups():
    from promises.editing import roles
    from promises.models import Area, Partner

    for partner in Partner.objects.filter(editor_group__isnull=True):
        roles.sync_editor_group(partner)
    # And each area's coordinator group, as the signal gives a new area one.
    for area in Area.objects.filter(coordinator_group__isnull=True):
        roles.sync_coordinator_group(area)
