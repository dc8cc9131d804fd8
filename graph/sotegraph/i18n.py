"""Finnish and English for sotegraph's own texts: one gettext domain, catalogues in `locale/`.

Messages are written in English (`gettext("fi", "no remarks")`); `locale/fi` translates them.
Reports, validation messages and the CLI use this module; the web app reads the same catalogues
through Flask-Babel. Placeholders are `%(name)s`. Refresh the catalogues with
`python scripts/update_translations.py`.
"""

from __future__ import annotations

import gettext as stdlib_gettext
from functools import cache
from pathlib import Path

SUPPORTED = ("fi", "en")
DOMAIN = "sotegraph"
LOCALE_DIR = Path(__file__).with_name("locale")


@cache
def translator(lang: str) -> stdlib_gettext.NullTranslations:
    """The catalogue of `lang` (one of SUPPORTED), loaded once per process."""
    if lang not in SUPPORTED:
        raise ValueError(f"unsupported language {lang!r} (expected one of {', '.join(SUPPORTED)})")
    return stdlib_gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang])


def gettext(lang: str, message: str, **values: object) -> str:
    """`message` in `lang`, its `%(name)s` placeholders filled from `values`."""
    text = translator(lang).gettext(message)
    return text % values if values else text


def N_(message: str) -> str:
    """Mark `message` for the catalogues where it is translated later; returns it unchanged."""
    return message
