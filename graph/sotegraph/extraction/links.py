"""Links between mentioned entities: cue words, listed participants, words that refer back, job titles.

"X:n hallinnoima Y", "X koordinoi Y", "Y:tä hallinnoi X", "mukana ovat A, B ja C", "yhteistyössä
X:n kanssa", "projektipäällikkö N.N." — each link keeps its sentence, offsets and a confidence.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field

from rdflib import URIRef

from sotegraph.extraction.facts import Extraction, Link, Mention
from sotegraph.extraction.gazetteer import Entry, Gazetteer, Token, normalise, tokens
from sotegraph.extraction.naming import PERSON_MARK, word_lemmas
from sotegraph.vocab import SOTE, entity_iri

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




_ANAPHORS = {"hanke": "project", "hankekokonaisuus": "project", "osahanke": "subproject", "osatoteutus": "subproject",
             "foorumi": "group", "verkosto": "group", "työryhmä": "group", "ryhmä": "group"}
_CUE_FORMS = tuple((normalise(cue[0]), cue) for cue in _CUES)
_ANAPHORS_NORMALISED = {normalise(word): kind for word, kind in _ANAPHORS.items()}


_LIST_GAP = re.compile(r"^[\s/,:;]*(?:(?:ja|sekä|\d+\s+\w+:|[A-ZÅÄÖ][\w-]*)[\s/,:;]+)*(?:[a-zåäö]+n\s+)*$")
_FROM_CASE = ("sta", "stä", "lta", "ltä")


#: Job titles the role vocabulary has no label for (yet), by base form → role key.
_TITLES = {"koordinaattori": "coordinator"}
_AGENT_CUES = ("hallinnoi", "koordinoi", "koollekutsu", "rahoitta")


def _role_for(actor: Mention, target: Mention, cue: tuple[str, str, str]) -> tuple[str, str]:
    if target.kind == "group":
        return "membership", cue[2]
    if cue[1] == "partner" and SOTE.Municipality in actor.types:
        return "participation", "participating-municipality"
    if cue[1] == "partner" and actor.kind == "area":
        return "participation", "participating-region"
    return "participation", cue[1]


def subject_takes_part(result: Extraction, main_actor: Mention | None, actor_counts: Counter[URIRef]) -> None:
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


@dataclass
class Discourse:
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


def find_anaphors(words: list[Token], covered: set[int], gazetteer: Gazetteer) -> list[Mention]:
    """Words that refer back to a project or group ("Hanke", "osahankkeessa", "Foorumiin")."""
    found = []
    for index, word in enumerate(words):
        if index in covered:
            continue
        for lemma in word_lemmas(gazetteer, word.text):
            if lemma in _ANAPHORS_NORMALISED:
                kind = _ANAPHORS_NORMALISED[lemma]
                found.append(Mention(word.start, word.end, word.text, URIRef(""), lemma, kind, False, 0.5))
                break
    return found


def title_role(text: str, words: list[Token], starts: list[int], person: Mention, gazetteer: Gazetteer,
               roles: dict[str, Entry]) -> URIRef | None:
    """The role a job title next to the person gives ("kehittämispäällikkö Seija Junnolla", "(pj.)")."""
    mark = PERSON_MARK.match(text, person.end + 1) or PERSON_MARK.match(text, person.end)
    if mark:
        return entity_iri("role", "chair" if mark.group(1).lower().startswith(("p", "v")) else "secretary")
    index = bisect_left(starts, person.start) if words else None
    if index is None or index >= len(words) or words[index].start != person.start:
        return None
    last = next((i for i in range(index, len(words)) if words[i].end >= person.end), index)
    for position in (index - 1, index - 2, index - 3, last + 1):
        if 0 <= position < len(words):
            for lemma in word_lemmas(gazetteer, words[position].text):
                if lemma in _TITLES:
                    return entity_iri("role", _TITLES[lemma])
                for variant in (lemma, lemma.replace("projekti", "hanke"), lemma.replace("hanke", "projekti")):
                    if variant in roles:
                        return roles[variant].iri
    return None


def sentence_links(result: Extraction, text: str, start: int, end: int, inside: list[Mention],
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
        lemmas = word_lemmas(gazetteer, word.text) | {normalise(word.text)}
        if normalise(word.text) == "koolle" and number + 1 < len(words) and words[number + 1].text.startswith("kutsu"):
            lemmas = {"koollekutsu"}
        cue = next((c for form, c in _CUE_FORMS if any(lemma.startswith(form) for lemma in lemmas)), None)
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
