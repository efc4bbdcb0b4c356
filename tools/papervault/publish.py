"""What the vault publishes: notes, section pages and images of a short allow-list.

The site copies every file of its `docs_dir` as it is, follows symbolic links (out of the
vault too) and lets a vault file replace a theme file of the same name. So the vault may
hold only:

- notes and pages (`.md`), rendered and sanitised by papervault;
- images: `.png`, `.jpg`/`.jpeg`, `.gif`, `.webp`, `.avif` (not SVG, which can carry
  script);
- hidden files and folders (`.obsidian/`...), which the site never publishes.

Anything else, any symbolic link (file or folder, hidden or not), any folder whose name
starts with `_` (papervault never reads it, the site would publish it), and any path under
the theme's own folders (`assets/`, `search/`) or named like one of the theme's files is
refused. This is the one home of that policy: the lint reports each refusal as a finding,
the site plugin refuses to build, and `review` shows them to a maintainer.

Nothing here follows a link or prints.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import posixpath
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

NOTE = ".md"
IMAGES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif")
RESERVED = ("assets", "search")  # the theme's and the search plugin's top-level folders
FILE = "file"
FOLDER = "folder"
LINK = "link"

RULES = {
    "symlink": "a symbolic link in the vault (the site would publish what it points at)",
    "unpublished-file": "a file the vault does not publish (not a note or an allowed image)",
    "theme-asset": "a vault file that would replace one of the theme's own files",
    "underscore-folder": "a folder named _...: never linted, but the site would publish it",
}
ALLOWED = f"notes (.md) and {', '.join(IMAGES)} images"


@dataclass(frozen=True, order=True)
class Refusal:
    """A vault path the site must not publish: where (vault-relative, posix), and why."""

    rel: str
    rule: str
    message: str


def refusals(root: Path) -> list[Refusal]:
    """Every refused path below the vault folder `root`, sorted; links are never followed."""
    out: list[Refusal] = []
    for rel, kind in _entries(str(root), "", plain=False):
        found = check(rel, kind)
        if found is not None:
            out.append(found)
    return sorted(out)


def _entries(folder: str, prefix: str, plain: bool) -> Iterator[tuple[str, str]]:
    """(rel, kind) of every file and link below `folder` (links are not entered) but the
    notes of a `plain` folder (below the top, none of its names hidden, `_…` or the theme's),
    which `check` always allows: 10,000 notes cost one listing per folder."""
    try:
        with os.scandir(folder) as it:
            found = sorted(it, key=lambda e: e.name)
    except OSError:
        return
    for entry in found:
        name = entry.name
        rel = prefix + name
        if entry.is_symlink():
            yield rel, LINK
        elif entry.is_dir(follow_symlinks=False):
            below = (plain or (not prefix and name not in RESERVED)) and not name.startswith(
                (".", "_")
            )
            yield from _entries(entry.path, rel + "/", below)
        elif not (plain and name.endswith(NOTE) and not name.startswith(".")):
            yield rel, FILE


def check(rel: str, kind: str = FILE) -> Refusal | None:
    """Why the vault path `rel` (posix, relative to the vault) is refused, or None.

    `kind` is `file`, `folder` or `link`; a folder is refused only as a link (its files
    are checked one by one).
    """
    parts = rel.split("/")
    hidden = any(part.startswith(".") for part in parts)
    if kind == LINK:
        message = (
            "a symbolic link: the site would publish whatever it points at, even outside"
            " the vault; keep the file itself here"
        )
        return Refusal(rel, "symlink", message)
    if hidden:
        return None  # the site never publishes hidden files (MkDocs' exclude_docs: .*)
    if kind == FOLDER:
        return None
    under = next((part for part in parts[:-1] if part.startswith("_")), None)
    if under is not None:
        message = (
            f"in a folder named {under!r}: papervault never reads a folder whose name"
            " starts with '_' (no lint, no contents) but the site would publish it;"
            " rename the folder"
        )
        return Refusal(rel, "underscore-folder", message)
    if parts[0] in RESERVED and len(parts) > 1:
        message = (
            f"under {parts[0]}/, the theme's own folder: a vault file there can replace"
            " the theme's scripts and styles; move it elsewhere"
        )
        return Refusal(rel, "theme-asset", message)
    suffix = posixpath.splitext(parts[-1])[1].lower()
    if suffix == NOTE or suffix in IMAGES:
        if rel in theme_files():
            message = "named like one of the theme's own files, which it would replace; rename it"
            return Refusal(rel, "theme-asset", message)
        return None
    if suffix == ".svg":
        message = f"an SVG image can carry script: the vault publishes {ALLOWED} (convert it)"
    else:
        message = f"not a note or an image: the vault publishes {ALLOWED} only"
    return Refusal(rel, "unpublished-file", message)


@functools.cache
def theme_files() -> frozenset[str]:
    """The files the installed Material theme copies into every site (paths in the site)."""
    spec = importlib.util.find_spec("material")
    if spec is None or not spec.submodule_search_locations:
        return frozenset()
    theme = Path(next(iter(spec.submodule_search_locations))) / "templates"
    out: set[str] = set()
    for folder, dirs, files in os.walk(theme):
        dirs[:] = [d for d in dirs if d != "__pycache__" and not d.startswith(".")]
        for name in files:
            out.add(Path(folder, name).relative_to(theme).as_posix())
    return frozenset(out)
