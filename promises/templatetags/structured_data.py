"""The `structured_data` tag: schema.org JSON-LD in a script element that editor text cannot
close."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from promises.models.control_characters import without_control_characters_in

register = template.Library()

# The same escapes as Django's json_script: editor text can never close the <script> element.
SCRIPT_SAFE = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.simple_tag
def json_ld(data):
    """A schema.org JSON-LD block. Data, not code: browsers do not run it."""
    # Without control characters, as every output (promises/models/control_characters.py).
    data = without_control_characters_in(data)
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(SCRIPT_SAFE)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308
