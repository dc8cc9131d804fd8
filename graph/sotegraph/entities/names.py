"""Naming an entity: find and resolve entities by IRI or by any of their labels.

Wherever a user names an entity (CLI argument, query parameter, API, search box) they may give its
IRI — full, or the path part ``id/{kind}/{key}`` — or any ``skos:prefLabel``, ``skos:altLabel`` or
``rdfs:label`` in any language, matched case- and accent-insensitively after collapsing spaces.
One resolver (`resolve`) serves the command line, the API, the named queries and the view. Its rules,
in order (docs/CONVENTIONS "Naming an entity"):

1. The expected types narrow the candidates (subclasses count).
2. An exact label match beats a partial one. A name as people type it in Finnish counts as exact:
   inflected words ("Tampereen", "Riihimäellä", "Helsingissä") match the label word they inflect,
   and a trailing generic word ("kaupunki", "kunta", "seutukunta", "maakunta", "hyvinvointialue" …)
   is dropped and names the type it implies ("Tampereen kaupunki" → the municipality Tampere). The
   graph's own labels are the dictionary (a gazetteer), so names no dictionary knows work as well
   (a lemmatiser was tried: simplemma's Finnish dictionary takes 6–7 s to load on first use, and
   it knows a name such as "Pikassoksen" only when lower-cased).
3. The role: where an actor is expected (a collaboration question), an organisation — a
   municipality, a wellbeing services county — wins over a pure area named the same (the
   sub-region "Tampere", the region "Pirkanmaa").
4. An entity that takes part in something (a participant, member or attendee) wins over one that
   does not.
Still several: `AmbiguousNameError` listing them in a stable order (label, then IRI); none:
`NotFoundError` with close matches.

The label search is one SPARQL query (a second for inflected forms when no label is exact, a third
for the facts of rules 3–4 when several candidates remain): the user's text becomes an accent-tolerant,
case-insensitive regular expression written into the query as an escaped string literal
(`sotegraph.store.binding.term_text`: quotes, backslashes and line breaks escaped, so the text can never
become query syntax). It is a constant, not a bound variable, because Oxigraph compiles a regular
expression held in a variable again for every row (measured: 200× slower). The store scans labels
once and Python ranks the few rows that come back. Nothing is cached, so a
store that changes between calls is always answered from its current content.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rdflib import Literal, URIRef

from sotegraph.errors import AmbiguousNameError, InputError, NotFoundError
from sotegraph.store import Store
from sotegraph.store.binding import bind, term_text
from sotegraph.vocab import ID_BASE, SOTE, SOTE_BASE

# XPath metacharacters outside a class; not "-" or "/" (JavaScript regexes, as in Comunica, refuse "\-").
_REGEX_SPECIAL = set(".\\?*+{}()[]^$|")
_PREFIXES = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""


@dataclass(frozen=True)
class Match:
    """An entity whose label matched: its IRI, display label, rdf:types, and whether the match was exact."""

    iri: URIRef
    label: str
    types: tuple[URIRef, ...]
    exact: bool


def normalise(text: str) -> str:
    """Casefold, strip accents (NFKD, drop combining marks) and collapse whitespace."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.split())


@lru_cache(maxsize=1)
def _accented_variants() -> dict[str, str]:
    """Map each base letter to the precomposed Latin letters that normalise to it (ä, å, á → a)."""
    variants: dict[str, set[str]] = {}
    for codepoint in range(0x00C0, 0x0250):
        char = chr(codepoint)
        base = normalise(char)
        if len(base) == 1 and base.isascii() and base.isalpha() and char.lower() != base:
            variants.setdefault(base, set()).add(char.lower())
    return {base: "".join(sorted(chars)) for base, chars in variants.items()}


def _label_pattern(normalised: str, *, word_start: bool = False) -> str:
    """An XPath regular expression matching labels whose normalised form contains `normalised`."""
    variants = _accented_variants()
    parts = []
    for char in normalised:
        if char == " ":
            parts.append(r"\s+")
        elif char in variants:
            parts.append(f"[{char}{variants[char]}]")
        elif char in _REGEX_SPECIAL:
            parts.append("\\" + char)
        else:
            parts.append(char)
    body = "".join(parts)
    return rf"(^|[\s\-(/]){body}" if word_start else body


def _type_clause(types: Sequence[URIRef]) -> str:
    """A graph pattern keeping ?iri of one of `types` (or a subclass); empty when no types."""
    if not types:
        return ""
    # `types` come from code and query headers, not from users; n3() escapes IRIs anyway.
    values = " ".join(URIRef(str(kind)).n3() for kind in types)
    return f"VALUES ?wanted {{ {values} }} ?iri a/rdfs:subClassOf* ?wanted ."


def _label_query(pattern: str, types: Sequence[URIRef], limit: int) -> str:
    """Labels (and types, preferred Finnish label) of entities whose label matches regex `pattern`."""
    return f"""{_PREFIXES}
SELECT ?iri ?label ?pref ?type WHERE {{
  VALUES ?labelProperty {{ skos:prefLabel skos:altLabel rdfs:label }}
  ?iri ?labelProperty ?label .
  FILTER(isIRI(?iri) && REGEX(STR(?label), {term_text(Literal(pattern))}, "i"))
  {_type_clause(types)}
  OPTIONAL {{ ?iri skos:prefLabel ?pref FILTER(LANGMATCHES(LANG(?pref), "fi")) }}
  OPTIONAL {{ ?iri a ?type }}
}} LIMIT {int(limit)}"""


@dataclass
class _Candidate:
    """Rows of one entity gathered from the label query."""

    labels: set[str]
    preferred: str | None
    types: list[URIRef]


def _candidates(store: Store, pattern: str, types: Sequence[URIRef], limit: int) -> dict[URIRef, _Candidate]:
    """Run the label query for `pattern` and group its rows by entity."""
    result = store.select(_label_query(pattern, types, limit))
    found: dict[URIRef, _Candidate] = {}
    for row in result.dicts():
        candidate = found.setdefault(URIRef(str(row["iri"])), _Candidate(set(), None, []))
        candidate.labels.add(str(row["label"]))
        if "pref" in row:
            candidate.preferred = str(row["pref"])
        if "type" in row and row["type"] not in candidate.types:
            candidate.types.append(URIRef(str(row["type"])))
    return found


def find(store: Store, text: str, *, types: Sequence[URIRef] = (), limit: int = 20) -> list[Match]:
    """Entities with a label containing `text` (case- and accent-insensitive), exact matches first.

    Where no label is exactly `text`, labels it inflects in Finnish (`inflects`, module doc rule 2)
    come first, as exact matches: the search box finds Tampere for "Tampereen kaupunki".
    """
    direct = _direct_matches(store, text, types, limit)
    needle = normalise(text)
    if not needle or (direct and direct[0].exact):
        return direct
    inflected = _inflected_matches(store, needle, types)
    known = {match.iri for match in inflected}
    return (inflected + [match for match in direct if match.iri not in known])[:limit]


def _direct_matches(store: Store, text: str, types: Sequence[URIRef], limit: int) -> list[Match]:
    """Entities with a label containing `text`, exact matches first, then those starting with it."""
    needle = normalise(text)
    if not needle:
        return []
    matches = []
    for iri, candidate in _candidates(store, _label_pattern(needle), types, limit=max(limit * 20, 200)).items():
        normalised = {label: normalise(label) for label in candidate.labels}
        hits = [label for label, norm in normalised.items() if needle in norm]
        if not hits:
            continue
        exact = any(normalised[label] == needle for label in hits)
        best = min(hits, key=lambda label: (normalised[label] != needle, len(label)))
        label = candidate.preferred if candidate.preferred is not None else best
        matches.append(Match(iri, label, _sorted_types(candidate.types), exact))
    matches.sort(key=lambda match: (not match.exact, not normalise(match.label).startswith(needle),
                                    len(match.label), match.label, str(match.iri)))
    return matches[:limit]


def _sorted_types(types: Sequence[URIRef]) -> tuple[URIRef, ...]:
    """Types in a stable order: sotegraph's own classes first, then by IRI."""
    return tuple(sorted(types, key=lambda kind: (not str(kind).startswith(SOTE_BASE), str(kind))))


def type_name(types: Sequence[URIRef]) -> str:
    """A short readable name for an entity's type: the first sotegraph class, else any local name."""
    for kind in types:
        if str(kind).startswith(SOTE_BASE):
            return str(kind)[len(SOTE_BASE):]
    return re.split(r"[#/]", str(types[0]))[-1] if types else "?"


def as_iri(name: str) -> URIRef | None:
    """`name` as an IRI when it is one (full, or the `id/{kind}/{key}` path part), else None."""
    text = name.strip()
    if re.match(r"^https?://\S+$", text):
        return URIRef(text)
    if re.match(r"^/?id/[^\s/]+/\S+$", text):
        return URIRef(ID_BASE + text.lstrip("/")[len("id/"):])
    return None


def _exists(store: Store, iri: URIRef, types: Sequence[URIRef]) -> bool:
    """Whether the store holds any triple about `iri` (of one of `types`, when given)."""
    query = f"{_PREFIXES}ASK {{ ?iri ?p ?o . {_type_clause(types)} }}"
    return bool(store.query(bind(query, {"iri": iri})))


def _suggestions(store: Store, needle: str, types: Sequence[URIRef]) -> list[str]:
    """Labels close to `needle` (difflib) among entities sharing a word beginning with it."""
    stems = {token[:3] for token in needle.split() if len(token) >= 3} or {needle[:2]}
    pattern = "|".join(f"({_label_pattern(stem, word_start=True)})" for stem in sorted(stems))
    labels: dict[str, str] = {}
    for _, candidate in sorted(_candidates(store, pattern, types, limit=2000).items()):
        for label in sorted(candidate.labels):
            labels.setdefault(normalise(label), label)
    close = difflib.get_close_matches(needle, sorted(labels), n=5, cutoff=0.6)
    return [labels[norm] for norm in close]


#: Generic trailing words and the class they imply (any inflected form of them is dropped as well).
GENERIC_WORDS: dict[str, URIRef] = {
    "kaupunki": SOTE.Municipality, "kunta": SOTE.Municipality, "stad": SOTE.Municipality,
    "kommun": SOTE.Municipality, "city": SOTE.Municipality, "municipality": SOTE.Municipality,
    "seutukunta": SOTE.SubRegion, "seutu": SOTE.SubRegion, "ekonomiska region": SOTE.SubRegion,
    "sub-region": SOTE.SubRegion, "maakunta": SOTE.Region, "landskap": SOTE.Region, "region": SOTE.Region,
    "hyvinvointialue": SOTE.WellbeingServicesCounty, "valfardsomrade": SOTE.WellbeingServicesCounty,
    "sairaanhoitopiiri": SOTE.HospitalDistrict,
}
#: Types that mean "an actor is expected" (the role in a collaboration question).
_ACTOR_ROLE = {SOTE.Actor, SOTE.Organisation}
#: Predicates by which an entity takes part in something.
_TAKES_PART = """{ ?x sote:participant ?iri } UNION { ?x sote:member ?iri } UNION { ?x sote:attendee ?iri }
    UNION { ?iri sote:memberOf ?x }"""
#: Letters where a Finnish stem changes: consonant gradation (Turku → Turussa, Lahti → Lahdessa,
#: Helsinki → Helsingissä, Orivesi → Orivedellä) and a final i becoming e (Ylöjärvi → Ylöjärvellä).
_GRADED = set("kptsi")
#: Finnish case endings (after accent folding) an inflected word may add to a label word's stem.
_ENDING = re.compile(r"^[a-z]{0,2}(n|a|ta|na|ssa|sta|lla|lta|lle|ksi|en|in|iin|seen|hin|han|hen|ne|ineen|t|ja|ita)?$")


def inflects(typed: str, label_word: str) -> bool:
    """Whether normalised word `typed` is `label_word` or a Finnish inflected form of it.

    The label word's stem (all but its last two letters, for consonant gradation and a changed final
    vowel: Riihimäki → Riihimäen, Helsinki → Helsingissä) must begin the typed word, what the typed
    word changed must start at a letter Finnish changes (`_GRADED`: Salo is not "Sallan"), and what
    follows must look like a case ending.
    """
    if typed == label_word:
        return True
    common = len(_common_prefix(typed, label_word))
    needed = min(len(label_word), max(3, len(label_word) - 2))
    changed = label_word[common:]  # what inflection changed: a graded consonant (k, p, t, s) or a final i
    if changed and changed[0] not in _GRADED:
        return False
    return common >= needed and len(typed) - common <= 6 and bool(_ENDING.match(typed[common:]))


def _common_prefix(first: str, second: str) -> str:
    length = 0
    for a, b in zip(first, second, strict=False):
        if a != b:
            break
        length += 1
    return first[:length]


def _base_form(needle: str) -> tuple[list[str], URIRef | None]:
    """The words of a normalised name with a trailing generic word dropped, and the class that word implies."""
    words = needle.split()
    for generic in sorted(GENERIC_WORDS, key=len, reverse=True):
        parts = generic.split()
        if len(words) > len(parts) and all(inflects(typed, word) for typed, word in
                                            zip(words[-len(parts):], parts, strict=True)):
            return words[:-len(parts)], GENERIC_WORDS[generic]
    return words, None


def _inflected_matches(store: Store, needle: str, types: Sequence[URIRef]) -> list[Match]:
    """Entities whose label the typed words inflect word by word (see `inflects`), of the class a
    dropped generic word implies."""
    words, implied = _base_form(needle)
    first = words[0]
    stem = first[:max(3, min(len(first), len(first) - 6))]
    found = _candidates(store, _label_pattern(stem, word_start=True), types, limit=2000)
    matches = []
    for iri, candidate in found.items():
        for label in sorted(candidate.labels):
            label_words = normalise(label).split()
            if len(label_words) == len(words) and all(
                    inflects(typed, word) for typed, word in zip(words, label_words, strict=True)):
                shown = candidate.preferred if candidate.preferred is not None else label
                matches.append(Match(iri, shown, _sorted_types(candidate.types), True))
                break
    if implied is not None and matches:  # "… hyvinvointialue" names a county, never the region "…"
        of_kind = _is_a(store, [match.iri for match in matches], implied)
        matches = [match for match in matches if match.iri in of_kind]
    matches.sort(key=lambda match: (match.label, str(match.iri)))
    return matches


def _facts(store: Store, iris: Sequence[URIRef]) -> dict[URIRef, tuple[bool, bool]]:
    """For each IRI: (is an organisation, takes part in something)."""
    values = " ".join(iri.n3() for iri in iris)
    query = f"""{_PREFIXES}PREFIX sote: <{SOTE_BASE}>
SELECT ?iri ?organisation ?takesPart WHERE {{
  VALUES ?iri {{ {values} }}
  BIND(EXISTS {{ ?iri a/rdfs:subClassOf* sote:Organisation }} AS ?organisation)
  BIND(EXISTS {{ {_TAKES_PART} }} AS ?takesPart)
}}"""
    return {URIRef(str(row["iri"])): (str(row["organisation"]) == "true", str(row["takesPart"]) == "true")
            for row in store.select(query).dicts()}


def _is_a(store: Store, iris: Sequence[URIRef], kind: URIRef) -> set[URIRef]:
    """Those of `iris` that are of class `kind` (subclasses count)."""
    values = " ".join(iri.n3() for iri in iris)
    query = f"{_PREFIXES}SELECT ?iri WHERE {{ VALUES ?iri {{ {values} }} {_type_clause([kind])} }}"
    return {URIRef(str(row[0])) for row in store.select(query).rows}


def _narrowed(store: Store, chosen: list[Match], types: Sequence[URIRef]) -> list[Match]:
    """Rules 3–4 of the module doc on several candidates: the actor role, then taking part."""
    facts = _facts(store, [match.iri for match in chosen])
    if _ACTOR_ROLE & {URIRef(str(kind)) for kind in types}:
        chosen = [match for match in chosen if facts.get(match.iri, (False, False))[0]] or chosen
    return [match for match in chosen if facts.get(match.iri, (False, False))[1]] or chosen


def resolve(store: Store, name: str, *, types: Sequence[URIRef] = ()) -> URIRef:
    """The one entity `name` denotes: its IRI or a label as people type it (see the module doc).

    Raises AmbiguousNameError (candidates in a stable order) or NotFoundError (with close matches).
    """
    kinds = ", ".join(type_name([kind]) for kind in types)
    wanted = f" of type {kinds}" if kinds else ""
    iri = as_iri(name)
    if iri is not None:
        if _exists(store, iri, types):
            return iri
        raise NotFoundError(f"no entity <{iri}>{wanted} in the graph")
    needle = normalise(name)
    if not needle:
        raise InputError("an entity name or IRI is required (empty name)")
    matches = find(store, name, types=types, limit=50)
    chosen = [match for match in matches if match.exact] or matches
    if len(chosen) > 1:
        chosen = _narrowed(store, chosen, types)
    if len(chosen) == 1:
        return chosen[0].iri
    if chosen:
        ordered = sorted(chosen, key=lambda match: (match.label, str(match.iri)))
        raise AmbiguousNameError(name, [(str(m.iri), type_name(m.types), m.label) for m in ordered[:20]])
    raise NotFoundError(f"no entity{wanted} named '{name}'", _suggestions(store, needle, types))
