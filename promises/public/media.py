"""Uploaded files (period photos, follow-up documents), served only while what they belong to
is public, or to staff who may preview it.

Files are looked up by the name stored in the database, never by joining the address to
MEDIA_ROOT, so no other file on disk can be reached. A draft's document stays private even if
its address leaks; a proxy must therefore pass /media/ to the application rather than serve
MEDIA_ROOT itself (docs/operations.md "The proxy").
"""

from pathlib import PurePath

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from promises.editing import roles
from promises.models import FollowUp, FollowUpDocument, PromisePeriod

PUBLIC_MAX_AGE = 300


def is_public(path) -> bool:
    """A photo of a published period, or a document of a follow-up visitors may see."""
    return (
        PromisePeriod.objects.published().filter(photo=path).exists()
        or FollowUpDocument.objects.filter(
            file=path, follow_up__in=FollowUp.objects.public()
        ).exists()
    )


def may_preview(path, user) -> bool:
    """Staff see the files of the drafts they may preview."""
    if not (user.is_active and user.is_staff):
        return False
    if PromisePeriod.objects.visible_to(user).filter(photo=path).exists():
        return True
    # Only the drafts this person may open in the admin: another partner's stay private.
    follow_ups = roles.visible(user, FollowUp.objects.all())
    return (
        user.has_perm("promises.view_followup")
        and FollowUpDocument.objects.filter(file=path, follow_up__in=follow_ups).exists()
    )


@require_safe
def media_file(request, path):
    if "\x00" in path:
        # No stored name holds one, and PostgreSQL refuses it in a query.
        raise Http404
    public = is_public(path)
    if not public and not may_preview(path, request.user):
        raise Http404
    try:
        handle = default_storage.open(path, "rb")
    except OSError:
        # The row is there but the file is gone (e.g. a restore without MEDIA_ROOT).
        raise Http404 from None
    # FileResponse names the file and guesses its type from the name, as uploads keep theirs.
    response = FileResponse(handle, filename=PurePath(path).name)
    if public:
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    else:
        patch_cache_control(response, private=True, no_store=True)
    return response
