"""The sotegraph namespaces and IRI helpers.

`SOTE` lists every term of ontology/sotegraph.ttl (a test keeps the two equal), so a typo such as
`SOTE.Particpation` raises AttributeError instead of minting a new IRI. Data IRIs follow
docs/model.md: `https://w3id.org/sotegraph/id/{kind}/{key}`.

>>> entity_iri("organisation", "Pikassos Oy")
rdflib.term.URIRef('https://w3id.org/sotegraph/id/organisation/pikassos-oy')
>>> slug("Päijät-Hämeen sote-yhteistyö: sosiaalipalvelut (työryhmä)")
'paijat-hameen-sote-yhteistyo-sosiaalipalvelut-tyoryhma'
"""

from __future__ import annotations

import re
import unicodedata

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace

#: The ontology namespace and the base of data IRIs, as strings (for SPARQL text and IRI tests).
SOTE_BASE = "https://w3id.org/sotegraph/ontology#"
ID_BASE = "https://w3id.org/sotegraph/id/"

ID = Namespace(ID_BASE)
GRAPH = Namespace("https://w3id.org/sotegraph/graph/")
SHAPES = Namespace("https://w3id.org/sotegraph/shapes#")
ONTOLOGY_IRI = URIRef("https://w3id.org/sotegraph/ontology")


class SOTE(DefinedNamespace):
    """Classes and properties of the sotegraph ontology (`sote:`)."""

    _NS = Namespace(SOTE_BASE)
    _fail = True

    # Actors
    Actor: URIRef
    Organisation: URIRef
    CompetenceCentre: URIRef
    Municipality: URIRef
    JointMunicipalAuthority: URIRef
    WellbeingServicesCounty: URIRef
    RegionalCouncil: URIRef
    HospitalDistrict: URIRef
    GovernmentAgency: URIRef
    Ministry: URIRef
    EducationalInstitution: URIRef
    University: URIRef
    UniversityOfAppliedSciences: URIRef
    NonGovernmentalOrganisation: URIRef
    Parish: URIRef
    Company: URIRef
    Authority: URIRef
    InternationalOrganisation: URIRef
    OrganisationalUnit: URIRef
    Group: URIRef
    Network: URIRef
    Forum: URIRef
    WorkingGroup: URIRef
    SteeringGroup: URIRef
    Person: URIRef
    State: URIRef
    # Areas
    Area: URIRef
    Region: URIRef
    SubRegion: URIRef
    # Projects, programmes and goals
    Project: URIRef
    SubProject: URIRef
    Programme: URIRef
    GovernmentKeyProject: URIRef
    Goal: URIRef
    # Qualified relations
    Participation: URIRef
    Membership: URIRef
    Funding: URIRef
    AreaClassification: URIRef
    ServiceAgreement: URIRef
    ProjectStatus: URIRef
    # Events and documents
    Event: URIRef
    Meeting: URIRef
    SourceDocument: URIRef

    # Area properties
    officialCode: URIRef
    municipality: URIRef
    classificationYear: URIRef
    subRegion: URIRef
    region: URIRef
    wellbeingServicesCounty: URIRef
    hospitalDistrict: URIRef
    # Actor properties
    locatedIn: URIRef
    operatesIn: URIRef
    subOrganisationOf: URIRef
    # Project properties
    parentProject: URIRef
    partOfProgramme: URIRef
    theme: URIRef
    hasGoal: URIRef
    goalText: URIRef
    ordinal: URIRef
    # Time
    startDate: URIRef
    endDate: URIRef
    startYear: URIRef
    endYear: URIRef
    startMonth: URIRef
    endMonth: URIRef
    # Participation and membership
    participant: URIRef
    project: URIRef
    role: URIRef
    member: URIRef
    memberOf: URIRef
    # Funding
    funder: URIRef
    fundedProject: URIRef
    instrument: URIRef
    amount: URIRef
    currency: URIRef
    shareOf: URIRef
    # Groups
    meetingFrequency: URIRef
    meetingsPerYear: URIRef
    convenedBy: URIRef
    subGroupOf: URIRef
    # Events
    meetingOf: URIRef
    date: URIRef
    place: URIRef
    attendee: URIRef
    organiser: URIRef
    minutes: URIRef
    # Service agreements
    provider: URIRef
    customer: URIRef
    service: URIRef
    # Provenance
    quote: URIRef
    fullText: URIRef
    sha256: URIRef
    # Status, project relations, succession, identifiers, funding recipients, roles' use (issue 14)
    statusOf: URIRef
    status: URIRef
    worksWith: URIRef
    buildsOn: URIRef
    succeededBy: URIRef
    renamedAs: URIRef
    mergedInto: URIRef
    continuedBy: URIRef
    businessId: URIRef
    recipient: URIRef
    fundingProgramme: URIRef
    roleHolder: URIRef
    roleIn: URIRef



#: Namespaces the SPARQL text of sotegraph uses, by prefix.
SPARQL_PREFIXES = {"sote": SOTE_BASE, "rdf": str(RDF), "rdfs": str(RDFS), "owl": str(OWL), "xsd": str(XSD),
                   "skos": str(SKOS), "prov": str(PROV), "dcterms": str(DCTERMS)}


def sparql_prefixes(*names: str) -> str:
    """PREFIX lines for `names` (keys of SPARQL_PREFIXES), one per line, to start a query with."""
    return "".join(f"PREFIX {name}: <{SPARQL_PREFIXES[name]}>\n" for name in names)


_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def local_name(iri: str) -> str:
    """The part of `iri` after its last '#' or '/' (`sote:Project` → "Project"); the IRI if nothing follows."""
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1] or iri


def slug(text: str) -> str:
    """The key made from a name: lower-case ASCII (ä→a, ö→o, å→a, other accents dropped),
    every run of other characters turned into one '-', no '-' at either end."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    ascii_text = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _NON_ALNUM.sub("-", ascii_text).strip("-")


def entity_iri(kind: str, key: str) -> URIRef:
    """The data IRI `id/{kind}/{key}`; a key that is not already a slug is slugged first
    (official codes and `{year}/{code}` keys are kept as they are)."""
    if not kind or slug(kind) != kind:
        raise ValueError(f"not a kind of entity: {kind!r}")
    parts = [part if re.fullmatch(r"[a-z0-9_-]+", part) else slug(part) for part in key.split("/")]
    if not all(parts):
        raise ValueError(f"empty key for {kind}: {key!r}")
    return ID[f"{kind}/{'/'.join(parts)}"]
