"""The open data described for Sweden's data portal: a DCAT-AP-SE catalogue in RDF/XML.

dataportal.se harvests one RDF/XML document per organisation, once a day. The profile
(github.com/diggsweden/DCAT-AP-SE, docs/harvesting.md) asks for: no blank nodes for the
catalogue, datasets, distributions, publishers and contacts; publishers identified as
`http://dataportal.se/organisation/SE<organisation number>`; licences by their canonical IRI
(CC0 is `http://creativecommons.org/publicdomain/zero/1.0/`, http and the final slash, never a
translated deed); and CC0 on the catalogue itself. The graph is built with rdflib, so every
literal and IRI is escaped by the serializer, not by us.

Nothing here is invented: an organisation number, the publisher or the contact mailbox that is
missing makes `CatalogueIncomplete`, which names each missing value, instead of a catalogue the
portal would reject or, worse, one that names the wrong organisation.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

from promises.models import Partner, PromisePeriod, swedish_date
from promises.models.control_characters import without_control_characters
from promises.models.mail_addresses import validate_internet_address
from promises.models.organisation_numbers import luhn_is_valid
from promises.publishing.seo import absolute
from promises.publishing.site_identity import site_identity

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
ADMS_PUBLISHER_TYPE = Namespace("http://purl.org/adms/publishertype/")
EU_THEME = Namespace("http://publications.europa.eu/resource/authority/data-theme/")
EU_LANGUAGE = Namespace("http://publications.europa.eu/resource/authority/language/")
EU_ACCESS_RIGHT = Namespace("http://publications.europa.eu/resource/authority/access-right/")
IANA_MEDIA_TYPE = "https://www.iana.org/assignments/media-types/"

# Exactly as the profile lists it (templates/commons/dcat:dcterms:cc-license-choices), and the
# licence the profile requires on the catalogue itself.
CC0 = URIRef("http://creativecommons.org/publicdomain/zero/1.0/")
THEME_TAXONOMY = URIRef("http://publications.europa.eu/resource/authority/data-theme")
# Justice and public safety; government and the public sector (the partners are both).
THEMES = (EU_THEME.JUST, EU_THEME.GOVE)
SWEDISH = EU_LANGUAGE.SWE
ORGANISATION_IRI = "http://dataportal.se/organisation/SE{number}"
PUBLISHER_TYPES = {
    # Lokalpolisområdet is part of Polismyndigheten, a national authority.
    Partner.Kind.POLICE_AREA: ADMS_PUBLISHER_TYPE.NationalAuthority,
    Partner.Kind.MUNICIPALITY: ADMS_PUBLISHER_TYPE.LocalAuthority,
    # A city district (stadsdelsförvaltning) is part of its municipality.
    Partner.Kind.CITY_DISTRICT: ADMS_PUBLISHER_TYPE.LocalAuthority,
}
RDF_XML = "application/rdf+xml"


class CatalogueIncomplete(Exception):
    """A value the profile requires is missing; `missing` says each one in Swedish."""

    def __init__(self, missing: list[str]):
        super().__init__("; ".join(missing))
        self.missing = missing


@dataclass(frozen=True)
class DataFile:
    """One file of a period's data, described as a DCAT distribution."""

    key: str  # unique within the period; part of the distribution's IRI
    title: str
    description: str
    url: str  # absolute
    media_type: str  # the Content-Type the file is served with, without parameters
    through_service: bool = False  # reached through the JSON data service


def period_data_urls(period) -> dict:
    def url(name):
        return absolute(reverse(f"machine:{name}", kwargs={"slug": period.slug}))

    return {
        "json": url("period_json"),
        "csv": url("period_csv"),
        "follow_ups": url("follow_ups_csv"),
    }


def standard_files(period) -> Iterable[DataFile]:
    urls = period_data_urls(period)
    yield DataFile(
        "json",
        _("%(title)s (JSON)") % {"title": period.title},
        _("The period, its texts, partners and promises with status and published follow-ups."),
        urls["json"],
        "application/json",
        through_service=True,
    )
    yield DataFile(
        "csv",
        _("%(title)s: promises (CSV)") % {"title": period.title},
        _("One row per promise with its givers, status and focus areas."),
        urls["csv"],
        "text/csv",
    )
    yield DataFile(
        "uppfoljningar-csv",
        _("%(title)s: follow-ups (CSV)") % {"title": period.title},
        _("One row per published follow-up with its figures, sources and documents."),
        urls["follow_ups"],
        "text/csv",
    )


def action_plan_files(period) -> Iterable[DataFile]:
    """The period's åtgärdsplan as JSON and CSV, once it has a published action: an empty
    plan is no dataset anyone would want from the portal. Read from the period's
    `has_published_action` (`catalogue_periods`), asked here only for a period without it."""
    from promises.models import Action

    has_action = getattr(period, "has_published_action", None)
    if has_action is None:
        has_action = Action.objects.published().filter(promise__period=period).exists()
    if not has_action:
        return

    def url(name):
        return absolute(reverse(f"machine:{name}", kwargs={"slug": period.slug}))

    yield DataFile(
        "atgarder-json",
        _("%(title)s: action plan (JSON)") % {"title": period.title},
        _(
            "Every published action with its goal, dates, responsible partner and status, "
            "and the indicators with their values."
        ),
        url("action_plan_json"),
        "application/json",
        through_service=True,
    )
    yield DataFile(
        "atgarder-csv",
        _("%(title)s: action plan (CSV)") % {"title": period.title},
        _("One row per published action with its goal, dates, responsible partner and status."),
        url("action_plan_csv"),
        "text/csv",
    )


# Each function gives the files one period offers (none when it has no such file). Another kind
# of file is one more function appended here.
DATA_FILE_SOURCES: list[Callable[[PromisePeriod], Iterable[DataFile]]] = [
    standard_files,
    action_plan_files,
]


def catalogue_periods(periods):
    """The periods with what the catalogue reads of each loaded in the same queries: the
    partners (prefetched) and whether the period has a published action (one EXISTS per row),
    so the catalogue costs the same queries for 1 or 300 periods (it asked once per period)."""
    from promises.models import Action

    published_action = Action.objects.published().filter(promise__period=OuterRef("pk"))
    return periods.prefetch_related("partners").annotate(
        has_published_action=Exists(published_action)
    )


def data_files(period) -> list[DataFile]:
    return [file for source in DATA_FILE_SOURCES for file in source(period)]


def catalogue_url() -> str:
    return absolute(reverse("machine:dcat_catalogue"))


def area_catalogue_url(area) -> str:
    return absolute(reverse("machine:area_dcat_catalogue", kwargs={"slug": area.slug}))


def organisation_iri(partner) -> URIRef:
    return URIRef(ORGANISATION_IRI.format(number=partner.organisation_number))


def is_organisation_number(value: str) -> bool:
    """Ten digits with a matching check digit, exactly as stored (no hyphen)."""
    return len(value) == 10 and value.isascii() and value.isdigit() and luhn_is_valid(value)


def publisher() -> Partner | None:
    return Partner.objects.filter(slug=settings.OPEN_DATA_PUBLISHER).first()


def dataset_publisher(period, the_publisher) -> Partner:
    """Who publishes a period's dataset: the site's publisher when the period is of its area,
    else the period's police area (the lokalpolisområde gives every area's promise), else the
    period's first partner. Read from the prefetched partners: no query per period."""
    if the_publisher is not None and the_publisher.area_id == period.area_id:
        return the_publisher
    partners = sorted(period.partners.all(), key=lambda partner: (partner.order, partner.name))
    police = [p for p in partners if p.kind == Partner.Kind.POLICE_AREA]
    return (police or partners or [the_publisher])[0]


def catalogue_texts(periods, area=None) -> tuple[str, str]:
    """The catalogue's title and description: the one area's (the area asked for, or the
    site's only one), or the register's."""
    area = area or site_identity().sole_area
    if area is None:
        return _("Citizen promises"), _(
            "Open data about the citizen promises of the police and the municipalities, area by "
            "area: the promises, their status and the follow-ups, one dataset per period."
        )
    police = sorted(
        {
            p
            for period in periods
            for p in period.partners.all()
            if p.kind == Partner.Kind.POLICE_AREA
        },
        key=lambda partner: (partner.order, partner.name),
    )
    title = _("Citizen promises %(area)s") % {"area": area.name}
    if police and area.places:
        description = _(
            "Open data about the citizen promises of %(police)s and the municipalities "
            "%(places)s: the promises, their status and the follow-ups, one dataset per period."
        ) % {"police": police[0].name, "places": area.places}
    else:
        description = _(
            "Open data about the citizen promises of %(area)s: the promises, their status and "
            "the follow-ups, one dataset per period."
        ) % {"area": area.name}
    return title, description


def missing_values(periods, the_publisher) -> list[str]:
    """What the catalogue still lacks, each as one Swedish sentence naming where to enter it."""
    missing = missing_settings(the_publisher)
    if not periods:
        missing.append(_("A published period: the catalogue must describe at least one dataset."))
    named = {the_publisher} if the_publisher else set()
    named.update(partner for period in periods for partner in period.partners.all())
    for partner in sorted(named, key=lambda partner: (partner.order, partner.name)):
        if not partner.organisation_number:
            missing.append(
                _("The organisation number of %(name)s (Partners in the admin).")
                % {"name": partner.name}
            )
        elif not is_organisation_number(partner.organisation_number):
            # Rows that did not come through the admin's form (an imported backup).
            missing.append(
                _("A correct organisation number for %(name)s: “%(number)s” is not one.")
                % {"name": partner.name, "number": partner.organisation_number}
            )
    return missing


def is_complete(the_publisher) -> bool:
    """Whether `missing_values()` of every published period would be empty, without loading
    the periods and their partners (the open-data page asks on every render, and a register
    has hundreds of each): the settings, one published period, and the organisation numbers
    of the publisher and of every published period's partners, read as strings."""
    if missing_settings(the_publisher):
        return False
    if not PromisePeriod.objects.published().exists():
        return False
    named = Partner.objects.filter(periods__is_published=True).order_by()
    numbers = named.values_list("organisation_number", flat=True).distinct()
    return is_organisation_number(the_publisher.organisation_number) and all(
        is_organisation_number(number) for number in numbers
    )


def missing_settings(the_publisher) -> list[str]:
    """What the catalogue lacks of the site's settings: the publisher and the mailbox."""
    missing = []
    if not settings.OPEN_DATA_PUBLISHER:
        missing.append(
            _(
                "OPEN_DATA_PUBLISHER (setting): the web address part of the partner that "
                "registers the catalogue at the data portal and publishes the data."
            )
        )
    elif the_publisher is None:
        missing.append(
            _("OPEN_DATA_PUBLISHER (setting): no partner has the web address part “%(slug)s”.")
            % {"slug": settings.OPEN_DATA_PUBLISHER}
        )
    if not settings.OPEN_DATA_CONTACT_EMAIL:
        missing.append(
            _(
                "OPEN_DATA_CONTACT_EMAIL (setting): the mailbox that answers questions about "
                "the data."
            )
        )
    else:
        try:
            validate_email(settings.OPEN_DATA_CONTACT_EMAIL)
            # The portal shows it to everyone: it must be a mailbox on the internet.
            validate_internet_address(settings.OPEN_DATA_CONTACT_EMAIL)
        except ValidationError:
            missing.append(
                _("OPEN_DATA_CONTACT_EMAIL (setting): “%(value)s” is not an e-mail address.")
                % {"value": settings.OPEN_DATA_CONTACT_EMAIL}
            )
    return missing


def catalogue_graph(periods: list, the_publisher: Partner | None, area=None) -> Graph:
    """The catalogue of the published periods; CatalogueIncomplete when a value is missing."""
    missing = missing_values(periods, the_publisher)
    if missing:
        raise CatalogueIncomplete(missing)
    return CatalogueBuilder(periods, the_publisher, area).graph


class CatalogueBuilder:
    def __init__(self, periods, the_publisher, area=None):
        # `area`: one area's own catalogue, at its own address. Its datasets and files keep
        # the IRIs they have in the site's catalogue (one dataset, one IRI, wherever it is
        # listed); the catalogue, its contact and its data service are the area's.
        self.area = area
        self.graph = Graph()
        for prefix, namespace in (
            ("dcat", DCAT),
            ("dcterms", DCTERMS),
            ("foaf", FOAF),
            ("vcard", VCARD),
        ):
            self.graph.bind(prefix, namespace)
        self.base = catalogue_url()
        self.publisher = organisation_iri(the_publisher)
        self.catalogue = URIRef(area_catalogue_url(area) if area else self.base)
        self.contact = URIRef(f"{self.catalogue}#kontakt")
        self.service = URIRef(f"{self.catalogue}#datatjanst")
        self.add_organisation(the_publisher)
        self.add_contact(the_publisher)
        self.add_catalogue(periods)
        datasets = [self.add_dataset(period, the_publisher) for period in periods]
        self.add_service(datasets)

    def add(self, subject, predicate, value):
        # rdflib writes control characters into the XML as they are, which no XML parser
        # reads: every text leaves without them (promises/models/control_characters.py).
        if isinstance(value, Literal) and value.datatype is None:
            value = Literal(without_control_characters(str(value)), lang=value.language)
        self.graph.add((subject, predicate, value))

    def text(self, value):
        return Literal(value, lang="sv")

    def add_organisation(self, partner):
        organisation = organisation_iri(partner)
        self.add(organisation, RDF.type, FOAF.Organization)
        self.add(organisation, RDF.type, FOAF.Agent)
        self.add(organisation, FOAF.name, self.text(partner.name))
        self.add(organisation, DCTERMS.type, PUBLISHER_TYPES[partner.kind])
        self.add(organisation, DCTERMS.identifier, Literal(partner.organisation_number))
        return organisation

    def add_contact(self, partner):
        self.add(self.contact, RDF.type, VCARD.Organization)
        self.add(self.contact, VCARD.fn, Literal(partner.name))
        self.add(self.contact, VCARD.hasEmail, URIRef(f"mailto:{settings.OPEN_DATA_CONTACT_EMAIL}"))

    def add_catalogue(self, periods):
        catalogue = self.catalogue
        self.add(catalogue, RDF.type, DCAT.Catalog)
        title, description = catalogue_texts(periods, self.area)
        self.add(catalogue, DCTERMS.title, self.text(title))
        self.add(catalogue, DCTERMS.description, self.text(description))
        self.add(catalogue, DCTERMS.publisher, self.publisher)
        self.add(catalogue, DCTERMS.license, CC0)
        self.add(catalogue, DCTERMS.language, SWEDISH)
        self.add(catalogue, FOAF.homepage, URIRef(absolute(reverse("promises:open_data"))))
        self.add(catalogue, DCAT.themeTaxonomy, THEME_TAXONOMY)
        self.add(catalogue, DCTERMS.modified, self.moment(max(p.updated_at for p in periods)))
        self.add(catalogue, DCAT.service, self.service)

    def moment(self, value):
        return Literal(value.isoformat(timespec="seconds"), datatype=XSD.dateTime)

    def day(self, value):
        return Literal(value.isoformat(), datatype=XSD.date)

    def add_dataset(self, period, the_publisher):
        dataset = URIRef(f"{self.base}#datamangd-{period.pk}")
        self.add(self.catalogue, DCAT.dataset, dataset)
        self.add(dataset, RDF.type, DCAT.Dataset)
        self.add(dataset, DCTERMS.title, self.text(period.title))
        partners = list(period.partners.all())
        description = _(
            "The citizen promise %(title)s, valid %(start)s – %(end)s: what %(partners)s promise "
            "residents, each promise's status and the published follow-ups."
        ) % {
            "title": period.title,
            "start": swedish_date(period.starts_on),
            "end": swedish_date(period.ends_on),
            "partners": ", ".join(partner.name for partner in partners),
        }
        self.add(dataset, DCTERMS.description, self.text(description))
        # Each dataset is published by its own area (promises/models/areas.py): the site's
        # publisher for its own area, another area's police area for that area's periods.
        area_publisher = dataset_publisher(period, the_publisher)
        self.add(dataset, DCTERMS.publisher, self.add_organisation(area_publisher))
        for partner in partners:
            if partner != area_publisher:
                self.add(dataset, DCTERMS.creator, self.add_organisation(partner))
        self.add(dataset, DCAT.contactPoint, self.contact)
        for theme in THEMES:
            self.add(dataset, DCAT.theme, theme)
        for keyword in (_("citizen promise"), _("police"), _("municipality"), _("safety")):
            self.add(dataset, DCAT.keyword, self.text(keyword))
        self.add(dataset, DCAT.landingPage, URIRef(absolute(period.get_absolute_url())))
        self.add(dataset, DCTERMS.language, SWEDISH)
        self.add(dataset, DCTERMS.accessRights, EU_ACCESS_RIGHT.PUBLIC)
        if period.published_on:
            self.add(dataset, DCTERMS.issued, self.day(period.published_on))
        self.add(dataset, DCTERMS.modified, self.moment(period.updated_at))
        # The time the promises cover (a blank node is allowed here: only the catalogue,
        # datasets, distributions, publishers and contacts need IRIs of their own).
        temporal = BNode()
        self.add(dataset, DCTERMS.temporal, temporal)
        self.add(temporal, RDF.type, DCTERMS.PeriodOfTime)
        self.add(temporal, DCAT.startDate, self.day(period.starts_on))
        self.add(temporal, DCAT.endDate, self.day(period.ends_on))
        for file in data_files(period):
            self.add(dataset, DCAT.distribution, self.add_distribution(period, file))
        return dataset

    def add_distribution(self, period, file):
        distribution = URIRef(f"{self.base}#distribution-{period.pk}-{file.key}")
        self.add(distribution, RDF.type, DCAT.Distribution)
        self.add(distribution, DCTERMS.title, self.text(file.title))
        self.add(distribution, DCTERMS.description, self.text(file.description))
        self.add(distribution, DCAT.accessURL, URIRef(file.url))
        self.add(distribution, DCAT.downloadURL, URIRef(file.url))
        # The profile's format is the media type as a plain literal; DCAT-AP's mediaType is
        # IANA's IRI for the same type.
        self.add(distribution, DCTERMS.format, Literal(file.media_type))
        self.add(distribution, DCAT.mediaType, URIRef(IANA_MEDIA_TYPE + file.media_type))
        self.add(distribution, DCTERMS.license, CC0)
        self.add(distribution, DCTERMS.modified, self.moment(period.updated_at))
        if file.through_service:
            self.add(distribution, DCAT.accessService, self.service)
        return distribution

    def add_service(self, datasets):
        service = self.service
        self.add(service, RDF.type, DCAT.DataService)
        self.add(service, DCTERMS.title, self.text(_("Citizen promises as JSON")))
        self.add(
            service,
            DCTERMS.description,
            self.text(
                _(
                    "JSON files over HTTP: an index of every published period with the "
                    "addresses of each period's files. No key is needed."
                )
            ),
        )
        self.add(service, DCAT.endpointURL, URIRef(absolute(reverse("machine:periods_json"))))
        self.add(service, DCTERMS.format, Literal("application/json"))
        self.add(service, DCAT.landingPage, URIRef(absolute(reverse("promises:open_data"))))
        self.add(service, DCTERMS.publisher, self.publisher)
        self.add(service, DCAT.contactPoint, self.contact)
        self.add(service, DCTERMS.license, CC0)
        self.add(service, DCTERMS.accessRights, EU_ACCESS_RIGHT.PUBLIC)
        for dataset in datasets:
            self.add(service, DCAT.servesDataset, dataset)


def catalogue_rdf_xml(periods, the_publisher, area=None) -> bytes:
    return catalogue_graph(periods, the_publisher, area).serialize(format="xml", encoding="utf-8")
