"""Reference-manager files (pure): BibTeX and CSL-JSON, one paper per entry.

The entries carry no sections: they go to the section given with `--section`
(`place`), else to the vault's inbox. Each becomes a paper entry like a list's, so the
planner unites duplicates and matches papers the vault already has (arXiv id, DOI,
title) exactly as for a Markdown list.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from papervault import bib
from papervault import csl
from papervault.importer.model import BLANK
from papervault.importer.model import METADATA
from papervault.importer.model import ListPaper
from papervault.importer.model import Parsed
from papervault.importer.model import split_lines
from papervault.vault import Section

BIBTEX = "bibtex"
CSL = "csl-json"
_ENTRY = re.compile(r"^\s*@\s*[A-Za-z]+\s*[{(]", re.MULTILINE)


def detect_bibtex(text: str) -> bool:
    return bool(_ENTRY.search(text))


def detect_csl(text: str) -> bool:
    return text.lstrip().startswith(("[", "{"))


def _parsed(text: str, source: str, fmt: str, entries: list[bib.Reference]) -> Parsed:
    kinds = [BLANK if not line.strip() else METADATA for line in split_lines(text)]
    papers = []
    for ref in entries:
        meta = dict(ref.meta)
        title = str(meta.pop("title"))
        body_lines = ref.body.rstrip("\n").split("\n") if ref.body else []
        paper = ListPaper(title, ref.line, (), meta, body_lines)
        paper.findings.extend(f"not kept: {text}" for text in ref.lost)
        papers.append(paper)
    return Parsed(source, fmt, kinds, papers=papers)


def read_bibtex(
    text: str, source: str, progress: Callable[[int, int], None] | None = None
) -> Parsed:
    return _parsed(text, source, BIBTEX, bib.read_bibtex(text, source))


def read_csl(text: str, source: str, progress: Callable[[int, int], None] | None = None) -> Parsed:
    return _parsed(text, source, CSL, csl.read_csl(text, source))


def place(parsed: Parsed, section: Section) -> None:
    """File the entries that have no section under an existing section of the vault."""
    chain: list[Section] = []
    node: Section | None = section
    while node is not None:
        chain.insert(0, node)
        node = node.parent
    tree, keys = parsed.root, []
    for part in chain:
        tree = tree.child(part.title)
        keys.append(tree.key)
    for paper in parsed.papers:
        if not paper.section:
            paper.section = tuple(keys)
