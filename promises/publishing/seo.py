"""What each public page tells search engines and re-users: title, description, canonical
address, breadcrumbs and schema.org structured data (JSON-LD) that matches what it shows."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from medborgarlofte import languages
from promises.models import Partner, Promise, PromisePeriod
from promises.models.translations import shown_text
from promises.publishing.site_identity import site_identity

DESCRIPTION_LENGTH = 155


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def site_name(request=None) -> str:
    """The site's name (promises/publishing/site_identity.py), read once per request."""
    return site_identity(request).name


def places_text(request, with_places: str, without: str) -> str:
    """A sentence naming the one area's places, or the general sentence on a register."""
    area = site_identity(request).sole_area
    if area and area.places:
        return with_places % {"places": area.places}
    return without


def shown(row, field_name: str):
    """`row`'s text in the request's language: the editors' published translation, else the
    Swedish text (a `ShownText`, so the breadcrumbs can mark a Swedish fallback), so that the
    title, description and structured data say what the page itself says, never an
    unpublished translation."""
    return shown_text(row, field_name)


def short(text: str, length: int = DESCRIPTION_LENGTH) -> str:
    """The text on one line, at most `length` characters, cut between words with an ellipsis.

    Django's `Truncator.chars()` cuts inside a word ("…näringsliv och and…"), which reads as
    a typo in a search result or a browser tab; a word longer than the whole limit is the only
    one cut inside.
    """
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    room = text[: length - 1]  # one character for the ellipsis
    ends_a_word = text[len(room)] == " "
    if not ends_a_word and " " in room:
        room = room.rsplit(" ", 1)[0]
    return room.rstrip(" ,;:–-") + "…"


@dataclass
class Page:
    title: str
    description: str
    path: str
    breadcrumbs: list[tuple[str, str]] = field(default_factory=list)
    main_entity: dict | None = None
    organisations: list[Partner] = field(default_factory=list)
    published: object = None
    modified: object = None
    og_type: str = "website"
    # A page that exists in Swedish only (lättläst) has no other languages to point to.
    only_in_swedish: bool = False
    # The request the page answers, so that the site's name is read once for all its parts.
    request: object = field(default=None, repr=False, compare=False)

    @property
    def canonical_url(self) -> str:
        return absolute(self.path)

    @property
    def alternates(self) -> list[tuple[str, str]]:
        """(hreflang, absolute address) of this page in every language offered, itself
        included, and `x-default` (the Swedish address, the one without a prefix)."""
        if self.only_in_swedish:
            return []
        found = []
        for code, _name in languages.public_languages():
            path = languages.translate_path(self.path, code)
            if path is None:
                return []  # no page of the site's own (a path the views made up)
            found.append((code, absolute(path)))
        default = dict(found)[settings.LANGUAGE_CODE]
        return [*found, ("x-default", default)] if len(found) > 1 else []

    @property
    def inner_breadcrumbs(self):
        """Breadcrumbs are shown on inner pages, where there is a trail to show."""
        return self.breadcrumbs if len(self.breadcrumbs) > 1 else []

    def structured_data(self) -> dict:
        page = {
            "@type": "WebPage",
            "@id": self.canonical_url,
            "url": self.canonical_url,
            "name": self.title,
            "description": self.description,
            "inLanguage": get_language(),
            "isPartOf": {"@id": absolute("/#webbplats")},
        }
        graph = [
            {
                "@type": "WebSite",
                "@id": absolute("/#webbplats"),
                "url": absolute("/"),
                "name": site_name(self.request),
                "inLanguage": [code for code, _name in languages.public_languages()],
            },
            page,
        ]
        if self.published:
            page["datePublished"] = self.published.isoformat()
        if self.modified:
            page["dateModified"] = self.modified.isoformat()
        if self.breadcrumbs:
            page["breadcrumb"] = {"@id": f"{self.canonical_url}#brodsmulor"}
            graph.append(breadcrumb_list(self.breadcrumbs, self.canonical_url))
        if self.main_entity:
            page["mainEntity"] = self.main_entity
        graph.extend(organisation(partner) for partner in self.organisations)
        return {"@context": "https://schema.org", "@graph": graph}


def organisation_id(partner: Partner) -> str:
    return absolute(partner.get_absolute_url()) + "#organisation"


def organisation(partner: Partner) -> dict:
    data = {
        "@type": "GovernmentOrganization",
        "@id": organisation_id(partner),
        "name": partner.name,
        "url": absolute(partner.get_absolute_url()),
    }
    if partner.representative_name:
        data["employee"] = {
            "@type": "Person",
            "name": partner.representative_name,
            "jobTitle": partner.representative_title,
        }
    return data


def breadcrumb_list(breadcrumbs, page_url) -> dict:
    return {
        "@type": "BreadcrumbList",
        "@id": f"{page_url}#brodsmulor",
        "itemListElement": [
            {"@type": "ListItem", "position": number, "name": name, "item": absolute(path)}
            for number, (name, path) in enumerate(breadcrumbs, start=1)
        ],
    }


def promise_work(promise: Promise) -> dict:
    text = shown(promise, "text")
    return {
        "@type": "CreativeWork",
        "@id": absolute(promise.get_absolute_url()),
        "url": absolute(promise.get_absolute_url()),
        "name": text,
        "text": text,
        # The editors' text, Swedish on every language's page until it is translated.
        "inLanguage": settings.LANGUAGE_CODE if text.is_swedish else get_language(),
        "author": [{"@id": organisation_id(giver)} for giver in promise.givers.all()],
        "temporalCoverage": f"{promise.period.starts_on}/{promise.period.ends_on}",
    }


def promise_list(name: str, promises) -> dict:
    return {
        "@type": "ItemList",
        "name": name,
        "numberOfItems": len(promises),
        "itemListElement": [
            {"@type": "ListItem", "position": number, "item": promise_work(promise)}
            for number, promise in enumerate(promises, start=1)
        ],
    }


def period_list_entity(periods) -> dict:
    return {
        "@type": "ItemList",
        "name": _("All citizen promises"),
        "numberOfItems": len(periods),
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": number,
                "name": shown(period, "title"),
                "url": absolute(period.get_absolute_url()),
            }
            for number, period in enumerate(periods, start=1)
        ],
    }


def home_crumb():
    return (_("Start"), reverse("promises:home"))


def periods_crumb():
    return (_("All citizen promises"), reverse("promises:period_list"))


def partners_crumb():
    return (_("Who is behind them"), reverse("promises:partner_list"))


def areas_crumb():
    return (_("Areas"), reverse("promises:area_list"))


def area_crumbs(area):
    return [home_crumb(), areas_crumb(), (area.name, area.get_absolute_url())]


def period_crumbs(period: PromisePeriod, request=None):
    """Start, the periods, the period; on a register of several areas the period's area
    takes the periods' place, so every page of one area names its area."""
    if site_identity(request).is_register:
        return [*area_crumbs(period.area), (shown(period, "title"), period.get_absolute_url())]
    return [home_crumb(), periods_crumb(), (shown(period, "title"), period.get_absolute_url())]


def period_promises(period: PromisePeriod) -> list[Promise]:
    return [promise for group in period.promise_groups() for promise in group.promises]


def home_page(request, period: PromisePeriod | None) -> Page:
    title = _("%(site)s – what the police and the municipalities promise") % {
        "site": site_name(request)
    }
    if period is None:
        return Page(
            title, _("No citizen promise has been published yet."), request.path, request=request
        )
    return Page(
        request=request,
        title=title,
        description=short(f"{shown(period, 'title')}: {shown(period, 'intro')}"),
        path=reverse("promises:home"),
        breadcrumbs=[home_crumb()],
        main_entity=promise_list(shown(period, "title"), period_promises(period)),
        organisations=list(period.partners.all()),
        published=period.published_on,
        modified=period.updated_at,
    )


def period_page(request, period: PromisePeriod) -> Page:
    return Page(
        request=request,
        title=f"{shown(period, 'title')} – {site_name(request)}",
        description=short(shown(period, "intro") or shown(period, "title")),
        path=period.get_absolute_url(),
        breadcrumbs=period_crumbs(period, request),
        main_entity=promise_list(shown(period, "title"), period_promises(period)),
        organisations=list(period.partners.all()),
        published=period.published_on,
        modified=period.updated_at,
        og_type="article",
    )


def promise_page(request, promise: Promise) -> Page:
    period = promise.period
    number = promise.position()
    text = shown(promise, "text")
    title = _("Promise %(number)s: %(text)s") % {"number": number, "text": short(text, 70)}
    return Page(
        request=request,
        title=f"{title} – {shown(period, 'title')}",
        description=short(
            _("%(givers)s promise: %(text)s")
            % {"givers": ", ".join(g.name for g in promise.givers.all()), "text": text}
        ),
        path=promise.get_absolute_url(),
        breadcrumbs=[
            *period_crumbs(period, request),
            (_("Promise %(number)s") % {"number": number}, promise.get_absolute_url()),
        ],
        main_entity=promise_work(promise),
        organisations=list(promise.givers.all()),
        # A promise is published with its period's text, not when its row was created.
        published=period.published_on,
        modified=promise.updated_at,
        og_type="article",
    )


def period_list_page(request, periods) -> Page:
    return Page(
        request=request,
        title=f"{_('All citizen promises')} – {site_name(request)}",
        description=places_text(
            request,
            _(
                "Every citizen promise from the police and the municipalities %(places)s, the "
                "newest first."
            ),
            _("Every citizen promise from the police and the municipalities, the newest first."),
        ),
        path=reverse("promises:period_list"),
        breadcrumbs=[home_crumb(), periods_crumb()],
        main_entity=period_list_entity(periods),
    )


def partner_list_page(request, partners, area=None) -> Page:
    """The partners' list; with `area`, one area's partners (`/parter/?polisomrade=`)."""
    path = reverse("promises:partner_list")
    breadcrumbs = [home_crumb(), partners_crumb()]
    title = _("Who is behind them")
    if area is not None:
        path = f"{path}?{urlencode({'polisomrade': area.slug})}"
        title = _("Who is behind them in %(area)s") % {"area": area.name}
        breadcrumbs.append((area.name, path))
    return Page(
        request=request,
        title=f"{title} – {site_name(request)}",
        description=_(
            "The police area and the municipalities that give the citizen promise, and who "
            "represents them."
        ),
        path=path,
        breadcrumbs=breadcrumbs,
        organisations=partners,
    )


def partner_crumbs(request, partner: Partner):
    own = (partner.name, partner.get_absolute_url())
    if site_identity(request).is_register:
        return [*area_crumbs(partner.area), own]
    return [home_crumb(), partners_crumb(), own]


def partner_page(request, partner: Partner, promises) -> Page:
    return Page(
        request=request,
        title=f"{partner.name} – {site_name(request)}",
        description=short(
            _("What %(name)s has promised residents in the citizen promise.")
            % {"name": partner.name}
        ),
        path=partner.get_absolute_url(),
        breadcrumbs=partner_crumbs(request, partner),
        main_entity=promise_list(
            _("Promises given by %(name)s") % {"name": partner.name}, promises
        ),
        organisations=[partner],
        modified=partner.updated_at,
    )


def top_level_page(request, title, description, url_name) -> Page:
    """A page one step below the start page, its breadcrumb named by its heading."""
    path = reverse(url_name)
    return Page(
        request=request,
        title=f"{title} – {site_name(request)}",
        description=description,
        path=path,
        breadcrumbs=[home_crumb(), (title, path)],
    )


def open_data_page(request) -> Page:
    return top_level_page(
        request,
        _("Open data"),
        _(
            "Download the citizen promises as JSON or CSV, follow changes in a feed, and reuse "
            "them freely."
        ),
        "promises:open_data",
    )


def follow_up_method_page(request) -> Page:
    return top_level_page(
        request,
        _("How we follow up"),
        _(
            "What the statuses of the promises mean, and how the police and the municipalities "
            "report what they have done."
        ),
        "promises:follow_up_method",
    )


def promise_list_page(request) -> Page:
    return top_level_page(
        request,
        _("All promises"),
        _("Filter the promises by focus area, by who gives them and by status."),
        "promises:promise_list",
    )


def search_page(request) -> Page:
    return top_level_page(
        request, _("Search"), _("Search the promises and their follow-ups."), "promises:search"
    )


def glossary_page(request) -> Page:
    return top_level_page(
        request,
        _("Glossary"),
        _(
            "Plain explanations of words used in the citizen promises, such as lägesbild, "
            "lokalpolisområde and A-traktor."
        ),
        "promises:glossary",
    )


def contact_page(request) -> Page:
    return top_level_page(
        request,
        _("Contact and take part"),
        places_text(
            request,
            _(
                "Call 112 in an emergency and 114 14 to reach the police otherwise. How to reach "
                "the police and the municipalities %(places)s, and how to take part."
            ),
            _(
                "Call 112 in an emergency and 114 14 to reach the police otherwise. How to reach "
                "the police and the municipalities, and how to take part."
            ),
        ),
        "promises:contact",
    )


def accessibility_crumb():
    return (_("Accessibility"), reverse("promises:accessibility"))


def accessibility_page(request, statement) -> Page:
    return Page(
        request=request,
        title=f"{_('Accessibility statement')} – {site_name(request)}",
        description=_(
            "How accessible the website is, known gaps, and how to report a problem or ask "
            "for content in another format."
        ),
        path=reverse("promises:accessibility"),
        breadcrumbs=[home_crumb(), accessibility_crumb()],
        modified=statement.updated_at if statement else None,
    )


def accessibility_report_page(request) -> Page:
    return Page(
        request=request,
        title=f"{_('Report an accessibility problem')} – {site_name(request)}",
        description=_(
            "Tell us what does not work for you on the website, or ask for content in another "
            "format."
        ),
        path=reverse("promises:accessibility_report"),
        breadcrumbs=[
            home_crumb(),
            accessibility_crumb(),
            (_("Report a problem"), reverse("promises:accessibility_report")),
        ],
    )


def accessibility_report_sent_page(request) -> Page:
    return Page(
        request=request,
        title=f"{_('Thank you for your message')} – {site_name(request)}",
        description=_("Your message about the website's accessibility has been received."),
        path=reverse("promises:accessibility_report_sent"),
        breadcrumbs=[
            home_crumb(),
            accessibility_crumb(),
            (_("Message sent"), reverse("promises:accessibility_report_sent")),
        ],
    )


def register_home_page(request) -> Page:
    """The start page of a register of several areas."""
    return Page(
        request=request,
        title=_("%(site)s – find the promise where you live") % {"site": site_name(request)},
        description=_(
            "What the police and the municipalities promise residents, area by area. Find your "
            "municipality and read its citizen promise and how it is followed up."
        ),
        path=reverse("promises:home"),
        breadcrumbs=[home_crumb()],
    )


def area_list_page(request) -> Page:
    # No ItemList of the areas in the JSON-LD: with 300 areas it doubled the page, and the
    # sitemap already names every area's page.
    return Page(
        request=request,
        title=f"{_('Areas')} – {site_name(request)}",
        description=_(
            "Every area with a citizen promise, by county. Find your municipality by its name."
        ),
        path=reverse("promises:area_list"),
        breadcrumbs=[home_crumb(), areas_crumb()],
    )


def area_page(request, area, period: PromisePeriod) -> Page:
    """An area's page shows its current citizen promise, as a one-area site's start page."""
    return Page(
        request=request,
        title=f"{area.full_name} – {site_name(request)}",
        description=short(f"{shown(period, 'title')}: {shown(period, 'intro')}"),
        path=area.get_absolute_url(),
        breadcrumbs=area_crumbs(area),
        main_entity=promise_list(shown(period, "title"), period_promises(period)),
        organisations=list(period.partners.all()),
        published=period.published_on,
        modified=max(area.updated_at, period.updated_at),
    )
