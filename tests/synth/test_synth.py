"""The synthetic graph generator: determinism, sizes, the data model, shapes, and `sotegraph synth`."""

from __future__ import annotations

import io
from collections import Counter, defaultdict
from pathlib import Path

import pyoxigraph as ox
import pytest
from pyshacl import validate
from rdflib import Graph, Literal, URIRef

from sotegraph import synth
from sotegraph.errors import InputError
from sotegraph.resources import read_resource, resource_graph
from sotegraph.synth.builder import ID, ORGANISATION_TYPES

SOTE = "https://w3id.org/sotegraph/ontology#"
RDF_TYPE = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def sote(name: str) -> URIRef:
    return URIRef(SOTE + name)


@pytest.fixture(scope="module")
def small() -> Graph:
    """A graph of 300 actors (about 11 k triples)."""
    graph = Graph()
    for triple in synth.generate(300, seed=7):
        graph.add(triple)
    return graph


def nt_bytes(actors: int, seed: int, fmt: str = "nt") -> bytes:
    out = io.BytesIO()
    synth.write(out, actors, seed=seed, fmt=fmt)
    return out.getvalue()


def test_same_seed_gives_identical_bytes_and_another_seed_differs() -> None:
    assert nt_bytes(200, seed=3) == nt_bytes(200, seed=3)
    assert nt_bytes(200, seed=3) != nt_bytes(200, seed=4)
    assert nt_bytes(200, seed=3, fmt="ttl") == nt_bytes(200, seed=3, fmt="ttl")


@pytest.mark.parametrize("fmt", synth.FORMATS)
def test_every_format_parses_to_the_same_triples(fmt: str) -> None:
    parsed = list(ox.parse(nt_bytes(50, seed=1, fmt=fmt), format={"nt": ox.RdfFormat.N_TRIPLES,
                                                                    "ttl": ox.RdfFormat.TURTLE,
                                                                    "nq": ox.RdfFormat.N_QUADS}[fmt]))
    assert len({quad.triple for quad in parsed}) == len(list(synth.statements(50, seed=1)))
    if fmt == "nq":
        assert {quad.graph_name.value for quad in parsed} == {synth.SYNTH_GRAPH}


def test_no_triple_is_repeated() -> None:
    statements = list(synth.statements(500, seed=2))
    assert len(statements) == len(set(statements))


@pytest.mark.parametrize("target", [10_000, 100_000])
def test_size_for_triples_lands_near_the_target(target: int) -> None:
    actors, projects = synth.size_for_triples(target)
    assert projects == actors // synth.ACTORS_PER_PROJECT
    assert abs(sum(1 for _ in synth.statements(actors, projects, seed=1)) - target) < 0.15 * target


@pytest.mark.parametrize("actors, projects", [(0, 5), (5, 0), (-1, None)])
def test_non_positive_sizes_are_refused(actors: int, projects: int | None) -> None:
    with pytest.raises(InputError):
        synth.statements(actors, projects)


def test_every_iri_of_ours_is_synthetic_and_described(small: Graph) -> None:
    typed = set(small.subjects(RDF_TYPE, None))
    for subject in typed:
        assert "/synth-" in str(subject), subject
    vocabulary = ("/role/", "/theme/", "/instrument/", "/municipality/", "/wellbeing-county/")
    for obj in small.objects():
        if isinstance(obj, URIRef) and str(obj).startswith(ID) and not any(kind in str(obj) for kind in vocabulary):
            assert obj in typed, f"{obj} is referenced but never described"


def test_organisations_of_every_type_sit_in_real_municipalities(small: Graph) -> None:
    types = {str(cls).removeprefix(SOTE) for org in small.subjects(sote("locatedIn"), None)
             for cls in small.objects(org, RDF_TYPE)}
    assert types == set(ORGANISATION_TYPES)
    municipalities = set(synth.reference().municipalities)
    assert {str(place) for place in small.objects(None, sote("locatedIn"))} <= municipalities


def test_concepts_come_from_the_shipped_vocabularies(small: Graph) -> None:
    vocabulary = Graph()
    vocabulary.parse(data=read_resource("ontology", "vocabularies.ttl"), format="turtle")
    concepts = set(vocabulary.subjects(RDF_TYPE, URIRef("http://www.w3.org/2004/02/skos/core#Concept")))
    for predicate in ("role", "theme", "instrument"):
        used = set(small.objects(None, sote(predicate)))
        assert used and used <= concepts, predicate


def test_periods_lie_in_2000_to_2025_and_end_after_start(small: Graph) -> None:
    for subject, start in small.subject_objects(sote("startYear")):
        end = small.value(subject, sote("endYear"))
        assert 2000 <= start.toPython() <= 2025
        if end is not None:
            assert start.toPython() <= end.toPython() <= 2025
        start_date = small.value(subject, sote("startDate"))
        if start_date is not None:
            assert start_date.toPython().year == start.toPython()


def test_sub_project_shares_never_exceed_the_parent_amount(small: Graph) -> None:
    shares: dict[URIRef, float] = defaultdict(float)
    for share, parent in small.subject_objects(sote("shareOf")):
        shares[parent] += float(small.value(share, sote("amount")))
    assert shares, "some sub-project should have a share"
    for parent, total in shares.items():
        assert total <= float(small.value(parent, sote("amount")))
    for funding in small.subjects(RDF_TYPE, sote("Funding")):
        assert small.value(funding, sote("currency")) == Literal("EUR")
        assert small.value(funding, sote("funder")) is not None


def test_partners_per_project_follow_a_heavy_tail() -> None:
    graph = Graph()
    for triple in synth.generate(3000, seed=11):
        graph.add(triple)
    partners = Counter(graph.value(p, sote("project")) for p in graph.subjects(RDF_TYPE, sote("Participation")))
    counts = sorted(partners.values())
    median = counts[len(counts) // 2]
    assert counts[-1] >= 4 * median
    projects_per_actor = Counter(graph.value(p, sote("participant"))
                                 for p in graph.subjects(RDF_TYPE, sote("Participation")))
    busiest = max(projects_per_actor.values())
    assert busiest >= 10 * sorted(projects_per_actor.values())[len(projects_per_actor) // 2]


def test_every_qualified_relation_and_entity_has_a_source_document(small: Graph) -> None:
    documents = set(small.subjects(RDF_TYPE, sote("SourceDocument")))
    for subject in set(small.subjects(RDF_TYPE, None)) - documents:
        sources = set(small.objects(subject, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")))
        assert sources and sources <= documents, subject


def test_output_conforms_to_the_shapes_beside_the_reference_data() -> None:
    data = Graph()
    for triple in synth.generate(40, seed=5):
        data.add(triple)
    data.parse(data=read_resource("data", "reference/reference-2021.ttl"), format="turtle")
    ontology = resource_graph("ontology")
    data += ontology
    shapes = resource_graph("shapes")
    conforms, _, text = validate(data, shacl_graph=shapes, ont_graph=ontology, inference="rdfs",
                                 allow_infos=True, allow_warnings=True)
    assert conforms, text


def test_cli_writes_the_requested_size(runner, tmp_path: Path) -> None:
    out = tmp_path / "g.ttl"
    result = runner.invoke(["synth", "--triples", "5000", "--seed", "2", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "triples" in result.stdout
    assert len(Graph().parse(out, format="turtle")) == int(result.stdout.split()[1])


def test_cli_to_standard_output_is_n_triples(runner) -> None:
    result = runner.invoke(["synth", "--actors", "20", "--seed", "1", "-o", "-"])
    assert result.exit_code == 0
    assert result.stdout_bytes == nt_bytes(20, seed=1)


@pytest.mark.parametrize("args", [[], ["--actors", "10", "--triples", "100"], ["--actors", "0"],
                                  ["--actors", "10", "--format", "xml"]])
def test_cli_bad_usage_exits_2(runner, tmp_path: Path, args: list[str]) -> None:
    result = runner.invoke(["synth", *args, "-o", str(tmp_path / "x.nt")])
    assert result.exit_code == 2


def test_cli_unwritable_output_exits_2(runner, tmp_path: Path) -> None:
    result = runner.invoke(["synth", "--actors", "10", "-o", str(tmp_path / "missing" / "x.nt")])
    assert result.exit_code == 2
    assert "cannot write" in result.stderr


def test_docstring_examples() -> None:
    import doctest

    assert doctest.testmod(synth).failed == 0
