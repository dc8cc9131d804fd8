"""One broken copy of the complete shapes fixture per constraint (tests/data/shapes/valid.ttl).

Shared by the shapes' own tests (tests/domain_model/test_shapes.py) and the engine comparison
(tests/validation/test_validation_engines.py): each `Case` takes triples out of the valid fixture
and puts others in, and names the result the shapes must report.
"""

from __future__ import annotations

from typing import NamedTuple

from rdflib import Graph, URIRef
from rdflib.namespace import SH

from repo_paths import TEST_DATA

DATA = TEST_DATA / "shapes"
VALID = Graph().parse(DATA / "valid.ttl", format="turtle")
PREFIXES = "".join(line + "\n" for line in (DATA / "valid.ttl").read_text(encoding="utf-8").splitlines()
                   if line.startswith("@prefix"))
PREFIXES += ("@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n"
             "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n")

class Case(NamedTuple):
    name: str
    remove: str  # Turtle triples taken out of the valid fixture
    add: str  # Turtle triples put in
    source: str  # local name of the reporting shape / SPARQL constraint in sotesh:
    focus: str  # the focus node, as a Turtle term
    path: str | None  # sh:resultPath as a Turtle term; "^p" inverse, "p/q" sequence, "p+" one or more,
    #                   "p|q" alternatives
    message: str  # a fragment of the English message
    severity: URIRef = SH.Violation
    also: tuple[str, ...] = ()  # other sources this mistake legitimately trips as well


PIK = "org:pikassos"
STM = "org:stm"
PRJ = "project:pro-sos"
SUB = "project:pro-sos-pikassos"
FUND = "funding:pro-sos--1"
SHARE = "funding:pro-sos-pikassos--1"
GOAL = "<https://w3id.org/sotegraph/id/goal/pro-sos-1>"
GROUP = "<https://w3id.org/sotegraph/id/group/kanta-hameen-sosiaalijohdon-foorumi>"
PERSON = "<https://w3id.org/sotegraph/id/person/heli-niemi>"
MUN = "<https://w3id.org/sotegraph/id/municipality/109>"
SUBREG = "<https://w3id.org/sotegraph/id/subregion/051>"
REG = "<https://w3id.org/sotegraph/id/region/05>"
WSC = "<https://w3id.org/sotegraph/id/wellbeing-county/06>"
HD = "<https://w3id.org/sotegraph/id/hospital-district/05>"
CLS = "<https://w3id.org/sotegraph/id/classification/2021/109>"
PART = "<https://w3id.org/sotegraph/id/participation/pro-sos--organisation-pikassos--administrator>"
MEMB = "<https://w3id.org/sotegraph/id/membership/kanta-hameen-sosiaalijohdon-foorumi--person-heli-niemi--chair>"
AGR = "<https://w3id.org/sotegraph/id/agreement/hameenlinna-pikassos>"
EVENT = "<https://w3id.org/sotegraph/id/event/sosiaalityon-paiva-2016-05-12>"
MEET = "<https://w3id.org/sotegraph/id/meeting/kanta-hameen-sosiaalijohdon-foorumi-2016-03-18>"
LAPE = "<https://w3id.org/sotegraph/id/programme/lape>"
PFUND = "funding:lape--1"
FORUM = "<https://w3id.org/sotegraph/id/meeting/kanta-hameen-sosiaalijohdon-foorumi-2020-02>"
DOC = "doc:000_44814395cc703dc1"
UNTYPED = "<https://w3id.org/sotegraph/id/untyped/x>"
STATE = "org:valtio"
STATUS = "<https://w3id.org/sotegraph/id/status/pro-sos--running>"
OFUND = "funding:pikassos--1"
NEWREL = "<https://w3id.org/sotegraph/id/participation/new>"
DIGEST = next(str(o) for p, o in VALID.predicate_objects(URIRef("https://w3id.org/sotegraph/id/document/000_"
                                                                "44814395cc703dc1")) if str(p).endswith("#sha256"))
TEXT = "Pikassoksen hallinnoima PRO SOS -hanke (2016–2018) sai ESR-rahoitusta.\\nValtio rahoittaa Pikassosta."

def _made_up_area(kind: str, cls: str, code: str, prop: str) -> Case:
    iri = f"<https://w3id.org/sotegraph/id/{kind}/{code}>"
    return Case(f"{cls} code not in the reference data", "",
                f'{iri} a sote:{cls} ; sote:officialCode "{code}" ; skos:prefLabel "Keksitty"@fi , "Made-up"@en .',
                f"{cls}-inReference", iri, f"^sote:{prop}", "not in the reference data")


CASES = [
    # labels
    Case("no Finnish name", f'{PIK} skos:prefLabel "Pikassos"@fi .', "", "Labelled-prefLabel-fi", PIK,
         "skos:prefLabel", "Finnish name is missing"),
    Case("name without language", "", f'{STM} skos:prefLabel "STM" .', "Labelled-prefLabel-langString", STM,
         "skos:prefLabel", "must carry a language tag"),
    Case("two Finnish names", "", f'{STM} skos:prefLabel "Sosiaali- ja terveysministeriö STM"@fi .',
         "Labelled-prefLabel-uniqueLang", STM, "skos:prefLabel", "one name (skos:prefLabel) per language"),
    Case("alternative name as a link", "", f"{STM} skos:altLabel {PIK} .", "Labelled-altLabel-literal", STM,
         "skos:altLabel", "must be text"),
    Case("no English name", f'{PIK} skos:prefLabel "Pikassos"@en .', "", "EnglishLabelled-prefLabel-en", PIK,
         "skos:prefLabel", "No English name", SH.Info),
    # provenance
    Case("source is not a document", "", f"{STM} prov:wasDerivedFrom doc:unknown .",
         "Sourced-wasDerivedFrom-declared", STM, "prov:wasDerivedFrom", "described source document"),
    Case("quote without language", "", f'{PART} sote:quote "hallinnoima" .', "Sourced-quote-langString", PART,
         "sote:quote", "must carry a language tag"),
    Case("relation without source", f"{MEMB} prov:wasDerivedFrom {DOC} .", "",
         "RelationProvenance-wasDerivedFrom-required", MEMB, "prov:wasDerivedFrom", "The relation has no source"),
    Case("entity without source", f"{PERSON} prov:wasDerivedFrom {DOC} .", "",
         "EntityProvenance-wasDerivedFrom-required", PERSON, "prov:wasDerivedFrom", "No source", SH.Warning),
    Case("joint municipal authority without source", "",
         '<https://w3id.org/sotegraph/id/organisation/phhyky> a sote:JointMunicipalAuthority ; '
         'skos:prefLabel "Päijät-Hämeen hyvinvointiyhtymä"@fi , "Päijät-Häme wellbeing group"@en .',
         "JointMunicipalAuthorityProvenance", "<https://w3id.org/sotegraph/id/organisation/phhyky>", None,
         "joint municipal authority has no source", SH.Warning),
    # time
    Case("two start dates", "", f'{PRJ} sote:startDate "2016-08-02"^^xsd:date .', "Timed-startDate-form", PRJ,
         "sote:startDate", "At most one start date"),
    Case("start date not a date", f'{PRJ} sote:startDate "2016-08-01"^^xsd:date .',
         f'{PRJ} sote:startDate "2016-08-01T09:00:00"^^xsd:dateTime .', "Timed-startDate-form", PRJ,
         "sote:startDate", "as an xsd:date", also=("Timed-startDate-order",)),
    Case("two end dates", "", f'{PRJ} sote:endDate "2018-12-30"^^xsd:date .', "Timed-endDate-form", PRJ,
         "sote:endDate", "At most one end date"),
    Case("two start years", "", f"{PART} sote:startYear 2017 .", "Timed-startYear-form", PART, "sote:startYear",
         "At most one start year"),
    Case("start year as text", f"{GROUP} sote:startYear 2015 .", f'{GROUP} sote:startYear "2015" .',
         "Timed-startYear-form", GROUP, "sote:startYear", "as an integer"),
    Case("two end years", "", f"{PART} sote:endYear 2019 .", "Timed-endYear-form", PART, "sote:endYear",
         "At most one end year"),
    Case("end date before start date", "",
         f'{SUB} sote:startDate "2016-08-01"^^xsd:date ; sote:startYear 2016 ; '
         f'sote:endDate "2016-07-31"^^xsd:date ; sote:endYear 2016 .',
         "Timed-startDate-order", SUB, "sote:startDate", "end date (sote:endDate) is before the start date"),
    Case("end year before start year", "", f"{SUB} sote:startYear 2017 ; sote:endYear 2016 .",
         "Timed-startYear-order", SUB, "sote:startYear", "end year (sote:endYear) is before the start year"),
    Case("start date without its year", "", f'{SUB} sote:startDate "2017-01-01"^^xsd:date .',
         "DatedStart-startYear-required", SUB, "sote:startYear", "start year (sote:startYear) is missing"),
    Case("end date without its year", f"{PRJ} sote:endYear 2018 .", "", "DatedEnd-endYear-required", PRJ,
         "sote:endYear", "end year (sote:endYear) is missing"),
    Case("start month 13", f"{FORUM} sote:startMonth 2 .", f"{FORUM} sote:startMonth 13 .",
         "Timed-startMonth-form", FORUM, "sote:startMonth", "integer 1–12"),
    Case("start month zero", f"{FORUM} sote:startMonth 2 .", f"{FORUM} sote:startMonth 0 .",
         "Timed-startMonth-form", FORUM, "sote:startMonth", "integer 1–12"),
    Case("two start months", "", f"{FORUM} sote:startMonth 3 .", "Timed-startMonth-form", FORUM,
         "sote:startMonth", "At most one start month"),
    Case("end month as text", f"{FORUM} sote:endMonth 2 .", f'{FORUM} sote:endMonth "helmikuu"@fi .',
         "Timed-endMonth-form", FORUM, "sote:endMonth", "integer 1–12"),
    Case("start month without its year", f"{FORUM} sote:startYear 2020 .", f"{FORUM} sote:date "
         '"2020-02-14"^^xsd:date .', "MonthStart-startYear-required", FORUM, "sote:startYear",
         "start year (sote:startYear) is missing although the start month"),
    Case("end month without its year", f"{FORUM} sote:endYear 2020 .", "", "MonthEnd-endYear-required", FORUM,
         "sote:endYear", "end year (sote:endYear) is missing although the end month"),
    # themes and actors
    Case("theme from another scheme", "", f"{PRJ} sote:theme role:chair .", "Themed-theme-scheme", PRJ,
         "sote:theme", "not a concept of the themes scheme"),
    Case("operates in a project", "", f"{PIK} sote:operatesIn {PRJ} .", "Actor-operatesIn-declared", PIK,
         "sote:operatesIn", "must be a described area"),
    Case("organisation without a type", f"{PIK} a sote:CompetenceCentre .", "", "Organisation-type-known", PIK,
         "rdf:type/rdfs:subClassOf+", "Unknown organisation type"),
    Case("seat not a municipality", "", f"{STM} sote:locatedIn {REG} .", "Organisation-locatedIn-declared", STM,
         "sote:locatedIn", "must be a described municipality"),
    Case("two seats", "", f"{PIK} sote:locatedIn <https://w3id.org/sotegraph/id/municipality/837> . "
         f'<https://w3id.org/sotegraph/id/municipality/837> a sote:Municipality ; sote:officialCode "837" ; '
         f'skos:prefLabel "Tampere"@fi , "Tampere"@en .', "Organisation-locatedIn-declared", PIK,
         "sote:locatedIn", "At most one seat", also=("Municipality-inReference",)),
    Case("parent organisation is a project", f"{STM} skos:altLabel \"STM\"@fi .",
         f"{STM} sote:subOrganisationOf {PRJ} .", "Organisation-subOrganisationOf-declared", STM,
         "sote:subOrganisationOf", "must be a described organisation"),
    Case("unit without parent", f"org:pete sote:subOrganisationOf {PIK} .", "",
         "OrganisationalUnit-subOrganisationOf-required", "org:pete", "sote:subOrganisationOf",
         "no parent organisation", SH.Warning),
    # areas
    Case("municipality code of two digits", f'{MUN} sote:officialCode "109" .', f'{MUN} sote:officialCode "10" .',
         "Municipality-officialCode-form", MUN, "sote:officialCode", "three-digit municipality code"),
    Case("municipality without code", f'{MUN} sote:officialCode "109" .', "", "Municipality-officialCode-form", MUN,
         "sote:officialCode", "three-digit municipality code"),
    Case("municipality code as a number", f'{MUN} sote:officialCode "109" .', f"{MUN} sote:officialCode 109 .",
         "Municipality-officialCode-form", MUN, "sote:officialCode", "three-digit municipality code"),
    Case("sub-region code of two digits", f'{SUBREG} sote:officialCode "051" .', f'{SUBREG} sote:officialCode "51" .',
         "SubRegion-officialCode-form", SUBREG, "sote:officialCode", "three-digit sub-region code"),
    Case("region code of three digits", f'{REG} sote:officialCode "05" .', f'{REG} sote:officialCode "005" .',
         "Region-officialCode-form", REG, "sote:officialCode", "two-digit region code"),
    Case("county code as a number", f'{WSC} sote:officialCode "06" .', f"{WSC} sote:officialCode 6 .",
         "WellbeingServicesCounty-officialCode-form", WSC, "sote:officialCode", "two-digit code"),
    Case("hospital district without code", f'{HD} sote:officialCode "05" .', "",
         "HospitalDistrict-officialCode-form", HD, "sote:officialCode", "two-digit code"),
    Case("classification without municipality", f"{CLS} sote:municipality {MUN} .", "",
         "AreaClassification-municipality-declared", CLS, "sote:municipality", "exactly one described municipality",
         also=("Municipality-inReference",)),
    Case("classification year as text", f"{CLS} sote:classificationYear 2021 .",
         f'{CLS} sote:classificationYear "2021" .', "AreaClassification-classificationYear-form", CLS,
         "sote:classificationYear", "exactly one classification year"),
    Case("sub-region is a region", f"{CLS} sote:subRegion {SUBREG} .", f"{CLS} sote:subRegion {REG} .",
         "AreaClassification-subRegion-declared", CLS, "sote:subRegion", "described sub-region",
         also=("SubRegion-inReference",)),
    Case("region is a county", "", f"{CLS} sote:region {WSC} .", "AreaClassification-region-declared", CLS,
         "sote:region", "must be a described region"),
    Case("county is a region", f"{CLS} sote:wellbeingServicesCounty {WSC} .",
         f"{CLS} sote:wellbeingServicesCounty {REG} .", "AreaClassification-wellbeingServicesCounty-declared", CLS,
         "sote:wellbeingServicesCounty", "must be a described one", also=("WellbeingServicesCounty-inReference",)),
    Case("hospital district is a county", f"{CLS} sote:hospitalDistrict {HD} .",
         f"{CLS} sote:hospitalDistrict {WSC} .", "AreaClassification-hospitalDistrict-declared", CLS,
         "sote:hospitalDistrict", "must be a described one", also=("HospitalDistrict-inReference",)),
    # groups
    Case("meeting frequency without language", f'{GROUP} sote:meetingFrequency "neljä kertaa vuodessa"@fi .',
         f'{GROUP} sote:meetingFrequency "neljä kertaa vuodessa" .', "Group-meetingFrequency-langString", GROUP,
         "sote:meetingFrequency", "must carry a language tag"),
    Case("meetings per year as integer", f"{GROUP} sote:meetingsPerYear 4.0 .", f"{GROUP} sote:meetingsPerYear 4 .",
         "Group-meetingsPerYear-form", GROUP, "sote:meetingsPerYear", "one non-negative decimal"),
    Case("negative meetings per year", f"{GROUP} sote:meetingsPerYear 4.0 .", f"{GROUP} sote:meetingsPerYear -1.0 .",
         "Group-meetingsPerYear-form", GROUP, "sote:meetingsPerYear", "one non-negative decimal"),
    Case("convener is a document", "", f"{GROUP} sote:convenedBy {DOC} .", "Group-convenedBy-declared", GROUP,
         "sote:convenedBy", "must be a described actor"),
    Case("sub-group of a goal", "", f"{GROUP} sote:subGroupOf {GOAL} .", "Group-subGroupOf-declared", GROUP,
         "sote:subGroupOf", "described group, project or organisation"),
    # projects
    Case("programme is a project", "", f"{PRJ} sote:partOfProgramme {SUB} .", "Project-partOfProgramme-declared",
         PRJ, "sote:partOfProgramme", "must be a described programme"),
    Case("goal is an organisation", "", f"{PRJ} sote:hasGoal {STM} .", "Project-hasGoal-declared", PRJ,
         "sote:hasGoal", "must be a described goal"),
    Case("parent project on a non-sub-project", "", f"{STM} sote:parentProject {PRJ} .", "SubProject", STM, None,
         "Only a sub-project has a parent project"),
    Case("two parent projects", "", f"{SUB} sote:parentProject {LAPE} .", "SubProject-parentProject-declared", SUB,
         "sote:parentProject", "exactly one parent project"),
    Case("goal text only in English", f'{GOAL} sote:goalText "Sosiaalityön rakenteiden uudistaminen"@fi .',
         f'{GOAL} sote:goalText "Renewing the structures of social work"@en .', "Goal-goalText-fi", GOAL,
         "sote:goalText", "no Finnish text"),
    Case("goal text without language", "", f'{GOAL} sote:goalText "rakenteet" .', "Goal-goalText-langString", GOAL,
         "sote:goalText", "must carry a language tag"),
    Case("goal ordinal zero", f"{GOAL} sote:ordinal 1 .", f"{GOAL} sote:ordinal 0 .", "Goal-ordinal-form", GOAL,
         "sote:ordinal", "positive integer"),
    Case("goal of no project", f"{PRJ} sote:hasGoal {GOAL} .", "", "Goal-project-required", GOAL,
         "^sote:hasGoal", "belongs to no project"),
    # participation
    Case("participation not typed", "",
         f"{UNTYPED} sote:participant {PIK} ; sote:project {PRJ} ; sote:role role:partner .", "Participation",
         UNTYPED, None, "not typed sote:Participation", also=("RoleUse-relation",)),
    Case("two participants", "", f"{PART} sote:participant {STM} .", "Participation-participant-count", PART,
         "sote:participant", "exactly one participant"),
    Case("participant undeclared", f"{PART} sote:participant {PIK} .",
         f"{PART} sote:participant <https://w3id.org/sotegraph/id/organisation/unknown> .",
         "Participation-participant-declared", PART, "sote:participant", "must be a described actor",
         also=("RoleUse-holder",)),
    Case("participation without project", f"{PART} sote:project {PRJ} .", "", "Participation-project-count", PART,
         "sote:project", "exactly one project"),
    Case("participation in a goal", f"{PART} sote:project {PRJ} .", f"{PART} sote:project {GOAL} .",
         "Participation-project-declared", PART, "sote:project", "must be a described project or programme"),
    Case("participation without role", f"{PART} sote:role role:administrator .", "", "Participation-role-count",
         PART, "sote:role", "exactly one role"),
    Case("participation role is a theme", f"{PART} sote:role role:administrator .",
         f"{PART} sote:role theme:social-work .", "Participation-role-scheme", PART, "sote:role",
         "not a concept of the roles scheme"),
    Case("participation role unknown", f"{PART} sote:role role:administrator .", f"{PART} sote:role role:boss .",
         "Participation-role-scheme", PART, "sote:role", "not a concept of the roles scheme"),
    # membership
    Case("membership not typed", "",
         f"{UNTYPED} sote:member {PERSON} ; sote:memberOf {GROUP} ; sote:role role:member .", "Membership",
         UNTYPED, None, "not typed sote:Membership", also=("RoleUse-relation",)),
    Case("membership without member", f"{MEMB} sote:member {PERSON} .", "", "Membership-member-count", MEMB,
         "sote:member", "exactly one member"),
    Case("member is a document", f"{MEMB} sote:member {PERSON} .", f"{MEMB} sote:member {DOC} .",
         "Membership-member-declared", MEMB, "sote:member", "must be a described actor", also=("RoleUse-holder",)),
    Case("member of two", "", f"{MEMB} sote:memberOf {PIK} .", "Membership-memberOf-count", MEMB, "sote:memberOf",
         "exactly one organisation, group or project"),
    Case("member of a goal", f"{MEMB} sote:memberOf {GROUP} .", f"{MEMB} sote:memberOf {GOAL} .",
         "Membership-memberOf-declared", MEMB, "sote:memberOf", "described organisation, group or project"),
    Case("membership without role", f"{MEMB} sote:role role:chair .", "", "Membership-role-count", MEMB, "sote:role",
         "exactly one role"),
    Case("membership role is an instrument", f"{MEMB} sote:role role:chair .",
         f"{MEMB} sote:role <https://w3id.org/sotegraph/id/instrument/esr> .", "Membership-role-scheme", MEMB,
         "sote:role", "not a concept of the roles scheme"),
    # funding
    Case("funding not typed", "", f"{UNTYPED} sote:fundedProject {PRJ} .", "Funding", UNTYPED, None,
         "not typed sote:Funding"),
    Case("funding of nothing", f"{SHARE} sote:fundedProject {SUB} .", "", "Funding-what-required", SHARE,
         "sote:fundedProject|sote:recipient", "The funding funds nothing"),
    Case("two funded projects", "", f"{FUND} sote:fundedProject {SUB} .", "Funding-fundedProject-count", FUND,
         "sote:fundedProject", "at most one funded project or programme"),
    Case("funded project is a goal", "", f"{FUND} sote:funder {STM} ; sote:fundedProject {GOAL} .",
         "Funding-fundedProject-declared", FUND, "sote:fundedProject", "must be a described project or programme",
         also=("Funding-fundedProject-count",)),
    Case("programme funding of an organisation", f"{PFUND} sote:fundedProject {LAPE} .",
         f"{PFUND} sote:fundedProject {STM} .", "Funding-fundedProject-declared", PFUND, "sote:fundedProject",
         "must be a described project or programme"),
    Case("funder is a theme", "", f"{FUND} sote:funder theme:social-work .", "Funding-funder-declared", FUND,
         "sote:funder", "must be a described organisation"),
    Case("instrument is a role", f"{FUND} sote:instrument <https://w3id.org/sotegraph/id/instrument/esr> .",
         f"{FUND} sote:instrument role:funder .", "Funding-instrument-scheme", FUND, "sote:instrument",
         "from the instruments scheme"),
    Case("funding role is a theme", f"{FUND} sote:role role:funder .", f"{FUND} sote:role theme:prevention .",
         "Funding-role-scheme", FUND, "sote:role", "from the roles scheme"),
    Case("amount as integer", f"{FUND} sote:amount 2400000.0 .", f"{FUND} sote:amount 2400000 .",
         "Funding-amount-form", FUND, "sote:amount", "one decimal (xsd:decimal)"),
    Case("negative amount", f"{SHARE} sote:amount 215000.0 .", f"{SHARE} sote:amount -215000.0 .",
         "Funding-amount-nonNegative", SHARE, "sote:amount", "cannot be negative"),
    Case("currency in lower case", f'{FUND} sote:currency "EUR" .', f'{FUND} sote:currency "eur" .',
         "Funding-currency-form", FUND, "sote:currency", "as an ISO 4217 code"),
    Case("amount without currency", f'{SHARE} sote:currency "EUR" .', "", "FundingCurrency-currency-required", SHARE,
         "sote:currency", "The amount has no currency"),
    Case("share of a project", f"{SHARE} sote:shareOf {FUND} .", f"{SHARE} sote:shareOf {PRJ} .",
         "Funding-shareOf-declared", SHARE, "sote:shareOf", "must be a described funding"),
    Case("share above its parent", f"{SHARE} sote:amount 215000.0 .", f"{SHARE} sote:amount 2500000.0 .",
         "FundingShare-notAboveParent", SHARE, None, "add up to 2500000.0, more than its amount 2400000.0"),
    Case("shares together above the parent", "",
         f'funding:pro-sos-pikassos--2 a sote:Funding ; sote:fundedProject {SUB} ; sote:shareOf {FUND} ; '
         f'sote:amount 2300000.0 ; sote:currency "EUR" ; prov:wasDerivedFrom {DOC} .',
         "FundingShare-notAboveParent", SHARE, None, "add up to 2515000.0, more than its amount 2400000.0"),
    # service agreements
    Case("agreement not typed", "", f"{UNTYPED} sote:provider {PIK} ; sote:customer {MUN} .", "ServiceAgreement",
         UNTYPED, None, "not typed sote:ServiceAgreement"),
    Case("provider is a document", f"{AGR} sote:provider {PIK} .", f"{AGR} sote:provider {DOC} .",
         "ServiceAgreement-provider-declared", AGR, "sote:provider", "exactly one provider"),
    Case("agreement without customer", f"{AGR} sote:customer {MUN} .", "", "ServiceAgreement-customer-declared",
         AGR, "sote:customer", "exactly one customer"),
    Case("service without language", f'{AGR} sote:service "osaamiskeskuspalvelut"@fi .',
         f'{AGR} sote:service "osaamiskeskuspalvelut" .', "ServiceAgreement-service-langString", AGR, "sote:service",
         "must carry a language tag"),
    # events
    Case("event without date or year", f'{EVENT} sote:date "2016-05-12"^^xsd:date .', "", "Event-when-required",
         EVENT, "sote:date|sote:startYear", "The event has no time"),
    Case("meeting known to the month without year", f"{FORUM} sote:startYear 2020 .", "", "Event-when-required",
         FORUM, "sote:date|sote:startYear", "The event has no time", also=("MonthStart-startYear-required",)),
    Case("two event dates", "", f'{EVENT} sote:date "2016-05-13"^^xsd:date .', "Event-date-form", EVENT,
         "sote:date", "At most one date"),
    Case("event date with a time", f'{EVENT} sote:date "2016-05-12"^^xsd:date .',
         f'{EVENT} sote:date "2016-05-12T09:00:00"^^xsd:dateTime .', "Event-date-form", EVENT, "sote:date",
         "as an xsd:date"),
    Case("place with language", f'{EVENT} sote:place "Hämeenlinna" .', f'{EVENT} sote:place "Hämeenlinna"@fi .',
         "Event-place-string", EVENT, "sote:place", "as text (xsd:string)"),
    Case("attendee is a goal", "", f"{EVENT} sote:attendee {GOAL} .", "Event-attendee-declared", EVENT,
         "sote:attendee", "must be a described actor"),
    Case("organiser is a theme", "", f"{EVENT} sote:organiser theme:prevention .", "Event-organiser-declared", EVENT,
         "sote:organiser", "must be a described actor"),
    Case("meeting of a project", f"{MEET} sote:meetingOf {GROUP} .", f"{MEET} sote:meetingOf {PRJ} .",
         "Meeting-meetingOf-declared", MEET, "sote:meetingOf", "exactly one described group"),
    Case("minutes are an organisation", f"{MEET} sote:minutes {DOC} .", f"{MEET} sote:minutes {STM} .",
         "Meeting-minutes-declared", MEET, "sote:minutes", "must be a described source document"),
    # source documents
    Case("identifier with a folder", f'{DOC} dcterms:identifier "000_44814395cc703dc1.txt" .',
         f'{DOC} dcterms:identifier "seeds/000_44814395cc703dc1.txt" .', "SourceDocument-identifier-form", DOC,
         "dcterms:identifier", "without a folder path"),
    Case("document without title", f'{DOC} dcterms:title "MONNI-hanke"@fi .', "", "SourceDocument-title-required",
         DOC, "dcterms:title", "has no title", SH.Warning),
    Case("document type as a link", f'{DOC} dcterms:type "hankekuvaus" .', f"{DOC} dcterms:type theme:prevention .",
         "SourceDocument-type-form", DOC, "dcterms:type", "as text (xsd:string)"),
    Case("document date in Finnish format", f'{DOC} dcterms:date "2020-11-01"^^xsd:date .',
         f'{DOC} dcterms:date "1.11.2020" .', "SourceDocument-date-form", DOC, "dcterms:date",
         "xsd:date, xsd:gYearMonth or xsd:gYear"),
    # issue 14: what the shapes must reject
    Case("start year disagrees with the start date", f"{PRJ} sote:startYear 2016 .", f"{PRJ} sote:startYear 2017 .",
         "YearAgrees-start", PRJ, None, "is not the year of the start date"),
    Case("end year disagrees with the end date", f"{FUND} sote:endYear 2018 .", f"{FUND} sote:endYear 2019 .",
         "YearAgrees-end", FUND, None, "is not the year of the end date"),
    Case("municipality as a project's secretary", "",
         f"{NEWREL} a sote:Participation ; sote:participant {MUN} ; sote:project {PRJ} ; sote:role role:secretary ; "
         f"prov:wasDerivedFrom {DOC} .", "RoleUse-holder", NEWREL, None, "its holder must be a",
         also=("RoleUse-relation",)),
    Case("post role in a participation", "",
         f"{NEWREL} a sote:Participation ; sote:participant {PERSON} ; sote:project {PRJ} ; sote:role role:chair ; "
         f"prov:wasDerivedFrom {DOC} .", "RoleUse-relation", NEWREL, None, "is not used in this kind of relation"),
    Case("person as funder", f"{FUND} sote:funder {STM} .", f"{FUND} sote:funder {PERSON} .",
         "Funding-funder-declared", FUND, "sote:funder", "must be a described organisation"),
    Case("currency XYZ", f'{FUND} sote:currency "EUR" .', f'{FUND} sote:currency "XYZ" .',
         "Funding-currency-form", FUND, "sote:currency", "no made-up codes"),
    Case("person who is also a municipality", "", f"{PERSON} a sote:Municipality .", "Disjoint-classes", PERSON, None,
         "which exclude each other", also=("Municipality-officialCode-form", "Municipality-inReference",
                                            "EnglishLabelled-prefLabel-en")),
    Case("official code not in the reference data", "",
         '<https://w3id.org/sotegraph/id/municipality/999> a sote:Municipality ; sote:officialCode "999" ; '
         'skos:prefLabel "Keksitty"@fi , "Made-up"@en .', "Municipality-inReference",
         "<https://w3id.org/sotegraph/id/municipality/999>", "^sote:municipality", "not in the reference data"),
    *[_made_up_area(kind, cls, code, prop) for kind, cls, code, prop in (
        ("subregion", "SubRegion", "999", "subRegion"), ("region", "Region", "99", "region"),
        ("wellbeing-county", "WellbeingServicesCounty", "99", "wellbeingServicesCounty"),
        ("hospital-district", "HospitalDistrict", "99", "hospitalDistrict"))],
    Case("group is its own sub-group", "", f"{GROUP} sote:subGroupOf {GROUP} .", "SubGroupCycle-notOwn", GROUP, None,
         "is its own sub-group"),
    Case("unknown class in the sote namespace", "", f"{PIK} a sote:Organisaatio .", "KnownClass-declared",
         "sote:Organisaatio", None, "is not a class of the sotegraph ontology"),
    Case("unknown property in the sote namespace", "", f'{PIK} sote:nimi "Pikassos"@fi .', "KnownProperty-declared",
         PIK, None, "is not a property of the sotegraph ontology"),
    Case("quote that occurs nowhere in its document",
         f'{PART} sote:quote "Pikassoksen hallinnoima PRO SOS -hanke"@fi .',
         f'{PART} sote:quote "Verson hallinnoima PRO SOS -hanke"@fi .', "QuoteInSource-found", PART, None,
         "does not occur in its source document"),
    Case("document text changed after its checksum", f'{DOC} sote:fullText "{TEXT}" .',
         f'{DOC} sote:fullText "{TEXT} Lisäys." .', "DocumentChecksum-matches", DOC, None,
         "does not match the checksum"),
    Case("document text with a language tag", f'{DOC} sote:fullText "{TEXT}" .', f'{DOC} sote:fullText "{TEXT}"@fi .',
         "DocumentText-fullText-form", DOC, "sote:fullText", "without a language tag"),
    Case("document text without checksum", f'{DOC} sote:sha256 "{DIGEST}" .', "",
         "DocumentText-sha256-form", DOC, "sote:sha256", "exactly one SHA-256 checksum"),
    Case("business ID with a wrong check digit", f'{PIK} sote:businessId "1234567-1" .',
         f'{PIK} sote:businessId "1234567-2" .', "BusinessIdCheck-digit", PIK, None, "check digit"),
    Case("business ID without hyphen", f'{PIK} sote:businessId "1234567-1" .', f'{PIK} sote:businessId "12345671" .',
         "BusinessId-businessId-form", PIK, "sote:businessId", "written 1234567-8"),
    Case("funding recipient is a theme", "", f"{OFUND} sote:recipient theme:prevention .",
         "Funding-recipient-declared", OFUND, "sote:recipient", "must be a described actor"),
    Case("funding programme is a project", "", f"{OFUND} sote:fundingProgramme {PRJ} .",
         "Funding-fundingProgramme-declared", OFUND, "sote:fundingProgramme", "must be a described programme"),
    Case("status not typed", "", f"{UNTYPED} sote:statusOf {PRJ} .", "ProjectStatus", UNTYPED, None,
         "not typed sote:ProjectStatus", also=("ProjectStatus-status-scheme", "ProjectStatus-startYear-required")),
    Case("status of a goal", f"{STATUS} sote:statusOf {PRJ} .", f"{STATUS} sote:statusOf {GOAL} .",
         "ProjectStatus-statusOf-declared", STATUS, "sote:statusOf", "exactly one described project or programme"),
    Case("status from the roles scheme", f"{STATUS} sote:status <https://w3id.org/sotegraph/id/status/running> .",
         f"{STATUS} sote:status role:chair .", "ProjectStatus-status-scheme", STATUS, "sote:status",
         "from the project statuses scheme"),
    Case("status without the time it is known from",
         f'{STATUS} sote:startDate "2016-08-01"^^xsd:date ; sote:startYear 2016 .', "",
         "ProjectStatus-startYear-required", STATUS, "sote:startYear", "no time it is known from"),
    Case("builds on an organisation", "", f"{SUB} sote:buildsOn {STM} .", "ProjectRelations-buildsOn-declared", SUB,
         "sote:buildsOn", "must be a described project or programme"),
    Case("works with a goal", "", f"{SUB} sote:worksWith {GOAL} .", "ProjectRelations-worksWith-declared", SUB,
         "sote:worksWith", "described project, programme or actor"),
    Case("successor is a project", "", f"org:pete sote:mergedInto {PRJ} .", "Succession-successor-declared",
         "org:pete", "sote:succeededBy|sote:renamedAs|sote:mergedInto|sote:continuedBy",
         "must be a described organisation or municipality"),
]


def _term(turtle: str):
    probe = Graph().parse(data=PREFIXES + f"<urn:probe> <urn:is> {turtle} .", format="turtle")
    return probe.value(URIRef("urn:probe"), URIRef("urn:is"))


def _broken(case: Case) -> Graph:
    data = Graph()
    data += VALID
    removed = Graph().parse(data=PREFIXES + case.remove, format="turtle")
    if case.remove:  # a case must really take something out of the valid fixture
        assert len(removed) and all(triple in VALID for triple in removed), f"{case.name}: not in the fixture"
    data -= removed
    data.parse(data=PREFIXES + case.add, format="turtle")
    return data


