"""History, restore and recovery in the admin, built on django-reversion's VersionAdmin."""

import json
from contextlib import nullcontext

import reversion
from django.apps import apps
from django.contrib import messages
from django.contrib.admin.models import LogEntry
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.formats import localize
from django.utils.text import capfirst
from django.utils.timezone import template_localtime
from django.utils.translation import gettext, override
from reversion.admin import VersionAdmin, _RollBackRevisionView
from reversion.errors import RevertError
from reversion.models import Version
from reversion.utils import mute_signals

from promises.admin.lists import CheckedListMixin
from promises.admin.restore import RestoreGuard
from promises.editing import history, roles
from promises.editing.concurrency import ConcurrencyFormMixin


def record_initial_version(obj):
    """Store the content as it is before its first change in the admin.

    Content that came from the data migration (or the shell) has no version yet; without this
    its original wording could not be restored after the first edit.
    """
    if Version.objects.get_for_object(obj).exists():
        return
    with reversion.create_revision():
        reversion.set_comment(gettext("As it was before the first change in the admin"))
        reversion.add_to_revision(obj)


def _still_exists(model, object_id) -> bool:
    try:
        return model._default_manager.filter(pk=object_id).exists()
    except (ValueError, TypeError):
        return False


def _field_names():
    """The promises app's field labels as Django stores them in a change message (English,
    capitalised: "What was done") mapped to the active language's ("vad som gjordes").

    Django translates a stored label by looking it up as it is, and the catalogue knows the
    verbose name ("what was done"), not its capitalised form: the history said "Ändrade What
    was done"."""
    names = {}
    for model in apps.get_app_config("promises").get_models():
        for field in model._meta.get_fields():
            verbose_name = getattr(field, "verbose_name", None)
            if verbose_name is None:
                continue
            with override(None):
                stored = capfirst(str(verbose_name))
            names.setdefault(stored, str(verbose_name))
    return names


def readable_comment(comment: str) -> str:
    """A version's comment in Swedish: the admin's change message with the field names
    translated and without the hidden version check every save posts."""
    if not comment.startswith("["):
        return comment
    try:
        parts = json.loads(comment)
    except json.JSONDecodeError:
        return comment
    if not isinstance(parts, list):
        return comment
    with override(None):
        hidden = {str(ConcurrencyFormMixin.base_fields["edit_token"].label)}
    names = _field_names()
    kept = []
    for part in parts:
        changed = part.get("changed") if isinstance(part, dict) else None
        if isinstance(changed, dict) and isinstance(changed.get("fields"), list):
            fields = [names.get(name, name) for name in changed["fields"] if name not in hidden]
            if not fields:
                continue
            changed["fields"] = fields
        kept.append(part)
    return LogEntry(change_message=json.dumps(kept)).get_change_message()


class HistoryAdmin(CheckedListMixin, VersionAdmin):
    """Readable Swedish history; restoring and deleting are recorded as versions too."""

    object_history_template = "admin/promises/object_history.html"
    change_list_template = "admin/promises/change_list.html"
    history_latest_first = True
    # A version of a promise is restored alone; a period's version brings its promises back.
    restore_whole_revision = False

    def may_restore(self, request, obj):
        return self.has_change_permission(request, obj)

    def log_change(self, request, obj, message):
        # django-reversion stores the change message as text in the version's comment, in the
        # words Django's LogEntry gives it ("Ändrade What was done"): store ours instead.
        entry = super().log_change(request, obj, message)
        if reversion.is_active() and isinstance(message, list):
            reversion.set_comment(readable_comment(json.dumps(message)))
        return entry

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # A preview (promises/admin/preview.py) posts the form but saves nothing, not even this.
        if request.method == "POST" and "_preview" not in request.POST:
            # get_object answers None for an id that is no id at all ("abc"), as for one
            # outside the user's scope; Django's own view then says it does not exist.
            obj = self.get_object(request, unquote(object_id))
            if obj is not None:
                record_initial_version(obj)
        return super().change_view(request, object_id, form_url, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_view_or_change_permission(request, obj):
            raise Http404
        opts = self.model._meta
        versions = (
            Version.objects.get_for_object(obj)
            .select_related("revision__user")
            .order_by("revision__date_created", "pk")
        )

        def url_for(version):
            return reverse(
                f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_revision",
                args=(quote(obj.pk), version.pk),
            )

        entries = history.entries(self.model, versions, url_for)
        entries.reverse()
        for entry in entries:
            entry.comment = readable_comment(entry.version.revision.comment)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("History: %(object)s") % {"object": obj},
            "subtitle": None,
            "entries": entries,
            "may_restore": self.may_restore(request, obj),
            "module_name": str(opts.verbose_name_plural).capitalize(),
            "object": obj,
            "opts": opts,
            "preserved_filters": self.get_preserved_filters(request),
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.object_history_template, context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # Check the object as it is now, before the old version is put back: nobody restores
        # something they may not change today.
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.may_restore(request, obj):
            raise PermissionDenied
        # django-reversion looks the version up by its id and the object id alone: a version of
        # another model with the same object id (a period's, through a partner's history) would
        # be restored through this page.
        versions = Version.objects.get_for_object_reference(self.model, obj.pk)
        if not versions.filter(pk=version_id).exists():
            raise Http404
        return super().revision_view(request, object_id, version_id, extra_context)

    def changelist_view(self, request, extra_context=None):
        extra_context = {"may_recover": roles.is_site_admin(request.user), **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    def recoverlist_view(self, request, extra_context=None):
        if not roles.is_site_admin(request.user):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not roles.is_site_admin(request.user):
            raise PermissionDenied
        # Only a version of this admin's model, of an object that no longer exists: recovering
        # is not a way to restore a living object, or another model's, past its own history.
        version = Version.objects.get_for_model(self.model).filter(pk=version_id).first()
        if version is None or _still_exists(self.model, version.object_id):
            raise Http404
        return super().recover_view(request, version_id, extra_context)

    def _reversion_revisionform_view(self, request, version, template_name, extra_context=None):
        """django-reversion's view, but able to restore one object rather than its revision.

        A revision saved from a period's form holds every promise of the period; restoring one
        promise must not put back other partners' promises.
        """
        if request.method == "GET":
            signal_context = mute_signals(pre_save, post_save, pre_delete, post_delete, m2m_changed)
        else:
            signal_context = nullcontext()
        guard = RestoreGuard(self, request, version, self.restore_whole_revision)
        try:
            with transaction.atomic(using=version.db), signal_context:
                # Refused restores raise PermissionDenied inside the transaction: nothing stays.
                guard.before()
                if self.restore_whole_revision:
                    version.revision.revert(delete=True)
                else:
                    version.revert()
                guard.after()
                with self.create_revision(request):
                    response = self.changeform_view(
                        request, quote(version.object_id), request.path, extra_context
                    )
                    if request.method == "POST" and response.status_code == 302:
                        reversion.set_comment(
                            gettext("Restored the version saved %(datetime)s")
                            % {
                                "datetime": localize(
                                    template_localtime(version.revision.date_created)
                                )
                            }
                        )
                    elif response.status_code == 200:
                        response.template_name = template_name
                        response.render()
                        raise _RollBackRevisionView(response)
                    else:
                        raise RevertError(
                            gettext("Could not load %(object)s version")
                            % {"object": version.object_repr}
                        )
        except (RevertError, models.ProtectedError) as error:
            opts = self.model._meta
            messages.error(request, str(error))
            return redirect(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_changelist")
        except _RollBackRevisionView as rollback:
            return rollback.response
        return response

    def delete_model(self, request, obj):
        with reversion.create_revision():
            self._record_deletion(request, [obj])
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with reversion.create_revision():
            self._record_deletion(request, list(queryset))
        super().delete_queryset(request, queryset)

    def _record_deletion(self, request, objects):
        """Keep a last version, so even content never saved in the admin can be recovered."""
        reversion.set_user(request.user)
        reversion.set_comment(
            gettext("Deleted: %(objects)s") % {"objects": ", ".join(str(o) for o in objects)}
        )
        for obj in objects:
            reversion.add_to_revision(obj)
