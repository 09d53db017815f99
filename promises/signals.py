"""Keep each period's "last changed" time true when its promises or partners change.

The period's `updated_at` is what the public page shows as "Senast uppdaterad", so an edit
anywhere in the content the page shows must move it.
"""

from django.db.backends.signals import connection_created
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from django.utils import timezone

from promises.caching import content_stamp
from promises.models import (
    CONTENT_MODELS,
    Action,
    ActionNote,
    Area,
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

M2M_THROUGH = (
    Promise.givers.through,
    PromisePeriod.partners.through,
    Promise.focus_areas.through,
)


def content_changed(sender, **kwargs):
    content_stamp.mark_changed()


for model in CONTENT_MODELS:
    post_save.connect(content_changed, sender=model, dispatch_uid=f"content-save-{model.__name__}")
    post_delete.connect(
        content_changed, sender=model, dispatch_uid=f"content-delete-{model.__name__}"
    )
for through in M2M_THROUGH:
    m2m_changed.connect(content_changed, sender=through, dispatch_uid=f"content-m2m-{through}")


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
