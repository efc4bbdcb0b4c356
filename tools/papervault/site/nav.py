"""The site navigation, built from the contents entries (pure).

The nav is MkDocs' `nav` setting as data: `[{"title": "path.md"}, {"title": [...]}]`.
Chapters and sections become nav sections whose first child is their `index.md` (Material's
`navigation.indexes` makes it the section's own page); papers are pages. Titles carry the
derived numbers and are HTML-escaped (Material prints nav titles as raw HTML).
"""

from __future__ import annotations

import html
import posixpath
from collections.abc import Iterable
from collections.abc import Sequence
from typing import Any
from typing import Protocol

NavItem = dict[str, Any]
PAPER = "paper"


class Entry(Protocol):
    """One line of the contents: a chapter, a section or a paper (`toc.Entry`)."""

    @property
    def number(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def path(self) -> str: ...
    @property
    def depth(self) -> int: ...
    @property
    def kind(self) -> str: ...


def page_uri(entry: Entry) -> str:
    """The vault-relative Markdown file of an entry (a section's is its `index.md`)."""
    path = entry.path.replace("\\", "/").strip("/")
    if entry.kind != PAPER and not path.endswith(".md"):
        path = posixpath.join(path, "index.md")
    return path


def title(entry: Entry) -> str:
    """The nav title: number and title, escaped."""
    label = f"{entry.number} {entry.title}" if entry.number else entry.title
    return html.escape(" ".join(label.split()))


def build(
    entries: Iterable[Entry], known: set[str] | None = None, max_papers: int | None = None
) -> list[NavItem]:
    """The nested nav of the contents; entries whose file is not in `known` are left out.

    `max_papers`: a section with more papers than this lists none of them (its own page
    lists them), so that no page carries hundreds of papers in its nav.
    """
    items = list(entries)
    crowded = _crowded(items, max_papers) if max_papers is not None else set()
    root: list[NavItem] = []
    stack: list[tuple[int, list[NavItem], str]] = [(0, root, "")]
    for entry in items:
        uri = page_uri(entry)
        if known is not None and uri not in known:
            continue
        while len(stack) > 1 and stack[-1][0] >= entry.depth:
            stack.pop()
        if entry.kind == PAPER:
            if stack[-1][2] not in crowded:
                stack[-1][1].append({title(entry): uri})
            continue
        children: list[NavItem] = [uri]  # type: ignore[list-item]  # a bare path is a page
        stack[-1][1].append({title(entry): children})
        stack.append((entry.depth, children, uri))
    return root


def _crowded(entries: list[Entry], max_papers: int) -> set[str]:
    """The sections (index.md) with more than `max_papers` papers of their own."""
    counts: dict[str, int] = {}
    stack: list[tuple[int, str]] = []
    for entry in entries:
        while stack and stack[-1][0] >= entry.depth:
            stack.pop()
        if entry.kind == PAPER:
            if stack:
                counts[stack[-1][1]] = counts.get(stack[-1][1], 0) + 1
            continue
        stack.append((entry.depth, page_uri(entry)))
    return {uri for uri, count in counts.items() if count > max_papers}


def with_pages(
    contents: list[NavItem], head: Sequence[tuple[str, str]], tail: Sequence[NavItem]
) -> list[NavItem]:
    """The whole nav: pages before the chapters (home, contents), then the rest."""
    return [*({html.escape(t): uri} for t, uri in head), *contents, *tail]
