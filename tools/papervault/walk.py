"""The walk of a vault's Markdown files, the one every command shares (a light module:
the hooks import it without YAML)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path


def markdown_files(root: Path) -> Iterator[Path]:
    """Every `.md` file below `root`, skipping hidden folders and files, in a stable order.

    Links are never followed (a link is a `publish` finding, not a note to read); the
    entries' types come with the folder listing, so that costs no call per file.
    """
    for name in markdown_names(str(root)):
        yield Path(name)


def markdown_names(root: str) -> Iterator[str]:
    """`markdown_files` as path strings (`os.path.join(folder, name)`): no Path per file."""
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = list(it)
        except OSError:
            continue
        dirs, names = [], []
        for entry in entries:
            name = entry.name
            if entry.is_dir(follow_symlinks=False):
                if not name.startswith((".", "_")):
                    dirs.append(entry.path)
            elif (
                name.endswith(".md")
                and not name.startswith(".")
                and entry.is_file(follow_symlinks=False)
            ):
                names.append(name)
        for name in sorted(names):
            yield os.path.join(folder, name)
        stack.extend(sorted(dirs, reverse=True))
