"""Paths the tests read: the repository, the tests' own data, and `shared/` beside the checkout.

`shared/` holds the source documents and Statistics Finland's CSVs. CI always has it; on a
developer's machine without it the tests that read it are skipped, under CI they fail, so a green
CI run always includes them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = next(parent for parent in Path(__file__).resolve().parents if (parent / "pyproject.toml").is_file())
TEST_DATA = REPO_ROOT / "tests" / "data"
SHARED = REPO_ROOT.parent / "shared"


def shared_dir(name: str) -> Path:
    """`shared/NAME`, or skip (fail under CI) when it is not beside the checkout."""
    path = SHARED / name
    if not path.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing: CI runs with ../shared beside the checkout")
        pytest.skip(f"{path} is not here")
    return path
