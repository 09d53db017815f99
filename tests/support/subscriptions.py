"""A resident's confirmed e-mail subscription, as the confirmation link leaves it."""

import datetime

from promises.models import Subscription

CONFIRMED_AT = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


def confirmed_subscriber(email, **follows):
    """A confirmed subscription of `email` to what `follows` names (area, period, partner or
    promise)."""
    return Subscription.objects.create(email=email, confirmed_at=CONFIRMED_AT, **follows)
