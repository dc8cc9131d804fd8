"""Refresh the gettext catalogues in graph/sotegraph/locale: extract, update, compile.

Extracts every message from graph/ and webviz/ (Python and the Jinja templates) into
`messages.pot`, brings `fi` and `en` `LC_MESSAGES/sotegraph.po` up to date with it (new messages
get an empty translation, removed ones are dropped) and compiles each to `sotegraph.mo`.

Run after adding or changing a message: `python scripts/update_translations.py`; then translate the
new entries (empty `msgstr ""`) in the `fi` catalogue and run it again. English is the source
language, so the `en` catalogue stays untranslated. Messages are marked by:
- graph/ (core): `gettext(lang, "…")` (the message is the second argument) and `N_("…")`;
- webviz/ (Flask-Babel): `_("…")`, `gettext("…")`, `pgettext("context", "…")` and `N_("…")`.
"""

from __future__ import annotations

import io
import re
from importlib.metadata import version
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from sotegraph.i18n import DOMAIN, SUPPORTED

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "graph" / "sotegraph" / "locale"  # the source tree's, also when sotegraph is installed
TEMPLATE = LOCALE_DIR / "messages.pot"

_CORE_KEYWORDS = {"gettext": (2,), "N_": None}
_JINJA = "jinja2.ext:babel_extract"
#: (folder, file patterns and extractors, keywords) for each part of the code.
_SOURCES = (
    (ROOT / "graph", [("**.py", "python")], _CORE_KEYWORDS),
    (ROOT / "webviz", [("**.py", "python"), ("**/templates/**.html", _JINJA)], DEFAULT_KEYWORDS),
)
_HEADER = {"project": DOMAIN, "version": version(DOMAIN), "copyright_holder": "the sotegraph authors",
           "msgid_bugs_address": "", "last_translator": "", "language_team": ""}
_DATES = re.compile(rb'^"(POT-Creation-Date|PO-Revision-Date): .*\\n"$', re.MULTILINE)


def po_path(lang: str) -> Path:
    """The catalogue of `lang`."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def _header_comment(what: str) -> str:
    return f"# sotegraph: {what} (English source).\n# Refresh with: python scripts/update_translations.py"


def extract_messages() -> Catalog:
    """Every marked message of graph/ and webviz/, with the files it occurs in."""
    template = Catalog(fuzzy=False, header_comment=_header_comment("messages"))
    for key, value in _HEADER.items():
        setattr(template, key, value)
    for folder, method_map, keywords in _SOURCES:
        for filename, lineno, message, comments, context in extract_from_dir(folder, method_map, keywords=keywords):
            path = (folder / filename).relative_to(ROOT).as_posix()
            template.add(message, None, [(path, lineno)], auto_comments=comments, context=context)
    return template


def _po_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=100, include_lineno=False, ignore_obsolete=True)
    return out.getvalue()


def _write_if_changed(path: Path, data: bytes) -> bool:
    """Write `data` unless the file already says the same (creation and revision dates aside)."""
    if path.exists() and _DATES.sub(b"", path.read_bytes()) == _DATES.sub(b"", data):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def compile_catalogue(catalog: Catalog) -> bytes:
    """`catalog` as a .mo file (fuzzy entries left out)."""
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def main() -> None:
    """Extract, update and compile; report what changed and what still needs a Finnish translation."""
    template = extract_messages()
    if _write_if_changed(TEMPLATE, _po_bytes(template)):
        print(f"updated {TEMPLATE.relative_to(ROOT)}")
    for lang in SUPPORTED:
        path = po_path(lang)
        if path.exists():
            with path.open("rb") as existing:
                catalog = read_po(existing, locale=lang, domain=DOMAIN)
        else:
            catalog = Catalog(locale=lang, domain=DOMAIN, fuzzy=False)
        for key, value in _HEADER.items():
            setattr(catalog, key, value)
        catalog.header_comment = _header_comment(f"{lang} translations")
        catalog.update(template, no_fuzzy_matching=True)
        if _write_if_changed(path, _po_bytes(catalog)):
            print(f"updated {path.relative_to(ROOT)}")
        with path.open("rb") as written:  # compiled from the file, so the .mo follows the .po exactly
            catalog = read_po(written, locale=lang, domain=DOMAIN)
        if _write_if_changed(path.with_suffix(".mo"), compile_catalogue(catalog)):
            print(f"compiled {path.with_suffix('.mo').relative_to(ROOT)}")
        untranslated = [message.id for message in catalog if message.id and not message.string]
        if lang != "en" and untranslated:
            print(f"{lang}: {len(untranslated)} message(s) to translate in {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
