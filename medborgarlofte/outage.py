"""When the database is down, visitors get a calm Swedish page instead of an error."""

import logging

from django.db import DatabaseError, connections
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30


def unavailable_response(request):
    from django.http import HttpResponse

    response = HttpResponse(render_to_string("503.html", request=None), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DatabaseError) or is_database_reachable():
            return None
        logger.error("Database unavailable: %s", exception)
        for connection in connections.all():
            # Drop the broken connection so the next request connects afresh.
            connection.close_if_unusable_or_obsolete()
        return unavailable_response(request)


def is_database_reachable(alias="default") -> bool:
    connection = connections[alias]
    try:
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        connection.close()
        return False
    return True
