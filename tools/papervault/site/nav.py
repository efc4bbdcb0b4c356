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


def build(entries: Iterable[Entry], known: set[str] | None = None) -> list[NavItem]:
    """The nested nav of the contents; entries whose file is not in `known` are left out."""
    root: list[NavItem] = []
    stack: list[tuple[int, list[NavItem]]] = [(0, root)]
    for entry in entries:
        uri = page_uri(entry)
        if known is not None and uri not in known:
            continue
        while len(stack) > 1 and stack[-1][0] >= entry.depth:
            stack.pop()
        if entry.kind == PAPER:
            stack[-1][1].append({title(entry): uri})
            continue
        children: list[NavItem] = [uri]  # type: ignore[list-item]  # a bare path is a page
        stack[-1][1].append({title(entry): children})
        stack.append((entry.depth, children))
    return root


def with_pages(
    contents: list[NavItem], head: Sequence[tuple[str, str]], tail: Sequence[NavItem]
) -> list[NavItem]:
    """The whole nav: pages before the chapters (home, contents), then the rest."""
    return [*({html.escape(t): uri} for t, uri in head), *contents, *tail]
