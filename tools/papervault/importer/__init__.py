"""`papervault import`: a paper list into the vault, losing nothing (core, never prints).

`read(path)` picks the reader from the `FORMATS` table (the original list's style,
awesome-list Markdown; a BibTeX or CSL-JSON reader is one more row) and returns a `Parsed`
list; `plan.plan(parsed, root)` computes every file to write, touching nothing; `apply`
writes them all or none, only once the whole plan stands.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from papervault.errors import VaultError
from papervault.files import write_all
from papervault.importer import awesome
from papervault.importer import markdown
from papervault.importer import navigation
from papervault.importer import references
from papervault.importer.model import Parsed
from papervault.importer.model import split_lines
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
    line, shown = unplaced(text)
    where = f"line {line}: {shown!r}" if shown else f"line {line}"
    raise VaultError(
        f"{path}:{line}: not a list papervault can import: no format it knows fits"
        f" ({'; '.join(f'{name}: {SHAPES[name]}' for name in names())});"
        f" the first line it could not place is {where};"
        f" if the list is in one of these formats, name it with --format {{{','.join(names())}}}"
    )


# How each format looks, for the message when none fits.
SHAPES = {
    markdown.FORMAT: "numbered headings `## 2.5 Section`, `### 2.5.3 Paper`",
    awesome.FORMAT: "list items `- [Title](link)`, `* **Title** [2025]`, `1. **Title**`",
    references.BIBTEX: "`@article{key, ...}` entries",
    references.CSL: "a JSON array of CSL items",
}
_SHOWN = 60


def unplaced(text: str) -> tuple[int, str]:
    """(line, text) of the first line no reader takes: not blank, not a heading, not the
    list's navigation, not an HTML comment (line 1, "" when there is none)."""
    lines = split_lines(text)
    heads = markdown.headings(lines)
    nav = navigation.find(lines, {n: h.text for n, h in heads.items()})
    for n, line in enumerate(lines, 1):
        stripped = line.strip()
        if not stripped or n in heads or n in nav or stripped.startswith("<!--"):
            continue
        return n, stripped if len(stripped) <= _SHOWN else stripped[: _SHOWN - 1] + "…"
    return 1, ""


def read(path: str, wanted: str | None = None, progress: Progress | None = None) -> Parsed:
    """Read and parse a source list (errors: `VaultError`, naming the file and line)."""
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        raise VaultError(f"{path}: cannot read: {e.strerror or e}") from None
    text = decode(data, path)
    return choose(path, text, wanted).read(text, path, progress)


def apply(plan: Plan, progress: Progress | None = None) -> None:
    """Write every file of the plan or none (`files.write_all`): a failed write leaves the
    vault as it was, never half an import."""
    total = len(plan.writes)
    write_all([(Path(write.path), write.text) for write in plan.writes])
    if progress is not None and total:
        progress(total, total)
