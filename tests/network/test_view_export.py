"""The standalone HTML export of the network view: one offline file, safe against markup in labels."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import networkx as nx
import pytest

from sotegraph.network.exports import EXPORT_FORMATS, standalone_html, write_graph

HOSTILE = "</script><script>alert(1)</script><img src=x onerror=alert(2)>"
TYPE = "https://w3id.org/sotegraph/ontology#Municipality"


def hostile_graph(n: int = 5) -> nx.Graph:
    G = nx.path_graph(n)
    G = nx.relabel_nodes(G, lambda i: f"https://w3id.org/sotegraph/id/organisation/o{i}")
    for position, node in enumerate(G):
        G.nodes[node].update(label=HOSTILE if position == 0 else f"Toimija {position}", type=TYPE,
                             type_label="kunta & <b>")
    return G


def exported(G: nx.Graph) -> str:
    out = io.BytesIO()
    write_graph(G, out, "html")
    return out.getvalue().decode("utf-8")


def test_html_is_a_network_format() -> None:
    assert "html" in EXPORT_FORMATS


def test_markup_in_labels_stays_data() -> None:
    page = exported(hostile_graph())
    assert page.count("<script") == 4  # data, vis-network, the labels, the drawing code: nothing from labels
    assert "<img" not in page and "alert(1)" in page  # the label is there, as escaped JSON
    block = re.search(r'<script type="application/json" id="network-data">(.*?)</script>', page, re.S)
    assert block is not None
    payload = json.loads(block.group(1))
    assert HOSTILE in [record[1] for record in payload["nodes"]]
    assert payload["legend"][0]["label"] == "kunta & <b>"


def test_page_needs_nothing_from_the_network() -> None:
    page = exported(hostile_graph())
    assert "default-src 'none'" in page
    assert not re.search(r'(?:src|href)="(?:https?:)?//', page)
    assert "vis.Network" in page and "window.network" in page


def test_title_and_summary_are_escaped() -> None:
    payload = {"nodes": [], "edges": [], "counts": {"nodes": 0, "edges": 0}}
    page = standalone_html(payload, title="<i>title</i>", summary="a & b", lang="en")
    assert "<title>&lt;i&gt;title&lt;/i&gt;</title>" in page and "a &amp; b" in page


def test_big_graph_exports_its_overview() -> None:
    G = nx.relabel_nodes(nx.connected_caveman_graph(120, 10), lambda i: f"urn:x:{i}")
    page = exported(G)
    block = re.search(r'id="network-data">(.*?)</script>', page, re.S)
    assert block is not None
    payload = json.loads(block.group(1))
    assert payload["reduced"]["total_nodes"] == 1200 and len(payload["nodes"]) < 200
    assert "1200" in page.split("<body>", 1)[1].split("<div", 1)[0]  # the page says what it stands for


@pytest.fixture
def loaded(runner, tmp_path):
    assert runner.invoke(["init"]).exit_code == 0
    return runner


def test_cli_exports_html(loaded, tmp_path: Path) -> None:
    out = tmp_path / "network.html"
    result = loaded.invoke(["export", "--format", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>") and "Pikassos" in page
    by_suffix = tmp_path / "by-suffix.html"
    assert loaded.invoke(["export", "-o", str(by_suffix)]).exit_code == 0
    assert by_suffix.read_text(encoding="utf-8").startswith("<!doctype html>")
