"""Keep each period's "last changed" time true when its promises or partners change, and move
the content stamps of every page a change shows (promises/caching/content_stamp.py).

The period's `updated_at` is what the public page shows as "Senast uppdaterad", so an edit
anywhere in the content the page shows must move it.
"""

import contextlib

from django.db import DatabaseError
from django.db.backends.signals import connection_created
from django.db.models import Model, QuerySet
from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_migrate,
    post_save,
    pre_delete,
    pre_save,
)
from django.dispatch import receiver
from django.utils import timezone

from promises.caching import content_stamp
from promises.caching.content_areas import areas_showing, wider
from promises.models import (
    CONTENT_MODELS,
    Action,
    ActionNote,
    Area,
    ContentStamp,
    FollowUp,
    FollowUpDocument,
    FollowUpFigure,
    FollowUpLink,
    Indicator,
    IndicatorValue,
    Partner,
    Promise,
    PromisePeriod,
)
from promises.public import search
from promises.publishing import alerts
from promises.publishing.site_identity import read_identity

M2M_THROUGH = (
    Promise.givers.through,
    PromisePeriod.partners.through,
    Promise.focus_areas.through,
)
_AREAS_BEFORE = "_content_areas_before"
_IDENTITY_BEFORE = "_site_identity_before"
_UNCHANGED = object()
_MARKED = "_content_stamps_marked"


def _areas_of(instance):
    # Read after every change marked before has committed (a partner moved meanwhile).
    content_stamp.hold()
    model = type(instance)
    return areas_showing(model, model._base_manager.filter(pk=instance.pk))


def content_saving(sender, instance, **kwargs):
    # The areas that showed the row before: a promise moved to another period, a period or a
    # partner to another area, leaves pages there that must change too.
    if instance.pk is not None:
        setattr(instance, _AREAS_BEFORE, _areas_of(instance))


def content_saved(sender, instance, **kwargs):
    before = instance.__dict__.pop(_AREAS_BEFORE, set())
    content_stamp.mark_changed(wider(before, _areas_of(instance)))


def content_deleting(sender, instance, origin=None, **kwargs):
    # Before the rows go (inside the deletion's transaction), while their links still show
    # where they appear. A row deleted along with another content row (a promise's follow-ups
    # with the promise) is on no page the other's does not reach: the other marks them all,
    # and a queryset's deletion (a list's "delete selected", a backup's import) marks all its
    # rows at once.
    if isinstance(origin, Model) and type(origin) in CONTENT_MODELS:
        if origin is instance:
            content_stamp.mark_changed(_areas_of(instance))
    elif isinstance(origin, QuerySet) and origin.model in CONTENT_MODELS:
        if not getattr(origin, _MARKED, False):
            setattr(origin, _MARKED, True)
            content_stamp.hold()
            content_stamp.mark_changed(areas_showing(origin.model, origin))
    else:
        content_stamp.mark_changed(_areas_of(instance))


for model in CONTENT_MODELS:
    name = model.__name__
    pre_save.connect(content_saving, sender=model, dispatch_uid=f"content-before-save-{name}")
    post_save.connect(content_saved, sender=model, dispatch_uid=f"content-save-{name}")
    pre_delete.connect(content_deleting, sender=model, dispatch_uid=f"content-delete-{name}")


def relation_changed(sender, instance, action, model, pk_set, **kwargs):
    """A link added or removed shows on the pages of both ends; a clear is marked before it
    happens, while the instance's areas still include those of the rows it linked to."""
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    areas = _areas_of(instance)
    if pk_set:
        others = areas_showing(model, model._base_manager.filter(pk__in=pk_set))
        # A row every page shows (a focus area) has no page of its own beyond the lists
        # across areas, which follow every change anyway.
        if others is not None:
            areas = wider(areas, others)
    content_stamp.mark_changed(areas)


for through in M2M_THROUGH:
    m2m_changed.connect(relation_changed, sender=through, dispatch_uid=f"content-m2m-{through}")


@receiver(post_migrate, dispatch_uid="content-migrated")
def content_migrated(sender, app_config=None, plan=None, **kwargs):
    """A migration of this app may rewrite content without signals (historical models send
    none to these receivers): move every stamp, so no page stored before the deploy, in a
    shared cache that outlives it, is replayed over the migrated rows."""
    if app_config is None or app_config.name != "promises":
        return
    if not any(migration.app_label == "promises" for migration, _backwards in plan or ()):
        return
    # Migrated back to before the stamps' tables: no page can key on them then. A database
    # without the site's row (a new one) has answered no page yet: nothing to move.
    with contextlib.suppress(DatabaseError):
        if ContentStamp.objects.filter(pk=content_stamp.SITE_ROW).exists():
            content_stamp.mark_changed()


def _sole_area_id():
    sole = read_identity().sole_area
    return sole.pk if sole else None


@receiver(pre_save, sender=PromisePeriod, dispatch_uid="period-identity-before")
def period_identity_before(sender, instance, **kwargs):
    """What the whole site calls itself follows which areas publish a period
    (promises/publishing/site_identity.py), and every page's header shows it."""
    # Read after every change marked before has committed (another area's publication).
    content_stamp.hold()
    old = (
        PromisePeriod._base_manager.filter(pk=instance.pk)
        .values_list("is_published", "area_id")
        .first()
        if instance.pk is not None
        else None
    )
    new = (instance.is_published, instance.area_id)
    if old != new and (instance.is_published or (old is not None and old[0])):
        setattr(instance, _IDENTITY_BEFORE, _sole_area_id())


@receiver(post_save, sender=PromisePeriod, dispatch_uid="period-identity-after")
def period_identity_after(sender, instance, **kwargs):
    before = instance.__dict__.pop(_IDENTITY_BEFORE, _UNCHANGED)
    if before is not _UNCHANGED and before != _sole_area_id():
        content_stamp.mark_changed()


@receiver(pre_delete, sender=PromisePeriod, dispatch_uid="period-identity-delete")
def published_period_deleting(sender, instance, **kwargs):
    # The site's name may follow this period's area: refresh every page.
    if instance.is_published:
        content_stamp.mark_changed()


@receiver(post_save, sender=Promise)
@receiver(post_delete, sender=Promise)
def promise_changed(sender, instance, **kwargs):
    PromisePeriod.objects.filter(pk=instance.period_id).touch()


@receiver(m2m_changed, sender=Promise.givers.through)
def promise_givers_changed(sender, instance, action, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if isinstance(instance, Promise):
        PromisePeriod.objects.filter(pk=instance.period_id).touch()
    else:
        PromisePeriod.objects.filter(promises__givers=instance).touch()


@receiver(post_save, sender=Partner)
@receiver(pre_delete, sender=Partner)
def partner_changed(sender, instance, **kwargs):
    PromisePeriod.objects.filter(partners=instance).touch()
    PromisePeriod.objects.filter(promises__givers=instance).touch()


@receiver(m2m_changed, sender=PromisePeriod.partners.through)
def period_partners_changed(sender, instance, action, **kwargs):
    if action.startswith("post_") and isinstance(instance, PromisePeriod):
        PromisePeriod.objects.filter(pk=instance.pk).touch()


@receiver(post_save, sender=Partner, dispatch_uid="partner-editor-group")
def give_partner_an_editor_group(sender, instance, raw=False, **kwargs):
    """Every partner has its own editor group, named after it (docs/architecture.md "Roles")."""
    if raw:
        return
    from promises.editing import roles

    roles.sync_editor_group(instance)


@receiver(post_save, sender=Area, dispatch_uid="area-coordinator-group")
def give_area_a_coordinator_group(sender, instance, raw=False, **kwargs):
    """Every area has its own coordinator group, named after it (docs/architecture.md
    "Roles")."""
    if raw:
        return
    from promises.editing import roles

    roles.sync_coordinator_group(instance)


@receiver(pre_save, sender=Promise, dispatch_uid="promise-search-text")
@receiver(pre_save, sender=FollowUp, dispatch_uid="follow-up-search-text")
def keep_search_text(sender, instance, **kwargs):
    # Also on raw saves: django-reversion restores versions that way (promises/public/search.py).
    instance.search_text = search.normalise(instance.text)


# SQLite's half of search: `search_fold()` in SQL (promises/public/search.py).
connection_created.connect(search.install_fold, dispatch_uid="search-fold")


@receiver(pre_save, sender=Action, dispatch_uid="action-search-text")
def keep_action_search_text(sender, instance, **kwargs):
    # Residents find a promise by what is being done for it, too (promises/public/search.py).
    instance.search_text = search.normalise(f"{instance.title}\n{instance.goal}")


def _touch_promises(promise_ids):
    """A follow-up is part of its promise's page and its period's overview: move both."""
    Promise.objects.filter(pk__in=promise_ids).update(updated_at=timezone.now())
    PromisePeriod.objects.filter(promises__in=promise_ids).touch()


@receiver(post_save, sender=FollowUp, dispatch_uid="follow-up-touches-promise")
@receiver(post_delete, sender=FollowUp, dispatch_uid="follow-up-delete-touches-promise")
def follow_up_changed(sender, instance, **kwargs):
    _touch_promises([instance.promise_id])


@receiver(post_save, sender=FollowUpFigure, dispatch_uid="figure-touches-promise")
@receiver(post_save, sender=FollowUpLink, dispatch_uid="link-touches-promise")
@receiver(post_save, sender=FollowUpDocument, dispatch_uid="document-touches-promise")
@receiver(post_delete, sender=FollowUpFigure, dispatch_uid="figure-delete-touches-promise")
@receiver(post_delete, sender=FollowUpLink, dispatch_uid="link-delete-touches-promise")
@receiver(post_delete, sender=FollowUpDocument, dispatch_uid="document-delete-touches-promise")
def follow_up_detail_changed(sender, instance, **kwargs):
    _touch_promises(FollowUp.objects.filter(pk=instance.follow_up_id).values("promise_id"))


@receiver(post_save, sender=Action, dispatch_uid="action-touches-promise")
@receiver(post_delete, sender=Action, dispatch_uid="action-delete-touches-promise")
@receiver(post_save, sender=Indicator, dispatch_uid="indicator-touches-promise")
@receiver(post_delete, sender=Indicator, dispatch_uid="indicator-delete-touches-promise")
def action_or_indicator_changed(sender, instance, **kwargs):
    # Shown on the promise's page and the period's åtgärdsplan: both say when they changed.
    _touch_promises([instance.promise_id])


@receiver(post_save, sender=ActionNote, dispatch_uid="action-note-touches-promise")
@receiver(post_delete, sender=ActionNote, dispatch_uid="action-note-delete-touches-promise")
def action_note_changed(sender, instance, **kwargs):
    _touch_promises(Action.objects.filter(pk=instance.action_id).values("promise_id"))


@receiver(post_save, sender=IndicatorValue, dispatch_uid="indicator-value-touches-promise")
@receiver(post_delete, sender=IndicatorValue, dispatch_uid="value-delete-touches-promise")
def indicator_value_changed(sender, instance, **kwargs):
    _touch_promises(Indicator.objects.filter(pk=instance.indicator_id).values("promise_id"))


def news_published(sender, instance, raw=False, **kwargs):
    """E-mail alerts: a published follow-up (or any model in ALERT_SOURCES) is news for its
    followers, recorded in the same transaction as the save (promises/publishing/alerts.py).
    Raw saves (a backup being loaded) are not news."""
    if not raw:
        alerts.queue_alerts_for(instance)


for source in alerts.ALERT_SOURCES:
    post_save.connect(
        news_published, sender=source.model, dispatch_uid=f"alerts-{source.model.__name__}"
    )
