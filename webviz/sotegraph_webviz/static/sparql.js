/* The query page: YASGUI on our own /sparql endpoint, with the named queries as examples.
 * Nothing here reaches beyond this server: prefix completion uses our own list (no remote prefix
 * service), the LOV class/property completers are left out, and the endpoint list holds only ours.
 * Results are drawn by our own table (`ResultsTable`), as text only — a label is never parsed as
 * HTML — with this graph's IRIs opening the local entity page, literals compact (the datatype on
 * hover) and wide tables scrolling. The chosen named query is kept in the URL (?name=…).
 * A named SELECT is fetched a page at a time from /api/query/NAME (?limit=&offset=, the total in the
 * X-Total-Count header), with Previous/Next above the results and the page kept in the URL (?offset=,
 * and ?limit= when the URL chose the page size). A query run from the editor is never paged. */
(function () {
  "use strict";

  var PREFIXES = {
    sote: "https://w3id.org/sotegraph/ontology#",
    id: "https://w3id.org/sotegraph/id/",
    rdf: "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    rdfs: "http://www.w3.org/2000/01/rdf-schema#",
    owl: "http://www.w3.org/2002/07/owl#",
    xsd: "http://www.w3.org/2001/XMLSchema#",
    skos: "http://www.w3.org/2004/02/skos/core#",
    dcterms: "http://purl.org/dc/terms/",
    prov: "http://www.w3.org/ns/prov#",
    org: "http://www.w3.org/ns/org#",
    foaf: "http://xmlns.com/foaf/0.1/",
    schema: "https://schema.org/",
    dcat: "http://www.w3.org/ns/dcat#",
    sd: "http://www.w3.org/ns/sparql-service-description#"
  };
  var DEFAULT_QUERY = [
    "PREFIX sote: <" + PREFIXES.sote + ">",
    "PREFIX skos: <" + PREFIXES.skos + ">",
    "",
    "SELECT ?project ?projectLabel ?startYear ?endYear WHERE {",
    "  ?project a sote:Project ;",
    "           skos:prefLabel ?projectLabel .",
    "  OPTIONAL { ?project sote:startYear ?startYear }",
    "  OPTIONAL { ?project sote:endYear ?endYear }",
    "  FILTER(LANGMATCHES(LANG(?projectLabel), \"fi\"))",
    "}",
    "ORDER BY ?projectLabel",
    "LIMIT 100"
  ].join("\n");

  var config = JSON.parse(document.getElementById("sparql-config").textContent);
  var endpoint = new URL(config.endpoint, window.location.href).href;
  var Yasqe = window.Yasgui.Yasqe;
  var Yasr = window.Yasgui.Yasr;
  var PAGE_SIZE = 100;
  var MAX_PAGE_SIZE = 1000;
  /* The named query being paged: {name, values, limit, offset, total, count, shown}, or null. */
  var paging = null;

  /* The shortest prefixed form of an IRI by our prefixes, or the IRI itself. */
  function compactIri(iri) {
    var best = null;
    Object.keys(PREFIXES).forEach(function (prefix) {
      var base = PREFIXES[prefix];
      if (iri.indexOf(base) === 0 && (best === null || base.length > PREFIXES[best].length)) {
        best = prefix;
      }
    });
    return best === null ? iri : best + ":" + iri.slice(PREFIXES[best].length);
  }

  /* Where an IRI opens: this graph's data and ontology IRIs on this server, web IRIs as they are. */
  function hrefFor(iri) {
    for (var i = 0; i < config.localBases.length; i++) {
      if (iri.indexOf(config.localBases[i][0]) === 0) {
        return config.localBases[i][1] + iri.slice(config.localBases[i][0].length);
      }
    }
    return /^https?:\/\//.test(iri) ? iri : null;
  }

  /* One result cell: an element holding the term as text. */
  function termCell(term) {
    var cell = document.createElement("td");
    if (!term) {
      return cell;
    }
    if (term.type === "uri") {
      var href = hrefFor(term.value);
      var shown = href === null ? document.createElement("span") : document.createElement("a");
      if (href !== null) {
        shown.href = href;
        if (href === term.value) {
          shown.rel = "noopener noreferrer";
        }
      }
      shown.textContent = compactIri(term.value);
      shown.title = term.value;
      shown.className = "iri";
      cell.appendChild(shown);
    } else if (term.type === "bnode") {
      cell.textContent = "_:" + term.value;
    } else {
      var literal = document.createElement("span");
      literal.className = "literal";
      literal.textContent = term.value;
      if (term.datatype) {
        literal.title = compactIri(term.datatype);
      }
      cell.appendChild(literal);
      var lang = term["xml:lang"];
      if (lang) {
        var tag = document.createElement("span");
        tag.className = "lang";
        tag.textContent = "@" + lang;
        cell.appendChild(tag);
      }
    }
    return cell;
  }

  /* A YASR plugin in place of the built-in table (which renders cells as HTML). */
  function ResultsTable(yasr) {
    this.yasr = yasr;
    this.priority = 10;
    this.label = config.labels.table;
  }
  ResultsTable.prototype.canHandleResults = function () {
    var results = this.yasr.results;
    return !!results && !results.getError() && (results.getVariables() || []).length > 0;
  };
  ResultsTable.prototype.getIcon = function () {
    var icon = document.createElement("span");
    icon.textContent = "\u25A6";
    return icon;
  };
  ResultsTable.prototype.download = function () {
    var results = this.yasr.results;
    return {
      getData: function () { return results.asCsv(); },
      contentType: "text/csv",
      title: config.labels.download,
      filename: "results.csv"
    };
  };
  ResultsTable.prototype.draw = function () {
    var variables = this.yasr.results.getVariables();
    var bindings = this.yasr.results.getBindings() || [];
    var scroller = document.createElement("div");
    scroller.className = "results-scroll";
    var table = document.createElement("table");
    table.className = "results-table";
    var headRow = table.createTHead().insertRow();
    ["#"].concat(variables).forEach(function (name, index) {
      var th = document.createElement("th");
      th.textContent = index === 0 ? name : "?" + name;
      headRow.appendChild(th);
    });
    var body = table.createTBody();
    var first = paging && paging.shown ? paging.offset : 0;
    bindings.forEach(function (binding, rowIndex) {
      var row = body.insertRow();
      var number = document.createElement("td");
      number.className = "row-number";
      number.textContent = String(first + rowIndex + 1);
      row.appendChild(number);
      variables.forEach(function (name) { row.appendChild(termCell(binding[name])); });
    });
    scroller.appendChild(table);
    if (!bindings.length) {
      var empty = document.createElement("p");
      empty.className = "results-empty";
      empty.textContent = config.labels.noResults;
      scroller.appendChild(empty);
    }
    this.yasr.resultsEl.appendChild(scroller);
  };
  Yasr.registerPlugin("table", ResultsTable);

  Yasqe.forkAutocompleter("prefixes", {
    name: "sotegraphPrefixes",
    persistenceId: null,
    get: function () {
      return Promise.resolve(Object.keys(PREFIXES).map(function (prefix) {
        return prefix + ": <" + PREFIXES[prefix] + ">";
      }));
    }
  }, false);

  var yasgui = new window.Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    endpointCatalogueOptions: {
      getData: function () { return [{ endpoint: endpoint }]; },
      keys: []
    },
    persistenceId: "sotegraph-yasgui",
    yasqe: {
      value: DEFAULT_QUERY,
      autocompleters: ["sotegraphPrefixes", "variables"]
    }
  });

  function currentTab() {
    var tab = yasgui.getTab();
    if (tab.getEndpoint() !== endpoint) {
      tab.setEndpoint(endpoint);
    }
    return tab;
  }

  /* Whole numbers from the URL: the page size (?limit=, kept in the URL when given) and the offset. */
  var startUrl = new URL(window.location.href).searchParams;
  var urlLimit = /^\d+$/.test(startUrl.get("limit") || "") ? Math.min(parseInt(startUrl.get("limit"), 10), MAX_PAGE_SIZE) : 0;
  var pageSize = urlLimit > 0 ? urlLimit : PAGE_SIZE;

  var pager = document.getElementById("results-pager");
  var pagerStatus = pager.querySelector(".pager-status");
  var previousButton = pager.querySelector(".pager-previous");
  var nextButton = pager.querySelector(".pager-next");

  /* Whether a prepared named query can be paged: a SELECT not ending in its own LIMIT/OFFSET. */
  function pageable(text) {
    var prologue = /^(?:\s+|#[^\n]*(?:\n|$)|(?:PREFIX\s+[^\s:]*:|BASE)\s*<[^>]*>)*/i;
    var body = text.replace(prologue, "");
    return /^SELECT\b/i.test(body) && !/\b(?:LIMIT|OFFSET)\s+\d+\s*$/i.test(body.trim());
  }

  /* The named query's parameter values: those given, else its examples (as the page prepared it). */
  function valuesFor(example, values) {
    if (values) {
      return values;
    }
    var examples = {};
    (example.parameters || []).forEach(function (p) {
      if (p.example && !p.optional) { examples[p.name] = p.example; }
    });
    return examples;
  }

  /* Keep the chosen named query (and its page) in the URL, so it can be shared. */
  function keepInUrl(name, values, offset) {
    var url = new URL(window.location.href);
    var lang = url.searchParams.get("lang");
    url.search = "";
    url.searchParams.set("name", name);
    Object.keys(values || {}).forEach(function (key) { url.searchParams.set(key, values[key]); });
    if (lang) { url.searchParams.set("lang", lang); }
    if (paging && urlLimit > 0) { url.searchParams.set("limit", String(urlLimit)); }
    if (offset > 0) { url.searchParams.set("offset", String(offset)); }
    window.history.replaceState(null, "", url.pathname + url.search);
  }

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, key) { return String(values[key]); });
  }

  function drawPager() {
    if (!paging) {
      pager.hidden = true;
      return;
    }
    pager.hidden = false;
    if (!paging.shown) {
      pagerStatus.textContent = config.labels.loading;
    } else if (paging.count === 0 && paging.offset === 0) {
      pagerStatus.textContent = config.labels.noRows;
    } else {
      pagerStatus.textContent = format(config.labels.rows, {
        first: paging.count ? paging.offset + 1 : paging.offset,
        last: paging.offset + paging.count, total: paging.total
      });
    }
    previousButton.disabled = !paging.shown || paging.offset === 0;
    nextButton.disabled = !paging.shown || paging.offset + paging.count >= paging.total;
  }

  /* Fetch and show one page of the named query being paged; on failure run it as before. */
  function showPage(offset, focus) {
    var state = paging;
    var tab = currentTab();
    var yasr = tab.getYasr();
    if (yasr && pager.parentNode !== yasr.resultsEl.parentNode) {
      yasr.resultsEl.parentNode.insertBefore(pager, yasr.resultsEl);
    }
    state.shown = false;
    drawPager();
    var url = new URL(config.apiQuery + encodeURIComponent(state.name), window.location.href);
    Object.keys(state.values).forEach(function (key) { url.searchParams.set(key, state.values[key]); });
    url.searchParams.set("limit", String(state.limit));
    url.searchParams.set("offset", String(offset));
    var started = Date.now();
    fetch(url.href, { headers: { Accept: "application/sparql-results+json" } }).then(function (response) {
      return response.text().then(function (text) {
        if (!response.ok) { throw new Error(text); }
        return { text: text, total: parseInt(response.headers.get("X-Total-Count"), 10) };
      });
    }).then(function (page) {
      if (state !== paging) { return; }  // another query has started since
      state.offset = offset;
      state.count = (JSON.parse(page.text).results.bindings || []).length;
      state.total = isNaN(page.total) ? offset + state.count : page.total;
      state.shown = true;
      keepInUrl(state.name, state.explicitValues, offset);
      tab.getYasr().setResponse({ data: page.text, contentType: "application/sparql-results+json", status: 200 },
        Date.now() - started);
      drawPager();
      var target = focus === "next" && nextButton.disabled ? previousButton
        : focus === "previous" && previousButton.disabled ? nextButton
          : focus === "next" ? nextButton : focus === "previous" ? previousButton : null;
      if (target && !target.disabled) { target.focus(); }
    }).catch(function () {
      if (state !== paging) { return; }
      paging = null;
      drawPager();
      tab.query();
    });
  }

  previousButton.addEventListener("click", function () {
    if (paging && paging.shown) { showPage(Math.max(0, paging.offset - paging.limit), "previous"); }
  });
  nextButton.addEventListener("click", function () {
    if (paging && paging.shown) { showPage(paging.offset + paging.limit, "next"); }
  });

  /* Open a named query in the editor, keep it in the URL and run it (a SELECT page by page). */
  function runExample(example, values, offset) {
    var tab = currentTab();
    tab.setQuery(example.prepared);
    tab.setName(example.name);
    if (pageable(example.prepared)) {
      paging = { name: example.name, values: valuesFor(example, values), explicitValues: values, limit: pageSize,
                 offset: offset || 0, total: 0, count: 0, shown: false };
      keepInUrl(example.name, values, offset || 0);
      showPage(offset || 0, null);
    } else {
      paging = null;
      drawPager();
      keepInUrl(example.name, values, 0);
      tab.query();
    }
  }

  /* A query run from the editor is shown whole, as the endpoint answers it. */
  yasgui.on("query", function () {
    paging = null;
    drawPager();
  });

  var byName = {};
  config.examples.forEach(function (example) { byName[example.name] = example; });
  document.querySelectorAll("button.example").forEach(function (button) {
    button.addEventListener("click", function () {
      runExample(byName[button.getAttribute("data-name")], null, 0);
    });
  });

  if (config.chosen) {
    var startOffset = /^\d+$/.test(startUrl.get("offset") || "") ? parseInt(startUrl.get("offset"), 10) : 0;
    runExample(config.chosen, config.chosen.values || null, startOffset);
  } else if (config.initialQuery) {
    currentTab().setQuery(config.initialQuery);
  }
}());
