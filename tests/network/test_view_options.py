"""vis-network options: the page draws at the server's positions with physics off; "relax" runs Barnes–Hut.

The Barnes–Hut values below were recorded from pyvis 0.3.2's `barnes_hut` (as the earlier,
pyvis-built options gave them), so "relax" moves nodes the way the measured physics did.
"""

import json

import pytest

from sotegraph.network.payload import OVERVIEW_ABOVE, relax_physics, vis_options

#: pyvis's Barnes–Hut values, below and above the 300-node threshold (theta 0.8 from 300 nodes).
RECORDED_BARNES_HUT = {
    50: '{"avoidOverlap": 0, "centralGravity": 0.3, "damping": 0.09, "gravitationalConstant": -8000, '
        '"springConstant": 0.001, "springLength": 120}',
    300: '{"avoidOverlap": 0, "centralGravity": 0.3, "damping": 0.09, "gravitationalConstant": -3000, '
         '"springConstant": 0.001, "springLength": 120, "theta": 0.8}',
}


@pytest.mark.parametrize("node_count", sorted(RECORDED_BARNES_HUT))
def test_relax_uses_the_recorded_barnes_hut_values(node_count: int) -> None:
    physics = relax_physics(node_count)
    assert json.dumps(physics["barnesHut"]) == RECORDED_BARNES_HUT[node_count]
    assert physics["enabled"] is True and physics["solver"] == "barnesHut"
    assert physics["stabilization"] == {"enabled": False}  # no warm-up: it moves from the drawn positions


@pytest.mark.parametrize("node_count", [1, 55, OVERVIEW_ABOVE - 1, OVERVIEW_ABOVE, 5000])
def test_first_draw_has_no_physics_and_no_canvas_labels(node_count: int) -> None:
    options = vis_options(node_count)
    assert options["physics"] == {"enabled": False}
    assert options["layout"]["improvedLayout"] is False  # positions come from the server
    assert options["nodes"]["scaling"]["label"] == {"enabled": False}  # the page draws labels itself
    large = node_count >= OVERVIEW_ABOVE
    assert options["interaction"]["hideEdgesOnDrag"] is large and options["interaction"]["hideEdgesOnZoom"] is large
    assert options["edges"]["smooth"] is False
