"""When the site's public content last changed, shared by every process.

The moment lives in the database (the truth) and in the shared cache (so a warm request needs
no query). Every save or delete of content calls `mark_changed()`; validators and page caches
call `last_changed()`.
"""

import datetime

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

CACHE_KEY = "promises:content-last-changed"


def last_changed() -> datetime.datetime:
    changed_at = cache.get(CACHE_KEY)
    if changed_at is None:
        from .models import ContentStamp

        stamp = ContentStamp.objects.filter(pk=1).values_list("changed_at", flat=True).first()
        changed_at = stamp or _record(timezone.now())
        cache.set(CACHE_KEY, changed_at, timeout=None)
    return changed_at


def mark_changed() -> None:
    changed_at = _record(timezone.now())
    # Publish the new moment only once the change is visible to other processes, so nobody
    # caches the old content under the new moment.
    transaction.on_commit(lambda: cache.set(CACHE_KEY, changed_at, timeout=None))


def _record(moment):
    from .models import ContentStamp

    # Whole seconds: HTTP dates have no fractions, and validators must compare equal.
    moment = moment.replace(microsecond=0)
    previous = ContentStamp.objects.filter(pk=1).values_list("changed_at", flat=True).first()
    if previous is not None and moment <= previous:
        moment = previous + datetime.timedelta(seconds=1)
    ContentStamp.objects.update_or_create(pk=1, defaults={"changed_at": moment})
    return moment
