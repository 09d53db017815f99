"""The admin for e-mail alerts: how many follow each period (every staff member), the
addresses themselves (site administrators only), and the privacy text's responsible party."""

from django.contrib import admin
from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from promises.admin.lists import CheckedListMixin
from promises.editing import roles
from promises.editing.concurrency import ConcurrencyFormMixin
from promises.models import AlertPrivacy, OutgoingMessage, Partner, PromisePeriod, Subscription


def subscriber_counts(user):
    """Confirmed addresses per period (following it or one of its promises, and following
    its whole area) and per partner, for the areas the user works in: a site administrator's
    every area, everyone else's own. Each count is one query, however many periods the
    register has. The area's followers are a column of each period's row, not rows of their
    own: they hear of every period in the area, and the page stays one row per period."""
    confirmed = Subscription.objects.confirmed()
    periods = roles.visible_periods(user, PromisePeriod.objects.order_by("-starts_on"))
    partners = Partner.objects.all()
    if not roles.is_site_admin(user):
        partners = partners.filter(area_id__in=roles.reachable_area_ids(user))
    # An address following a period and one of its promises counts once for the period.
    per_period = confirmed.addresses_per(Coalesce("period_id", "promise__period_id"))
    per_area = confirmed.addresses_per(F("area_id"))
    partners = partners.annotate(
        followers=Count(
            "subscriptions",
            filter=Q(subscriptions__confirmed_at__isnull=False),
            distinct=True,
        )
    )
    queue = OutgoingMessage.objects.filter(sent_at__isnull=True)
    return {
        "period_counts": [
            (period, per_period.get(period.pk, 0), per_area.get(period.area_id, 0))
            for period in periods
        ],
        "partner_counts": [(partner, partner.followers) for partner in partners],
        "addresses": confirmed.values("email").distinct().count(),
        "queued": queue.count(),
        "failing": queue.filter(attempts__gt=0).count(),
    }


@admin.register(Subscription)
class SubscriptionAdmin(CheckedListMixin, admin.ModelAdmin):
    """Every staff member sees the counts; only site administrators see (and may delete, when
    a resident asks) the addresses. Nobody adds or edits a subscription here: only the
    resident's own confirmation link starts one."""

    list_display = ("email", "followed", "created_at", "confirmed_at")
    list_filter = (("confirmed_at", admin.EmptyFieldListFilter),)
    search_fields = ("email",)
    readonly_fields = ("email", "period", "partner", "promise", "created_at", "confirmed_at")
    fields = readonly_fields
    change_list_template = "admin/promises/subscription/change_list.html"

    @admin.display(description=_("follows"))
    def followed(self, obj):
        return obj.followed

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def get_queryset(self, request):
        # Every staff member may open the counts page (has_view_permission without an object),
        # and Django's autocomplete asks only that before listing this queryset (through
        # OutgoingMessage.subscription): the addresses themselves are for administrators.
        queryset = super().get_queryset(request)
        return queryset if roles.is_site_admin(request.user) else queryset.none()

    def get_search_fields(self, request):
        # No search fields: the autocomplete answers 404 for everyone else.
        return self.search_fields if roles.is_site_admin(request.user) else ()

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return self.has_module_permission(request)
        return roles.is_site_admin(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return roles.is_site_admin(request.user)

    def changelist_view(self, request, extra_context=None):
        context = {**subscriber_counts(request.user), **(extra_context or {})}
        if roles.is_site_admin(request.user):
            return super().changelist_view(request, extra_context=context)
        context.update(
            self.admin_site.each_context(request),
            opts=self.opts,
            title=_("E-mail subscribers"),
        )
        return TemplateResponse(request, "admin/promises/subscription/counts.html", context)


@admin.register(AlertPrivacy)
class AlertPrivacyAdmin(CheckedListMixin, admin.ModelAdmin):
    """Who is responsible for the subscribers' addresses: site administrators fill it in."""

    form = ConcurrencyFormMixin
    fields = ("controller", "updated_at", "edit_token")
    readonly_fields = ("updated_at",)

    def has_module_permission(self, request):
        return roles.is_site_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return roles.is_site_admin(request.user)

    def has_change_permission(self, request, obj=None):
        return roles.is_site_admin(request.user)

    def has_add_permission(self, request):
        return roles.is_site_admin(request.user) and not AlertPrivacy.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
