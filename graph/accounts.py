"""Steward accounts and the web app's secret key, kept with the store's configuration.

A directory store keeps them in its own directory (beside Oxigraph's files and the other
sotegraph files there); a remote store in the per-user configuration directory, one folder per
endpoint. Passwords are stored only as Werkzeug hashes; files are written atomically, mode 0600.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import tempfile
from pathlib import Path

from platformdirs import user_config_dir
from werkzeug.security import check_password_hash, generate_password_hash

from sotegraph.config import MEMORY, is_remote, resolve_store_location
from sotegraph.errors import InputError

ACCOUNTS_FILE = "stewards.json"
SECRET_FILE = "secret_key"
_NAME = re.compile(r"^[\w.@-]{1,64}$")
MIN_PASSWORD = 8


def config_dir(location: str | None) -> Path:
    """Where the configuration of the store at `location` lives; InputError for an in-memory store."""
    resolved = resolve_store_location(location)
    if resolved == MEMORY:
        raise InputError("an in-memory store has no configuration: give --store DIR or URL")
    if is_remote(resolved):
        digest = hashlib.sha256(resolved.encode()).hexdigest()[:16]
        return Path(user_config_dir("sotegraph", appauthor=False)) / "remote" / digest
    return Path(resolved)


def _write_private(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        os.chmod(temporary, 0o600)
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


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
    _write_private(directory / ACCOUNTS_FILE, json.dumps(accounts, indent=1, sort_keys=True) + "\n")
    return is_new


def remove_steward(directory: Path, name: str) -> bool:
    """Remove steward `name`; False if there was none."""
    accounts = _accounts(directory)
    if accounts.pop(name, None) is None:
        return False
    _write_private(directory / ACCOUNTS_FILE, json.dumps(accounts, indent=1, sort_keys=True) + "\n")
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


def secret_key(directory: Path) -> str:
    """The app's secret key for this store, generated on first use and kept."""
    path = directory / SECRET_FILE
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    key = secrets.token_hex(32)
    _write_private(path, key + "\n")
    return key
