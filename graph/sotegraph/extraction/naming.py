"""New entities by their head word and the words around it; people by a first name the dictionary knows.

Organisations ("-ammattikorkeakoulu", "kuntayhtymä", "osaamiskeskus X"), projects ("-hanke",
"X -hanke", "ACRONYM – long name -hanke", "X niminen hanke"), groups ("työryhmä", "verkosto",
"foorumi", "tiimi") and events; each named in the nominative and given an `id/{kind}/{slug}` IRI.
"""

from __future__ import annotations

import re

from rdflib import URIRef

from sotegraph.extraction.facts import Mention
from sotegraph.extraction.gazetteer import Entry, Gazetteer, Token, normalise
from sotegraph.vocab import SOTE, entity_iri, slug

#: "(pj.)" or "(siht.)" after a name: chair or secretary.
PERSON_MARK = re.compile(r"\(\s*(pj|puheenjohtaja|siht|sihteeri|vpj)\b\.?", re.I)
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
_PLACE_CASES = ("ssa", "ssä", "sta", "stä", "lla", "llä", "lta", "ltä", "lle", "seen")


_HEAD_FORMS = tuple((normalise(head[0]), head) for head in _HEADS)


def word_lemmas(gazetteer: Gazetteer, word: str) -> set[str]:
    """The word's normalised form and base forms; for 'PETE-yksikön', also 'pete-yksikko'."""
    lemmas = {normalise(word)} | {normalise(base) for base in gazetteer.analyser.baseforms(word)}
    if "-" in word.strip("-"):
        prefix, last = word.rsplit("-", 1)
        lemmas |= {normalise(f"{prefix}-{base}") for base in gazetteer.analyser.baseforms(last)}
    return lemmas


def _head(gazetteer: Gazetteer, word: str) -> tuple[str, URIRef, str, str] | None:
    lemmas = word_lemmas(gazetteer, word.split("-")[-1] if word.startswith(("-", "‑", "–")) else word)
    for form, head in _HEAD_FORMS:
        if any(lemma.endswith(form) for lemma in lemmas):
            return head
    return None


def _common_word(gazetteer: Gazetteer, word: str) -> bool:
    """A capitalised word the dictionary knows only in lower case (a sentence's first word, not a name)."""
    bases = gazetteer.analyser.baseforms(word)
    return bool(bases) and all(base[:1].islower() for base in bases) and "-" not in word


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


def new_names(text: str, words: list[Token], heads_blocked: set[int], walk_blocked: set[int],
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


def repeated_new_names(text: str, words: list[Token], covered: set[int], new: list[Mention],
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


def merge_shorter_names(new: list[Mention]) -> None:
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


def find_people(text: str, words: list[Token], covered: set[int], gazetteer: Gazetteer,
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
                for lemma in word_lemmas(gazetteer, words[position].text):
                    if lemma in roles:
                        role = roles[lemma].iri
        mark = PERSON_MARK.match(text, last.end + 1) or PERSON_MARK.match(text, last.end)
        if mark:
            role = entity_iri("role", "chair" if mark.group(1).lower().startswith("p") else "secretary")
        iri = entity_iri("person", slug(label))
        people.append((Mention(first.start, last.end, text[first.start:last.end], iri, label, "person", False, 0.7,
                               frozenset({SOTE.Person})), role))
        covered |= {index, index + 1}
    return people
