"""Steward accounts, kept in the store's settings directory (`sotegraph.store.settings`).

Passwords are stored only as Werkzeug hashes; the file is written atomically, mode 0600.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from werkzeug.security import check_password_hash, generate_password_hash

from sotegraph.errors import InputError
from sotegraph.store.settings import ACCOUNTS_FILE, write_private

_NAME = re.compile(r"^[\w.@-]{1,64}$")
MIN_PASSWORD = 8


def _accounts(directory: Path) -> dict[str, str]:
    path = directory / ACCOUNTS_FILE
    if not path.exists():
        return {}
    try:
        accounts = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise InputError(f"unreadable steward accounts: {error}", file=str(path)) from None
    return {str(name): str(hashed) for name, hashed in accounts.items()}


def check_name(name: str) -> str:
    """`name` if it is a usable account name (letters, digits, . _ - @; at most 64)."""
    if not _NAME.match(name):
        raise InputError(f"not a usable steward name: '{name}' (letters, digits, . _ - @; at most 64)")
    return name


def add_steward(directory: Path, name: str, password: str) -> bool:
    """Create or reset steward `name`; True if it is new. Passwords need at least 8 characters."""
    check_name(name)
    if len(password) < MIN_PASSWORD:
        raise InputError(f"the password needs at least {MIN_PASSWORD} characters")
    accounts = _accounts(directory)
    is_new = name not in accounts
    accounts[name] = generate_password_hash(password)
    write_private(directory / ACCOUNTS_FILE, json.dumps(accounts, indent=1, sort_keys=True) + "\n")
    return is_new


def remove_steward(directory: Path, name: str) -> bool:
    """Remove steward `name`; False if there was none."""
    accounts = _accounts(directory)
    if accounts.pop(name, None) is None:
        return False
    write_private(directory / ACCOUNTS_FILE, json.dumps(accounts, indent=1, sort_keys=True) + "\n")
    return True


def steward_names(directory: Path) -> list[str]:
    """The stewards configured, sorted."""
    return sorted(_accounts(directory))


def check_login(directory: Path, name: str, password: str) -> bool:
    """Whether `password` is steward `name`'s (constant work whether or not the name exists)."""
    hashed = _accounts(directory).get(name)
    if hashed is None:
        check_password_hash(generate_password_hash("-"), password)
        return False
    return check_password_hash(hashed, password)
