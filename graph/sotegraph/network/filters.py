"""The network filters: one declarative model and one parser for the CLI, `/api/network…` and `/explore`.

Each `Filter` in `FILTERS` declares its parameter name (``from``; the CLI option is ``--from``,
underscores becoming dashes), the values it takes (a year in `YEAR_RANGE`, an entity of the types it
accepts, or an actor class), its help text and the `Filters` field it sets. Entities are named as
everywhere else (`sotegraph.entities.names.resolve`: IRI, ``id/…`` path or any label); a filter may
accept several kinds in order of preference: ``region=Pirkanmaa`` is the region, and a name no
region or sub-region has is looked up among wellbeing services counties and hospital districts.

`parse_filters` turns the raw values into `Filters`; `check_parameters` refuses a parameter that is
neither a filter nor one of the route's own (HTTP 400 / exit 2, listing the valid names).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass
from typing import Any, Literal

from rdflib import OWL, SKOS, URIRef

from sotegraph.entities.names import resolve, type_name
from sotegraph.errors import InputError, NotFoundError
from sotegraph.network.projections import Filters
from sotegraph.store import Store
from sotegraph.vocab import SOTE

#: The years a year parameter may take.
YEAR_RANGE = range(1800, 2201)
ACTOR_TYPES = (SOTE.Actor, SOTE.Organisation, SOTE.Group, SOTE.Person, SOTE.Area)
PROJECT_TYPES = (SOTE.Project, SOTE.SubProject, SOTE.Programme, SOTE.GovernmentKeyProject)
#: The ontology's classes by lower-cased local name (`municipality` → sote:Municipality).
_CLASS_NAMES = {local.lower(): URIRef(term) for term in dir(SOTE)
                if (local := str(term).removeprefix(str(SOTE)))[:1].isupper()}

#: A raw value as the CLI, a query string or a form gives it: absent, one text, or several.
RawValue = str | Sequence[str] | None


@dataclass(frozen=True)
class Filter:
    """One network filter: its name everywhere, what it takes and which `Filters` field it sets."""

    name: str
    field: str
    kind: Literal["year", "entity", "class"]
    metavar: str
    help: str
    #: entity: the accepted types, tier by tier; a later tier is tried only when no earlier one has the name.
    accepts: tuple[tuple[URIRef, ...], ...] = ()
    #: several values, repeated or comma-separated; kept when any matches.
    repeatable: bool = False

    @property
    def option(self) -> str:
        """The command-line option: ``--`` + the name with dashes."""
        return "--" + self.name.replace("_", "-")

    @property
    def values(self) -> str:
        """What the filter takes, in words (for `--help` and the README's table)."""
        if self.kind == "year":
            return f"a year {YEAR_RANGE.start}–{YEAR_RANGE.stop - 1}"
        if self.kind == "class":
            return "an actor class: local name (e.g. Municipality), IRI or label; subclasses count"
        tiers = [" or ".join(type_name([kind]) for kind in tier) for tier in self.accepts]
        return "name or IRI: " + "; else ".join(tiers)

    def parse(self, store: Store, raw: str) -> int | URIRef:
        """One value of this filter: InputError for a bad year, else `resolve`'s NotFound / AmbiguousNameError."""
        if self.kind == "year":
            return self._year(raw)
        if self.kind == "class":
            return actor_class(store, raw)
        for preferred in self.accepts[:-1]:
            with suppress(NotFoundError):
                return resolve(store, raw, types=preferred)
        # Nothing in the preferred tiers: the last tier's matches are those of all accepted types,
        # and a NotFoundError then names every accepted type.
        return resolve(store, raw, types=[kind for tier in self.accepts for kind in tier])

    def _year(self, raw: str) -> int:
        try:
            number = int(raw)
        except ValueError:
            raise InputError(f"not a year: '{raw}'", field=self.name) from None
        if number not in YEAR_RANGE:
            raise InputError(f"not a year between {YEAR_RANGE.start} and {YEAR_RANGE.stop - 1}: {number}",
                             field=self.name)
        return number


FILTERS: tuple[Filter, ...] = (
    Filter("from", "year_from", "year", "YEAR", "Keep ties active in or after YEAR."),
    Filter("to", "year_to", "year", "YEAR", "Keep ties active in or before YEAR."),
    Filter("region", "region", "entity", "NAME",
           "Keep actors in this area (a name no region or sub-region has may be a county's).",
           accepts=((SOTE.Region, SOTE.SubRegion), (SOTE.WellbeingServicesCounty, SOTE.HospitalDistrict))),
    Filter("year", "classification_year", "year", "YEAR",
           "Area classification year for the region and actors' areas [default: newest in the graph]."),
    Filter("type", "actor_types", "class", "TYPE",
           "Keep actors of this type (repeatable or comma-separated).",
           repeatable=True),
    Filter("theme", "theme", "entity", "NAME", "Keep projects and groups with this theme.",
           accepts=((SKOS.Concept,),)),
    Filter("funder", "funder", "entity", "NAME",
           "Keep projects funded by this organisation or funding instrument.",
           accepts=((SOTE.Actor, SKOS.Concept),)),
    Filter("project", "project", "entity", "NAME", "Keep this project or programme and everything under it.",
           accepts=(PROJECT_TYPES,)),
)
FILTER_BY_NAME = {item.name: item for item in FILTERS}
FILTER_NAMES = tuple(FILTER_BY_NAME)


def actor_class(store: Store, name: str) -> URIRef:
    """An actor class: its local name (`Municipality`), IRI or label in the ontology (`kunta`)."""
    known = _CLASS_NAMES.get(name.strip().lower())
    if known is not None:
        return known
    return resolve(store, name, types=(OWL.Class,))


def actor(store: Store, name: str) -> URIRef:
    """An actor (organisation, group, person, area) by name or IRI."""
    return resolve(store, name, types=ACTOR_TYPES)


def _texts(item: Filter, raw: RawValue) -> list[str]:
    """The non-empty values given for `item`; more than one only for a repeatable filter."""
    given = [] if raw is None else [raw] if isinstance(raw, str) else list(raw)
    if item.repeatable:
        given = [part for value in given for part in value.split(",")]
    texts = [text.strip() for text in given if text.strip()]
    if len(texts) > 1 and not item.repeatable:
        raise InputError(f"'{item.name}' takes one value, not {len(texts)}", field=item.name)
    return texts


def parse_filters(store: Store, values: Mapping[str, RawValue]) -> Filters:
    """`Filters` from raw values keyed by filter name (absent or empty: no restriction).

    Raises InputError for a key that is not a filter, a bad value or a reversed period,
    NotFoundError / AmbiguousNameError for a name that denotes no / several entities.
    """
    check_parameters(values, filters=FILTER_NAMES)
    fields: dict[str, Any] = {}
    for item in FILTERS:
        parsed = [item.parse(store, text) for text in _texts(item, values.get(item.name))]
        if item.repeatable:
            fields[item.field] = frozenset(parsed)
        elif parsed:
            fields[item.field] = parsed[0]
    active = Filters(**fields)
    if active.year_from is not None and active.year_to is not None and active.year_from > active.year_to:
        raise InputError(f"the period starts ({active.year_from}) after it ends ({active.year_to})", field="from")
    return active


def check_parameters(given: Iterable[str], own: Collection[str] = (), *,
                     filters: Collection[str] = FILTER_NAMES) -> None:
    """InputError naming the first of `given` that is neither one of `filters` nor one of the route's `own`."""
    valid = [name for name in FILTER_NAMES if name in filters] + [name for name in own if name not in FILTER_NAMES]
    for name in given:
        if name not in valid:
            raise InputError(f"unknown parameter '{name}' (valid here: {', '.join(valid)})", field=name)


def describe(active: Filters) -> dict[str, object]:
    """The filters in effect as JSON-ready values keyed by filter name (IRIs as strings, unset left out)."""
    values: dict[str, object] = {}
    for item in FILTERS:
        value = getattr(active, item.field)
        if item.repeatable:
            value = sorted(str(member) for member in value) or None
        if value is not None:
            values[item.name] = str(value) if isinstance(value, URIRef) else value
    return values
