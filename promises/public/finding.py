"""Pages that help residents find their way: how follow-up works, the filterable list of
promises, and search over promises and follow-ups."""

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from medborgarlofte import languages
from promises.caching.filter_addresses import AREA, FILTERS, PAGE, PARAMETERS
from promises.caching.validators import public_page
from promises.models import (
    MIXED,
    MIXED_LABEL,
    NO_FOLLOW_UP,
    NO_FOLLOW_UP_LABEL,
    Area,
    FocusArea,
    GlossaryTerm,
    Promise,
    StatusDefinition,
)
from promises.public import area_choice, pagination, search, search_results, snippets
from promises.public.filters import filter_form
from promises.public.long_select import LongSelect
from promises.publishing import seo
from promises.publishing.site_identity import site_identity


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


LIST_ORDER = ("-period__starts_on", "period", "order", "pk")


def listed_promises():
    """Every public promise in the list's order, annotated `with_status()` for the filters."""
    return Promise.objects.public().with_status().order_by(*LIST_ORDER)


def shown_promises():
    """The same promises with what a row shows; each row's status is read from its prefetched
    follow-ups (`read_statuses()`) rather than computed again by subqueries."""
    return (
        Promise.objects.public()
        .with_giver_statuses()
        .select_related("period")
        .prefetch_related("givers", "focus_areas")
        .order_by(*LIST_ORDER)
    )


def read_statuses(promises):
    for promise in promises:
        promise.read_status()
    return promises


def show_own_statuses(promises, givers=(), *, kind=None):
    """Give each promise `chosen_statuses`: the own status of each of `givers` (partners or
    their ids; or of each giver of `kind`) that gives it, which the list shows instead of the
    overall status (a giver chosen or searched for is told its own truth, not "Olika för
    olika parter")."""
    ids = {giver if isinstance(giver, int) else giver.pk for giver in givers}
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


# Promises on one page of the list: at 300 areas the whole list was 2 MB. Thirty keep a page
# short on a phone and its cold render under 50 ms at 300 areas (50 took 55–57 ms, mostly
# the rows' rendering; docs/benchmarks.md).
PROMISES_PER_PAGE = 30


def valid_filters(request):
    return request_filter_form(request).is_valid() and pagination.page_number_is_valid(request)


@require_safe
@public_page(exists=valid_filters)
def promise_list(request):
    form = request_filter_form(request)
    valid = form.is_valid()
    pages = None
    if valid:
        # The filtered list's keys choose the page; only the page's rows are read whole.
        try:
            pages = pagination.paginate(
                request,
                pagination.PageByKeys(form.filter(listed_promises()), shown_promises()),
                per_page=PROMISES_PER_PAGE,
                parameters=PARAMETERS,
            )
        except pagination.BadPage as error:
            first_page = pagination.first_page_url(request, PARAMETERS)
            return pagination.bad_page_response(request, error, first_page_url=first_page)
    promises = read_statuses(pages.items) if pages else []
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


def mark_promise(promise, result, words):
    """`marked_text`: the promise with the words marked (the backend's marking); `snippet`:
    (where from, snippet) when one of its follow-ups or actions holds more of the words than
    the promise's own text, else None (marked by the portable snippets on both databases:
    these are a few texts already loaded)."""
    promise.marked_text = result.title
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


# The search's parameters in the order its page addresses are written: `?q=…&sida=2`.
SEARCH_PARAMETERS = ("q", AREA, PAGE)


class SearchRequest:
    """One request's search, done once: the validators ask whether the address names a page
    (`exists`) before the view renders it."""

    def __init__(self, request):
        self.query = request.GET.get("q", "")
        self.too_long = len(self.query) > search.MAX_QUERY_LENGTH
        self.outcome = self.pages = self.bad_page = self.area = None
        # The areas a resident can read about: the filter is offered when there are several
        # (the site identity, read anyway for the header, says whether there are).
        self.areas = []
        if site_identity(request).is_register:
            # Names and slugs only: at 300 areas whole rows cost the search 3 ms more.
            areas = Area.objects.with_published_periods().order_by("name")
            self.areas = list(areas.values("slug", "name"))
        if self.too_long:
            return
        try:
            self.area = area_choice.chosen_area(request)
            self.outcome = search_results.Outcome(self.query, self.area)
            self.pages = pagination.paginate(
                request,
                self.outcome.hits,
                per_page=search_results.PER_PAGE,
                parameters=SEARCH_PARAMETERS,
            )
        except pagination.BadPage as error:
            self.bad_page = error

    @property
    def exists(self):
        return not self.too_long and self.bad_page is None


def searched(request) -> SearchRequest:
    if not hasattr(request, "_search"):
        request._search = SearchRequest(request)
    return request._search


def search_exists(request):
    return searched(request).exists


def counts_by_kind(outcome):
    """ "3 promises", "1 follow-up", ... for the kinds found, in the kinds' order."""
    return [
        COUNT_TEXTS[kind.key](outcome.counts[kind.key])
        for kind in search_results.KINDS
        if outcome.counts[kind.key]
    ]


COUNT_TEXTS = {
    "promise": lambda n: (
        ngettext("%(counter)s promise", "%(counter)s promises", n) % {"counter": n}
    ),
    "follow_up": lambda n: (
        ngettext("%(counter)s follow-up", "%(counter)s follow-ups", n) % {"counter": n}
    ),
    "action": lambda n: ngettext("%(counter)s action", "%(counter)s actions", n) % {"counter": n},
    "indicator": lambda n: (
        ngettext("%(counter)s indicator", "%(counter)s indicators", n) % {"counter": n}
    ),
    "partner": lambda n: (
        ngettext("%(counter)s partner", "%(counter)s partners", n) % {"counter": n}
    ),
    "situation": lambda n: (
        ngettext("%(counter)s local situation", "%(counter)s local situations", n) % {"counter": n}
    ),
    "goal": lambda n: ngettext("%(counter)s goal", "%(counter)s goals", n) % {"counter": n},
    "term": lambda n: (
        ngettext("%(counter)s glossary word", "%(counter)s glossary words", n) % {"counter": n}
    ),
}


def area_select(found):
    """The search's area choice: hundreds of options, written without a template loop."""
    choices = [("", _("Every area"))] + [(area["slug"], area["name"]) for area in found.areas]
    chosen = found.area.slug if found.area else ""
    return LongSelect(choices=choices).render("polisomrade", chosen, {"id": "polisomrade"})


@require_safe
@public_page(exists=search_exists)
def search_page(request):
    found = searched(request)
    # An over-long query is refused (400) in every language: the language links lead to the
    # other language's empty search instead of repeating the refusal (and the query) there.
    languages.keep_parameters(request, () if found.too_long else SEARCH_PARAMETERS)
    if found.bad_page:
        # An unknown area's search is offered again over every area.
        kept = SEARCH_PARAMETERS if found.area or not request.GET.get(AREA) else ("q",)
        first_page = pagination.first_page_url(request, kept)
        return pagination.bad_page_response(request, found.bad_page, first_page_url=first_page)
    outcome = found.outcome
    words = outcome.words if outcome else []
    results = outcome.results(found.pages.page) if words else []
    for result in results:
        if result.kind is search_results.PROMISE:
            mark_promise(result.row, result, words)
            show_own_statuses([result.row], outcome.partner_ids)
    hits = len(outcome.hits) if outcome else 0
    context = {
        "query": found.query.strip(),
        "searched": bool(words),
        "too_long": found.too_long,
        "area_select": area_select(found) if len(found.areas) > 1 else "",
        "chosen_area": found.area,
        "max_length": search.MAX_QUERY_LENGTH,
        "results": results,
        "counts": counts_by_kind(outcome) if hits else [],
        "hits": hits,
        "pagination": found.pages if words else None,
        # Offered only when nothing was found (search.html), so asked only then.
        "suggested_words": suggested_words() if words and not hits else [],
        "nav": "search",
        "page": seo.search_page(request),
    }
    return render(request, "promises/search.html", context, status=400 if found.too_long else 200)
