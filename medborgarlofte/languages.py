"""The page's language, from its address alone: Swedish without a prefix, `/en/` and `/ar/`.

Nothing else chooses it: no cookie, no session, no Accept-Language. Django's LocaleMiddleware
would fall back on those for unprefixed addresses and add `Vary: Accept-Language` to every
response, so a shared cache would have to keep a copy per browser language of pages that do
not differ by it. Here one address is one page in one language, which is what the page cache
and the validators already assume. The admin, health, static, media and the machines' files
(open data, the sitemap, robots.txt) have no prefix and are therefore always Swedish.
"""

import re
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import translation

PREFIX = re.compile(r"^/([a-z]{2,3})/")


def public_languages() -> list[tuple[str, str]]:
    """(code, name in its own language) of every language residents are offered, Swedish
    first."""
    names = dict(settings.LANGUAGES)
    return [(code, names[code]) for code in settings.PUBLIC_LANGUAGES]


def language_of_path(path: str) -> str:
    """The language an address is in. An unknown or switched-off prefix is no language: the
    address is then Swedish, and no Swedish page starts with such a segment, so it is a 404."""
    found = PREFIX.match(path)
    if found:
        code = found.group(1)
        if code != settings.LANGUAGE_CODE and code in settings.PUBLIC_LANGUAGES:
            return code
    return settings.LANGUAGE_CODE


def is_bidi(code: str) -> bool:
    return translation.get_language_info(code)["bidi"]


def translate_path(path: str, code: str) -> str | None:
    """The same page's address in language `code` (query and fragment kept), or None when
    `path` names no page. `path` must be in the active language, as every address a page
    prints is."""
    parts = urlsplit(path)
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    try:
        with translation.override(code):
            translated = reverse(match.view_name, args=match.args, kwargs=match.captured_kwargs)
    except NoReverseMatch:
        return None
    query = f"?{parts.query}" if parts.query else ""
    fragment = f"#{parts.fragment}" if parts.fragment else ""
    return f"{translated}{query}{fragment}"


class AddressLanguageMiddleware:
    """Activates the address's language for the request and restores the previous one after,
    so nothing (a test's next `reverse()`, the next request on a thread) inherits it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        code = language_of_path(request.path_info)
        request.LANGUAGE_CODE = code
        with translation.override(code):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", code)
        return response


def language_links(request) -> list[dict]:
    """The header's language link: this page in every other language offered, each named in
    its own language; the other language's start page where this address names no page (an
    error page)."""
    from promises.caching.page_cache import stored_address

    current = translation.get_language()
    # A stored page is shared by every visitor of its canonical address, so its links keep
    # only the canonical query (a tracking tag of the first visitor's must not be stored);
    # an address never stored (a search) keeps the parameters its view says it reads
    # (`keep_parameters`), so a tracking tag or junk does not follow a resident into the
    # other language, and its own query where the view says nothing.
    # A page that names another address as this one's (a list's first page, for a page number
    # past its end) links that address's versions instead.
    path = (
        getattr(request, "language_link_address", None)
        or stored_address(request)
        or address_with_parameters(request)
    )
    links = []
    for code, name in public_languages():
        if code == current:
            continue
        # A page in Swedish only (lättläst) has no version in `code`, and a 404 names no page
        # in any language: the other language's start page, then.
        no_version = getattr(request, "only_in_swedish", False) or getattr(
            request, "names_no_page", False
        )
        address = None if no_version else translate_path(path, code)
        if address is None:
            with translation.override(code):
                address = reverse("promises:home")
        links.append({"code": code, "name": name, "url": address, "bidi": is_bidi(code)})
    return links


def page_not_found(request, exception):
    """Django's 404 page (`handler404`), whose language links lead to the other languages'
    start pages: an address of a period or partner that does not exist still matches its
    pattern, so `translate_path` alone would link the same missing page in every language."""
    from django.views import defaults

    request.names_no_page = True
    return defaults.page_not_found(request, exception)


def keep_parameters(request, parameters: tuple[str, ...]) -> None:
    """Say which query parameters the page answering `request` reads: its language links
    keep only those."""
    request.language_link_parameters = parameters


def address_with_parameters(request) -> str:
    parameters = getattr(request, "language_link_parameters", None)
    if parameters is None:
        return request.get_full_path()
    from promises.caching.filter_addresses import canonical_filters

    chosen = canonical_filters(request.GET, parameters)
    return f"{request.path}?{urlencode(chosen)}" if chosen else request.path


class LazyLinks:
    """Worked out only when a template asks (the admin and the data files never do)."""

    def __init__(self, request):
        self.request = request
        self._links = None

    def __iter__(self):
        if self._links is None:
            self._links = language_links(self.request)
        return iter(self._links)

    def __bool__(self):
        return len(settings.PUBLIC_LANGUAGES) > 1


def context(request) -> dict:
    return {"language_links": LazyLinks(request)}
