"""What a reader makes of a list (pure): sections, paper entries, and a kind for every line.

Every reader (the original list's style, awesome lists, later BibTeX) returns a `Parsed`:
the section tree in list order, the paper entries with their front matter and body, the
home page, and `kinds`, one entry per source line, so the report can account for every
line of the source.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from dataclasses import field
from typing import Any

from papervault.identity import title_key

# What a source line was taken as (the report counts them).
HEADER = "header"  # the list's header: the vault's home page
CONTENTS = "contents"  # the hand-written contents (regenerated, not data)
CHAPTER = "chapter"  # a chapter heading
SECTION = "section"  # a section heading
PAPER = "paper"  # a paper's heading (or an awesome list's paper bullet)
METADATA = "metadata"  # a metadata bullet (Journal, Lead Author, ...) or its label line
BODY = "body"  # summary text: a note's body or a section's introduction
BLANK = "blank"
MARKER = "marker"  # conflict markers only, no content
NAVIGATION = "navigation"  # the list's own furniture: anchors, back-to-top links, menus
KINDS = (HEADER, CONTENTS, NAVIGATION, CHAPTER, SECTION, PAPER, METADATA, BODY, BLANK, MARKER)

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[str]:
    """The lines of a text without their breaks (`\\r\\n`, `\\r` or `\\n`), BOM dropped.

    The same split as `papervault.conflicts`, so line numbers agree with its findings.
    """
    text = text.removeprefix("\ufeff")
    lines = _LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def key(title: str) -> str:
    """The identity of a section or paper title: the one identity's title key (numbering,
    case, markup ignored; `C` and `C++` two)."""
    return title_key(title) or title.strip().casefold()


@dataclass
class ListSection:
    """A chapter or section of the list, with its subsections in list order."""

    title: str
    line: int = 0  # its heading's line; 0 when only the contents name it
    body: list[str] = field(default_factory=list)  # its introduction, verbatim
    children: list[ListSection] = field(default_factory=list)

    @property
    def key(self) -> str:
        return key(self.title)

    def child(self, title: str, line: int = 0) -> ListSection:
        """The subsection with this title, added at the end when it is new."""
        wanted = key(title)
        for section in self.children:
            if section.key == wanted:
                if not section.line:
                    section.line = line
                return section
        section = ListSection(title, line)
        self.children.append(section)
        return section


@dataclass
class ListPaper:
    """One paper entry of the list (a paper listed twice is two entries)."""

    title: str
    line: int
    section: tuple[str, ...]  # keys of its chapter, section... (empty: none)
    meta: dict[str, Any] = field(default_factory=dict)  # front matter, title excluded
    body: list[str] = field(default_factory=list)  # verbatim lines
    findings: list[str] = field(default_factory=list)  # notes for the report


@dataclass
class Parsed:
    """A whole list as read: what the importer plans from."""

    source: str  # the path as given, for messages
    format: str
    kinds: list[str]  # one per line
    root: ListSection = field(default_factory=lambda: ListSection(""))  # chapters below
    papers: list[ListPaper] = field(default_factory=list)
    home_title: str = ""
    home: list[str] = field(default_factory=list)  # the home page's body lines
    navigation: dict[int, str] = field(default_factory=dict)  # furniture line -> what it is

    def counts(self) -> Counter[str]:
        return Counter(self.kinds)


def trim_blank(lines: list[str]) -> list[str]:
    """The lines without leading and trailing blank lines."""
    start, end = 0, len(lines)
    while start < end and not lines[start].strip():
        start += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return lines[start:end]
