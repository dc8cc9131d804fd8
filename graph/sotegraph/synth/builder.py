"""The body of the synthetic graph generator (see `sotegraph.synth.generator` for the public API).

`Builder.statements()` streams (subject IRI, predicate IRI, object) for one (actors, projects,
seed): reference documents, organisations, people with posts, groups with memberships and
meetings, programmes, projects with goals, participations, funding and sub-projects, and
service agreements. Names are Finnish-looking words built from syllables, never real bodies.
"""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from typing import NamedTuple

from sotegraph.vocab import ID_BASE, SOTE_BASE

ID = ID_BASE
SOTE = SOTE_BASE
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"
PREF_LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"
ALT_LABEL = "http://www.w3.org/2004/02/skos/core#altLabel"
DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
DCT = "http://purl.org/dc/terms/"
YEARS = (2000, 2025)

#: Organisation types with their share of synthetic organisations and Finnish name patterns.
ORGANISATION_TYPES: dict[str, tuple[int, tuple[str, ...]]] = {
    "NonGovernmentalOrganisation": (24, ("{w} ry", "{g} sosiaaliturvayhdistys ry", "{g} mielenterveysseura ry")),
    "Company": (14, ("{w} Oy", "{w} Hoiva Oy", "{w} Palvelut Oy")),
    "OrganisationalUnit": (12, ("{w}-yksikkö", "{g} kehittämisyksikkö")),
    "JointMunicipalAuthority": (6, ("{g} kuntayhtymä", "{g} perusturvakuntayhtymä")),
    "EducationalInstitution": (6, ("{g} opisto", "{g} ammattiopisto")),
    "UniversityOfAppliedSciences": (5, ("{g} ammattikorkeakoulu",)),
    "Parish": (7, ("{g} seurakunta",)),
    "Authority": (6, ("{g} poliisilaitos", "{g} käräjäoikeus", "{g} maistraatti")),
    "CompetenceCentre": (4, ("{g} sosiaalialan osaamiskeskus",)),
    "RegionalCouncil": (4, ("{g} liitto",)),
    "GovernmentAgency": (4, ("{g} aluehallintovirasto", "{g} ELY-keskus")),
    "University": (3, ("{g} yliopisto",)),
    "Ministry": (2, ("{w}ministeriö",)),
    "InternationalOrganisation": (3, ("{w} International", "Euroopan {w}-rahasto")),
}
GROUP_TYPES: dict[str, tuple[str, ...]] = {
    "Network": ("{g} sosiaalityön verkosto", "{g} perhekeskusverkosto"),
    "Forum": ("{g} sosiaalijohdon foorumi", "{g} sote-foorumi"),
    "WorkingGroup": ("{g} lastensuojelun työryhmä", "{g} vammaispalveluiden työryhmä"),
    "SteeringGroup": ("{w}-hankkeen ohjausryhmä",),
}
PARTICIPATION_ROLES = ("partner", "partner", "partner", "coordinator", "expert", "steering-group-member")
PERSON_PROJECT_ROLES = ("project-manager", "project-coordinator", "project-worker", "project-director",
                        "project-planner")
POST_ROLES = ("director", "development-manager", "planner", "specialist", "project-coordinator",
              "project-manager")
GROUP_ROLES = ("member", "member", "member", "deputy-member", "representative", "expert")
FREQUENCIES = (("kerran kuukaudessa", "12"), ("neljä kertaa vuodessa", "4"),
               ("kaksi kertaa vuodessa", "2"), ("kuusi kertaa vuodessa", "6"))
FIRST_NAMES = ("Aino", "Anna", "Anne", "Antti", "Eeva", "Elina", "Heli", "Hanna", "Jari", "Johanna",
               "Juha", "Jukka", "Kaisa", "Kari", "Katja", "Laura", "Leena", "Liisa", "Marja", "Markku",
               "Matti", "Merja", "Mika", "Minna", "Outi", "Paula", "Pekka", "Petri", "Pirjo", "Riikka",
               "Sari", "Satu", "Seppo", "Tiina", "Timo", "Tuula", "Ulla", "Veli", "Ville", "Virpi")
LAST_NAMES = ("Aaltonen", "Heikkinen", "Hiltunen", "Hämäläinen", "Karjalainen", "Kinnunen", "Koskinen",
              "Laaksonen", "Lehtonen", "Leinonen", "Mäkelä", "Mäkinen", "Niemi", "Nieminen", "Ojala",
              "Rantanen", "Räsänen", "Salminen", "Salonen", "Tuominen", "Turunen", "Virtanen",
              "Väisänen", "Järvinen", "Lahtinen", "Peltonen", "Kallio", "Saarinen", "Söderholm", "Öhman")
SYLLABLES = ("ka", "la", "va", "ri", "mi", "no", "ta", "sa", "lo", "ju", "ke", "ni", "pa", "ro",
             "hu", "ve", "ti", "ma", "ko", "se", "vä", "jä", "lä", "ky")


class Lit(NamedTuple):
    """A literal: lexical form with a language tag or a datatype IRI (neither = xsd:string)."""

    value: str
    lang: str | None = None
    datatype: str | None = None


Term = str | Lit  # an IRI (str) or a literal
Statement = tuple[str, str, Term]
#: A project's grant: (funding IRI, amount, instrument, funder IRI).
Grant = tuple[str, int, str, str]


class ZipfPicker:
    """Draws indices 0..n-1 with weight 1/(rank+2)^s over a seeded shuffled ranking: a few are popular."""

    def __init__(self, n: int, rng: random.Random, exponent: float = 0.9) -> None:
        self.ranking = list(range(n))
        rng.shuffle(self.ranking)
        self.cumulative = list(itertools.accumulate(1.0 / (rank + 2) ** exponent for rank in range(n)))
        self.rng = rng

    def pick(self) -> int:
        """One index, popular ones more often."""
        position = bisect.bisect_left(self.cumulative, self.rng.random() * self.cumulative[-1])
        return self.ranking[min(position, len(self.ranking) - 1)]

    def distinct(self, count: int) -> list[int]:
        """`count` different indices (fewer if there are not that many)."""
        count = min(count, len(self.ranking))
        chosen: dict[int, None] = {}
        attempts = 0
        while len(chosen) < count and attempts < count * 20:
            chosen[self.pick()] = None
            attempts += 1
        return list(chosen)


@dataclass(frozen=True)
class Reference:
    """What the generator takes from the bundled 2021 reference data."""

    municipalities: tuple[str, ...]   # municipality IRIs
    county_of: dict[str, str]         # municipality IRI → wellbeing services county IRI


@dataclass
class Actor:
    """A synthetic actor as the builder remembers it: IRI, kind (IRI segment), key, class, name."""

    iri: str
    kind: str
    key: str
    cls: str
    name: str


def integer(value: int) -> Lit:
    return Lit(str(value), datatype=XSD + "integer")


def decimal(value: int) -> Lit:
    return Lit(f"{value}.0", datatype=XSD + "decimal")


def date(year: int, month: int, day: int) -> Lit:
    return Lit(f"{year:04d}-{month:02d}-{day:02d}", datatype=XSD + "date")


def fi(text: str) -> Lit:
    return Lit(text, lang="fi")


class Builder:
    """Streams one synthetic graph; all randomness comes from `rng`, so a seed fixes the output."""

    def __init__(self, actors: int, projects: int, rng: random.Random, reference: Reference,
                 themes: tuple[str, ...]) -> None:
        self.rng, self.reference, self.themes = rng, reference, themes
        self.projects = projects
        n_groups = actors // 10
        n_organisations = max(1, round(actors * 0.45))
        n_people = max(0, actors - n_organisations - n_groups)
        self.organisations = [self._organisation(index) for index in range(n_organisations)]
        self.people = [self._person(index) for index in range(n_people)]
        self.groups = [self._group(index) for index in range(n_groups)]
        self.by_type: dict[str, list[int]] = {}
        for index, organisation in enumerate(self.organisations):
            self.by_type.setdefault(organisation.cls, []).append(index)
        self.parent_candidates = [index for index, organisation in enumerate(self.organisations)
                                  if organisation.cls != "OrganisationalUnit"]
        self.pick_organisation = ZipfPicker(n_organisations, rng)
        self.pick_person = ZipfPicker(n_people, rng) if n_people else None
        self.pick_municipality = ZipfPicker(len(reference.municipalities), rng, exponent=0.6)
        self.registry_documents = max(1, actors // 25)
        self.programmes = max(1, projects // 40)

    # ------------------------------------------------------------ names

    def word(self) -> str:
        """A Finnish-looking made-up word of two or three syllables, capitalised."""
        return "".join(self.rng.choice(SYLLABLES) for _ in range(self.rng.randint(2, 3))).capitalize()

    def name(self, patterns: tuple[str, ...]) -> str:
        word = self.word()
        return self.rng.choice(patterns).format(w=word, g=word + "n")

    def _organisation(self, index: int) -> Actor:
        types = list(ORGANISATION_TYPES)
        cls = types[index] if index < len(types) else self.rng.choices(
            types, weights=[share for share, _ in ORGANISATION_TYPES.values()])[0]
        key = f"synth-{index}"
        return Actor(ID + "organisation/" + key, "organisation", key, cls, self.name(ORGANISATION_TYPES[cls][1]))

    def _person(self, index: int) -> Actor:
        key = f"synth-{index}"
        name = f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"
        return Actor(ID + "person/" + key, "person", key, "Person", name)

    def _group(self, index: int) -> Actor:
        cls = list(GROUP_TYPES)[index % len(GROUP_TYPES)]
        key = f"synth-{index}"
        return Actor(ID + "group/" + key, "group", key, cls, self.name(GROUP_TYPES[cls]))

    # ------------------------------------------------------------ helpers

    def years(self, low: int = YEARS[0], high: int = YEARS[1]) -> tuple[int, int]:
        """A period inside [low, high]: start ≤ end, mostly one to four years long."""
        start = self.rng.randint(low, max(low, high - 1))
        return start, min(high, start + self.rng.randint(0, 4))

    def period(self, subject: str, start: int, end: int) -> Iterator[Statement]:
        yield subject, SOTE + "startYear", integer(start)
        yield subject, SOTE + "endYear", integer(end)

    def document(self, key: str, title: str, kind: str, year: int | None = None) -> Iterator[Statement]:
        iri = ID + "document/" + key
        yield iri, RDF_TYPE, SOTE + "SourceDocument"
        yield iri, DCT + "identifier", Lit(f"{key}.txt")
        yield iri, DCT + "title", Lit(title)
        yield iri, DCT + "type", Lit(kind)
        if year is not None:
            yield iri, DCT + "date", date(year, self.rng.randint(1, 12), self.rng.randint(1, 28))

    def registry_document(self, index: int) -> str:
        return ID + f"document/synth-r{index % self.registry_documents}"

    def membership(self, holder_key: str, member: Actor, organisation: str, role: str, start: int,
                   end: int | None, source: str) -> Iterator[Statement]:
        iri = ID + f"membership/{holder_key}--{member.kind}-{member.key}--{role}"
        yield iri, RDF_TYPE, SOTE + "Membership"
        yield iri, SOTE + "member", member.iri
        yield iri, SOTE + "memberOf", organisation
        yield iri, SOTE + "role", ID + "role/" + role
        yield iri, SOTE + "startYear", integer(start)
        if end is not None:
            yield iri, SOTE + "endYear", integer(end)
        yield iri, DERIVED, source

    # ------------------------------------------------------------ the graph

    def statements(self) -> Iterator[Statement]:
        """Every statement of the graph, in a fixed order."""
        for index in range(self.registry_documents):
            yield from self.document(f"synth-r{index}", f"Toimijarekisterin ote {index + 1}", "rekisteriote",
                                     self.rng.randint(*YEARS))
        for index, organisation in enumerate(self.organisations):
            yield from self.organisation_statements(index, organisation)
        for index, person in enumerate(self.people):
            yield from self.person_statements(index, person)
        for index, group in enumerate(self.groups):
            yield from self.group_statements(index, group)
        for index in range(self.programmes):
            yield from self.programme_statements(index)
        for index in range(self.projects):
            yield from self.project_statements(index)
        for index in range(len(self.organisations) // 20):
            yield from self.agreement_statements(index)

    def organisation_statements(self, index: int, organisation: Actor) -> Iterator[Statement]:
        iri = organisation.iri
        municipality = self.reference.municipalities[self.pick_municipality.pick()]
        yield iri, RDF_TYPE, SOTE + organisation.cls
        yield iri, PREF_LABEL, fi(organisation.name)
        if self.rng.random() < 0.2:
            initials = "".join(part[0] for part in organisation.name.replace("-", " ").split()).upper()
            yield iri, ALT_LABEL, fi(initials)
        yield iri, SOTE + "locatedIn", municipality
        if self.rng.random() < 0.5:
            yield iri, SOTE + "operatesIn", self.reference.county_of[municipality]
        if organisation.cls == "OrganisationalUnit":
            earlier = self.parent_candidates[max(0, bisect.bisect_left(self.parent_candidates, index) - 50):
                                             bisect.bisect_left(self.parent_candidates, index)]
            if earlier:
                yield iri, SOTE + "subOrganisationOf", self.organisations[self.rng.choice(earlier)].iri
        yield iri, DERIVED, self.registry_document(index)

    def person_statements(self, index: int, person: Actor) -> Iterator[Statement]:
        source = self.registry_document(index)
        yield person.iri, RDF_TYPE, SOTE + "Person"
        yield person.iri, PREF_LABEL, fi(person.name)
        yield person.iri, DERIVED, source
        employer = self.organisations[self.pick_organisation.pick()]
        start, end = self.years()
        yield from self.membership(employer.key, person, employer.iri, self.rng.choice(POST_ROLES), start,
                                   end if self.rng.random() < 0.4 else None, source)

    def group_statements(self, index: int, group: Actor) -> Iterator[Statement]:
        rng, iri = self.rng, group.iri
        source_key = f"synth-g{index}"
        source = ID + "document/" + source_key
        start, end = self.years()
        yield from self.document(source_key, f"{group.name}: toimintasuunnitelma", "toimintasuunnitelma", start)
        yield iri, RDF_TYPE, SOTE + group.cls
        yield iri, PREF_LABEL, fi(group.name)
        for theme in rng.sample(self.themes, rng.randint(1, 2)):
            yield iri, SOTE + "theme", theme
        yield iri, SOTE + "convenedBy", self.organisations[self.pick_organisation.pick()].iri
        if rng.random() < 0.7:
            text, per_year = rng.choice(FREQUENCIES)
            yield iri, SOTE + "meetingFrequency", fi(text)
            yield iri, SOTE + "meetingsPerYear", Lit(per_year + ".0", datatype=XSD + "decimal")
        if group.cls == "SteeringGroup":
            yield iri, SOTE + "subGroupOf", ID + f"project/synth-{rng.randrange(self.projects)}"
        yield iri, DERIVED, source
        members = self.draw_members(min(40, max(3, int(3 * rng.paretovariate(1.4)))))
        posts = ["chair", "secretary"]  # held by people only (the roles' sote:roleHolder)
        roles = [posts.pop(0) if member.kind == "person" and posts else rng.choice(GROUP_ROLES) for member in members]
        for member, role in zip(members, roles, strict=False):
            yield from self.membership(group.key, member, iri, role, start,
                                       end if rng.random() < 0.5 else None, source)
        days = sorted(rng.sample(range(12 * 28), rng.randint(0, 2)))
        for day in days:
            yield from self.meeting(group, members, start, day)

    def draw_members(self, count: int) -> list[Actor]:
        """Members of a group: popular organisations and people, distinct."""
        organisations = [self.organisations[i] for i in self.pick_organisation.distinct((count + 1) // 2)]
        people = [self.people[i] for i in self.pick_person.distinct(count // 2)] if self.pick_person else []
        return [member for pair in itertools.zip_longest(organisations, people) for member in pair if member]

    def meeting(self, group: Actor, members: list[Actor], year: int, day: int) -> Iterator[Statement]:
        month, day_of_month = day // 28 + 1, day % 28 + 1
        when = date(year, month, day_of_month)
        iri = ID + f"meeting/{group.key}-{when.value}"
        source_key = f"synth-g{group.key.removeprefix('synth-')}-{when.value}"
        yield from self.document(source_key, f"{group.name}: muistio {when.value}", "muistio", None)
        yield iri, RDF_TYPE, SOTE + "Meeting"
        yield iri, PREF_LABEL, fi(f"{group.name}, kokous {day_of_month}.{month}.{year}")
        yield iri, SOTE + "meetingOf", group.iri
        yield iri, SOTE + "date", when
        for attendee in members[: self.rng.randint(2, 5)]:
            yield iri, SOTE + "attendee", attendee.iri
        yield iri, SOTE + "minutes", ID + "document/" + source_key
        yield iri, DERIVED, ID + "document/" + source_key

    def programme_statements(self, index: int) -> Iterator[Statement]:
        iri = ID + f"programme/synth-{index}"
        key_project = self.rng.random() < 0.25
        word = self.word()
        start, end = self.years()
        yield iri, RDF_TYPE, SOTE + ("GovernmentKeyProject" if key_project else "Programme")
        yield iri, PREF_LABEL, fi(f"{word} – kärkihanke" if key_project else f"{word}-ohjelma")
        yield from self.period(iri, start, end)
        yield iri, DERIVED, self.registry_document(index)

    def project_statements(self, index: int) -> Iterator[Statement]:
        rng = self.rng
        key = f"synth-{index}"
        iri = ID + "project/" + key
        word = self.word()
        name = f"{word}-hanke"
        start, end = self.years(YEARS[0], YEARS[1])
        source_key = f"synth-p{index}"
        source = ID + "document/" + source_key
        yield from self.document(source_key, f"{name}: hankesuunnitelma", "hankesuunnitelma", start)
        yield iri, RDF_TYPE, SOTE + "Project"
        yield iri, PREF_LABEL, fi(name)
        yield iri, ALT_LABEL, fi(word.upper())
        if rng.random() < 0.1:
            yield iri, PREF_LABEL, Lit(f"{word} project", lang="en")
        yield from self.dated_period(iri, start, end)
        for theme in rng.sample(self.themes, rng.randint(1, 3)):
            yield iri, SOTE + "theme", theme
        if rng.random() < 0.3:
            yield iri, SOTE + "partOfProgramme", ID + f"programme/synth-{rng.randrange(self.programmes)}"
        yield iri, DERIVED, source
        for ordinal in range(1, rng.randint(1, 3) + 1):
            goal = ID + f"goal/{key}-{ordinal}"
            yield iri, SOTE + "hasGoal", goal
            yield goal, RDF_TYPE, SOTE + "Goal"
            yield goal, SOTE + "goalText", fi(f"{name}: tavoite {ordinal}")
            yield goal, SOTE + "ordinal", integer(ordinal)
            yield goal, DERIVED, source
        partners = [self.organisations[i] for i in self.pick_organisation.distinct(self.partner_count())]
        participants = [(partner, "administrator" if n == 0 else rng.choice(PARTICIPATION_ROLES))
                        for n, partner in enumerate(partners)]
        municipalities = [self.reference.municipalities[i]
                          for i in self.pick_municipality.distinct(rng.choice((0, 0, 1, 1, 2, 3)))]
        participants += [(Actor(m, "municipality", m.rsplit("/", 1)[1], "Municipality", ""),
                          "participating-municipality") for m in municipalities]
        if self.pick_person:
            participants.append((self.people[self.pick_person.pick()], rng.choice(PERSON_PROJECT_ROLES)))
        if self.groups and rng.random() < 0.05:
            participants.append((self.groups[rng.randrange(len(self.groups))], "partner"))
        for actor, role in participants:
            yield from self.participation(key, name, actor, role, start, end, source)
        fundings = yield from self.funding(key, partners[0], municipalities, start, end, source)
        if rng.random() < 0.2:
            yield from self.sub_projects(key, name, partners, fundings, start, end, source)

    def partner_count(self) -> int:
        """Organisations in one project: a power law (Pareto, α = 1.5), at least two, at most 80."""
        return min(80, max(2, int(2 * self.rng.paretovariate(1.5))))

    def dated_period(self, iri: str, start: int, end: int) -> Iterator[Statement]:
        """Start and end years; exact dates for most projects."""
        yield from self.period(iri, start, end)
        if self.rng.random() < 0.6:
            yield iri, SOTE + "startDate", date(start, self.rng.randint(1, 12), 1)
            yield iri, SOTE + "endDate", date(end, 12, 31)

    def participation(self, project_key: str, project_name: str, actor: Actor, role: str, start: int,
                      end: int, source: str) -> Iterator[Statement]:
        iri = ID + f"participation/{project_key}--{actor.kind}-{actor.key}--{role}"
        yield iri, RDF_TYPE, SOTE + "Participation"
        yield iri, SOTE + "participant", actor.iri
        yield iri, SOTE + "project", ID + "project/" + project_key
        yield iri, SOTE + "role", ID + "role/" + role
        yield from self.period(iri, start, end)
        yield iri, DERIVED, source
        if actor.name and self.rng.random() < 0.3:
            yield iri, SOTE + "quote", fi(f"{actor.name} on mukana {project_name} -hankkeessa.")

    def funding(self, project_key: str, administrator: Actor, municipalities: list[str], start: int,
                end: int, source: str) -> Generator[Statement, None, list[Grant]]:
        """One or two grants for a project; returns [(funding IRI, amount, instrument, funder)]."""
        rng = self.rng
        grants: list[Grant] = []
        for number in range(1, rng.choice((1, 1, 1, 2)) + 1):
            instrument = rng.choice(("esr", "state-grant", "state-subsidy", "basic-funding", "municipal-funding"))
            funder = self.funder(instrument, administrator, municipalities)
            amount = max(5, int(rng.lognormvariate(5.3, 1.1))) * 1000
            iri = ID + f"funding/{project_key}--{number}"
            yield from self.grant(iri, project_key, instrument, funder, amount, start, end, source)
            grants.append((iri, amount, instrument, funder))
        return grants

    def funder(self, instrument: str, administrator: Actor, municipalities: list[str]) -> str:
        wanted = {"esr": ("InternationalOrganisation",), "state-grant": ("Ministry", "GovernmentAgency"),
                  "state-subsidy": ("Ministry",)}.get(instrument)
        if instrument == "municipal-funding":
            return municipalities[0] if municipalities else self.reference.municipalities[self.pick_municipality.pick()]
        if wanted is None:
            return administrator.iri
        candidates = [index for cls in wanted for index in self.by_type.get(cls, [])]
        return self.organisations[self.rng.choice(candidates)].iri if candidates else administrator.iri

    def grant(self, iri: str, project_key: str, instrument: str, funder: str, amount: int, start: int,
              end: int, source: str, share_of: str | None = None) -> Iterator[Statement]:
        yield iri, RDF_TYPE, SOTE + "Funding"
        yield iri, SOTE + "fundedProject", ID + "project/" + project_key
        yield iri, SOTE + "instrument", ID + "instrument/" + instrument
        yield iri, SOTE + "funder", funder
        yield iri, SOTE + "amount", decimal(amount)
        yield iri, SOTE + "currency", Lit("EUR")
        if share_of:
            yield iri, SOTE + "shareOf", share_of
        yield from self.period(iri, start, end)
        yield iri, DERIVED, source

    def sub_projects(self, key: str, name: str, partners: list[Actor],
                     grants: list[Grant], start: int, end: int,
                     source: str) -> Iterator[Statement]:
        """One to three sub-projects run by partners; their funding shares add up to at most 90 %."""
        rng = self.rng
        parent_grant, parent_amount, instrument, funder = grants[0]
        count = min(len(partners), rng.randint(1, 3))
        weights = [rng.random() + 0.1 for _ in range(count)]
        fraction = rng.uniform(0.3, 0.9) / sum(weights)
        for number, (partner, weight) in enumerate(zip(rng.sample(partners, count), weights, strict=True), start=1):
            sub_key = f"{key}-{number}"
            iri = ID + "project/" + sub_key
            sub_name = f"{name}: {partner.name} osahanke"
            yield iri, RDF_TYPE, SOTE + "SubProject"
            yield iri, PREF_LABEL, fi(sub_name)
            yield iri, SOTE + "parentProject", ID + "project/" + key
            yield from self.period(iri, start, end)
            yield iri, DERIVED, source
            yield from self.participation(sub_key, sub_name, partner, "administrator", start, end, source)
            share = int(parent_amount * weight * fraction)
            yield from self.grant(ID + f"funding/{sub_key}--1", sub_key, instrument, funder, share, start, end,
                                  source, share_of=parent_grant)

    def agreement_statements(self, index: int) -> Iterator[Statement]:
        rng = self.rng
        iri = ID + f"agreement/synth-{index}"
        providers = self.by_type.get("Company", []) + self.by_type.get("NonGovernmentalOrganisation", [])
        provider = self.organisations[rng.choice(providers)] if providers else self.organisations[0]
        customer = self.reference.municipalities[self.pick_municipality.pick()]
        service = rng.choice(("kotipalvelu", "perhetyö", "tukiasuminen", "päihdekuntoutus", "omaishoidon vapaa"))
        start, end = self.years()
        yield iri, RDF_TYPE, SOTE + "ServiceAgreement"
        yield iri, PREF_LABEL, fi(f"{provider.name}: {service}")
        yield iri, SOTE + "provider", provider.iri
        yield iri, SOTE + "customer", customer
        yield iri, SOTE + "service", fi(service)
        yield from self.period(iri, start, end)
        yield iri, DERIVED, self.registry_document(index)
