"""Long public lists cut into numbered pages: `?sida=2`, the list's other parameters kept.

Every page has one address, crawlable and shareable: page 1 has no number, the others
`sida=<n>` written last, after the list's own parameters in their canonical order
(`promises/caching/filter_addresses.py`), which is also how the page cache files them. A page
number that is not one ("abc", "0", "02") answers 400 and one past the end 404, each with a
Swedish sentence saying so (`BadPage`, `bad_page_response`); never 500 and never stored.

A view:

    pages = pagination.paginate(request, queryset, per_page=50, parameters=PARAMETERS)
    # ... render with {"pagination": pages, "items": pages.items}

and its template includes `promises/includes/pagination.html`; base.html adds the
`rel="prev"`/`rel="next"` links to the head when the context has `pagination`.
"""

import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from promises.caching.filter_addresses import PAGE, canonical_filters

# A page number as the site writes it: no sign, no leading zeros, no more than six digits (a
# longer one is no page of any list here, and Python's int() of a huge string is slow).
PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,5}")

# Numbered links shown on each side of the current page, besides the first and the last.
NEIGHBOURS = 2


class BadPage(Exception):
    """A `sida` that names no page: `status` 400 (not a number) or 404 (past the end)."""

    def __init__(self, message, status):
        super().__init__(message)
        self.message = message
        self.status = status


def requested_number(request) -> int:
    """The page number the address asks for (1 without one); BadPage when it is not a number.

    Cheap and without queries, so that a view's `exists` check can refuse junk before the
    conditional-request machinery answers 304 to it.
    """
    value = request.GET.get(PAGE, "")
    if value == "":
        return 1
    if not PAGE_NUMBER.fullmatch(value):
        raise BadPage(
            _("“%(value)s” is not a page number. Page numbers are whole numbers from 1.")
            % {"value": value[:20]},
            400,
        )
    return int(value)


def page_number_is_valid(request) -> bool:
    try:
        requested_number(request)
    except BadPage:
        return False
    return True


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None: a gap ("…") between numbered links
    url: str = ""
    current: bool = False


class Pagination:
    """One page of a list with the addresses of the others, for the include and base.html."""

    def __init__(self, page, path, kept):
        self.page = page
        self.items = list(page.object_list)
        self.number = page.number
        self.count = page.paginator.num_pages
        self.path = path
        self.kept = kept  # the list's other parameters, canonical order, no page number

    def url(self, number: int) -> str:
        query = [*self.kept, (PAGE, str(number))] if number > 1 else self.kept
        return f"{self.path}?{urlencode(query)}" if query else self.path

    @property
    def is_paginated(self) -> bool:
        return self.count > 1

    @property
    def current_url(self) -> str:
        return self.url(self.number)

    @property
    def previous_url(self) -> str:
        return self.url(self.number - 1) if self.page.has_previous() else ""

    @property
    def next_url(self) -> str:
        return self.url(self.number + 1) if self.page.has_next() else ""

    @property
    def links(self) -> list[PageLink]:
        """1 … 4 5 [6] 7 8 … 20: the first, the last and the current page's neighbours."""
        shown = {1, self.count, *range(self.number - NEIGHBOURS, self.number + NEIGHBOURS + 1)}
        links, previous = [], 0
        for number in sorted(n for n in shown if 1 <= n <= self.count):
            if number > previous + 1:
                links.append(PageLink(None))
            links.append(PageLink(number, self.url(number), number == self.number))
            previous = number
        return links

    @property
    def label(self) -> str:
        return _("Page %(number)d of %(count)d") % {"number": self.number, "count": self.count}


def paginate(request, items, *, per_page, parameters=(PAGE,)) -> Pagination:
    """The requested page of `items` (a queryset, ordered, or a list); BadPage when the
    address names no page. `parameters` are the list's own (canonical order): their values in
    the request are kept in every page's address."""
    number = requested_number(request)
    paginator = Paginator(items, per_page, allow_empty_first_page=True)
    if number > paginator.num_pages:
        raise BadPage(
            ngettext(
                "There is no page %(number)d: the list has %(count)d page.",
                "There is no page %(number)d: the list has %(count)d pages.",
                paginator.num_pages,
            )
            % {"number": number, "count": paginator.num_pages},
            404,
        )
    return Pagination(paginator.page(number), request.path, kept_parameters(request, parameters))


def kept_parameters(request, parameters) -> list[tuple[str, str]]:
    return [pair for pair in canonical_filters(request.GET, parameters) if pair[0] != PAGE]


def first_page_url(request, parameters=(PAGE,)) -> str:
    """The list's first page with the request's other parameters: where a bad page sends."""
    kept = kept_parameters(request, parameters)
    return f"{request.path}?{urlencode(kept)}" if kept else request.path


def bad_page_response(request, error: BadPage, *, first_page_url: str):
    """The Swedish answer to an address that names no page, with a link to the first."""
    context = {"message": error.message, "first_page_url": first_page_url}
    # The other languages' same page number would be missing too: their first page instead.
    request.language_link_address = first_page_url
    return render(request, "promises/bad_page.html", context, status=error.status)


class PageByKeys:
    """A long list whose page is chosen on its keys first, for `paginate()`.

    `listed` is the filtered, ordered queryset; `rows` reads the same rows in the same order
    with what the page shows (annotations, prefetches). The paginator counts and slices
    `listed` as `pk` only, so its costly annotations are left out unless a filter uses them,
    and only the chosen page's rows are read from `rows`: with every annotation in one query,
    the database computes them for each row of the list (3,300 promises at 300 areas) before
    sorting it and keeping 50.
    """

    ordered = True  # both querysets are; Paginator warns about unordered lists

    def __init__(self, listed, rows):
        self.listed = listed
        self.rows = rows

    def count(self) -> int:
        return self.listed.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError("PageByKeys gives pages (slices), not single rows.")
        # One query still: the page's keys are a subquery (ORDER BY and LIMIT kept in it).
        return self.rows.filter(pk__in=self.listed[index].values("pk"))
