"""The stored full-text search vector of a searchable row, on PostgreSQL only.

`SearchVectorField` is PostgreSQL's `tsvector` there and an always-empty text column on every
other database, so the models and their migrations are the same everywhere. The column is
filled by a trigger (migration 0027_search_vectors, PostgreSQL only, with the GIN index), not
by Django: the trigger also sees bulk_create, queryset updates, loaddata and django-reversion's
raw restores, and Django never has to read a row's text back to compute it. Django writes
NULL and the trigger replaces it.

This module imports nothing from django.contrib.postgres: the field class exists on SQLite
too (docs/architecture.md "Search"). The `matches` lookup is `@@`, asked only on PostgreSQL
(promises/public/search_postgres.py).
"""

from django.db import models

# The searched text columns of each table, each with its weight: A for titles and names, B for
# bodies. Migration 0027 builds its triggers from a copy of this (a migration must not change
# when this module does); tests/models/test_search_vectors.py checks that they agree.
SEARCHED_COLUMNS = {
    ("promises_promise", "search_vector"): (("text", "A"),),
    ("promises_followup", "search_vector"): (("text", "B"),),
    ("promises_action", "search_vector"): (("title", "A"), ("goal", "B")),
    ("promises_indicator", "search_vector"): (("name", "A"),),
    ("promises_partner", "search_vector"): (("name", "A"),),
    ("promises_glossaryterm", "search_vector"): (("term", "A"), ("definition", "B")),
    ("promises_promiseperiod", "situation_vector"): (
        ("situation_heading", "A"),
        ("situation_text", "B"),
    ),
    ("promises_promiseperiod", "goal_vector"): (("goal_heading", "A"), ("goal_text", "B")),
}


class SearchVectorField(models.Field):
    """`tsvector` on PostgreSQL, kept by a trigger; NULL text elsewhere."""

    description = "Full-text search vector (PostgreSQL), kept by a trigger"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("null", True)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def db_type(self, connection):
        return "tsvector" if connection.vendor == "postgresql" else "text"


@SearchVectorField.register_lookup
class Matches(models.Lookup):
    """`search_vector__matches=SearchQuery(...)`: PostgreSQL's `@@`."""

    lookup_name = "matches"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} @@ {rhs}", (*lhs_params, *rhs_params)
