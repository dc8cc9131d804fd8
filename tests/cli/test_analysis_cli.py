"""`sotegraph analyze/path/ego/coverage/evolution` and `export --format graphml|gexf|csv` on the hand-built graph."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx
import pytest

from network_fixtures import DATA, NOKIA, PIKASSOS, PRO_SOS, RIIHIMAKI, TAMPERE
from sotegraph.resources import read_resource
from sotegraph.store import CURATED_GRAPH


@pytest.fixture
def loaded(runner, tmp_path):
    ontology = tmp_path / "ontology.ttl"
    ontology.write_bytes(read_resource("ontology", "sotegraph.ttl"))
    assert runner.invoke(["init", "--empty"]).exit_code == 0
    assert runner.invoke(["load", "--graph", CURATED_GRAPH, str(DATA), str(ontology)]).exit_code == 0
    return runner


def test_analyze_json_ranks_actors_by_the_first_measure(loaded):
    result = loaded.invoke(["analyze", "--measure", "betweenness,degree", "--format", "json", "--top", "2"])
    assert result.exit_code == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["summary"]["nodes"] == 7
    assert [row["iri"] for row in payload["measures"]] == [RIIHIMAKI, PIKASSOS]
    assert set(payload["measures"][0]) == {"rank", "iri", "label", "type", "betweenness", "degree"}


def test_analyze_with_filters_by_name_and_csv(loaded):
    result = loaded.invoke(["analyze", "--region", "Pirkanmaa", "--type", "Municipality", "--measure", "degree",
                            "--format", "csv", "--top", "0"])
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {row["iri"] for row in rows} == {TAMPERE, NOKIA}


def test_analyze_table_and_other_projections(loaded):
    result = loaded.invoke(["analyze", "--projection", "bipartite", "--measure", "degree"])
    assert result.exit_code == 0 and "PRO SOS" in result.stdout
    assert loaded.invoke(["analyze", "--projection", "person"]).exit_code == 0


def test_path_names_what_links_each_hop(loaded):
    result = loaded.invoke(["path", "Tampere", "Riihimäki"])
    assert result.exit_code == 0
    assert result.stdout.strip() == "Tampere → Riihimäki: PRO SOS (project: osallistuva kunta / osallistuva kunta)"
    hops = json.loads(loaded.invoke(["path", "Tampere", "Riihimäki", "--format", "json"]).stdout)["hops"]
    assert hops[0]["shared"][0]["iri"] == PRO_SOS


@pytest.mark.parametrize(("args", "code"), [
    (["path", "Tampere", "Kangasala"], 1),                 # Kangasala has no ties: no path
    (["path", "Tampere", "Mika Forsberg", "--from", "2016", "--to", "2016"], 1),
    (["path", "Tampere", "Nowhere"], 1),                   # unknown name
    (["analyze", "--measure", "fame"], 2),
    (["analyze", "--from", "twenty"], 2),
    (["analyze", "--from", "2020", "--to", "2019"], 2),
    (["analyze", "--type", "Nonsense"], 1),
    (["ego", "Tampere", "--radius", "0"], 2),
    (["coverage", "Kangasala"], 1),                        # not a region
], ids=["no-path", "no-path-in-period", "unknown-actor", "unknown-measure", "bad-year", "reversed-period",
        "unknown-type", "bad-radius", "not-a-region"])
def test_exit_codes(loaded, args, code):
    assert loaded.invoke(args).exit_code == code


def test_ego_coverage_and_evolution(loaded):
    ego = json.loads(loaded.invoke(["ego", "Mika Forsberg", "--format", "json"]).stdout)
    assert {node["label"] for node in ego["nodes"]} == {"Mika Forsberg", "Riihimäki", "Hämeenlinna"}
    coverage = loaded.invoke(["coverage", "Pirkanmaa"])
    assert coverage.exit_code == 0 and "2/3" in coverage.stdout and "– Kangasala" in coverage.stdout
    evolution = loaded.invoke(["evolution", "--from", "2021", "--to", "2022", "--format", "json"])
    rows = json.loads(evolution.stdout)["years"]
    assert [(row["year"], row["links"]) for row in rows] == [(2021, 1), (2022, 1)]


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_export_opens_with_labels_types_and_measures(loaded, tmp_path: Path, fmt):
    out = tmp_path / f"network.{fmt}"
    result = loaded.invoke(["export", "--format", fmt, "--project", "PRO SOS", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    graph = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
    assert set(graph) == {TAMPERE, NOKIA, PIKASSOS, RIIHIMAKI, "https://w3id.org/sotegraph/id/organisation/thl"}
    node = graph.nodes[TAMPERE]
    assert node["label"] == "Tampere" and node["type_label"] == "kunta" and node["degree"] == 4
    assert "pagerank" in node and "community" in node
    assert "PRO SOS (project)" in graph.edges[TAMPERE, NOKIA]["shared"]


def test_export_csv_edge_list(loaded, tmp_path: Path):
    out = tmp_path / "edges.csv"
    assert loaded.invoke(["export", "--format", "csv", "--from", "2021", "--to", "2021", "-o", str(out)]).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    edges = [(row["source_label"], row["target_label"], row["weight"]) for row in rows]
    assert edges == [("Hämeenlinna", "Pikassos", "1")]
