"""The gettext catalogues: compiled as committed, complete in Finnish, up to date with the code."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from flask import Flask
from flask.testing import FlaskClient
from rdflib.namespace import RDFS

from repo_paths import REPO_ROOT
from sotegraph.i18n import LOCALE_DIR, SUPPORTED, gettext
from sotegraph.validation.report import property_words
from sotegraph_webviz.i18n import term_names

SCRIPT = REPO_ROOT / "scripts" / "update_translations.py"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("update_translations", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _po(lang: str) -> Catalog:
    with (LOCALE_DIR / lang / "LC_MESSAGES" / "sotegraph.po").open("rb") as po:
        return read_po(po, locale=lang)


def _translations(catalog: Catalog) -> dict[tuple[str | None, str], str]:
    return {(message.context, str(message.id)): str(message.string) for message in catalog if message.id}


@pytest.mark.parametrize("lang", SUPPORTED)
def test_the_committed_mo_files_are_compiled_from_the_po_files(lang: str, tmp_path: Path) -> None:
    compiled = tmp_path / "sotegraph.mo"
    compiled.write_bytes(_script().compile_catalogue(_po(lang)))
    with compiled.open("rb") as fresh, (LOCALE_DIR / lang / "LC_MESSAGES" / "sotegraph.mo").open("rb") as committed:
        assert _translations(read_mo(committed)) == _translations(read_mo(fresh))


def test_every_message_has_a_finnish_translation() -> None:
    catalog = _po("fi")
    assert not [message.id for message in catalog if message.id and (not message.string or message.fuzzy)]
    assert not [(message.id, errors) for message, errors in catalog.check()]  # placeholders match


def test_the_catalogues_hold_exactly_the_messages_in_the_code() -> None:
    in_code = {(message.context, message.id) for message in _script().extract_messages() if message.id}
    with (LOCALE_DIR / "messages.pot").open("rb") as pot:
        assert {(message.context, message.id) for message in read_po(pot) if message.id} == in_code
    for lang in SUPPORTED:
        assert {(message.context, message.id) for message in _po(lang) if message.id} == in_code


def test_core_messages_in_both_languages() -> None:
    assert gettext("fi", "Conforms") == "Kelpaa" and gettext("en", "Conforms") == "Conforms"
    assert gettext("fi", "%(n)s violations", n=2) == "2 virhettä"
    with pytest.raises(ValueError, match="unsupported language"):
        gettext("sv", "Conforms")


def test_the_same_english_words_may_translate_differently_by_context(app: Flask, client: FlaskClient) -> None:
    page = client.get("/steward/submissions?lang=fi").get_data(as_text=True)
    assert ">Aineistot</a>" in page and "<h1>Toimitukset</h1>" in page  # the main menu vs the stewards' page
    assert ">Submissions</a>" in client.get("/steward/submissions?lang=en").get_data(as_text=True)
    with app.test_request_context("/?lang=fi"):
        assert term_names()[str(RDFS.label)] == "nimike"  # on entity pages
    assert property_words(RDFS.label, "fi") == "nimi"  # in validation reports
