"""Count the entities and links of the curated graph, as Markdown tables for data/README.md.

Usage: ``python scripts/count_curated.py [CURATED_DIR]``
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from rdflib import RDF, Graph, Namespace
from rdflib.term import Node

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CURATED_DIR = REPO_ROOT / "data" / "curated"
SOTE = Namespace("https://w3id.org/sotegraph/ontology#")
PROV = Namespace("http://www.w3.org/ns/prov#")

#: Qualified relations: each is a node of its own, counted with its roles.
RELATION_CLASSES = (SOTE.Participation, SOTE.Membership, SOTE.Funding, SOTE.ServiceAgreement)
#: Direct links between entities, counted as triples.
LINK_PROPERTIES = (SOTE.subOrganisationOf, SOTE.locatedIn, SOTE.operatesIn, SOTE.parentProject,
                   SOTE.partOfProgramme, SOTE.hasGoal, SOTE.subGroupOf, SOTE.convenedBy,
                   SOTE.meetingOf, SOTE.attendee, SOTE.organiser, SOTE.minutes, SOTE.shareOf,
                   SOTE.theme, PROV.wasDerivedFrom)


def load(curated_dir: Path) -> Graph:
    graph = Graph()
    for path in sorted(curated_dir.glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


def local_name(iri: Node) -> str:
    return str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def table(header: tuple[str, str], rows: list[tuple[str, int]]) -> str:
    lines = [f"| {header[0]} | {header[1]} |", "|---|---:|"]
    lines += [f"| {name} | {number} |" for name, number in rows]
    return "\n".join(lines)


def counts(graph: Graph) -> str:
    """The tables: entities by class, qualified relations by class and role, direct links."""
    by_class = Counter(local_name(cls) for cls in graph.objects(None, RDF.type))
    entities = sorted((name, number) for name, number in by_class.items()
                      if SOTE[name] not in RELATION_CLASSES)
    relations = []
    for cls in RELATION_CLASSES:
        nodes = set(graph.subjects(RDF.type, cls))
        relations.append((local_name(cls), len(nodes)))
        roles = Counter(local_name(role) for node in nodes for role in graph.objects(node, SOTE.role))
        relations += [(f"… role `{role}`", number) for role, number in sorted(roles.items())]
    links = [(f"`{graph.namespace_manager.normalizeUri(prop)}`",
              len(set(graph.subject_objects(prop)))) for prop in LINK_PROPERTIES]
    return "\n\n".join((
        table(("entities (by class as written)", "count"), entities + [("total", sum(n for _, n in entities))]),
        table(("qualified relations", "count"), relations),
        table(("direct links", "triples"), links),
        f"{len(graph)} triples in all.",
    ))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("curated_dir", nargs="?", type=Path, default=DEFAULT_CURATED_DIR)
    print(counts(load(parser.parse_args().curated_dir)))


if __name__ == "__main__":
    main()
