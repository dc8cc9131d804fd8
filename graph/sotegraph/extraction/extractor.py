"""From a document's text to proposed facts: known mentions, new entities, links, periods, amounts, status.

Rules over words and their base forms (no trained model): the gazetteer finds what the graph knows;
head words ("-hanke", "verkosto", "kuntayhtymä", a job title before a first name) find what it does
not; cue words in the same sentence ("hallinnoima", "koordinoi", "kumppanina", "mukana",
"osallistuvat", a title) give a link and its role. Every fact keeps its sentence's quote, character
offsets and a confidence.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter

from rdflib import URIRef

from sotegraph.extraction.facts import Extraction, Funding, Link, Mention, NewEntity
from sotegraph.extraction.gazetteer import Entry, Gazetteer, Token, normalise, tokens
from sotegraph.extraction.links import Discourse, find_anaphors, sentence_links, subject_takes_part, title_role
from sotegraph.extraction.naming import find_people, merge_shorter_names, new_names, repeated_new_names
from sotegraph.extraction.reading import Document
from sotegraph.vocab import SOTE

_KIND_PRIORITY = {"person": 0, "group": 1, "project": 2, "programme": 2, "actor": 3, "event": 4, "area": 5,
                  "role": 9}
_AREA_PRIORITY = (SOTE.Municipality, SOTE.Region, SOTE.WellbeingServicesCounty, SOTE.SubRegion)


_STATUS = (("valmistelussa", "in preparation"), ("haettu", "applied"), ("hakemus", "applied"),
           ("käynnissä", "ongoing"), ("käynnistyi", "ongoing"), ("käynnistyy", "starting"))
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'”A-ZÅÄÖ0-9])|\n+")


_DAY_RANGE = re.compile(r"(\d{1,2})\.(\d{1,2})\.((?:19|20)\d\d)\s*[-–‑]\s*(\d{1,2})\.(\d{1,2})\.((?:19|20)\d\d)")
_YEAR_RANGE = re.compile(r"\b((?:19|20)\d\d)\s*[-–‑]\s*((?:19|20)\d\d)\b")


_SEASON = re.compile(r"\b(syksy\w*|kevä\w*|kesä\w*|talv\w*)\s+((?:19|20)\d\d)\b", re.I)
_MONTH_FROM = re.compile(r"\b(\d{1,2})/((?:19|20)\d\d)\s+alkaen\b")


_AMOUNT = re.compile(r"(\d{1,3}(?:[  ]\d{3})+|\d+(?:,\d+)?)\s*(miljoonaa|milj\.|M)?\s*(eur[a-zåäö]*|€)")


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


def _token_span(starts: list[int], mentions: list[Mention]) -> set[int]:
    """The indexes of the words (by their start offsets, sorted) inside any of `mentions`."""
    covered: set[int] = set()
    for mention in mentions:
        covered.update(range(bisect_left(starts, mention.start), bisect_left(starts, mention.end)))
    return covered


def _rank(entry: Entry) -> tuple[int, int]:
    area = next((i for i, cls in enumerate(_AREA_PRIORITY) if cls in entry.types), len(_AREA_PRIORITY))
    return _KIND_PRIORITY.get(entry.kind, 8), area


def _known_mentions(text: str, words: list[Token], gazetteer: Gazetteer) -> list[Mention]:
    """The longest non-overlapping label matches; a tie between entities goes to the better-ranked kind."""
    found = list(gazetteer.find(words))
    found.sort(key=lambda m: (-(words[m[1] - 1].end - words[m[0]].start), m[0], _rank(m[3]), not m[4]))
    taken: set[int] = set()
    chosen: list[Mention] = []
    by_span: dict[tuple[int, int], list[URIRef]] = {}
    for match in found:
        by_span.setdefault((match[0], match[1]), []).append(match[3].iri)
    for first, end, _label, entry, exact in found:
        positions = set(range(first, end))
        if positions & taken:
            continue
        same = [iri for iri in by_span[(first, end)] if iri != entry.iri]
        taken |= positions
        start, stop = words[first].start, words[end - 1].end
        confidence = (0.95 if exact else 0.85) * (0.8 if same else 1.0)
        chosen.append(Mention(start, stop, text[start:stop], entry.iri, entry.label, entry.kind, True,
                              round(confidence, 2), entry.types, tuple(same)))
    return sorted(chosen, key=lambda m: m.start)


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


def extract(document: Document, gazetteer: Gazetteer) -> Extraction:
    """Propose the facts of `document` against the entities `gazetteer` knows."""
    text = document.text
    result = Extraction(document)
    roles = {normalise(label): entry for entry in gazetteer.entries.values() if entry.kind == "role"
             for label in [entry.label]}
    words = tokens(text)
    known = [m for m in _known_mentions(text, words, gazetteer) if m.kind != "role"]
    starts = [word.start for word in words]
    covered = _token_span(starts, known)
    walk_blocked = _token_span(starts, [m for m in known if m.kind not in {"actor", "area"}])
    new = new_names(text, words, set(covered), walk_blocked, gazetteer)
    covered |= _token_span(starts, new)
    merge_shorter_names(new)
    people = find_people(text, words, covered, gazetteer, roles)
    covered |= _token_span(starts, [p for p, _ in people])
    again = repeated_new_names(text, words, covered, new + [p for p, _ in people], gazetteer)
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
    anaphors = find_anaphors(words, covered, gazetteer)
    mention_starts = [m.start for m in result.mentions]
    anaphor_starts = [a.start for a in anaphors]
    discourse = Discourse()
    for start, end in sentences(text):
        sentence = text[start:end]
        inside = result.mentions[bisect_left(mention_starts, start):bisect_left(mention_starts, end)]
        referents = [discourse.resolve(a) for a in
                     anaphors[bisect_left(anaphor_starts, start):bisect_left(anaphor_starts, end)]]
        resolved = sorted(inside + [m for m in referents if m is not None], key=lambda m: m.start)
        start_year, end_year = _period(sentence)
        sentence_links(result, text, start, end, resolved, gazetteer, start_year, end_year)
        for person in (m for m in inside if m.kind == "person"):
            role = title_role(text, words, starts, person, gazetteer, roles)
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
    subject_takes_part(result, main_actor, actor_counts)
    return result
