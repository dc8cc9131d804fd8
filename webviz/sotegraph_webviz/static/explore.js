/* The explore page: draws /explore/data.json with vis-network, keeps it as window.network, and
   fills the side panel. Every text from the data goes through textContent, never innerHTML. */
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

  function drawLegend(legend) {
    var list = document.getElementById("legend");
    list.textContent = "";
    legend.forEach(function (entry) {
      var swatch = el("span", {"class": "swatch", "aria-hidden": "true"});
      swatch.style.backgroundColor = entry.color;
      list.appendChild(el("li", {}, swatch, entry.label));
    });
  }

  function showReduction(reduced, sizeBy) {
    if (!reduced) { reducedLine.hidden = true; return; }
    reducedLine.textContent = t("Large graph: showing {kept} of {total} actors (top by {measure}); {collapsed} communities are collapsed into expandable nodes.", {
      kept: reduced.kept_nodes, total: reduced.total_nodes, measure: t(sizeBy), collapsed: reduced.collapsed_communities});
    reducedLine.hidden = false;
  }

  /* A compact node id back to its IRI: ids without a scheme are relative to the payload's id_base. */
  function nodeId(id, base) {
    return /^[A-Za-z][A-Za-z0-9+.-]*:/.test(id) ? id : base + id;
  }

  /* vis-network records from the payload's compact ones (see view_payload.PAYLOAD_FORMAT). */
  function visNodes(payload) {
    return payload.nodes.map(function (record) {
      var kind = record[4] || "actor";
      var legend = payload.legend[record[3]];
      var node = {id: nodeId(record[0], payload.id_base), label: record[1], value: record[2], kind: kind,
        title: legend && kind !== "community" ? record[1] + " — " + legend.label : record[1],
        color: kind === "community" ? payload.colors.community : legend ? legend.color : payload.colors.other};
      if (payload.shapes[kind]) { node.shape = payload.shapes[kind]; }
      if (kind === "community") { node.community = record[5]; }
      return node;
    });
  }

  function visEdges(payload, visNodeList) {
    return payload.edges.map(function (record, index) {
      return {id: index, from: visNodeList[record[0]].id, to: visNodeList[record[1]].id, value: record[2], weight: record[2]};
    });
  }

  function draw(payload) {
    window.explorePayload = payload;
    drawLegend(payload.legend);
    showReduction(payload.reduced, payload.size_by);
    if (!payload.nodes.length) {
      statusLine.textContent = t("No actors match these filters.");
      document.body.setAttribute("data-network-ready", "empty");
      return;
    }
    var nodeList = visNodes(payload);
    nodes = new vis.DataSet(nodeList);
    edges = new vis.DataSet(visEdges(payload, nodeList));
    statusLine.textContent = t("Drawing the network…");
    var network = new vis.Network(container, {nodes: nodes, edges: edges}, payload.options);
    window.network = network;
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({physics: false});
      statusLine.textContent = payload.counts.nodes + " " + t("nodes") + ", " + payload.counts.edges + " " + t("edges");
      document.body.setAttribute("data-network-ready", "true");
    });
    network.on("click", function (params) {
      if (params.nodes.length) { openNode(params.nodes[0]); }
      else if (params.edges.length) { openEdge(params.edges[0]); }
    });
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
    if (window.network) { window.network.unselectAll(); }
    (lastFocus && document.body.contains(lastFocus) ? lastFocus : container).focus();
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

  function measureTable(values) {
    var names = Object.keys(values || {});
    if (!names.length) { return null; }
    var body = el("tbody", {});
    names.forEach(function (name) {
      var value = values[name];
      body.appendChild(el("tr", {}, el("th", {scope: "row"}, t(name)),
        el("td", {"class": "num"}, value === null ? "–" : String(Math.round(value * 1000) / 1000))));
    });
    return el("section", {}, el("h3", {}, t("Measures")), el("table", {}, body));
  }

  function openCommunity(node) {
    var params = viewParams();
    params.append("expand", String(node.community));
    openPanel(node.label);
    panelBody.appendChild(el("p", {}, el("a", {href: "?" + params.toString()}, t("Expand this community"))));
  }

  function openNode(id) {
    var node = nodes.get(id);
    if (node && node.kind === "community") { openCommunity(node); return; }
    openPanel(node ? node.label : id);
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
    openPanel(t("Shared between") + ": " + (a ? a.label : edge.from) + " – " + (b ? b.label : edge.to));
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
    window.network.selectNodes([id]);
    window.network.focus(id, {scale: 1.2, animation: {duration: 300}});
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

  document.getElementById("panel-close").addEventListener("click", closePanel);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !panel.hidden) { closePanel(); }
  });
  document.getElementById("search").addEventListener("submit", search);

  getJSON(container.dataset.source + "?" + viewParams().toString()).then(draw).catch(function (error) {
    statusLine.textContent = error.message;
    document.body.setAttribute("data-network-ready", "error");
  });
}());
