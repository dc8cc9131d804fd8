// Draws the before/after network of a reviewed draft (data in #draft-network) with vis-network.
(function () {
  "use strict";
  const source = document.getElementById("draft-network");
  if (!source || typeof vis === "undefined") { return; }
  const data = JSON.parse(source.textContent);
  const colours = { stored: "#8a94a6", new: "#1b6b2f", changed: "#b35c00" };
  function draw(containerId, part) {
    const nodes = part.nodes.map(function (n) {
      return { id: n.id, label: n.label, title: n.id, shape: "box",
               color: n.new ? { background: "#ffe08a", border: "#b38600" } : { background: "#cfe3ff", border: "#3a6ea5" } };
    });
    const edges = part.edges.map(function (e, i) {
      return { id: i, from: e.from, to: e.to, label: e.label, arrows: "to", font: { size: 10 },
               color: { color: colours[e.status] || colours.stored }, width: e.status === "stored" ? 1 : 3,
               dashes: e.status === "changed" };
    });
    new vis.Network(document.getElementById(containerId),
                    { nodes: new vis.DataSet(nodes), edges: new vis.DataSet(edges) },
                    { layout: { randomSeed: 7 }, physics: { stabilization: { iterations: 200 } },
                      interaction: { dragNodes: true, zoomView: true } });
  }
  draw("network-before", data.before);
  draw("network-after", data.after);
}());
