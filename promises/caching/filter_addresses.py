"""The promise list's filter parameters and the one order they are read in.

The filter form (promises/public/filters.py) reads these names; the page cache files each
filtered list under them. They live here, below both, so that caching needs nothing from the
public pages.
"""

PARAMETERS = ("period", "omrade", "givare", "status")


def canonical_filters(data) -> list[tuple[str, str]]:
    """The filters a request chose, as the form reads them, in one fixed order.

    Two addresses with the same canonical filters show the same page: the form reads each
    parameter's last value, ignores parameters it does not know, and takes an empty value as
    "All". The page cache files filtered lists under this, so reordered or padded addresses
    share one stored page and junk parameters cannot fill the cache.
    """
    return [(name, value) for name in PARAMETERS if (value := data.get(name))]
