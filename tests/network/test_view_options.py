"""vis-network options: the JSON the explore page receives, pinned to what pyvis's `barnes_hut` produced.

The literals below were recorded from the pyvis-based `vis_options` (pyvis 0.3.2) before it was
replaced by a plain dict, so the page's physics stay exactly as measured in benchmarks/bench_view.py.
"""

import json

import pytest

from sotegraph.network.payload import vis_options

#: `json.dumps(vis_options(n))` as pyvis-built options gave it, below and above every threshold.
RECORDED = {
    50: (
        '{"configure": {"enabled": false}, "edges": {"smooth": false, "color": {"color": "#9aa4ad", '
        '"highlight": "#d55e00", "hover": "#0072b2", "inherit": false}, "scaling": {"min": 1, "max": 8}}, '
        '"interaction": {"hover": true, "tooltipDelay": 150, "keyboard": {"enabled": false}, '
        '"navigationButtons": false, "hideEdgesOnDrag": false, "multiselect": false}, "physics": '
        '{"barnesHut": {"avoidOverlap": 0, "centralGravity": 0.3, "damping": 0.09, "gravitationalConstant": '
        '-8000, "springConstant": 0.001, "springLength": 120}, "enabled": true, "stabilization": {"enabled": '
        'true, "iterations": 150, "updateInterval": 25, "fit": true}, "solver": "barnesHut", "minVelocity": '
        '0.75}, "nodes": {"shape": "dot", "scaling": {"min": 8, "max": 40, "label": {"enabled": false}}, '
        '"font": {"size": 14, "color": "#1a1a1a", "strokeWidth": 3, "strokeColor": "#ffffff"}, "borderWidth":'
        ' 1}, "layout": {"improvedLayout": true, "randomSeed": 42}}'
    ),
    150: (
        '{"configure": {"enabled": false}, "edges": {"smooth": false, "color": {"color": "#9aa4ad", '
        '"highlight": "#d55e00", "hover": "#0072b2", "inherit": false}, "scaling": {"min": 1, "max": 8}}, '
        '"interaction": {"hover": true, "tooltipDelay": 150, "keyboard": {"enabled": false}, '
        '"navigationButtons": false, "hideEdgesOnDrag": false, "multiselect": false}, "physics": '
        '{"barnesHut": {"avoidOverlap": 0, "centralGravity": 0.3, "damping": 0.09, "gravitationalConstant": '
        '-8000, "springConstant": 0.001, "springLength": 120}, "enabled": true, "stabilization": {"enabled": '
        'true, "iterations": 150, "updateInterval": 25, "fit": true}, "solver": "barnesHut", "minVelocity": '
        '0.75}, "nodes": {"shape": "dot", "scaling": {"min": 8, "max": 40, "label": {"enabled": false}}, '
        '"font": {"size": 14, "color": "#1a1a1a", "strokeWidth": 3, "strokeColor": "#ffffff"}, "borderWidth":'
        ' 1}, "layout": {"improvedLayout": true, "randomSeed": 42}}'
    ),
    151: (
        '{"configure": {"enabled": false}, "edges": {"smooth": false, "color": {"color": "#9aa4ad", '
        '"highlight": "#d55e00", "hover": "#0072b2", "inherit": false}, "scaling": {"min": 1, "max": 8}}, '
        '"interaction": {"hover": true, "tooltipDelay": 150, "keyboard": {"enabled": false}, '
        '"navigationButtons": false, "hideEdgesOnDrag": false, "multiselect": false}, "physics": '
        '{"barnesHut": {"avoidOverlap": 0, "centralGravity": 0.3, "damping": 0.09, "gravitationalConstant": '
        '-8000, "springConstant": 0.001, "springLength": 120}, "enabled": true, "stabilization": {"enabled": '
        'true, "iterations": 150, "updateInterval": 25, "fit": true}, "solver": "barnesHut", "minVelocity": '
        '0.75}, "nodes": {"shape": "dot", "scaling": {"min": 8, "max": 40, "label": {"enabled": false}}, '
        '"font": {"size": 14, "color": "#1a1a1a", "strokeWidth": 3, "strokeColor": "#ffffff"}, "borderWidth":'
        ' 1}, "layout": {"improvedLayout": false, "randomSeed": 42}}'
    ),
    300: (
        '{"configure": {"enabled": false}, "edges": {"smooth": false, "color": {"color": "#9aa4ad", '
        '"highlight": "#d55e00", "hover": "#0072b2", "inherit": false}, "scaling": {"min": 1, "max": 8}}, '
        '"interaction": {"hover": true, "tooltipDelay": 150, "keyboard": {"enabled": false}, '
        '"navigationButtons": false, "hideEdgesOnDrag": false, "multiselect": false}, "physics": '
        '{"barnesHut": {"avoidOverlap": 0, "centralGravity": 0.3, "damping": 0.09, "gravitationalConstant": '
        '-3000, "springConstant": 0.001, "springLength": 120, "theta": 0.8}, "enabled": true, '
        '"stabilization": {"enabled": true, "iterations": 60, "updateInterval": 25, "fit": true}, "solver": '
        '"barnesHut", "minVelocity": 0.75}, "nodes": {"shape": "dot", "scaling": {"min": 8, "max": 40, '
        '"label": {"enabled": false}}, "font": {"size": 14, "color": "#1a1a1a", "strokeWidth": 3, '
        '"strokeColor": "#ffffff"}, "borderWidth": 1}, "layout": {"improvedLayout": false, "randomSeed": 42}}'
    ),
    999: (
        '{"configure": {"enabled": false}, "edges": {"smooth": false, "color": {"color": "#9aa4ad", '
        '"highlight": "#d55e00", "hover": "#0072b2", "inherit": false}, "scaling": {"min": 1, "max": 8}}, '
        '"interaction": {"hover": true, "tooltipDelay": 150, "keyboard": {"enabled": false}, '
        '"navigationButtons": false, "hideEdgesOnDrag": false, "multiselect": false}, "physics": '
        '{"barnesHut": {"avoidOverlap": 0, "centralGravity": 0.3, "damping": 0.09, "gravitationalConstant": '
        '-3000, "springConstant": 0.001, "springLength": 120, "theta": 0.8}, "enabled": true, '
        '"stabilization": {"enabled": true, "iterations": 60, "updateInterval": 25, "fit": true}, "solver": '
        '"barnesHut", "minVelocity": 0.75}, "nodes": {"shape": "dot", "scaling": {"min": 8, "max": 40, '
        '"label": {"enabled": false}}, "font": {"size": 14, "color": "#1a1a1a", "strokeWidth": 3, '
        '"strokeColor": "#ffffff"}, "borderWidth": 1}, "layout": {"improvedLayout": false, "randomSeed": 42}}'
    ),
    1000: (
        '{"configure": {"enabled": false}, "edges": {"smooth": false, "color": {"color": "#9aa4ad", '
        '"highlight": "#d55e00", "hover": "#0072b2", "inherit": false}, "scaling": {"min": 1, "max": 8}}, '
        '"interaction": {"hover": true, "tooltipDelay": 150, "keyboard": {"enabled": false}, '
        '"navigationButtons": false, "hideEdgesOnDrag": true, "multiselect": false}, "physics": {"barnesHut":'
        ' {"avoidOverlap": 0, "centralGravity": 0.3, "damping": 0.09, "gravitationalConstant": -3000, '
        '"springConstant": 0.001, "springLength": 120, "theta": 0.8}, "enabled": true, "stabilization": '
        '{"enabled": true, "iterations": 30, "updateInterval": 25, "fit": true}, "solver": "barnesHut", '
        '"minVelocity": 0.75}, "nodes": {"shape": "dot", "scaling": {"min": 8, "max": 40, "label": '
        '{"enabled": false}}, "font": {"size": 14, "color": "#1a1a1a", "strokeWidth": 3, "strokeColor": '
        '"#ffffff"}, "borderWidth": 1}, "layout": {"improvedLayout": false, "randomSeed": 42}}'
    ),
    5000: (
        '{"configure": {"enabled": false}, "edges": {"smooth": false, "color": {"color": "#9aa4ad", '
        '"highlight": "#d55e00", "hover": "#0072b2", "inherit": false}, "scaling": {"min": 1, "max": 8}}, '
        '"interaction": {"hover": true, "tooltipDelay": 150, "keyboard": {"enabled": false}, '
        '"navigationButtons": false, "hideEdgesOnDrag": true, "multiselect": false}, "physics": {"barnesHut":'
        ' {"avoidOverlap": 0, "centralGravity": 0.3, "damping": 0.09, "gravitationalConstant": -3000, '
        '"springConstant": 0.001, "springLength": 120, "theta": 0.8}, "enabled": true, "stabilization": '
        '{"enabled": true, "iterations": 30, "updateInterval": 25, "fit": true}, "solver": "barnesHut", '
        '"minVelocity": 0.75}, "nodes": {"shape": "dot", "scaling": {"min": 8, "max": 40, "label": '
        '{"enabled": false}}, "font": {"size": 14, "color": "#1a1a1a", "strokeWidth": 3, "strokeColor": '
        '"#ffffff"}, "borderWidth": 1}, "layout": {"improvedLayout": false, "randomSeed": 42}}'
    ),
}


@pytest.mark.parametrize("node_count", sorted(RECORDED))
def test_options_match_recorded_pyvis_values(node_count: int) -> None:
    # Compared as JSON text: same values and same key order, so the payload is unchanged byte for byte.
    assert json.dumps(vis_options(node_count)) == RECORDED[node_count]
