import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "medborgarlofte.settings")

# Django's handler, with this process's copies of stored pages answered in front of it.
_django = get_wsgi_application()

from promises.caching.replay import ReplayStoredPages  # noqa: E402 (needs Django set up)

application = ReplayStoredPages(_django)
