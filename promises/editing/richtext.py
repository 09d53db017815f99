"""Editors' long texts: a small Markdown subset, rendered, then sanitised with nh3.

Allowed: paragraphs (an empty line), line breaks, lists ("- " or "1. "), links
([text](https://…), http/https/mailto only), **bold** and *italics*. Typed HTML is shown as
text, never interpreted; whatever gets through the renderer is cleaned again by nh3, so no
script, style, attribute or foreign element reaches a visitor.
"""

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {"p", "ul", "ol", "li", "a", "strong", "em", "br"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}

_renderer = MarkdownIt("commonmark", {"html": False, "breaks": True, "linkify": False}).disable(
    [
        "heading",
        "lheading",
        "code",
        "fence",
        "blockquote",
        "hr",
        "html_block",
        "html_inline",
        "image",
        "backticks",
        "reference",
        "table",
    ],
    ignoreInvalid=True,
)


def render(text: str) -> str:
    html = _renderer.render(text or "")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener",
    ).strip()
