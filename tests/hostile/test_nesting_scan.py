"""The scan that runs before any RDF parser: right about nesting and literal length, and linear on
inputs built to make a naive tokenizer quadratic (their timing is in benchmarks/bench_hostile.py)."""

from __future__ import annotations

import pytest

from sotegraph.errors import InputError
from sotegraph.limits import LimitExceeded, Limits
from sotegraph.store.formats import check_safe

LIMITS = Limits(nesting_depth=4, literal_chars=10)


@pytest.mark.parametrize("fmt, data, refused", [
    ("ttl", b"<a> <b> [ <c> [ <d> [ <e> [ <f> <g> ] ] ] ] .", None),
    ("ttl", b"<a> <b> [ <c> [ <d> [ <e> [ <f> [ <g> <h> ] ] ] ] ] .", "nesting_depth"),
    ("ttl", b'<a> <b> "[[[[[[[[" , \'((((((\' , """[[[\n((((""" .', None),
    ("ttl", b"# [[[[[[[[[[\n<a> <b> <c> .", None),
    ("ttl", b"<a> <b> ( ( ( ( ( <c> ) ) ) ) ) .", "nesting_depth"),
    ("ttl", b"<a> <b> [[[[[ .", "nesting_depth"),  # unclosed: the parser would hold them all
    ("ttl", b"<< << << <a> <b> <c> >> <b> <c> >> <b> <c> >> <b> <c> .", "nesting_depth"),
    ("nt", b"<a> <b> <<( <s> <p> <<( <s> <p> <<( <s> <p> <o> )>> )>> )>> .", "nesting_depth"),
    ("ttl", b'<a> <b> "0123456789" .', None),
    ("ttl", b'<a> <b> "0123456789A" .', "literal_chars"),
    ("ttl", b'<a> <b> "\\u00e4\\u00e4\\u00e4\\u00e4\\u00e4" .', None),  # 5 characters written as 30
    ("ttl", b'<a> <b> """0123456789\nA""" .', "literal_chars"),
    ("jsonld", b'{"@id": "a", "p": [[[[["x"]]]]]}', "nesting_depth"),
    ("jsonld", b'{"@id": "a", "p": "[[[[[[[[[["}', None),
])
def test_the_scan_sees_only_real_nesting_and_long_literals(fmt: str, data: bytes, refused: str | None) -> None:
    if refused is None:
        check_safe(data, fmt, "x", LIMITS)
    else:
        with pytest.raises(LimitExceeded) as error:
            check_safe(data, fmt, "x", LIMITS)
        assert error.value.limit == refused


@pytest.mark.parametrize("data", [
    b'"\\"' * 1_000_000,           # one unterminated string full of escaped quotes
    b'"\n' * 1_000_000,            # a million unterminated one-line strings
    b'"""' + b'"" ' * 1_000_000,   # an unterminated long string of quote pairs
    b"[ ] " * 1_000_000,           # a million flat pairs
    b">" * 2_000_000,              # closers only
    b"<a " * 1_000_000,            # IRIs never closed
], ids=["escaped-quotes", "open-strings", "open-long-string", "flat-pairs", "closers", "open-iris"])
def test_pathological_text_is_scanned_to_the_end(data: bytes) -> None:
    for fmt in ("ttl", "jsonld"):
        try:
            check_safe(data, fmt, "x", Limits())
        except InputError as error:
            assert isinstance(error, LimitExceeded)
