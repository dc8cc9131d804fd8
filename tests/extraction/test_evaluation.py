"""The leave-one-document-out evaluation: the held-out graph and the gold facts come from the curated graph."""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import PROV

from repo_paths import shared_dir
from sotegraph.extraction import extract, gazetteer_from_graph, get_analyser, read_document
from sotegraph.extraction.evaluation import Score, derived_only_from, gold_facts, held_out_graph, score
from sotegraph.store.bundled import bundled_sources

ID = "https://w3id.org/sotegraph/id/"
DOC = URIRef(f"{ID}document/001_88213a215f076537")


def _bundled() -> Graph:
    graph = Graph()
    for _, name, data in bundled_sources():
        graph.parse(data=data, format="turtle", publicID=name)
    return graph


def test_the_held_out_graph_loses_the_documents_facts_only() -> None:
    full = _bundled()
    held = held_out_graph(full, DOC)
    own = derived_only_from(full, DOC)
    assert URIRef(f"{ID}project/pro-sos-pikassos") in own and URIRef(f"{ID}organisation/pikassos") not in own
    assert not any((node, None, None) in held for node in own)
    assert (None, PROV.wasDerivedFrom, DOC) not in held
    assert (URIRef(f"{ID}organisation/pikassos"), None, None) in held
    gold = gold_facts(full, DOC)
    assert URIRef(f"{ID}municipality/837") in gold.mentions and URIRef(f"{ID}organisation/sonetbotnia") in gold.entities
    assert (URIRef(f"{ID}person/sirpa-karjalainen"), URIRef(f"{ID}project/pro-sos-pikassos"),
            URIRef(f"{ID}role/project-coordinator")) in gold.links


def test_scores_count_hits_against_the_curated_facts() -> None:
    full = _bundled()
    path = shared_dir("seeds") / "001_88213a215f076537.txt"
    held = held_out_graph(full, DOC)
    gazetteer = gazetteer_from_graph(held, get_analyser("voikko"))
    extraction = extract(read_document(path.name, path.read_bytes()), gazetteer)
    scores = score(extraction, gold_facts(full, DOC), gazetteer)
    assert scores["links"].expected == 27 and scores["links"].hits > 0
    assert scores["mentions"].recall > 0.5
    extraction.links.clear()
    assert score(extraction, gold_facts(full, DOC), gazetteer)["links"].recall == 0.0


def test_score_arithmetic() -> None:
    total = Score(3, 4, 6) + Score(1, 1, 2)
    assert (total.hits, total.proposed, total.expected) == (4, 5, 8)
    assert total.precision == 0.8 and total.recall == 0.5
