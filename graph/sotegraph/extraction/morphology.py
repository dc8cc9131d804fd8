"""Finnish base forms for matching inflected names: libvoikko (Voikko's Finnish dictionary) or simplemma.

Compared on the five seed documents (`benchmarks/bench_extract.py --analyser`): Voikko gives every
analysis of a word ("Verson" → verso; simplemma answers "versoa"), knows the place names and
splits compounds; neither knows names such as "Pikassoksen", "SONetBOTNIAn" or "THL:n", which the
gazetteer's own stem rules (`sotegraph.extraction.gazetteer`) cover. Voikko is the default when its
library and dictionary are installed (Debian `libvoikko1 voikko-fi`, PyPI `libvoikko`); otherwise
simplemma (pure Python) is used and a warning says so.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import lru_cache
from typing import Protocol

from sotegraph.errors import InputError

log = logging.getLogger(__name__)
ANALYSERS = ("auto", "voikko", "simplemma")


class Analyser(Protocol):
    """Base forms of one word form (possibly none)."""

    name: str

    def baseforms(self, word: str) -> frozenset[str]: ...

    def is_first_name(self, word: str) -> bool: ...


class VoikkoAnalyser:
    """libvoikko with the Finnish dictionary: every analysis' BASEFORM."""

    name = "voikko"

    def __init__(self) -> None:
        import libvoikko

        try:
            self._voikko = libvoikko.Voikko("fi")
        except (OSError, libvoikko.VoikkoException) as error:
            raise InputError(f"Voikko is not usable here: {error} (install libvoikko1 and voikko-fi)") from error
        self.baseforms: Callable[[str], frozenset[str]] = lru_cache(maxsize=65536)(self._baseforms)

    def _baseforms(self, word: str) -> frozenset[str]:
        return frozenset(str(a["BASEFORM"]) for a in self._voikko.analyze(word) if a.get("BASEFORM"))

    def is_first_name(self, word: str) -> bool:
        """Whether the dictionary knows `word` as a first name (class 'etunimi')."""
        return any(a.get("CLASS") == "etunimi" for a in self._voikko.analyze(word))


class SimplemmaAnalyser:
    """simplemma's Finnish dictionary lemmatiser: one lemma per word, the word itself when unknown."""

    name = "simplemma"

    def __init__(self) -> None:
        import simplemma

        self._lemmatize = simplemma.lemmatize
        self.baseforms: Callable[[str], frozenset[str]] = lru_cache(maxsize=65536)(self._baseforms)

    def _baseforms(self, word: str) -> frozenset[str]:
        lemma = self._lemmatize(word, lang="fi")
        return frozenset({lemma}) if lemma and lemma != word else frozenset()

    def is_first_name(self, word: str) -> bool:
        """simplemma has no word classes: no word is known as a first name."""
        return False


@lru_cache(maxsize=4)
def get_analyser(name: str = "auto") -> Analyser:
    """The analyser called `name` ("voikko", "simplemma", or "auto": Voikko if installed, else simplemma)."""
    if name not in ANALYSERS:
        raise InputError(f"unknown analyser '{name}': choose one of {', '.join(ANALYSERS)}")
    if name == "simplemma":
        return SimplemmaAnalyser()
    try:
        return VoikkoAnalyser()
    except (ImportError, InputError) as error:
        if name == "voikko":
            raise InputError(f"Voikko is not usable here: {error}") from error
        log.warning("Voikko is not installed (%s): using simplemma for Finnish base forms", error)
        return SimplemmaAnalyser()
