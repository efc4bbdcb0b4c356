"""Project settings: `[tool.papervault]` in the nearest pyproject.toml."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

from papervault.errors import VaultError

DEFAULT_VAULT = "vault"


def find_pyproject(start: Path | None = None) -> Path | None:
    """The nearest pyproject.toml at or above `start` (the current directory)."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def settings(start: Path | None = None) -> dict[str, Any]:
    """The `[tool.papervault]` table (empty when there is none)."""
    pyproject = find_pyproject(start)
    if pyproject is None:
        return {}
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise VaultError(f"{pyproject}: {e}") from None
    table = data.get("tool", {}).get("papervault", {})
    return table if isinstance(table, dict) else {}


def vault_dir(option: str | None = None, start: Path | None = None) -> Path:
    """The vault folder: `--vault`, else `[tool.papervault] vault`, else `vault/`.

    A configured path is relative to the pyproject.toml that names it.
    """
    if option:
        return Path(option)
    pyproject = find_pyproject(start)
    if pyproject is not None:
        configured = settings(start).get("vault")
        if isinstance(configured, str) and configured:
            return relative_to_cwd(pyproject.parent / configured)
    return Path(DEFAULT_VAULT)


def relative_to_cwd(path: Path) -> Path:
    """`path` as a user would type it from the current directory (like git's output)."""
    return Path(os.path.relpath(path, Path.cwd()))
