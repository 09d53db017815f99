"""The roles a per-role suite runs for, with the everyday loop's share of them.

The attack suites that walk the whole admin once per role (the walk, the history attacks, the
huge ids, the crawl) take most of `make test-fast`'s time. The everyday loop runs them for one
role, an editor of one municipality (the narrowest scope, where a door left open shows
first); the other roles carry the marker `every_role`, which `make test-fast` leaves out and
`make test` runs (Makefile, docs/benchmarks.md).
"""

import pytest

from .attack_world import TJORN

REPRESENTATIVE = TJORN


def role_params(roles, group=None):
    """One pytest param per role; `group` names each role's pytest-xdist group
    (f"{group}-{role}"), so the workers share the roles out."""
    params = []
    for role in roles:
        marks = [] if role == REPRESENTATIVE else [pytest.mark.every_role]
        if group:
            marks.append(pytest.mark.xdist_group(f"{group}-{role}"))
        params.append(pytest.param(role, marks=marks))
    assert REPRESENTATIVE in roles
    return params
