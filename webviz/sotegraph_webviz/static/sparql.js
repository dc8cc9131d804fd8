/* The query page: YASGUI on our own /sparql endpoint, with the named queries as examples.
 * Nothing here reaches beyond this server: prefix completion uses our own list (no remote prefix
 * service), the LOV class/property completers are left out, and the endpoint list holds only ours. */
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

  if (config.initialQuery) {
    currentTab().setQuery(config.initialQuery);
  }

  var byName = {};
  config.examples.forEach(function (example) { byName[example.name] = example; });
  document.querySelectorAll("button.example").forEach(function (button) {
    button.addEventListener("click", function () {
      var example = byName[button.getAttribute("data-name")];
      var tab = currentTab();
      tab.setQuery(example.prepared);
      tab.setName(example.name);
      tab.query();
    });
  });
}());
