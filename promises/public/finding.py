"""Pages that help residents find their way: how follow-up works, the filterable list of
promises, and search over promises and follow-ups."""

from django.db.models import Prefetch
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from promises.caching.filter_addresses import FILTERS, PARAMETERS
from promises.caching.validators import public_page
from promises.models import (
    MIXED,
    MIXED_LABEL,
    NO_FOLLOW_UP,
    NO_FOLLOW_UP_LABEL,
    Action,
    FocusArea,
    FollowUp,
    GlossaryTerm,
    Partner,
    Promise,
    PromisePeriod,
    StatusDefinition,
)
from promises.public import pagination, search, snippets
from promises.public.filters import filter_form
from promises.publishing import seo


@require_safe
@public_page()
def follow_up_method(request):
    definitions = sorted(StatusDefinition.objects.all(), key=lambda d: d.order)
    context = {
        "definitions": definitions,
        "no_follow_up": NO_FOLLOW_UP,
        "no_follow_up_label": NO_FOLLOW_UP_LABEL,
        "mixed": MIXED,
        "mixed_label": MIXED_LABEL,
        "nav": "method",
        "page": seo.follow_up_method_page(request),
    }
    return render(request, "promises/follow_up_method.html", context)


def public_promises(*follow_up_fields):
    return (
        Promise.objects.public()
        .with_status()
        .with_giver_statuses(*follow_up_fields)
        .select_related("period")
        .prefetch_related("givers", "focus_areas")
        .order_by("-period__starts_on", "period", "order", "pk")
    )


def show_own_statuses(promises, givers=(), *, kind=None):
    """Give each promise `chosen_statuses`: the own status of each of `givers` (or of each
    giver of `kind`) that gives it, which the list shows instead of the overall status (a
    giver chosen or searched for is told its own truth, not "Olika för olika parter")."""
    ids = {giver.pk for giver in givers}
    for promise in promises:
        promise.chosen_statuses = [
            own
            for own in promise.giver_statuses()
            if (own.giver.kind == kind if kind else own.giver.pk in ids)
        ]
    return promises


def without_search_marks(promises):
    """`_promise_item.html` asks each promise for the search's marks and the chosen givers'
    statuses: a list without them says so, as an attribute the template does not find costs
    it a `dir()` of the model, three times per promise."""
    for promise in promises:
        promise.marked_text = promise.snippet = None
        if not hasattr(promise, "chosen_statuses"):
            promise.chosen_statuses = []
    return promises


def request_filter_form(request):
    """Built once per request: the validators ask about it before the view does."""
    if not hasattr(request, "_promise_filter_form"):
        request._promise_filter_form = filter_form(request.GET)
    return request._promise_filter_form


# Promises on one page of the list: at 300 areas the whole list was 2 MB.
PROMISES_PER_PAGE = 50


def valid_filters(request):
    return request_filter_form(request).is_valid() and pagination.page_number_is_valid(request)


@require_safe
@public_page(exists=valid_filters)
def promise_list(request):
    form = request_filter_form(request)
    valid = form.is_valid()
    pages = None
    if valid:
        # Built once (its status subqueries cost a few milliseconds to build): the filtered
        # list's keys choose the page, and the page's rows are read from it.
        every = public_promises()
        try:
            pages = pagination.paginate(
                request,
                pagination.PageByKeys(form.filter(every), every),
                per_page=PROMISES_PER_PAGE,
                parameters=PARAMETERS,
            )
        except pagination.BadPage as error:
            first_page = pagination.first_page_url(request, PARAMETERS)
            return pagination.bad_page_response(request, error, first_page_url=first_page)
    promises = pages.items if pages else []
    side = form.every_areas_side() if valid else None
    givers = form.chosen_givers() if valid and not side else None
    if side:
        show_own_statuses(promises, kind=side)
    elif givers:
        show_own_statuses(promises, givers)
    without_search_marks(promises)
    is_filtered = any(request.GET.get(name) for name in FILTERS)
    page = seo.promise_list_page(request)
    if pages and not is_filtered:
        # Each page of the whole list is its own page for search engines; filtered lists
        # are not indexed and keep the list's own address as canonical.
        page.path = pages.current_url
    context = {
        "form": form,
        "promises": promises,
        "count": pages.page.paginator.count if pages else 0,
        "pagination": pages,
        "chosen": form.chosen(),
        "is_filtered": is_filtered,
        "nav": "promises",
        "page": page,
    }
    return render(request, "promises/promise_list.html", context, status=200 if valid else 400)


def period_sections_matching(words):
    """The lägesbild and goal sections of published periods that hold every word: a few rows
    of long text, searched in Python with the same normalisation as the database rows."""
    found = []
    for period in PromisePeriod.objects.published():
        sections = (
            (
                "lagesbild",
                period.situation_heading or _("The local situation"),
                period.situation_text,
            ),
            ("malet", period.goal_heading or _("The goal"), period.goal_text),
        )
        for anchor, heading, text in sections:
            if text and search.text_matches(f"{heading} {text}", words):
                found.append(
                    {
                        "url": f"{period.get_absolute_url()}#{anchor}",
                        "heading": heading,
                        "period": period,
                        "excerpt": snippets.snippet(text, words),
                    }
                )
    return found


def searched_promises():
    """Public promises with the texts search looks in besides their own (published follow-ups,
    read with their statuses, and actions), so a result can show the one that matched: one
    query more than the list, for any number of promises."""
    return public_promises("text").prefetch_related(
        Prefetch(
            "actions",
            queryset=Action.objects.published().only("pk", "promise_id", "title", "goal"),
            to_attr="searched_actions",
        ),
    )


def mark_promise(promise, words):
    """`marked_text`: the promise with the words marked; `snippet`: (where from, snippet) when
    another field holds more of the words than the promise's own text, else None."""
    promise.marked_text = snippets.marked(promise.text, words)
    fields = [(None, promise.text)]
    fields += [(_("From a follow-up"), f.text) for f in promise.reported_follow_ups]
    fields += [(_("From an action"), f"{a.title}\n{a.goal}") for a in promise.searched_actions]
    # max() keeps the first of equals: the promise's own text wins a tie.
    source, text = max(fields, key=lambda field: snippets.count_found(field[1], words))
    promise.snippet = (source, snippets.snippet(text, words)) if source else None


def suggested_words():
    """Words a zero-result page offers: focus areas in use and glossary terms, all from the
    content itself."""
    areas = FocusArea.objects.filter(promises__period__is_published=True).distinct()
    words = [str(area) for area in areas[:6]]
    words += [term.term for term in GlossaryTerm.objects.alphabetical()[:6]]
    return words


def query_is_acceptable(request):
    return len(request.GET.get("q", "")) <= search.MAX_QUERY_LENGTH


@require_safe
@public_page(exists=query_is_acceptable)
def search_page(request):
    query = request.GET.get("q", "")
    too_long = not query_is_acceptable(request)
    words = [] if too_long else search.terms(query)
    promises, follow_ups, partners, sections, terms = [], [], [], [], []
    if words:
        every_partner = list(Partner.objects.all())
        partners = search.matching_partners(words, every_partner)
        promises = list(searched_promises().filter(search.promise_matches(words, every_partner)))
        show_own_statuses(promises, partners)
        for promise in promises:
            mark_promise(promise, words)
        for partner in partners:
            partner.marked_name = snippets.marked(partner.name, words)
        sections = period_sections_matching(words)
        terms = [
            term
            for term in GlossaryTerm.objects.alphabetical()
            if search.text_matches(f"{term.term} {term.definition}", words)
        ]
        for term in terms:
            term.marked_term = snippets.marked(term.term, words)
            term.snippet = snippets.snippet(term.definition, words)
        follow_ups = list(
            FollowUp.objects.public()
            .filter(search.follow_up_matches(words))
            .select_related("promise__period", "reported_by")
            .prefetch_related(Prefetch("promise__givers"))
            .timeline_order()
        )
        for follow_up in follow_ups:
            follow_up.snippet = snippets.snippet(follow_up.text, words)
    hits = len(promises) + len(follow_ups) + len(partners) + len(sections) + len(terms)
    context = {
        "query": query.strip(),
        "searched": bool(words),
        "too_long": too_long,
        "max_length": search.MAX_QUERY_LENGTH,
        "promises": promises,
        "follow_ups": follow_ups,
        "partners": partners,
        "sections": sections,
        "terms": terms,
        "hits": hits,
        # Offered only when nothing was found (search.html), so asked only then.
        "suggested_words": suggested_words() if words and not hits else [],
        "nav": "search",
        "page": seo.search_page(request),
    }
    return render(request, "promises/search.html", context, status=400 if too_long else 200)
