"""vocab.py: the checked namespace and the IRI rules of docs/model.md."""

import pytest

from sotegraph.vocab import ID, SOTE, entity_iri, slug


@pytest.mark.parametrize("text, expected", [
    ("Pikassos", "pikassos"),
    ("Päijät-Hämeen sote-yhteistyö", "paijat-hameen-sote-yhteistyo"),
    ("Åbo Akademi", "abo-akademi"),
    ("  Heli   Niemi ", "heli-niemi"),
    ("PRO SOS – Pikassos!", "pro-sos-pikassos"),
    ("Café Müller", "cafe-muller"),
    ("Kanta-Hämeen sosiaalijohdon foorumi (2016)", "kanta-hameen-sosiaalijohdon-foorumi-2016"),
])
def test_slug(text, expected):
    assert slug(text) == expected


@pytest.mark.parametrize("kind, key, expected", [
    ("organisation", "Pikassos", "organisation/pikassos"),
    ("municipality", "005", "municipality/005"),
    ("classification", "2021/109", "classification/2021/109"),
    ("funding", "pro-sos--1", "funding/pro-sos--1"),
    ("document", "000_44814395cc703dc1", "document/000_44814395cc703dc1"),
    ("person", "Heli Niemi", "person/heli-niemi"),
])
def test_entity_iri(kind, key, expected):
    assert entity_iri(kind, key) == ID[expected]


@pytest.mark.parametrize("kind, key", [("Organisation", "x"), ("", "x"), ("person", "!!"), ("person", "")])
def test_entity_iri_refuses_bad_kind_or_key(kind, key):
    with pytest.raises(ValueError):
        entity_iri(kind, key)


def test_unknown_term_is_an_attribute_error():
    assert SOTE.Participation.endswith("#Participation")
    with pytest.raises(AttributeError):
        SOTE.Particpation  # noqa: B018 - the typo is the point
