"""From a document's text to proposed facts: known mentions, new entities, links, periods, amounts, status.

Rules over words and their base forms (no trained model): the gazetteer finds what the graph knows;
head words ("-hanke", "verkosto", "kuntayhtymä", a job title before a first name) find what it does
not; cue words in the same sentence ("hallinnoima", "koordinoi", "kumppanina", "mukana",
"osallistuvat", a title) give a link and its role. Every fact keeps its sentence's quote, character
offsets and a confidence.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from rdflib import URIRef

from sotegraph.entities.names import normalise
from sotegraph.extraction.gazetteer import Entry, Gazetteer, Token, tokens
from sotegraph.extraction.reading import Document
from sotegraph.vocab import SOTE, entity_iri, slug

_KIND_PRIORITY = {"person": 0, "group": 1, "project": 2, "programme": 2, "actor": 3, "event": 4, "area": 5,
                  "role": 9}
_AREA_PRIORITY = (SOTE.Municipality, SOTE.Region, SOTE.WellbeingServicesCounty, SOTE.SubRegion)
#: Head words of new entities (base forms, matched as the end of a word): class, kind of IRI, kind of mention.
_HEADS: tuple[tuple[str, URIRef, str, str], ...] = (
    ("ammattikorkeakoulu", SOTE.UniversityOfAppliedSciences, "organisation", "actor"),
    ("yliopisto", SOTE.University, "organisation", "actor"),
    ("kuntayhtymä", SOTE.JointMunicipalAuthority, "organisation", "actor"),
    ("hyvinvointiyhtymä", SOTE.JointMunicipalAuthority, "organisation", "actor"),
    ("osaamiskeskus", SOTE.CompetenceCentre, "organisation", "actor"),
    ("virasto", SOTE.GovernmentAgency, "organisation", "actor"),
    ("ministeriö", SOTE.Ministry, "organisation", "actor"),
    ("laitos", SOTE.GovernmentAgency, "organisation", "actor"),
    ("yliopistokeskus", SOTE.University, "organisation", "actor"),
    ("kuntaliitto", SOTE.NonGovernmentalOrganisation, "organisation", "actor"),
    ("säätiö", SOTE.NonGovernmentalOrganisation, "organisation", "actor"),
    ("yhdistys", SOTE.NonGovernmentalOrganisation, "organisation", "actor"),
    ("ry", SOTE.NonGovernmentalOrganisation, "organisation", "actor"),
    ("oy", SOTE.Company, "organisation", "actor"),
    ("oyj", SOTE.Company, "organisation", "actor"),
    ("yksikkö", SOTE.OrganisationalUnit, "organisation", "actor"),
    ("ohjausryhmä", SOTE.SteeringGroup, "group", "group"),
    ("työryhmä", SOTE.WorkingGroup, "group", "group"),
    ("yhteistyöryhmä", SOTE.WorkingGroup, "group", "group"),
    ("verkosto", SOTE.Network, "group", "group"),
    ("tiimi", SOTE.WorkingGroup, "group", "group"),
    ("foorumi", SOTE.Forum, "group", "group"),
    ("ohjelma", SOTE.Programme, "programme", "programme"),
    ("hanke", SOTE.Project, "project", "project"),
    ("seminaari", SOTE.Event, "event", "event"),
    ("webinaari", SOTE.Event, "event", "event"),
)
#: Cue words (base-form prefixes) → (role key for a project, role key for a group, which side the actor is).
_CUES: tuple[tuple[str, str, str], ...] = (
    ("hallinnoi", "administrator", "administrator"),
    ("koordinoi", "coordinator", "coordinator"),
    ("koollekutsu", "coordinator", "convener"),
    ("kumppani", "partner", "member"),
    ("osatoteuttaja", "partner", "member"),
    ("rahoitta", "funder", "member"),
    ("asiantuntija", "partner", "expert"),
    ("mukana", "partner", "member"),
    ("osallistu", "partner", "member"),
    ("jäsen", "partner", "member"),
    ("yhteistyö", "partner", "member"),
)
_STATUS = (("valmistelussa", "in preparation"), ("haettu", "applied"), ("hakemus", "applied"),
           ("käynnissä", "ongoing"), ("käynnistyi", "ongoing"), ("käynnistyy", "starting"))
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'”A-ZÅÄÖ0-9])|\n+")
_DAY_RANGE = re.compile(r"(\d{1,2})\.(\d{1,2})\.((?:19|20)\d\d)\s*[-–‑]\s*(\d{1,2})\.(\d{1,2})\.((?:19|20)\d\d)")
_YEAR_RANGE = re.compile(r"\b((?:19|20)\d\d)\s*[-–‑]\s*((?:19|20)\d\d)\b")
_SEASON = re.compile(r"\b(syksy\w*|kevä\w*|kesä\w*|talv\w*)\s+((?:19|20)\d\d)\b", re.I)
_MONTH_FROM = re.compile(r"\b(\d{1,2})/((?:19|20)\d\d)\s+alkaen\b")
_AMOUNT = re.compile(r"(\d{1,3}(?:[  ]\d{3})+|\d+(?:,\d+)?)\s*(miljoonaa|milj\.|M)?\s*(eur[a-zåäö]*|€)")
_PERSON_MARK = re.compile(r"\(\s*(pj|puheenjohtaja|siht|sihteeri|vpj)\b\.?", re.I)


@dataclass
class Mention:
    """A word run standing for an entity: known (its IRI in the graph) or proposed new."""

    start: int
    end: int
    text: str
    iri: URIRef
    label: str
    kind: str
    known: bool
    confidence: float
    types: frozenset[URIRef] = frozenset()
    alternatives: tuple[URIRef, ...] = ()


@dataclass
class NewEntity:
    """An entity the graph does not have: its proposed IRI, name, class and the first passage naming it."""

    iri: URIRef
    label: str
    cls: URIRef
    kind: str
    start: int
    end: int
    quote: str
    confidence: float


@dataclass
class Link:
    """A qualified relation between two mentioned entities, with its role and the sentence saying it."""

    relation: str  # "participation" or "membership"
    actor: URIRef
    target: URIRef
    role: URIRef
    start: int
    end: int
    quote: str
    confidence: float
    start_year: int | None = None
    end_year: int | None = None


@dataclass
class Funding:
    """An amount of money for a project named in the same sentence."""

    project: URIRef
    amount: float
    start: int
    end: int
    quote: str
    confidence: float
    start_year: int | None = None
    end_year: int | None = None


@dataclass
class Extraction:
    """Everything proposed for one document."""

    document: Document
    mentions: list[Mention] = field(default_factory=list)
    entities: list[NewEntity] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    fundings: list[Funding] = field(default_factory=list)
    statuses: list[tuple[URIRef, str, int, int, str]] = field(default_factory=list)


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence or line of `text`."""
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        if text[start:match.start()].strip():
            spans.append((start, match.start()))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


def _rank(entry: Entry) -> tuple[int, int]:
    area = next((i for i, cls in enumerate(_AREA_PRIORITY) if cls in entry.types), len(_AREA_PRIORITY))
    return _KIND_PRIORITY.get(entry.kind, 8), area


def _known_mentions(text: str, words: list[Token], gazetteer: Gazetteer) -> list[Mention]:
    """The longest non-overlapping label matches; a tie between entities goes to the better-ranked kind."""
    found = list(gazetteer.find(words))
    found.sort(key=lambda m: (-(words[m[1] - 1].end - words[m[0]].start), m[0], _rank(m[3]), not m[4]))
    taken: set[int] = set()
    chosen: list[Mention] = []
    for first, end, _label, entry, exact in found:
        positions = set(range(first, end))
        if positions & taken:
            continue
        same = [m[3].iri for m in found if m[0] == first and m[1] == end and m[3].iri != entry.iri]
        taken |= positions
        start, stop = words[first].start, words[end - 1].end
        confidence = (0.95 if exact else 0.85) * (0.8 if same else 1.0)
        chosen.append(Mention(start, stop, text[start:stop], entry.iri, entry.label, entry.kind, True,
                              round(confidence, 2), entry.types, tuple(same)))
    return sorted(chosen, key=lambda m: m.start)


def _lemma(gazetteer: Gazetteer, word: str) -> set[str]:
    """The word's normalised form and base forms; for 'PETE-yksikön', also 'pete-yksikko'."""
    lemmas = {normalise(word)} | {normalise(base) for base in gazetteer.analyser.baseforms(word)}
    if "-" in word.strip("-"):
        prefix, last = word.rsplit("-", 1)
        lemmas |= {normalise(f"{prefix}-{base}") for base in gazetteer.analyser.baseforms(last)}
    return lemmas


def _head(gazetteer: Gazetteer, word: str) -> tuple[str, URIRef, str, str] | None:
    lemmas = _lemma(gazetteer, word.split("-")[-1] if word.startswith(("-", "‑", "–")) else word)
    for head in _HEADS:
        if any(lemma.endswith(normalise(head[0])) for lemma in lemmas):
            return head
    return None


def _common_word(gazetteer: Gazetteer, word: str) -> bool:
    """A capitalised word the dictionary knows only in lower case (a sentence's first word, not a name)."""
    bases = gazetteer.analyser.baseforms(word)
    return bool(bases) and all(base[:1].islower() for base in bases) and "-" not in word


_PLACE_CASES = ("ssa", "ssä", "sta", "stä", "lla", "llä", "lta", "ltä", "lle", "seen")


def _acronym_start(text: str, words: list[Token], index: int, first: int) -> int:
    """Where a project name of the form 'ACRONYM - long name -hanke' starts (within 16 words), else `first`."""
    for j in range(index - 2, max(index - 16, 0) - 1, -1):
        gap = text[words[j].end:words[j + 1].start] if j + 1 < len(words) else ""
        if "." in gap or "\n" in gap:
            break
        if words[j].text.isupper() and len(words[j].text) >= 3 and gap.strip() in {"-", "–", "‑"}:
            return j
    return first


def _sentence_initial(text: str, word: Token) -> bool:
    """Whether `word` starts a sentence or a line."""
    before = text[:word.start].rstrip(" \t")
    return not before or before[-1] in ".!?:\n-–•”\"'"


def _nominative(gazetteer: Gazetteer, word: str) -> str:
    """The word's base form, keeping its capitalisation (the word itself when the analyser knows none)."""
    capital = word[:1].isupper()
    bases = sorted(gazetteer.analyser.baseforms(word), key=lambda b: (b[:1].isupper() != capital, len(b)))
    if not bases and "-" in word.strip("-"):
        prefix, last = word.rsplit("-", 1)
        return f"{prefix}-{_nominative(gazetteer, last)}" if last else word
    if not bases:
        return word
    base = bases[0]
    return base[:1].upper() + base[1:] if word[:1].isupper() else base


def _new_names(text: str, words: list[Token], heads_blocked: set[int], walk_blocked: set[int],
               gazetteer: Gazetteer) -> list[Mention]:
    """New organisations, projects, groups and events by their head word, named by the words around it.

    The name runs back over capitalised words and genitives ("Pikassoksen alueen osahanke",
    "Seinäjoen ammattikorkeakoulu") and forward over one proper name ("osaamiskeskus SONetBotnia").
    """
    found: list[Mention] = []
    for index, word in enumerate(words):
        if index in heads_blocked:
            continue
        head = _head(gazetteer, word.text)
        if head is None:
            continue
        if (index + 1 < len(words) and text[word.end:words[index + 1].start] == " "
                and words[index + 1].text[:1].islower() and _head(gazetteer, words[index + 1].text) is not None):
            continue  # a modifier of the next head word ("lastensuojelulaitosten verkosto")
        suffix_form = word.start >= 2 and text[word.start - 1] in "-‑–" and text[word.start - 2].isspace()
        first = index
        while first > 0 and index - first < 6 and first - 1 not in walk_blocked:
            previous = words[first - 1]
            gap = text[previous.end:words[first].start]
            if (gap.strip() not in {"", "-", "‑", "–"} or "\n" in gap
                    or previous.text.lower() in {"ja", "sekä", "tai", "on"}):
                break
            if not (previous.text[:1].isupper() or previous.text.endswith("n") or suffix_form):
                break
            first -= 1
        if suffix_form:
            capitals = [j for j in range(first, index) if words[j].text[:1].isupper()]
            first = capitals[-1] if capitals else index
            while first - 1 in capitals and not normalise(words[first - 1].text).endswith(_PLACE_CASES):
                first -= 1
            first = _acronym_start(text, words, index, first)
        while first < index and not words[first].text[:1].isupper():
            first += 1
        while first < index and not suffix_form and _sentence_initial(text, words[first]) \
                and _common_word(gazetteer, words[first].text):
            first += 1
        proper = None
        if index + 1 < len(words) and index + 1 not in heads_blocked and text[word.end:words[index + 1].start] == " ":
            following = words[index + 1].text
            if (following[:1].isupper() and _head(gazetteer, following) is None
                    and not gazetteer.analyser.is_first_name(following)):
                proper = words[index + 1]
        if proper is None and first == index and ("-" not in word.text[1:] or suffix_form):
            continue
        if proper is None and first == index and normalise(_nominative(gazetteer, word.text)) == head[0]:
            continue
        start, end = words[first].start, (proper or word).end
        parts = [w.text for w in words[first:index]] + [_nominative(gazetteer, word.text)]
        named = _named(words, index)
        if named is not None:
            first, parts = named[0], [named[1], "-" + head[0]]
        if proper is not None:
            label = _nominative(gazetteer, proper.text)
        elif suffix_form:
            label = " ".join(parts[:-1]) + " -" + head[0]
        else:
            label = " ".join(parts)
        iri = entity_iri(head[2], slug(label))
        found.append(Mention(start, end, text[start:end], iri, label, head[3], False, 0.6, frozenset({head[1]})))
        heads_blocked |= set(range(first, index + 2 if proper else index + 1))
        walk_blocked |= set(range(first, index + 2 if proper else index + 1))
    return found


def _surname(word: str) -> str:
    """The nominative of a surname no dictionary knows, by its case ending ('Junnolla' → 'Junno')."""
    for ending in ("lla", "llä", "lle", "ssa", "ssä", "sta", "stä", "lta", "ltä", "n"):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            stem = word[: -len(ending)]
            return stem[:-2] + "nen" if stem.endswith("se") else stem[:-3] + "s" if stem.endswith("kse") else stem
    return word


def _named(words: list[Token], index: int) -> tuple[int, str] | None:
    """'Koda niminen hanke', 'KODA-niminen hanke': (the name's word, the name)."""
    before = words[index - 1].text if index > 0 else ""
    if before.lower().endswith("-niminen"):
        return index - 1, before[: -len("-niminen")]
    if before.lower() == "niminen" and index > 1:
        return index - 2, words[index - 2].text
    return None


def _acronym(label: str) -> str | None:
    """The all-capitals word a name starts with ('MONNI-hanke', 'MONNI - Lastensuojelun …' → 'MONNI')."""
    first = re.split(r"[\s\-–‑]", label, maxsplit=1)[0]
    return first if len(first) >= 3 and first.isupper() and first.isalpha() else None


def _repeated_new_names(text: str, words: list[Token], covered: set[int], new: list[Mention],
                        gazetteer: Gazetteer) -> list[Mention]:
    """Later mentions of a new entity by its name alone, in any inflected form ("Socomin" after
    "osaamiskeskus Socom"): the document's new names become a gazetteer of their own."""
    entries = [(Entry(m.iri, m.label, m.kind, m.types), m.label) for m in new]
    local = Gazetteer(entries, gazetteer.analyser)
    found = []
    for first, end, _label, entry, exact in local.find(words):
        if any(i in covered for i in range(first, end)):
            continue
        covered |= set(range(first, end))
        start, stop = words[first].start, words[end - 1].end
        found.append(Mention(start, stop, text[start:stop], entry.iri, entry.label, entry.kind, False,
                             0.6 if exact else 0.5, entry.types))
    return found


def _merge_shorter_names(new: list[Mention]) -> None:
    """A new name whose words all occur in an earlier, longer new name of the same kind is that entity
    ("Pikassoksen osahanke" after "Pikassoksen alueen osahanke")."""
    for index, mention in enumerate(new):
        words = set(normalise(mention.label).split())
        acronym = _acronym(mention.label)
        for earlier in new[:index]:
            same_acronym = acronym is not None and acronym == _acronym(earlier.label)
            if earlier.kind == mention.kind and (same_acronym or len(words) >= 2
                                                 and words < set(normalise(earlier.label).split())):
                mention.iri, mention.label, mention.types = earlier.iri, earlier.label, earlier.types
                break


def _people(text: str, words: list[Token], covered: set[int], gazetteer: Gazetteer,
            roles: dict[str, Entry]) -> list[tuple[Mention, URIRef | None]]:
    """People as first name + surname (the dictionary knows the first name), with a title before them."""
    people: list[tuple[Mention, URIRef | None]] = []
    for index in range(len(words) - 1):
        first, last = words[index], words[index + 1]
        if index in covered or index + 1 in covered or not last.text[:1].isupper():
            continue
        if not gazetteer.analyser.is_first_name(first.text) or text[first.end:last.start] != " ":
            continue
        known_bases = {normalise(b) for b in gazetteer.analyser.baseforms(last.text)}
        surname = sorted(gazetteer.text_forms(last.text) & known_bases)
        given = _nominative(gazetteer, first.text)
        family = last.text if last.text.endswith("nen") else surname[0] if surname else _surname(last.text)
        label = f"{given} {family[:1].upper()}{family[1:]}"
        role = None
        for position in (index - 1, index + 2):
            if 0 <= position < len(words):
                for lemma in _lemma(gazetteer, words[position].text):
                    if lemma in roles:
                        role = roles[lemma].iri
        mark = _PERSON_MARK.match(text, last.end + 1) or _PERSON_MARK.match(text, last.end)
        if mark:
            role = entity_iri("role", "chair" if mark.group(1).lower().startswith("p") else "secretary")
        iri = entity_iri("person", slug(label))
        people.append((Mention(first.start, last.end, text[first.start:last.end], iri, label, "person", False, 0.7,
                               frozenset({SOTE.Person})), role))
        covered |= {index, index + 1}
    return people


def _period(sentence: str) -> tuple[int | None, int | None]:
    if match := _DAY_RANGE.search(sentence):
        return int(match.group(3)), int(match.group(6))
    if match := _YEAR_RANGE.search(sentence):
        return int(match.group(1)), int(match.group(2))
    if match := _MONTH_FROM.search(sentence):
        return int(match.group(2)), None
    if match := _SEASON.search(sentence):
        return int(match.group(2)), None
    return None, None


def _amount(match: re.Match[str]) -> float:
    number = float(re.sub(r"[  ]", "", match.group(1)).replace(",", "."))
    return number * 1_000_000 if match.group(2) else number


def _role_for(actor: Mention, target: Mention, cue: tuple[str, str, str]) -> tuple[str, str]:
    if target.kind == "group":
        return "membership", cue[2]
    if cue[1] == "partner" and SOTE.Municipality in actor.types:
        return "participation", "participating-municipality"
    if cue[1] == "partner" and actor.kind == "area":
        return "participation", "participating-region"
    return "participation", cue[1]


def extract(document: Document, gazetteer: Gazetteer) -> Extraction:
    """Propose the facts of `document` against the entities `gazetteer` knows."""
    text = document.text
    result = Extraction(document)
    roles = {normalise(label): entry for entry in gazetteer.entries.values() if entry.kind == "role"
             for label in [entry.label]}
    words = tokens(text)
    known = [m for m in _known_mentions(text, words, gazetteer) if m.kind != "role"]
    covered = {i for i, w in enumerate(words) for m in known if m.start <= w.start < m.end}
    walk_blocked = {i for i, w in enumerate(words) for m in known
                    if m.start <= w.start < m.end and m.kind not in {"actor", "area"}}
    new = _new_names(text, words, set(covered), walk_blocked, gazetteer)
    covered |= {i for i, w in enumerate(words) for m in new if m.start <= w.start < m.end}
    _merge_shorter_names(new)
    people = _people(text, words, covered, gazetteer, roles)
    covered |= {i for i, w in enumerate(words) for p, _ in people if p.start <= w.start < p.end}
    again = _repeated_new_names(text, words, covered, new + [p for p, _ in people], gazetteer)
    result.mentions = sorted(known + new + [p for p, _ in people] + again, key=lambda m: m.start)
    seen: set[URIRef] = set()
    for mention in result.mentions:
        if not mention.known and mention.iri not in seen and mention.iri not in gazetteer.entries:
            seen.add(mention.iri)
            cls = next(iter(mention.types))
            result.entities.append(NewEntity(mention.iri, mention.label, cls, mention.kind, mention.start,
                                             mention.end, mention.text, mention.confidence))
    actor_counts = Counter(m.iri for m in result.mentions if m.kind == "actor")
    main_actor = next((m for m in result.mentions if actor_counts and m.iri == actor_counts.most_common(1)[0][0]),
                      None)
    anaphors = _anaphors(words, covered, gazetteer)
    discourse = _Discourse()
    for start, end in sentences(text):
        sentence = text[start:end]
        inside = [m for m in result.mentions if start <= m.start < end]
        referents = [discourse.resolve(a) for a in anaphors if start <= a.start < end]
        resolved = sorted(inside + [m for m in referents if m is not None], key=lambda m: m.start)
        start_year, end_year = _period(sentence)
        _sentence_links(result, text, start, end, resolved, gazetteer, start_year, end_year)
        for person in (m for m in inside if m.kind == "person"):
            role = _title_role(text, words, person, gazetteer, roles)
            if role is not None and str(role).endswith(("/chair", "/secretary")):
                target = next((m for m in resolved if m.kind == "group"), None) or discourse.first_group
            else:
                target = (next((m for m in resolved if m.kind == "project"), None)
                          or next((m for m in resolved if m.kind == "group"), None)
                          or discourse.recent_group(person.start)
                          or next((m for m in resolved if m.kind == "actor"), None) or main_actor)
            if any(link.actor == person.iri and link.role == role for link in result.links):
                continue
            if role is not None and target is not None:
                result.links.append(Link("membership", person.iri, target.iri, role, start, end, sentence, 0.6,
                                         start_year, end_year))
        projects = [m for m in resolved if m.kind == "project"]
        for match in _AMOUNT.finditer(sentence):
            if projects:
                result.fundings.append(Funding(projects[0].iri, _amount(match), start, end, sentence, 0.6,
                                               start_year, end_year))
        for word, status in _STATUS:
            if word in sentence.lower() and projects:
                result.statuses.append((projects[0].iri, status, start, end, sentence))
        discourse.update(inside)
    _subject_takes_part(result, main_actor, actor_counts)
    return result


def _subject_takes_part(result: Extraction, main_actor: Mention | None, actor_counts: Counter[URIRef]) -> None:
    """A report about one organisation: it takes part (as a partner) in the projects it names without
    saying who runs them. Low confidence; only when that organisation is most of the actors named."""
    if main_actor is None or SOTE.Municipality in main_actor.types or main_actor.kind != "actor":
        return
    if actor_counts[main_actor.iri] < 0.3 * sum(actor_counts.values()) or actor_counts[main_actor.iri] < 3:
        return
    linked = {link.target for link in result.links}
    for project in (m for m in result.mentions if m.kind == "project" and m.iri not in linked):
        if SOTE.Programme in project.types and SOTE.Project not in project.types:
            continue
        linked.add(project.iri)
        start = max(result.document.text.rfind(".", 0, project.start) + 1, 0)
        end = result.document.text.find(".", project.end)
        end = len(result.document.text) if end < 0 else end + 1
        quote = result.document.text[start:end].strip()
        start = result.document.text.find(quote, start)
        result.links.append(Link("participation", main_actor.iri, project.iri, entity_iri("role", "partner"),
                                 start, start + len(quote), quote, 0.3))


_ANAPHORS = {"hanke": "project", "hankekokonaisuus": "project", "osahanke": "subproject", "osatoteutus": "subproject",
             "foorumi": "group", "verkosto": "group", "työryhmä": "group", "ryhmä": "group"}
_ANAPHORS_NORMALISED = {normalise(word): kind for word, kind in _ANAPHORS.items()}
_LIST_GAP = re.compile(r"^[\s/,:;]*(?:(?:ja|sekä|\d+\s+\w+:|[A-ZÅÄÖ][\w-]*)[\s/,:;]+)*(?:[a-zåäö]+n\s+)*$")
_FROM_CASE = ("sta", "stä", "lta", "ltä")
#: Job titles the role vocabulary has no label for (yet), by base form → role key.
_TITLES = {"koordinaattori": "coordinator"}
_AGENT_CUES = ("hallinnoi", "koordinoi", "koollekutsu", "rahoitta")


@dataclass
class _Discourse:
    """The projects and groups mentioned so far, for words that refer back ("hankkeessa", "Foorumiin")."""

    project: Mention | None = None
    main: Mention | None = None
    first_group: Mention | None = None
    subproject: Mention | None = None
    groups: list[Mention] = field(default_factory=list)

    def update(self, mentions: list[Mention]) -> None:
        for mention in mentions:
            if mention.kind == "project":
                self.project = mention
                if SOTE.SubProject in mention.types or "osahanke" in normalise(mention.label):
                    self.subproject = mention
                else:
                    self.main = mention
            elif mention.kind == "group":
                self.groups.append(mention)
                self.first_group = self.first_group or mention

    def recent_group(self, position: int, within: int = 1000) -> Mention | None:
        """The group named last, if it was named less than `within` characters before `position`."""
        last = self.groups[-1] if self.groups else None
        return last if last is not None and position - last.end < within else None

    def resolve(self, anaphor: Mention) -> Mention | None:
        referent: Mention | None
        if anaphor.kind == "subproject":
            referent = self.subproject or self.project
        elif anaphor.kind == "project":
            referent = self.main or self.project
        else:
            head = normalise(anaphor.label)
            referent = next((g for g in reversed(self.groups) if normalise(g.label).endswith(head)), None)
        if referent is None:
            return None
        return Mention(anaphor.start, anaphor.end, anaphor.text, referent.iri, referent.label, referent.kind,
                       referent.known, round(referent.confidence * 0.8, 2), referent.types)


def _anaphors(words: list[Token], covered: set[int], gazetteer: Gazetteer) -> list[Mention]:
    """Words that refer back to a project or group ("Hanke", "osahankkeessa", "Foorumiin")."""
    found = []
    for index, word in enumerate(words):
        if index in covered:
            continue
        for lemma in _lemma(gazetteer, word.text):
            if lemma in _ANAPHORS_NORMALISED:
                kind = _ANAPHORS_NORMALISED[lemma]
                found.append(Mention(word.start, word.end, word.text, URIRef(""), lemma, kind, False, 0.5))
                break
    return found


def _title_role(text: str, words: list[Token], person: Mention, gazetteer: Gazetteer,
                roles: dict[str, Entry]) -> URIRef | None:
    """The role a job title next to the person gives ("kehittämispäällikkö Seija Junnolla", "(pj.)")."""
    mark = _PERSON_MARK.match(text, person.end + 1) or _PERSON_MARK.match(text, person.end)
    if mark:
        return entity_iri("role", "chair" if mark.group(1).lower().startswith(("p", "v")) else "secretary")
    index = next((i for i, w in enumerate(words) if w.start == person.start), None)
    if index is None:
        return None
    last = next((i for i in range(index, len(words)) if words[i].end >= person.end), index)
    for position in (index - 1, index - 2, index - 3, last + 1):
        if 0 <= position < len(words):
            for lemma in _lemma(gazetteer, words[position].text):
                if lemma in _TITLES:
                    return entity_iri("role", _TITLES[lemma])
                for variant in (lemma, lemma.replace("projekti", "hanke"), lemma.replace("hanke", "projekti")):
                    if variant in roles:
                        return roles[variant].iri
    return None


def _sentence_links(result: Extraction, text: str, start: int, end: int, inside: list[Mention],
                    gazetteer: Gazetteer, start_year: int | None, end_year: int | None) -> None:
    """Links by cue words: who (the agent or the listed participants) and what (the project or group)."""
    sentence = text[start:end]
    seen = {(link.actor, link.target) for link in result.links}
    nested = [m for m in inside if m.kind == "area"]
    inside = [m for m in inside if not any(o is not m and o.start <= m.start and m.end <= o.end
                                           and (o.end - o.start) > (m.end - m.start) for o in inside)]
    recent = next((link for link in reversed(result.links) if start - link.end < 400), None)

    def add(actor: Mention, target: Mention, cue: tuple[str, str, str], confidence: float) -> None:
        relation, role_key = _role_for(actor, target, cue)
        if SOTE.Programme in target.types and SOTE.Project not in target.types:
            return
        if (actor.iri, target.iri) in seen or actor.iri == target.iri or not str(target.iri):
            return
        seen.add((actor.iri, target.iri))
        result.links.append(Link(relation, actor.iri, target.iri, entity_iri("role", role_key), start, end, sentence,
                                 round(min(actor.confidence, target.confidence) * confidence, 2),
                                 start_year, end_year))

    words = tokens(sentence)
    for number, word in enumerate(words):
        lemmas = _lemma(gazetteer, word.text) | {normalise(word.text)}
        if normalise(word.text) == "koolle" and number + 1 < len(words) and words[number + 1].text.startswith("kutsu"):
            lemmas = {"koollekutsu"}
        cue = next((c for c in _CUES if any(lemma.startswith(normalise(c[0])) for lemma in lemmas)), None)
        if cue is None or (cue[0] == "yhteistyö" and "kanssa" not in sentence[word.end:]):
            continue  # 'yhteistyössä X:n kanssa', not 'Sote yhteistyö' in a name
        position, cue_end = start + word.start, start + word.end
        before = [m for m in inside if m.end <= position]
        after = [m for m in inside if m.start >= cue_end]
        targets_after = [m for m in after if m.kind in {"project", "group"}]
        targets_before = [m for m in before if m.kind in {"project", "group"}]
        if cue[0] in _AGENT_CUES:
            agent = next((m for m in reversed(before) if m.kind == "actor" and position - m.end <= 3), None)
            if agent is not None:
                candidates = targets_after or targets_before[-1:]
                if candidates:
                    add(agent, candidates[0], cue, 0.9)
                continue
            agents = _listed(text, [m for m in after if m.kind != "person"], cue_end, {"actor"})
            if agents and targets_before:
                for agent in agents:
                    add(agent, targets_before[-1], cue, 0.85)
            continue
        listed = _listed(text, after, cue_end, {"actor", "area"})
        participants = listed or [m for m in before if m.kind in {"actor", "area"}][:1]
        target: Mention | None
        if listed:
            target = next(iter(targets_before[-1:] or targets_after[:1]), None)
            if target is None and recent is not None:
                target = next((m for m in result.mentions if m.iri == recent.target), None)
        else:
            target = next(iter(targets_after[:1] or targets_before[-1:]), None)
        if target is None:
            continue
        for participant in participants:
            if not (target.start <= participant.start and participant.end <= target.end):
                add(participant, target, cue, 0.8)
    for project in (m for m in inside if m.kind == "project"):
        for area in (m for m in nested if project.start <= m.start and m.end <= project.end + 1):
            add(area, project, ("", "partner", "member"), 0.7)


def _listed(text: str, mentions: list[Mention], after: int, kinds: set[str]) -> list[Mention]:
    """The mentions of `kinds` listed right after position `after` ("Tampere, Orivesi ja Nokia"),
    leaving out areas in a 'from' case ("Pirkanmaalta")."""
    listed: list[Mention] = []
    cursor = after
    for mention in mentions:
        gap = text[cursor:mention.start]
        if not _LIST_GAP.match(gap) and not (not listed and len(gap) < 40 and "." not in gap):
            break
        cursor = mention.end
        if re.match(r"\s+(?:" + "|".join(_AGENT_CUES) + ")", text[mention.end:mention.end + 20], re.I):
            break
        if mention.kind == "area" and normalise(mention.text).endswith((*_FROM_CASE, "n")):
            continue
        if mention.kind in kinds:
            listed.append(mention)
        elif mention.kind in {"project", "group"} and listed:
            break
    return listed
