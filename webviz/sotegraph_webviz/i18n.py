"""Finnish and English for the web interface: a small message catalogue and the language switch.

Messages are written in English in the code and templates (`_("Region")`); `CATALOGUE` gives
their Finnish. The language comes from `?lang=` (remembered in a cookie), then the cookie, then
the browser's Accept-Language; Finnish when nothing says otherwise.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import Flask, Response, g, request

LANGUAGES = ("fi", "en")
DEFAULT_LANGUAGE = "fi"
COOKIE = "lang"

CATALOGUE: dict[str, str] = {
    # layout and shared
    "Explore": "Verkosto",
    "Submissions": "Aineistot",
    "Language": "Kieli",
    "Suomeksi": "Suomeksi",
    "In English": "In English",
    "Not found": "Ei löytynyt",
    "Back to the front page": "Takaisin etusivulle",
    "Source documents": "Lähdeasiakirjat",
    "Sources": "Lähteet",
    "Type": "Tyyppi",
    "Region": "Maakunta",
    "Also as": "Myös muodossa",
    "who works with whom in Finnish social- and health-care development":
        "kuka tekee yhteistyötä kenen kanssa sosiaali- ja terveysalan kehittämisessä",
    "figures as JSON": "luvut JSON-muodossa",
    # home page
    "Home": "Etusivu",
    "Who works with whom in sote development": "Kuka tekee yhteistyötä kenen kanssa sote-kehittämisessä",
    "A knowledge graph of organisations, groups, people and projects in Finnish social- and health-care "
    "development, with the areas they belong to and the documents every link comes from.":
        "Tietoverkko sosiaali- ja terveysalan kehittämisen organisaatioista, ryhmistä, henkilöistä ja hankkeista, "
        "niiden alueista ja asiakirjoista, joista jokainen yhteys on peräisin.",
    "Where to start": "Mistä aloittaa",
    "Planners: explore the network": "Suunnittelijat: tutki verkostoa",
    "Who collaborates with whom, brokers and clusters by region and year, drawn as a graph.":
        "Kuka tekee yhteistyötä kenen kanssa, välittäjät ja ryhmittymät alueittain ja vuosittain verkostokuvana.",
    "Researchers: SPARQL": "Tutkijat: SPARQL",
    "Named, documented queries and an editor over the whole graph; results as JSON, CSV or RDF.":
        "Nimetyt, dokumentoidut kyselyt ja kyselyeditori koko tietoverkkoon; tulokset JSON-, CSV- tai RDF-muodossa.",
    "Data stewards: submissions": "Aineistojen ylläpitäjät: toimitukset",
    "Add or correct data from Turtle or a spreadsheet; checked against the shapes before it is merged.":
        "Lisää tai korjaa tietoja Turtle-tiedostosta tai taulukosta; tiedot tarkistetaan muotosääntöjä vasten "
        "ennen yhdistämistä.",
    "The graph in figures": "Tietoverkko lukuina",
    "triples in {n} named graphs.": "kolmikkoa {n} nimetyssä graafissa.",
    "Triples per named graph": "Kolmikot nimetyissä graafeissa",
    "Named graph": "Nimetty graafi",
    "Triples": "Kolmikot",
    "Entities per class": "Kohteet luokittain",
    "Class": "Luokka",
    "Entities": "Kohteet",
    # explore page
    "Who works with whom": "Kuka tekee yhteistyötä kenen kanssa",
    "Collaboration network": "Yhteistyöverkosto",
    "Filters": "Rajaukset",
    "Actor types": "Toimijatyypit",
    "All types": "Kaikki tyypit",
    "Sub-region": "Seutukunta",
    "Classification year": "Aluejaon vuosi",
    "From year": "Vuodesta",
    "To year": "Vuoteen",
    "Theme": "Teema",
    "Funder": "Rahoittaja",
    "Project": "Hanke",
    "Group": "Ryhmä",
    "Projection": "Näkymä",
    "Actors only": "Vain toimijat",
    "Actors and projects": "Toimijat ja hankkeet",
    "Node size": "Solmun koko",
    "Colour": "Väri",
    "Actor type": "Toimijatyyppi",
    "Community": "Yhteisö",
    "Apply": "Päivitä",
    "Reset": "Tyhjennä",
    "Search actors": "Hae toimijoita",
    "Search": "Hae",
    "Legend": "Selite",
    "Drawing the network…": "Piirretään verkostoa…",
    "Loading…": "Ladataan…",
    "nodes": "solmua",
    "edges": "yhteyttä",
    "No actors match these filters.": "Rajauksia vastaavia toimijoita ei ole.",
    "Large graph: showing {kept} of {total} actors (top by {measure}); {collapsed} communities are "
    "collapsed into expandable nodes.": "Suuri verkosto: näytetään {kept}/{total} toimijaa (suurimmat "
                                        "mittarilla {measure}); {collapsed} yhteisöä on koottu avattaviksi solmuiksi.",
    "Community {n} ({size} actors)": "Yhteisö {n} ({size} toimijaa)",
    "Expand this community": "Avaa yhteisö",
    "Close": "Sulje",
    "Ego view": "Lähiverkosto",
    "Path to another actor": "Polku toiseen toimijaan",
    "Find path": "Etsi polku",
    "Open the entity page": "Avaa tietosivu",
    "Projects": "Hankkeet",
    "Funding": "Rahoitus",
    "Networks and groups": "Verkostot ja ryhmät",
    "People and posts": "Henkilöt ja tehtävät",
    "Partners": "Kumppanit",
    "Measures": "Mittarit",
    "Shared between": "Yhteistä",
    "Role": "Rooli",
    "shared": "yhteistä",
    "No path between these actors.": "Toimijoiden välillä ei ole polkua.",
    "Not in the current view": "Ei nykyisessä näkymässä",
    "No matches.": "Ei osumia.",
    "Back to the whole network": "Takaisin koko verkostoon",
    "Ego network of": "Lähiverkosto:",
    "Reachable by Tab; Esc closes the panel.": "Siirry Tab-näppäimellä; Esc sulkee paneelin.",
    "degree": "aste",
    "weighted_degree": "painotettu aste",
    "betweenness": "välillisyys",
    "pagerank": "PageRank",
    "closeness": "läheisyys",
    "clustering": "klusteroituneisuus",
    "core_number": "ydinluku",
    "constraint": "rajoittuneisuus",
    "effective_size": "tehokas koko",
    # entity page
    "Facts": "Tiedot",
    "Relations": "Suhteet",
    "Referenced by": "Viittaukset",
    "Property": "Ominaisuus",
    "Value": "Arvo",
    "Show in the network": "Näytä verkostossa",
    "No entity with this identifier.": "Tällä tunnisteella ei ole kohdetta.",
    "Identifier": "Tunniste",
    # standard-vocabulary terms (VOCABULARY_TERMS)
    "name": "nimi",
    "other name": "muu nimi",
    "scope note": "käyttöhuomautus",
    "definition": "määritelmä",
    "note": "huomautus",
    "source document": "lähdeasiakirja",
    "identifier": "tunniste",
    "title": "otsikko",
    "resource type": "aineistotyyppi",
    "date": "päivämäärä",
    "licence": "lisenssi",
    "source": "lähde",
    "type": "tyyppi",
    "label": "nimike",
    "comment": "kuvaus",
    # stewards' validation report
    "Severity": "Vakavuus",
    "Message": "Viesti",
    "Cell": "Solu",
    "Violation": "Virhe",
    "Warning": "Varoitus",
    "Info": "Tieto",
    # ontology page
    "Ontology": "Ontologia",
    "Classes": "Luokat",
    "Properties": "Ominaisuudet",
    "Concept schemes": "Käsitejärjestelmät",
    "Subclass of": "Yläluokka",
    "Subproperty of": "Yläominaisuus",
    "Domain": "Määrittelyjoukko",
    "Range": "Arvojoukko",
    "Concepts": "Käsitteet",
    "Download": "Lataa",
    # query page
    "Ask the graph in SPARQL, or pick a ready-made question.":
        "Kysy tietoverkolta SPARQL-kielellä tai valitse valmis kysymys.",
    "Endpoint": "Rajapinta",
    "service description": "palvelun kuvaus",
    "named queries as JSON": "valmiit kysymykset JSON-muodossa",
    "Named queries": "Valmiit kysymykset",
    "Parameters": "Parametrit",
    "e.g.": "esim.",
}

_SKOS = "http://www.w3.org/2004/02/skos/core#"
_DCTERMS = "http://purl.org/dc/terms/"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
#: English names of the standard-vocabulary terms the pages show (Finnish in CATALOGUE); the
#: project's own terms are named by their rdfs:label in the store's ontology graph.
VOCABULARY_TERMS: dict[str, str] = {
    _SKOS + "prefLabel": "name", _SKOS + "altLabel": "other name", _SKOS + "scopeNote": "scope note",
    _SKOS + "definition": "definition", _SKOS + "note": "note",
    "http://www.w3.org/ns/prov#wasDerivedFrom": "source document",
    _DCTERMS + "identifier": "identifier", _DCTERMS + "title": "title", _DCTERMS + "type": "resource type",
    _DCTERMS + "date": "date", _DCTERMS + "license": "licence", _DCTERMS + "source": "source",
    _RDF + "type": "type", _RDFS + "label": "label", _RDFS + "comment": "comment",
}


def term_names() -> dict[str, str]:
    """VOCABULARY_TERMS in the current language (IRI → name)."""
    return {iri: gettext(name) for iri, name in VOCABULARY_TERMS.items()}


def select_language() -> str:
    """The request's language: ?lang=, then the cookie, then Accept-Language, else Finnish."""
    asked = request.args.get("lang", "")
    if asked in LANGUAGES:
        return asked
    remembered = request.cookies.get(COOKIE, "")
    if remembered in LANGUAGES:
        return remembered
    return request.accept_languages.best_match(LANGUAGES, default=DEFAULT_LANGUAGE) or DEFAULT_LANGUAGE


def current_language() -> str:
    """The language of the current request (decided once per request)."""
    if "lang" not in g:
        g.lang = select_language()
    return g.lang


def gettext(message: str, **values: Any) -> str:
    """`message` in the current language, with `{name}` placeholders filled from `values`."""
    text = CATALOGUE.get(message, message) if current_language() == "fi" else message
    return text.format(**values) if values else text


def _remember_language(response: Response) -> Response:
    asked = request.args.get("lang", "")
    if asked in LANGUAGES and request.cookies.get(COOKIE) != asked:
        response.set_cookie(COOKIE, asked, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    response.headers.add("Vary", "Accept-Language")
    response.headers.add("Vary", "Cookie")
    return response


def language_url(language: str) -> str:
    """The current page in `language` (its other query parameters kept)."""
    params = request.args.to_dict(flat=False)
    params["lang"] = [language]
    return f"{request.path}?{urlencode(params, doseq=True)}"


def _template_globals() -> dict[str, Any]:
    return {"_": gettext, "lang": current_language(), "languages": LANGUAGES, "language_url": language_url}


def init_app(app: Flask) -> None:
    """Make `_()` and `lang` available to templates and remember `?lang=` in a cookie."""
    app.context_processor(_template_globals)
    app.after_request(_remember_language)
