"""`papervault toc-driver %O %A %B %L %P`: git's merge driver for the generated contents.

The contents never need a person: the driver writes the contents of the merged notes when
it can rebuild the merge (see `papervault.merge.contents`), else both sides' lines without
markers, and always exits 0. `papervault resolve` and the contents hook regenerate them
from the work tree afterwards. It writes nothing but %A.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from papervault.commands.merge_driver import drive
from papervault.merge.text import Labels

USAGE = "usage: papervault toc-driver BASE OURS THEIRS [MARKER-SIZE PATH]"


def main(argv: Sequence[str] | None = None) -> int:
    return drive(list(sys.argv[1:] if argv is None else argv), merge_contents_files, USAGE)


def render(root: Path) -> str | None:
    """The contents `papervault toc` writes for the vault folder `root` (None: notes broken)."""
    from papervault import toc
    from papervault.vault import load_vault

    vault = load_vault(root)
    return None if vault.errors else toc.render(vault)


def merge_contents_files(
    base: bytes, ours: bytes, theirs: bytes, labels: Labels, size: int, inner: bool, path: str
) -> tuple[bytes, list[str], str]:
    from papervault.merge.contents import merge_lines
    from papervault.merge.contents import regenerate

    if ours == theirs or base == theirs:
        return ours, [], "unchanged"
    if base == ours:
        return theirs, [], "taken from theirs"
    try:
        data = regenerate(path, base, ours, theirs, render) if path else None
    except Exception:  # regenerating is a bonus: the line merge below is always safe
        data = None
    if data:
        return data, [], "regenerated from the merged notes"
    return merge_lines(base, ours, theirs), [], "both sides' lines kept (run papervault toc)"
