/* The query page: YASGUI on our own /sparql endpoint, with the named queries as examples.
 * Nothing here reaches beyond this server: prefix completion uses our own list (no remote prefix
 * service), the LOV class/property completers are left out, and the endpoint list holds only ours.
 * Results are drawn by our own table (`ResultsTable`), as text only — a label is never parsed as
 * HTML — with this graph's IRIs opening the local entity page, literals compact (the datatype on
 * hover) and wide tables scrolling. The chosen named query is kept in the URL (?name=…). */
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
    bindings.forEach(function (binding, rowIndex) {
      var row = body.insertRow();
      var number = document.createElement("td");
      number.className = "row-number";
      number.textContent = String(rowIndex + 1);
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

  /* Open a named query in the editor, keep it in the URL and run it. */
  function runExample(example, values) {
    var tab = currentTab();
    tab.setQuery(example.prepared);
    tab.setName(example.name);
    var url = new URL(window.location.href);
    url.search = "";
    url.searchParams.set("name", example.name);
    Object.keys(values || {}).forEach(function (key) { url.searchParams.set(key, values[key]); });
    ["lang"].forEach(function (key) {
      var kept = new URL(window.location.href).searchParams.get(key);
      if (kept) { url.searchParams.set(key, kept); }
    });
    window.history.replaceState(null, "", url.pathname + url.search);
    tab.query();
  }

  var byName = {};
  config.examples.forEach(function (example) { byName[example.name] = example; });
  document.querySelectorAll("button.example").forEach(function (button) {
    button.addEventListener("click", function () {
      runExample(byName[button.getAttribute("data-name")], null);
    });
  });

  if (config.chosen) {
    runExample(config.chosen, config.chosen.values || null);
  } else if (config.initialQuery) {
    currentTab().setQuery(config.initialQuery);
  }
}());
