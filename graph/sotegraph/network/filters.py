"""From the names people give (CLI options, query parameters) to `Filters` and actor IRIs.

Shared by `sotegraph analyze/path/ego/coverage/evolution/export` and the `/api/network` endpoints,
so both accept the same names: an IRI or any label, narrowed by the parameter's type
(`sotegraph.entities.names.resolve`). Region names mean regions and sub-regions (`Pirkanmaa` is the
region, not the wellbeing services county); a county or hospital district can still be given by IRI.
"""

from __future__ import annotations

from typing import Iterable

from rdflib import OWL, SKOS, URIRef

from sotegraph.errors import InputError, NotFoundError
from sotegraph.entities.names import as_iri, resolve
from sotegraph.network.projections import Filters
from sotegraph.store import Store
from sotegraph.vocab import SOTE

REGION_TYPES = (SOTE.Region, SOTE.SubRegion)
OTHER_AREA_TYPES = (SOTE.WellbeingServicesCounty, SOTE.HospitalDistrict)
ACTOR_TYPES = (SOTE.Actor, SOTE.Organisation, SOTE.Group, SOTE.Person, SOTE.Area)
PROJECT_TYPES = (SOTE.Project, SOTE.SubProject, SOTE.Programme, SOTE.GovernmentKeyProject)
_CLASS_NAMES = {name.lower(): getattr(SOTE, name) for name in dir(SOTE)
                if not name.startswith("_") and name[:1].isupper()}


def year(value: str | int | None, field: str) -> int | None:
    """A year parameter as an int (None when absent); InputError when it is not a plausible year."""
    if value is None or value == "":
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise InputError(f"not a year: '{value}'", field=field) from None
    if not 1800 <= number <= 2200:
        raise InputError(f"not a plausible year: {number}", field=field)
    return number


def region(store: Store, name: str) -> URIRef:
    """A region or sub-region by name or IRI; wellbeing services counties and hospital districts by IRI."""
    try:
        return resolve(store, name, types=REGION_TYPES)
    except NotFoundError:
        if as_iri(name) is None:
            raise
        return resolve(store, name, types=OTHER_AREA_TYPES)


def actor(store: Store, name: str) -> URIRef:
    """An actor (organisation, group, person, area) by name or IRI."""
    return resolve(store, name, types=ACTOR_TYPES)


def actor_type(store: Store, name: str) -> URIRef:
    """An actor class: its local name (`Municipality`), IRI or label in the ontology (`kunta`)."""
    known = _CLASS_NAMES.get(name.strip().lower())
    if known is not None:
        return known
    return resolve(store, name, types=(OWL.Class,))


def filters(store: Store, *, year_from: str | int | None = None, year_to: str | int | None = None,
            region_name: str | None = None, classification_year: str | int | None = None,
            type_names: Iterable[str] = (), theme: str | None = None, funder: str | None = None,
            project: str | None = None) -> Filters:
    """`Filters` from user-given names; InputError/NotFoundError/AmbiguousNameError name the bad one."""
    start, end = year(year_from, "from"), year(year_to, "to")
    if start is not None and end is not None and start > end:
        raise InputError(f"the period starts ({start}) after it ends ({end})", field="from")
    return Filters(
        year_from=start, year_to=end,
        region=region(store, region_name) if region_name else None,
        classification_year=year(classification_year, "classification-year"),
        actor_types=frozenset(actor_type(store, name) for name in type_names if name),
        theme=resolve(store, theme, types=(SKOS.Concept,)) if theme else None,
        funder=resolve(store, funder, types=(SOTE.Actor, SKOS.Concept)) if funder else None,
        project=resolve(store, project, types=PROJECT_TYPES) if project else None,
    )


def describe(active: Filters) -> dict[str, object]:
    """The filters as JSON-ready values (IRIs as strings, None left out)."""
    values = {"from": active.year_from, "to": active.year_to, "region": active.region,
              "classification_year": active.classification_year,
              "type": sorted(str(t) for t in active.actor_types) or None,
              "theme": active.theme, "funder": active.funder, "project": active.project}
    return {key: (str(value) if isinstance(value, URIRef) else value)
            for key, value in values.items() if value is not None}
