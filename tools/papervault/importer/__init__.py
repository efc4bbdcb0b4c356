"""`papervault import`: a paper list into the vault, losing nothing (core, never prints).

`read(path)` picks the reader from the `FORMATS` table (the original list's style,
awesome-list Markdown; a BibTeX or CSL-JSON reader is one more row) and returns a `Parsed`
list; `plan.plan(parsed, root)` computes every file to write, touching nothing; `apply`
writes them, each atomically, only once the whole plan stands.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from papervault.errors import VaultError
from papervault.files import write_text
from papervault.importer import awesome
from papervault.importer import markdown
from papervault.importer import references
from papervault.importer.model import Parsed
from papervault.importer.plan import Plan
from papervault.notes import decode

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Format:
    """A source format: how to recognise it, and its reader."""

    name: str
    suffixes: tuple[str, ...]  # file name endings it may have
    detect: Callable[[str], bool]  # whether a text is in this format
    read: Callable[[str, str, Progress | None], Parsed]


# Tried in order; the first whose suffix fits and whose `detect` accepts the text wins.
FORMATS: tuple[Format, ...] = (
    Format(markdown.FORMAT, (".md", ".markdown", ".txt"), markdown.detect, markdown.read),
    Format(awesome.FORMAT, (".md", ".markdown", ".txt"), awesome.detect, awesome.read),
    Format(
        references.BIBTEX, (".bib", ".bibtex"), references.detect_bibtex, references.read_bibtex
    ),
    Format(references.CSL, (".json",), references.detect_csl, references.read_csl),
)


def names() -> list[str]:
    return [f.name for f in FORMATS]


def choose(path: str, text: str, wanted: str | None = None) -> Format:
    """The format of a source: `wanted` by name, else the first that recognises it."""
    if wanted:
        for fmt in FORMATS:
            if fmt.name == wanted:
                return fmt
        raise VaultError(f"unknown format {wanted!r} (known: {', '.join(names())})")
    suffix = Path(path).suffix.lower()
    for fmt in FORMATS:
        if suffix in fmt.suffixes and fmt.detect(text):
            return fmt
    raise VaultError(
        f"{path}: not a list papervault can import (it reads: {', '.join(names())});"
        " expected a Markdown list with numbered chapter/section/paper headings, or"
        " awesome-list bullets `- [Title](link)`, or a .bib / CSL-JSON file"
    )


def read(path: str, wanted: str | None = None, progress: Progress | None = None) -> Parsed:
    """Read and parse a source list (errors: `VaultError`, naming the file and line)."""
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        raise VaultError(f"{path}: cannot read: {e.strerror or e}") from None
    text = decode(data, path)
    return choose(path, text, wanted).read(text, path, progress)


def apply(plan: Plan, progress: Progress | None = None) -> None:
    """Write every file of the plan, each atomically (the plan is complete beforehand)."""
    total = len(plan.writes)
    for i, write in enumerate(plan.writes, 1):
        write_text(write.path, write.text)
        if progress is not None and (i % 200 == 0 or i == total):
            progress(i, total)
