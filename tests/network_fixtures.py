"""The hand-built graph of tests/data/network.ttl in a fresh in-memory store, for the network tests.

Tampere, Nokia (Pirkanmaa) and Pikassos are in the PRO SOS sub-project of Pikassos; Riihimäki
(Kanta-Häme) and THL in PRO SOS itself (2016–2018). MONNI (2020–2022, child welfare, funded by
STM) has Pikassos and, for 2021–2022, Hämeenlinna. An undated forum has Riihimäki and Hämeenlinna
as members and a 2021 meeting attended by Mika Forsberg. Kangasala takes part in nothing; it is in
Kanta-Häme in the 2016 classification and in Pirkanmaa in 2021.
"""

from __future__ import annotations

import pytest

from repo_paths import TEST_DATA
from sotegraph.resources import read_resource
from sotegraph.store import CURATED_GRAPH, ONTOLOGY_GRAPH, Store
from sotegraph.store.embedded import OxigraphStore

DATA = TEST_DATA / "network.ttl"
ID = "https://w3id.org/sotegraph/id/"
TAMPERE, NOKIA, KANGASALA = ID + "municipality/837", ID + "municipality/536", ID + "municipality/211"
HAMEENLINNA, RIIHIMAKI = ID + "municipality/109", ID + "municipality/694"
PIKASSOS, THL, STM = ID + "organisation/pikassos", ID + "organisation/thl", ID + "organisation/stm"
HELI, MIKA = ID + "person/heli-niemi", ID + "person/mika-forsberg"
PRO_SOS, PRO_SOS_PIKASSOS, MONNI = ID + "project/pro-sos", ID + "project/pro-sos-pikassos", ID + "project/monni"
FORUM = ID + "group/forum"
PIRKANMAA, KANTA_HAME = ID + "region/06", ID + "region/05"


def network_store(*, with_ontology: bool = True) -> Store:
    """A new in-memory store holding the hand-built network graph (and the ontology)."""
    store = OxigraphStore(None)
    store.load(DATA.read_bytes(), "ttl", CURATED_GRAPH)
    if with_ontology:
        store.load(read_resource("ontology", "sotegraph.ttl"), "ttl", ONTOLOGY_GRAPH)
    return store


@pytest.fixture
def net_store():
    """The hand-built network graph with the ontology, closed after the test."""
    store = network_store()
    yield store
    store.close()
