"""The public lists' parameters (filters and page number) and the one order they are read in.

The filter form (promises/public/filters.py) and the page numbers (promises/public/pagination.py)
read these names; the page cache files each filtered or numbered list under them. They live
here, below both, so that caching needs nothing from the public pages.
"""

from django.core.validators import slug_re

# The page number of a long list: `?sida=2`. Page 1 has no number in its address.
PAGE = "sida"

# One area of a register-wide page: `?polisomrade=<area slug>`.
AREA = "polisomrade"

# The promise list's filters, and with the page number its parameters, in the order its
# addresses are written.
FILTERS = (AREA, "period", "omrade", "givare", "status")
PARAMETERS = (*FILTERS, PAGE)

# Every list the page cache files under its parameters, by URL name: each view refuses (400 or
# 404) a value it does not know, so only a finite set of addresses can be stored.
LISTS = {
    "promises:promise_list": PARAMETERS,
    "promises:period_list": (PAGE,),
    "promises:partner_list": (AREA, PAGE),
    "promises:contact": (AREA,),
    "promises:open_data": (AREA,),
}


def canonical_filters(data, parameters=PARAMETERS) -> list[tuple[str, str]]:
    """The parameters a request chose, as the views read them, in one fixed order.

    Two addresses with the same canonical filters show the same page: the views read each
    parameter's last value, ignore parameters they do not know, and take an empty value as
    "All" (and page 1 has no number). The page cache files lists under this, so reordered or
    padded addresses share one stored page and junk parameters cannot fill the cache.
    """
    return [
        (name, value)
        for name in parameters
        if (value := data.get(name)) and not (name == PAGE and value == "1")
    ]


def slug_or_nothing(value) -> str:
    """An address's value where it could be a slug (an area's, a period's, a partner's), else
    "", which names nothing.

    Such values reach a query before any form has checked them; one that is no slug names
    nothing anyway, and PostgreSQL refuses text with a NUL byte outright (a 500)."""
    return value if isinstance(value, str) and slug_re.fullmatch(value) else ""
