"""Who may show a page in a frame: for the embeddable view the origins the administrator lists,
for every other page nobody.

The site's CSP says `frame-ancestors 'none'` and X-Frame-Options says DENY on every response
(settings.SECURE_CSP, XFrameOptionsMiddleware). This middleware sits before the page cache, so
it also sees pages replayed from the cache: it writes the embed's policy from this process's
EMBED_ALLOWED_ORIGINS on every answer, and a copy stored by a process with another list (a
shared Redis during a rolling restart) never carries that list to visitors.
"""

import functools

from django.conf import settings
from django.urls import Resolver404, resolve, reverse
from django.utils.csp import CSP, build_policy
from django.utils.translation import get_language, override

EMBED_VIEWS = {"promises:embed", "promises:embed_partner"}


def embed_prefix() -> str:
    """The embed's addresses' start in the active language (the address's)."""
    return embed_prefix_in(get_language())


@functools.cache
def embed_prefix_in(language: str) -> str:
    with override(language):
        return reverse("promises:embed", kwargs={"slug": "x"}).removesuffix("x/")


def is_embed(request) -> bool:
    # Every request passes here: only addresses under the embed's prefix are resolved.
    if not request.path_info.startswith(embed_prefix()):
        return False
    try:
        return resolve(request.path_info).view_name in EMBED_VIEWS
    except Resolver404:
        return False


def embed_policy(origins) -> str:
    return build_policy({**settings.SECURE_CSP, "frame-ancestors": list(origins)})


class EmbedFramingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Only the embed itself, and only when some site is listed; its redirects and errors
        # stay unframeable like every other page.
        origins = settings.EMBED_ALLOWED_ORIGINS
        if origins and response.status_code in (200, 304) and is_embed(request):
            response.headers[str(CSP.HEADER_ENFORCE)] = embed_policy(origins)
            # The CSP decides. X-Frame-Options cannot name origins; the embed has no form or
            # button that framing could trick anyone into using, so it goes.
            if "X-Frame-Options" in response.headers:
                del response.headers["X-Frame-Options"]
        return response
