"""What a reviewed draft would change in the network: the touched actors and their links, before and after.

The touched nodes are the two ends of every link the draft adds. "Before" holds the touched nodes
the graph already has and the stored links (participations and memberships) between them; "after"
adds the draft's links. Nodes and links the draft adds are marked `new`; a stored link the draft
gives another role is `changed`.
"""

from __future__ import annotations

from typing import Any

from rdflib import URIRef

from sotegraph.entities.labels import labels_in
from sotegraph.store import Store
from sotegraph.vocab import local_name, sparql_prefixes

_STORED_LINKS = """SELECT ?actor ?target ?role WHERE {{
  VALUES ?touched {{ {values} }}
  {{ ?link sote:participant ?actor ; sote:project ?target }}
  UNION {{ ?link sote:member ?actor ; sote:memberOf ?target }}
  FILTER(?actor = ?touched)
  OPTIONAL {{ ?link sote:role ?role }}
}} LIMIT 2000"""


def network_preview(store: Store, draft: dict[str, Any], lang: str = "fi") -> dict[str, Any]:
    """`{"before": {"nodes", "edges"}, "after": {...}, "added": n, "changed": n}` for the draft's links."""
    links = draft.get("links", [])
    touched = sorted({link["actor"] for link in links} | {link["target"] for link in links})
    new_labels = {entity["iri"]: entity["label"] for entity in draft.get("entities", [])}
    stored: list[tuple[str, str, str]] = []
    if touched:
        values = " ".join(URIRef(iri).n3() for iri in touched)
        result = store.select(sparql_prefixes("sote") + _STORED_LINKS.format(values=values))
        stored = [(str(row["actor"]), str(row["target"]), str(row.get("role", "")))
                  for row in result.dicts() if str(row["target"]) in touched]
    roles = {r for _, _, r in stored if r} | {link["role"] for link in links}
    labels = labels_in(store, [*touched, *roles], lang)
    existing = set(labels) | {actor for actor, _, _ in stored} | {target for _, target, _ in stored}

    def node(iri: str) -> dict[str, Any]:
        label = labels.get(iri) or new_labels.get(iri) or local_name(iri)
        return {"id": iri, "label": label, "new": iri not in existing}

    before_edges = [{"from": a, "to": t, "label": labels.get(r, local_name(r)) if r else "",
                     "status": "stored"}
                    for a, t, r in sorted(set(stored))]
    stored_pairs = {(a, t): r for a, t, r in stored}
    after_edges = list(before_edges)
    added = changed = 0
    for link in links:
        pair = (link["actor"], link["target"])
        if pair in stored_pairs and stored_pairs[pair] == link["role"]:
            continue
        status = "changed" if pair in stored_pairs else "new"
        added, changed = added + (status == "new"), changed + (status == "changed")
        after_edges.append({"from": pair[0], "to": pair[1], "label": labels.get(link["role"], local_name(link["role"])),
                            "status": status})
    before_nodes = sorted({e["from"] for e in before_edges} | {e["to"] for e in before_edges}
                          | {iri for iri in touched if iri in existing})
    return {"before": {"nodes": [node(iri) for iri in before_nodes], "edges": before_edges},
            "after": {"nodes": [node(iri) for iri in touched], "edges": after_edges},
            "added": added, "changed": changed}
