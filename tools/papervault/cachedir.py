"""Where papervault's caches live, and the content hash they are keyed by (a light
module: the hooks import it without YAML).

A vault's caches are files named after its absolute path, in the clone's git directory
(`.git/papervault/`: no commit can put a file there, so a pull request cannot bring a cache
that answers "no findings" for its notes) or, outside git, under `.papervault-cache/` next
to the nearest pyproject.toml (or the vault).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from papervault import config as project

CACHE_DIR = ".papervault-cache"


def stored_files(path: Path, stamp: str) -> dict[str, Any]:
    """The per-file records of the cache file at `path`: empty when it is missing,
    unreadable, of another shape, or made under another `stamp` (code or settings)."""
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("stamp") != stamp:
        return {}
    files = data.get("files")
    return files if isinstance(files, dict) else {}


def digest(data: bytes) -> str:
    """The content hash a cache entry is keyed by."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def cache_path(vault: Path, kind: str = "lint") -> Path:
    """The cache file `kind` (`lint`, `toc`) of `vault`: in the git directory of the clone
    holding it (`.git/papervault/`); outside git, next to the nearest pyproject.toml (or
    the vault)."""
    where = vault.resolve()
    name = hashlib.blake2b(str(where).encode(), digest_size=6).hexdigest()
    git_dir = find_git_dir(where)
    if git_dir is not None:
        return git_dir / "papervault" / f"{kind}-{name}.json"
    pyproject = project.find_pyproject()
    base = pyproject.parent if pyproject is not None else where.parent
    return base / CACHE_DIR / f"{kind}-{name}.json"


def find_git_dir(start: Path) -> Path | None:
    """The git directory of the work tree holding `start` (`.git`, or where a linked work
    tree's `.git` file points), found without running git; None outside git."""
    env = os.environ.get("GIT_DIR")
    if env:
        return Path(env).resolve()
    for folder in (start, *start.parents):
        dot = folder / ".git"
        if dot.is_dir():
            return dot
        if dot.is_file():
            try:
                line = dot.read_text(encoding="utf-8").strip()
            except (OSError, UnicodeDecodeError):
                return None
            if line.startswith("gitdir:"):
                return (folder / line.removeprefix("gitdir:").strip()).resolve()
            return None
    return None
