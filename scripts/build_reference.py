"""Build the reference graphs (municipalities and their areas) from Statistics Finland's CSVs.

Reads ``municipalities-{2016,2021,2025}.csv`` (see ``reference/README.md`` of the shared
folder) and writes ``data/reference/reference-{year}.ttl``, one file per classification year,
each meant for the named graph ``https://w3id.org/sotegraph/graph/reference/{year}``.

An area's ``skos:prefLabel`` (fi, sv, en) is its name in the newest year in which it appears,
so that the union of the years has one preferred label per language; a year's own name, when it
differs, is kept in that year's file as ``skos:altLabel``.

Usage: ``python scripts/build_reference.py [REFERENCE_DIR] [--out DIR]``
"""

from __future__ import annotations

import argparse
import csv
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, SKOS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_REFERENCE_DIR = REPO_ROOT.parent / "shared" / "reference"
DEFAULT_OUT_DIR = REPO_ROOT / "data" / "reference"
YEARS = (2016, 2021, 2025)
LANGUAGES = ("fi", "sv", "en")
LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")

SOTE = Namespace("https://w3id.org/sotegraph/ontology#")
ID = Namespace("https://w3id.org/sotegraph/id/")


@dataclass(frozen=True)
class AreaKind:
    """One kind of area: its CSV column prefix, IRI kind, class and classification property."""

    column: str
    iri_kind: str
    rdf_class: URIRef
    classification_property: URIRef


MUNICIPALITY = AreaKind("municipality", "municipality", SOTE.Municipality, SOTE.municipality)
AREA_KINDS = (
    MUNICIPALITY,
    AreaKind("seutukunta", "subregion", SOTE.SubRegion, SOTE.subRegion),
    AreaKind("maakunta", "region", SOTE.Region, SOTE.region),
    AreaKind("hyvinvointialue", "wellbeing-county", SOTE.WellbeingServicesCounty,
             SOTE.wellbeingServicesCounty),
    AreaKind("sairaanhoitop", "hospital-district", SOTE.HospitalDistrict, SOTE.hospitalDistrict),
)

Names = dict[str, str]  # language -> name


def read_rows(reference_dir: Path, year: int) -> list[dict[str, str]]:
    """Return the rows of one year's CSV file."""
    path = reference_dir / f"municipalities-{year}.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def area_iri(kind: AreaKind, code: str) -> URIRef:
    return ID[f"{kind.iri_kind}/{code}"]


def names_in(row: dict[str, str], kind: AreaKind) -> Names:
    return {lang: row[f"{kind.column}_name_{lang}"] for lang in LANGUAGES}


def newest_names(rows_by_year: dict[int, list[dict[str, str]]]) -> dict[URIRef, Names]:
    """Map every area to its names in the newest year in which it appears."""
    preferred: dict[URIRef, Names] = {}
    for year in sorted(rows_by_year):
        for row in rows_by_year[year]:
            for kind in AREA_KINDS:
                if f"{kind.column}_code" in row:
                    preferred[area_iri(kind, row[f"{kind.column}_code"])] = names_in(row, kind)
    return preferred


def add_area(graph: Graph, iri: URIRef, kind: AreaKind, code: str, year_names: Names,
             preferred: Names) -> None:
    graph.add((iri, RDF.type, kind.rdf_class))
    graph.add((iri, SOTE.officialCode, Literal(code)))
    for lang in LANGUAGES:
        graph.add((iri, SKOS.prefLabel, Literal(preferred[lang], lang=lang)))
        if year_names[lang] != preferred[lang]:
            graph.add((iri, SKOS.altLabel, Literal(year_names[lang], lang=lang)))


def add_dataset(graph: Graph, year: int) -> None:
    dataset = ID[f"dataset/reference-{year}"]
    graph.add((dataset, RDF.type, DCAT.Dataset))
    graph.add((dataset, DCTERMS.title,
               Literal(f"Kuntien aluejaot {year}", lang="fi")))
    graph.add((dataset, DCTERMS.title,
               Literal(f"Regional classifications of municipalities {year}", lang="en")))
    graph.add((dataset, DCTERMS.source,
               Literal(f"Source: Statistics Finland, regional classifications {year}")))
    graph.add((dataset, DCTERMS.license, LICENSE))


def build_year(rows: list[dict[str, str]], year: int,
               preferred: dict[URIRef, Names]) -> Graph:
    """Return the reference graph of one classification year."""
    graph = Graph()
    graph.bind("sote", SOTE)
    graph.bind("id", ID)
    graph.bind("skos", SKOS)
    graph.bind("dcterms", DCTERMS)
    graph.bind("dcat", DCAT)
    add_dataset(graph, year)
    for row in rows:
        municipality_code = row["municipality_code"]
        classification = ID[f"classification/{year}/{municipality_code}"]
        graph.add((classification, RDF.type, SOTE.AreaClassification))
        graph.add((classification, SOTE.classificationYear, Literal(year, datatype=XSD.integer)))
        for kind in AREA_KINDS:
            code_column = f"{kind.column}_code"
            if code_column not in row:
                continue
            iri = area_iri(kind, row[code_column])
            add_area(graph, iri, kind, row[code_column], names_in(row, kind), preferred[iri])
            graph.add((classification, kind.classification_property, iri))
    return graph


def build(reference_dir: Path, out_dir: Path) -> list[Path]:
    """Write one Turtle file per year into ``out_dir`` and return their paths."""
    rows_by_year = {year: read_rows(reference_dir, year) for year in YEARS}
    preferred = newest_names(rows_by_year)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for year, rows in rows_by_year.items():
        path = out_dir / f"reference-{year}.ttl"
        turtle = build_year(rows, year, preferred).serialize(format="turtle")
        path.write_text(turtle, encoding="utf-8")
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reference_dir", nargs="?", type=Path, default=DEFAULT_REFERENCE_DIR,
                        help="folder holding municipalities-{year}.csv (default: %(default)s)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT_DIR,
                        help="output folder (default: %(default)s)")
    args = parser.parse_args()
    for path in build(args.reference_dir, args.out):
        print(path)


if __name__ == "__main__":
    main()
