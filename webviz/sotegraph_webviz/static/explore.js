/* The explore page: draws /explore/data.json with vis-network at the server's positions (physics off),
   keeps the drawn network as window.network (vis.Network; window.explorePayload is the payload), draws
   labels itself at a fixed screen size with network-labels.js (window.exploreLabels: the labels drawn last, with their screen
   positions), fills the side panel, the table twin and the exports (window.lastExport: the last one).
   Every text from the data goes through textContent (or SVG text nodes), never innerHTML. */
(function () {
  "use strict";

  var container = document.getElementById("network");
  var statusLine = document.getElementById("status");
  var reducedLine = document.getElementById("reduced");
  var panel = document.getElementById("panel");
  var panelTitle = document.getElementById("panel-title");
  var panelBody = document.getElementById("panel-body");
  var messages = JSON.parse(document.getElementById("explore-messages").textContent);
  var ID_BASE = "https://w3id.org/sotegraph/id/";
  var nodes = null;
  var edges = null;
  var byImportance = [];
  var hovered = null;
  var selected = null;
  var placedLabels = [];
  var lastFocus = null;

  function t(key, values) {
    var text = messages[key] || key;
    Object.keys(values || {}).forEach(function (name) { text = text.split("{" + name + "}").join(values[name]); });
    return text;
  }

  function el(tag, attributes) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined || child === "") { continue; }
      node.appendChild(typeof child === "string" || typeof child === "number" ? document.createTextNode(String(child)) : child);
    }
    return node;
  }

  function entityPath(iri) {
    return iri && iri.indexOf(ID_BASE) === 0 ? "/id/" + iri.slice(ID_BASE.length) : null;
  }

  function entityLink(iri, label) {
    var path = entityPath(iri);
    return path ? el("a", {href: path}, label || iri) : el("span", {}, label || iri || "");
  }

  /* The current view's parameters, minus those a request sets itself. */
  function viewParams(drop) {
    var params = new URLSearchParams(window.location.search);
    (drop || []).forEach(function (name) { params.delete(name); });
    return params;
  }

  function getJSON(url) {
    return fetch(url, {headers: {Accept: "application/json"}}).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok || body.ok === false) { throw new Error(body.error || response.statusText); }
        return body;
      });
    });
  }

  function drawLegend(payload) {
    var list = document.getElementById("legend");
    list.textContent = "";
    payload.legend.forEach(function (entry) {
      var swatch = el("span", {"class": "swatch", "aria-hidden": "true"});
      swatch.style.backgroundColor = entry.color;
      list.appendChild(el("li", {"data-key": entry.key}, swatch, entry.label));
    });
    if (payload.reduced) {
      var hexagon = el("span", {"class": "swatch community", "aria-hidden": "true"});
      hexagon.style.backgroundColor = payload.colors.community;
      list.appendChild(el("li", {"data-key": "community"}, hexagon, t("Community (click to open)")));
    }
  }

  function showReduction(reduced) {
    reducedLine.textContent = "";
    if (!reduced) { reducedLine.hidden = true; return; }
    reducedLine.appendChild(document.createTextNode(t(
      "Overview of {total} actors: {collapsed} communities stand for {inside} actors, {kept} actors are shown one by one. Click a community to open it.", {
        total: reduced.total_nodes, collapsed: reduced.collapsed_communities, inside: reduced.collapsed_nodes,
        kept: reduced.kept_nodes})));
    if (reduced.expanded.length) {
      reducedLine.appendChild(document.createTextNode(" "));
      reducedLine.appendChild(el("a", {href: "?" + viewParams(["expand"]).toString(), id: "back-to-overview"},
        t("Back to the overview")));
    }
    reducedLine.hidden = false;
  }

  /* A compact node id back to its IRI: ids without a scheme are relative to the payload's id_base. */
  function nodeId(id, base) {
    return /^[A-Za-z][A-Za-z0-9+.-]*:/.test(id) ? id : base + id;
  }

  /* vis-network records from the payload's compact ones (see payload.PAYLOAD_FORMAT). Labels are kept
     in `name` and drawn by drawLabels, so vis-network draws none. */
  function visNodes(payload) {
    return payload.nodes.map(function (record) {
      var kind = record[6] || "actor";
      var legend = payload.legend[record[3]];
      var node = {id: nodeId(record[0], payload.id_base), name: record[1], value: record[2], x: record[4], y: record[5],
        kind: kind, type: legend && kind !== "community" ? legend.label : "",
        title: legend ? record[1] + " — " + legend.label : record[1],
        color: legend ? legend.color : kind === "community" ? payload.colors.community : payload.colors.other};
      if (payload.shapes[kind]) { node.shape = payload.shapes[kind]; }
      if (kind === "community") { node.community = record[7]; }
      return node;
    });
  }

  /* Edges fade with their weight relative to the heaviest drawn edge. */
  function visEdges(payload, visNodeList) {
    var heaviest = payload.edges.reduce(function (most, record) { return Math.max(most, record[2]); }, 1);
    return payload.edges.map(function (record, index) {
      return {id: index, from: visNodeList[record[0]].id, to: visNodeList[record[1]].id, value: record[2],
        weight: record[2], color: {color: payload.colors.edge, opacity: 0.15 + 0.7 * record[2] / heaviest}};
    });
  }

  function screenRadius(id) {
    return window.sotegraphLabels.screenRadius(window.network, id);
  }

  /* Labels (network-labels.js): the hovered node and its neighbours and the selected node first. */
  function drawLabels(ctx) {
    var first = [];
    if (hovered) { first = [hovered].concat(window.network.getConnectedNodes(hovered)); }
    if (selected && nodes.get(selected)) { first.unshift(selected); }
    placedLabels = window.sotegraphLabels.draw(window.network, ctx, byImportance, first);
    window.exploreLabels = placedLabels;
  }

  /* Hovering a node dims everything else and redraws its ties and neighbours on top. */
  function drawHover(ctx) {
    if (!hovered || !window.network.body.nodes[hovered]) { return; }
    var network = window.network;
    var corner = network.DOMtoCanvas({x: 0, y: 0});
    var far = network.DOMtoCanvas({x: container.clientWidth, y: container.clientHeight});
    var scale = network.getScale();
    ctx.save();
    ctx.fillStyle = "rgba(255,255,255,0.72)";
    ctx.fillRect(corner.x, corner.y, far.x - corner.x, far.y - corner.y);
    var centre = network.body.nodes[hovered];
    var around = network.getConnectedNodes(hovered);
    ctx.strokeStyle = "#0072b2";
    ctx.lineWidth = 2 / scale;
    around.forEach(function (id) {
      var other = network.body.nodes[id];
      ctx.beginPath();
      ctx.moveTo(centre.x, centre.y);
      ctx.lineTo(other.x, other.y);
      ctx.stroke();
    });
    [hovered].concat(around).forEach(function (id) {
      var body = network.body.nodes[id];
      ctx.beginPath();
      ctx.arc(body.x, body.y, screenRadius(id) / scale, 0, 2 * Math.PI);
      ctx.fillStyle = body.options.color.background;
      ctx.fill();
      ctx.lineWidth = (id === hovered ? 3 : 1) / scale;
      ctx.strokeStyle = "#1a1a1a";
      ctx.stroke();
    });
    ctx.restore();
  }

  function importanceOrder(nodeList) {
    return nodeList.slice().sort(function (a, b) {
      var ca = a.kind === "community" ? 1 : 0, cb = b.kind === "community" ? 1 : 0;
      return cb - ca || b.value - a.value || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    }).map(function (node) { return node.id; });
  }

  function draw(payload) {
    window.explorePayload = payload;
    yearSlider(payload.tie_years);
    drawLegend(payload);
    showReduction(payload.reduced);
    if (!payload.nodes.length) {
      statusLine.textContent = t("No actors match these filters.");
      document.body.setAttribute("data-network-ready", "empty");
      return;
    }
    var nodeList = visNodes(payload);
    byImportance = importanceOrder(nodeList);
    nodes = new vis.DataSet(nodeList);
    edges = new vis.DataSet(visEdges(payload, nodeList));
    statusLine.textContent = t("Drawing the network…");
    var network = new vis.Network(container, {nodes: nodes, edges: edges}, payload.options);
    window.network = network;
    network.on("afterDrawing", function (ctx) { drawHover(ctx); drawLabels(ctx); });
    network.once("afterDrawing", function () {
      /* A margin around the fitted drawing, so that labels under the outermost nodes stay inside. */
      network.fit({animation: false});
      network.moveTo({position: network.getViewPosition(), scale: network.getScale() * 0.88, animation: false});
      statusLine.textContent = payload.counts.nodes + " " + t("nodes") + ", " + payload.counts.edges + " " + t("edges");
      document.body.setAttribute("data-network-ready", "true");
    });
    network.on("hoverNode", function (params) { hovered = params.node; network.redraw(); });
    network.on("blurNode", function () { hovered = null; network.redraw(); });
    network.on("click", function (params) {
      if (params.nodes.length) { openNode(params.nodes[0]); }
      else if (params.edges.length) { openEdge(params.edges[0]); }
    });
    fillTable(payload, nodeList);
  }

  /* The relax button: Barnes–Hut physics from the server's positions, until pressed again. */
  function toggleRelax(button) {
    var payload = window.explorePayload;
    if (!window.network || !payload) { return; }
    var running = button.getAttribute("aria-pressed") === "true";
    window.network.setOptions({physics: running ? {enabled: false} : payload.relax});
    button.setAttribute("aria-pressed", running ? "false" : "true");
  }

  function openPanel(title) {
    lastFocus = document.activeElement;
    panelTitle.textContent = title;
    panelBody.textContent = "";
    panel.hidden = false;
    panel.focus();
  }

  function closePanel() {
    panel.hidden = true;
    selected = null;
    if (window.network) { window.network.unselectAll(); window.network.redraw(); }
    (lastFocus && document.body.contains(lastFocus) ? lastFocus : container).focus();
  }

  /* Move the drawing so that the node sits in the part of the canvas the panel leaves free. */
  function keepBesidePanel(id) {
    if (!window.network || !nodes.get(id) || panel.hidden) { return; }
    var network = window.network;
    var box = container.getBoundingClientRect();
    var free = Math.min(panel.getBoundingClientRect().left, box.right) - box.left;
    var position = network.getPositions([id])[id];
    var point = network.canvasToDOM(position);
    if (point.x > 24 && point.x < free - 24 && point.y > 24 && point.y < box.height - 24) { return; }
    var scale = network.getScale();
    network.moveTo({position: {x: position.x + (box.width / 2 - Math.max(free, 80) / 2) / scale, y: position.y},
      scale: scale, animation: {duration: 250}});
  }

  function section(title, items, render) {
    if (!items || !items.length) { return null; }
    var list = el("ul", {});
    items.forEach(function (item) { list.appendChild(el("li", {}, render(item))); });
    return el("section", {}, el("h3", {}, title), list);
  }

  function relationItem(item) {
    var details = [item.role, item.years, item.amount].filter(Boolean).join(" · ");
    return el("span", {}, entityLink(item.iri, item.label), details ? " — " + details : "");
  }

  function sharedItem(item) {
    var roles = [item.role_a || item.role_from, item.role_b || item.role_to].filter(Boolean).join(" / ");
    return el("span", {}, entityLink(item.iri, item.label), roles ? " (" + roles + ")" : "");
  }

  function formatNumber(value) {
    return value === null || value === undefined ? "–" : String(Math.round(value * 1000) / 1000);
  }

  function measureTable(values) {
    var names = Object.keys(values || {});
    if (!names.length) { return null; }
    var body = el("tbody", {});
    names.forEach(function (name) {
      body.appendChild(el("tr", {}, el("th", {scope: "row"}, t(name)), el("td", {"class": "num"}, formatNumber(values[name]))));
    });
    return el("section", {}, el("h3", {}, t("Measures")), el("table", {}, body));
  }

  function expandUrl(community) {
    var params = viewParams();
    params.append("expand", String(community));
    return "?" + params.toString();
  }

  function openCommunity(node) {
    openPanel(node.name);
    panelBody.appendChild(el("p", {}, el("a", {href: expandUrl(node.community), "class": "button"}, t("Expand this community"))));
  }

  function openNode(id) {
    var node = nodes.get(id);
    if (node && node.kind === "community") { window.location.href = expandUrl(node.community); return; }
    selected = id;
    if (nodes.get(id)) { window.network.selectNodes([id]); }
    openPanel(node ? node.name : id);
    keepBesidePanel(id);
    panelBody.appendChild(el("p", {}, t("Loading…")));
    var params = viewParams(["id"]);
    params.set("id", id);
    getJSON(container.dataset.node + "?" + params.toString()).then(function (info) {
      renderNode(id, info);
    }).catch(function (error) { panelBody.textContent = error.message; });
  }

  function renderNode(id, info) {
    panelTitle.textContent = info.label;
    panelBody.textContent = "";
    var facts = el("dl", {"class": "facts"});
    facts.appendChild(el("dt", {}, t("Type")));
    facts.appendChild(el("dd", {}, info.types.map(function (type) { return type.text; }).join(", ")));
    if (info.region) {
      facts.appendChild(el("dt", {}, t("Region")));
      facts.appendChild(el("dd", {}, info.region));
    }
    panelBody.appendChild(facts);
    var egoParams = viewParams(["ego", "radius", "expand"]);
    egoParams.set("ego", id);
    var actions = el("div", {"class": "actions"},
      el("a", {href: container.dataset.page + "?" + egoParams.toString(), "class": "button"}, t("Ego view")),
      entityPath(id) ? el("a", {href: entityPath(id), "class": "button"}, t("Open the entity page")) : null);
    panelBody.appendChild(actions);
    panelBody.appendChild(pathForm(id));
    [[t("Projects"), info.projects, relationItem], [t("Funding"), info.funding, relationItem],
     [t("Networks and groups"), info.groups, relationItem], [t("People and posts"), info.people, relationItem],
     [t("Partners"), info.partners, function (partner) {
        return el("span", {}, entityLink(partner.iri, partner.label), " — " + partner.weight + " " + t("shared"));
      }]].forEach(function (spec) {
      var block = section(spec[0], spec[1], spec[2]);
      if (block) { panelBody.appendChild(block); }
    });
    var table = measureTable(info.measures);
    if (table) { panelBody.appendChild(table); }
    var sources = section(t("Source documents"), info.sources, function (source) { return entityLink(source.iri, source.text); });
    if (sources) { panelBody.appendChild(sources); }
  }

  function pathForm(id) {
    var input = el("input", {id: "path-to", name: "to", autocomplete: "off"});
    var form = el("form", {"class": "path-form"},
      el("label", {"for": "path-to"}, t("Path to another actor")), input,
      el("button", {type: "submit"}, t("Find path")), el("div", {id: "path-result", "aria-live": "polite"}));
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var params = viewParams(["a", "b"]);
      params.set("a", id);
      params.set("b", input.value);
      var result = form.querySelector("#path-result");
      result.textContent = t("Loading…");
      getJSON(container.dataset.path + "?" + params.toString()).then(function (answer) {
        showPath(answer.hops, result);
      }).catch(function (error) { result.textContent = error.message; });
    });
    return form;
  }

  function showPath(hops, result) {
    result.textContent = "";
    var ids = [hops[0].from];
    var edgeIds = [];
    var list = el("ol", {"class": "hops"});
    hops.forEach(function (hop) {
      ids.push(hop.to);
      edges.forEach(function (edge) {
        if ((edge.from === hop.from && edge.to === hop.to) || (edge.from === hop.to && edge.to === hop.from)) { edgeIds.push(edge.id); }
      });
      var shared = el("ul", {});
      hop.shared.forEach(function (item) { shared.appendChild(el("li", {}, sharedItem(item))); });
      list.appendChild(el("li", {}, entityLink(hop.from, hop.from_label), " → ", entityLink(hop.to, hop.to_label), shared));
    });
    result.appendChild(list);
    var drawn = ids.filter(function (nodeId) { return nodes.get(nodeId) !== null; });
    window.network.setSelection({nodes: drawn, edges: edgeIds}, {highlightEdges: false});
  }

  function openEdge(id) {
    var edge = edges.get(id);
    if (!edge) { return; }
    var a = nodes.get(edge.from), b = nodes.get(edge.to);
    openPanel(t("Shared between") + ": " + (a ? a.name : edge.from) + " – " + (b ? b.name : edge.to));
    if ((a && a.kind === "community") || (b && b.kind === "community")) {
      panelBody.appendChild(el("p", {}, edge.weight + " " + t("shared")));
      return;
    }
    var params = viewParams(["a", "b"]);
    params.set("a", edge.from);
    params.set("b", edge.to);
    var loading = panelBody.appendChild(el("p", {}, t("Loading…")));
    getJSON(container.dataset.edge + "?" + params.toString()).then(function (info) {
      loading.remove();
      panelTitle.textContent = t("Shared between") + ": " + info.a_label + " – " + info.b_label;
      var block = section(info.weight + " " + t("shared"), info.shared, sharedItem);
      panelBody.appendChild(block || el("p", {}, info.role ? t("Role") + ": " + info.role : String(info.weight)));
    }).catch(function (error) { panelBody.textContent = error.message; });
  }

  function focusNode(id) {
    window.network.focus(id, {scale: Math.max(window.network.getScale(), 1), animation: false});
    openNode(id);
  }

  function search(event) {
    event.preventDefault();
    var results = document.getElementById("search-results");
    var text = document.getElementById("q").value.trim();
    results.textContent = "";
    if (!text) { return; }
    getJSON(container.dataset.search + "?q=" + encodeURIComponent(text)).then(function (answer) {
      if (!answer.matches.length) { results.appendChild(el("li", {}, t("No matches."))); }
      answer.matches.forEach(function (match) {
        var drawn = nodes && nodes.get(match.iri) !== null;
        var item = drawn
          ? el("button", {type: "button", "class": "link", "data-iri": match.iri}, match.label)
          : el("span", {}, entityLink(match.iri, match.label), " — " + t("Not in the current view"));
        if (drawn) { item.addEventListener("click", function () { focusNode(match.iri); }); }
        results.appendChild(el("li", {}, item, el("span", {"class": "muted"}, " " + match.type_label)));
      });
    }).catch(function (error) { results.appendChild(el("li", {}, error.message)); });
  }

  /* ---- the table twin: what is drawn, as rows; sortable; each row opens the side panel ---- */

  var tableRows = [];
  var tableColumns = [];
  var tableSort = {key: "value", descending: true};
  var tableDetailsAsked = false;

  function fillTable(payload, nodeList) {
    document.getElementById("twin-caption").textContent = t(
      "What the drawing shows: {nodes} nodes. Sort by a column heading; a name opens the panel.", {nodes: nodeList.length});
    tableColumns = [{key: "name", label: t("Name")}, {key: "type", label: t("Type")},
      {key: "value", label: t(payload.size_by), number: true}];
    tableRows = nodeList.map(function (node) {
      return {id: node.id, name: node.name, type: node.kind === "community" ? t("Community") : node.type,
        value: node.value, community: node.community, kind: node.kind};
    });
    renderTable();
    var box = document.getElementById("twin-box");
    if (box.open) { tableDetails(); }
  }

  /* Region and measures of each actor, asked once when the table is first opened. */
  function tableDetails() {
    if (tableDetailsAsked || !tableRows.length) { return; }
    tableDetailsAsked = true;
    getJSON(container.dataset.table + "?" + viewParams().toString()).then(function (answer) {
      var size = window.explorePayload.size_by;
      tableColumns = [tableColumns[0], tableColumns[1], {key: "region", label: t("Region")}, tableColumns[2]].concat(
        answer.measures.filter(function (name) { return name !== size; }).map(function (name) {
          return {key: "m:" + name, label: t(name), number: true};
        }));
      tableRows.forEach(function (row) {
        var found = answer.rows[row.id];
        if (!found) { return; }
        row.region = found.region;
        Object.keys(found.measures).forEach(function (name) { row["m:" + name] = found.measures[name]; });
      });
      renderTable();
    }).catch(function (error) { document.getElementById("twin-caption").textContent = error.message; });
  }

  function renderTable() {
    var key = tableSort.key, sign = tableSort.descending ? -1 : 1;
    tableRows.sort(function (a, b) {
      var x = a[key], y = b[key];
      if (x === undefined || x === null) { return 1; }
      if (y === undefined || y === null) { return -1; }
      if (typeof x === "string" || typeof y === "string") { x = String(x).toLocaleLowerCase(); y = String(y).toLocaleLowerCase(); }
      return (x < y ? -1 : x > y ? 1 : 0) * sign || (a.name < b.name ? -1 : 1);
    });
    var head = document.getElementById("twin-head");
    head.textContent = "";
    tableColumns.forEach(function (column) {
      var button = el("button", {type: "button", "class": "sort"}, column.label);
      button.addEventListener("click", function () {
        tableSort = {key: column.key, descending: tableSort.key === column.key ? !tableSort.descending : !!column.number};
        renderTable();
        head.querySelector('[data-sort="' + column.key + '"] button').focus();
      });
      head.appendChild(el("th", {scope: "col", "data-sort": column.key,
        "aria-sort": column.key === key ? (tableSort.descending ? "descending" : "ascending") : "none"}, button));
    });
    var body = document.getElementById("twin-body");
    body.textContent = "";
    tableRows.forEach(function (row) {
      var open = el("button", {type: "button", "class": "link", "data-iri": row.id}, row.name);
      open.addEventListener("click", function () {
        if (row.kind === "community") { window.location.href = expandUrl(row.community); } else { focusNode(row.id); }
      });
      var cells = [el("th", {scope: "row"}, open)];
      tableColumns.slice(1).forEach(function (column) {
        var value = row[column.key];
        cells.push(column.number ? el("td", {"class": "num"}, formatNumber(value)) : el("td", {}, value || ""));
      });
      body.appendChild(el.apply(null, ["tr", {}].concat(cells)));
    });
  }

  document.getElementById("twin-box").addEventListener("toggle", function (event) {
    if (event.currentTarget.open) { tableDetails(); }
  });

  /* ---- pictures and files ---- */

  function download(url, name) {
    var link = el("a", {href: url, download: name});
    document.body.appendChild(link);
    link.click();
    link.remove();
  }

  function fileStem() {
    return "sotegraph-network-" + new Date().toISOString().slice(0, 10);
  }

  /* PNG: the canvas as drawn (labels included) on white. */
  function exportPng() {
    var source = container.querySelector("canvas");
    var canvas = document.createElement("canvas");
    canvas.width = source.width;
    canvas.height = source.height;
    var ctx = canvas.getContext("2d");
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(source, 0, 0);
    var url = canvas.toDataURL("image/png");
    window.lastExport = {kind: "png", url: url};
    download(url, fileStem() + ".png");
  }

  var SVG_NS = "http://www.w3.org/2000/svg";

  function svgEl(tag, attributes, text) {
    var node = document.createElementNS(SVG_NS, tag);
    Object.keys(attributes).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  /* SVG: the current view (what is inside the canvas) as vector shapes, the labels shown included. */
  function exportSvg() {
    var network = window.network;
    var width = container.clientWidth, height = container.clientHeight, scale = network.getScale();
    var svg = svgEl("svg", {xmlns: SVG_NS, width: width, height: height, viewBox: "0 0 " + width + " " + height,
      "font-family": "system-ui, sans-serif", "font-size": "13"});
    svg.appendChild(svgEl("rect", {width: width, height: height, fill: "#ffffff"}));
    var ids = nodes.getIds();
    var positions = network.getPositions(ids);
    var screen = {};
    ids.forEach(function (id) { screen[id] = network.canvasToDOM(positions[id]); });
    var lines = svgEl("g", {stroke: window.explorePayload.colors.edge});
    edges.forEach(function (edge) {
      var a = screen[edge.from], b = screen[edge.to];
      lines.appendChild(svgEl("line", {x1: a.x.toFixed(1), y1: a.y.toFixed(1), x2: b.x.toFixed(1), y2: b.y.toFixed(1),
        "stroke-opacity": edge.color.opacity.toFixed(2)}));
    });
    svg.appendChild(lines);
    var dots = svgEl("g", {stroke: "#ffffff"});
    nodes.forEach(function (node) {
      var point = screen[node.id];
      if (point.x < -50 || point.y < -50 || point.x > width + 50 || point.y > height + 50) { return; }
      var radius = screenRadius(node.id).toFixed(1);
      var shape = node.kind === "actor" ? svgEl("circle", {cx: point.x.toFixed(1), cy: point.y.toFixed(1), r: radius, fill: node.color})
        : svgEl("rect", {x: (point.x - radius).toFixed(1), y: (point.y - radius).toFixed(1), width: 2 * radius, height: 2 * radius, fill: node.color});
      shape.appendChild(svgEl("title", {}, node.name));
      dots.appendChild(shape);
    });
    svg.appendChild(dots);
    var texts = svgEl("g", {"text-anchor": "middle", "dominant-baseline": "hanging", fill: "#1a1a1a",
      stroke: "#ffffff", "stroke-width": "3", "paint-order": "stroke"});
    placedLabels.forEach(function (label) {
      texts.appendChild(svgEl("text", {x: label.x.toFixed(1), y: label.y.toFixed(1)}, label.text));
    });
    svg.appendChild(texts);
    var text = '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(svg);
    window.lastExport = {kind: "svg", text: text, scale: scale};
    download(URL.createObjectURL(new Blob([text], {type: "image/svg+xml"})), fileStem() + ".svg");
  }

  function exportHtml() {
    download(container.dataset.exportHtml + "?" + viewParams().toString(), fileStem() + ".html");
  }

  /* ---- funder and project: names suggested as you type ---- */

  function suggest(input) {
    var list = document.getElementById(input.getAttribute("list"));
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var text = input.value.trim();
      if (text.length < 2) { return; }
      timer = setTimeout(function () {
        getJSON(container.dataset.suggest + "?field=" + encodeURIComponent(input.name) + "&q=" + encodeURIComponent(text))
          .then(function (answer) {
            list.textContent = "";
            answer.matches.forEach(function (match) { list.appendChild(el("option", {value: match.label}, match.type_label)); });
          }).catch(function () { list.textContent = ""; });
      }, 150);
    });
  }

  /* ---- the year slider: the network of ties active in one year ---- */

  /* The slider's range is the first and last year of any tie (the payload's tie_years). */
  function yearSlider(years) {
    var box = document.getElementById("years");
    if (!years || !box.hidden) { return; }
    var slider = document.getElementById("year-slider");
    var output = document.getElementById("year-value");
    slider.min = years[0];
    slider.max = years[1];
    slider.value = slider.dataset.year || years[1];
    box.hidden = false;
    slider.addEventListener("input", function () { output.textContent = slider.value; });
    slider.addEventListener("change", function () {
      var params = viewParams(["from", "to", "expand"]);
      params.set("from", slider.value);
      params.set("to", slider.value);
      window.location.search = params.toString();
    });
  }

  document.getElementById("panel-close").addEventListener("click", closePanel);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !panel.hidden) { closePanel(); }
  });
  document.getElementById("search").addEventListener("submit", search);
  document.getElementById("relax").addEventListener("click", function (event) { toggleRelax(event.currentTarget); });
  document.getElementById("export-png").addEventListener("click", exportPng);
  document.getElementById("export-svg").addEventListener("click", exportSvg);
  document.getElementById("export-html").addEventListener("click", exportHtml);
  document.querySelectorAll("input[list]").forEach(suggest);

  getJSON(container.dataset.source + "?" + viewParams().toString()).then(draw).catch(function (error) {
    statusLine.textContent = error.message;
    document.body.setAttribute("data-network-ready", "error");
  });
}());
