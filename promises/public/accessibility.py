"""The accessibility statement, its report form, and the glossary of words residents may not
know."""

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from promises.caching.validators import public_page
from promises.models import AccessibilityStatement, GlossaryTerm
from promises.public import report_guard
from promises.public.forms import AccessibilityReportForm
from promises.publishing import seo


@require_safe
@public_page()
def glossary(request):
    terms = GlossaryTerm.objects.alphabetical()
    context = {"terms": terms, "nav": "glossary", "page": seo.glossary_page(request)}
    return render(request, "promises/glossary.html", context)


@require_safe
@public_page()
def statement(request):
    current = AccessibilityStatement.current()
    context = {
        "statement": current,
        "nav": "accessibility",
        "page": seo.accessibility_page(request, current),
    }
    return render(request, "promises/accessibility.html", context)


FLOOD_MESSAGES = {
    report_guard.Flood.ADDRESS: _(
        "Many messages have been sent from your connection in the last hour. Try again later, "
        "or e-mail us instead."
    ),
    report_guard.Flood.SITE: _(
        "The form has received unusually many messages in the last hour and is paused for a "
        "while. Try again later, or e-mail us instead."
    ),
}


# No CSRF cookie for visitors: report_guard explains what protects this form instead.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def report(request):
    """The report form. Never cached: each rendering carries a fresh signed timestamp."""
    status = 200
    if request.method == "POST":
        form = AccessibilityReportForm(request.POST)
        # One report per token: a double click, or a bot replaying the post, is thanked like
        # the first post but stores nothing more.
        status = form.submit(request, lambda valid: valid.save(), FLOOD_MESSAGES)
        if status is None:
            return redirect("promises:accessibility_report_sent", permanent=False)
    else:
        form = AccessibilityReportForm()
    context = {
        "form": form,
        "statement": AccessibilityStatement.current(),
        "nav": "accessibility",
        "page": seo.accessibility_report_page(request),
    }
    return render(request, "promises/accessibility_report.html", context, status=status)


@require_safe
@public_page()
def report_sent(request):
    context = {"nav": "accessibility", "page": seo.accessibility_report_sent_page(request)}
    return render(request, "promises/accessibility_report_sent.html", context)
