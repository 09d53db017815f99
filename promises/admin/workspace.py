"""The editors' workspace on the admin start page: the promises one works on, with their
status and a direct way to report on each, before the list of everything else."""

from django.urls import reverse

from promises.editing import roles
from promises.models import Promise, PromisePeriod


def workspace(request, site_name):
    """What the start page shows above the models: the current (or latest) period's promises
    the user edits: an editor's own partner's, everyone's for coordinators and administrators."""
    user = request.user
    if not user.has_perm("promises.view_promise"):
        return None
    # The user's own areas' period (a coordinator's, an editor's partners'), not another area's.
    period = roles.visible_periods(user, PromisePeriod.objects.all()).current_or_latest()
    if period is None:
        return None
    promises = (
        roles.visible(user, Promise.objects.filter(period=period))
        .with_status()
        .with_giver_statuses()
        .with_number()
        .prefetch_related("givers")
        .order_by("order", "pk")
    )
    may_report = user.has_perm("promises.add_followup")
    add_follow_up = reverse(f"{site_name}:promises_followup_add")
    # One query for the whole list, not one per promise.
    editable_ids = set(roles.editable(user, promises).values_list("pk", flat=True))
    sees_all = roles.sees_all_content(user)
    own_partners = set() if sees_all else {partner.pk for partner in roles.partners_of(user)}
    rows = []
    for promise in promises:
        editable = promise.pk in editable_ids
        statuses = promise.giver_statuses() if promise.is_joint else []
        rows.append(
            {
                "promise": promise,
                "number": promise.number,
                # The editor's own partner's status is what they report on: first, and apart
                # from the other givers' and the overall one.
                "own_statuses": [own for own in statuses if own.giver.pk in own_partners],
                "other_statuses": [own for own in statuses if own.giver.pk not in own_partners],
                "givers": ", ".join(giver.name for giver in promise.givers.all()),
                "change_url": reverse(f"{site_name}:promises_promise_change", args=[promise.pk]),
                "may_change": editable and user.has_perm("promises.change_promise"),
                # Django's add form fills in fields named in the query string.
                "add_follow_up_url": f"{add_follow_up}?promise={promise.pk}"
                if may_report and editable
                else None,
            }
        )
    return {
        "period": period,
        "rows": rows,
        "sees_all": sees_all,
        "partners": list(roles.partners_of(user)),
    }
