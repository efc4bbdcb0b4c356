"""The generated contents: chapters, sections and papers of a vault, numbered (pure).

`entries` is the one walk of the vault that both the contents file (`render`) and the site
navigation use, so they cannot disagree. Numbers are the vault's derived numbers
(`Section.number`, `vault.paper_number`): chapters by `order`, sections within, and a
section's papers after its subsections. A paper listed in several sections (`also_in`)
appears under each, with the number it has there.

The contents are never committed (a committed file is touched by every pull request that
adds a paper, and the forge's merge button runs no merge driver): the site makes its
Contents page from `render`, and `papervault toc` prints it or writes it with `-o FILE`.
The text: front matter (`title: Contents`), a `# Contents` heading, one `##` heading per
chapter, and below it a nested list (4 spaces a level, as Python-Markdown needs) with one
line per section or paper, each a link relative to the vault root. Titles are escaped so
that no title can start markup, a link, an `attr_list` attribute block or raw HTML.

`structure_problems` is what `toc --check` reports (as `findings.Finding`s): only what the
numbering stands on.
Ties (sibling sections or papers with the same `order`) are no problem: they are broken
by year, then title, then path, the same way everywhere.
"""

from __future__ import annotations

import os
import posixpath
import re
import urllib.parse
from collections.abc import Callable
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from papervault.findings import ERROR
from papervault.findings import Finding
from papervault.notes import Note
from papervault.vault import Section
from papervault.vault import Vault

CHAPTER = "chapter"
SECTION = "section"
PAPER = "paper"
HEADER = (
    "---\n"
    "# Generated from the notes by papervault: change the notes, not this text.\n"
    "title: Contents\n"
    "---\n"
    "\n"
    "# Contents\n"
)
INDENT = "    "
RULES = {"toc-unfiled": "a note outside any section: its folder has no index.md"}

# Backslash escapes that both Python-Markdown and CommonMark (GitHub) honour; `<`, `>` and
# `&` become entities because Python-Markdown does not treat `\<` as an escape.
_ESCAPES = {c: "\\" + c for c in "\\`*_[]{}#!"}
_ESCAPES |= {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# GitHub's own markup that Python-Markdown lacks: `~strike~`, `$math$`, `:emoji:`.
_ESCAPES |= {"~": "&#126;", "$": "&#36;", ":": "&#58;"}
_ESCAPE = re.compile(r"[\\`*_\[\]{}#!&<>~$]|:(?=[\w+-]+:)")
_PLAIN_PATH = re.compile(r"[A-Za-z0-9/._~-]*")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


@dataclass(frozen=True, slots=True)
class Entry:
    """One line of the contents."""

    number: str  # "2", "2.5", "2.5.3"
    title: str
    path: str  # vault-relative posix path of the note, or of the section's index.md
    depth: int  # 1 chapter, 2 section, 3 paper (deeper sections deeper)
    kind: str  # "chapter" | "section" | "paper"


def entries(vault: Vault) -> list[Entry]:
    """The contents in order: each section, then its subsections, then its papers."""
    rel = _relative(vault)
    return list(_walk(vault.chapters, rel))


def _walk(sections: list[Section], rel: Callable[[Note], str]) -> Iterator[Entry]:
    for section in sections:
        kind = CHAPTER if section.parent is None else SECTION
        yield Entry(section.number, section.title, rel(section.index), section.depth, kind)
        yield from _walk(section.children, rel)
        first = len(section.children) + 1  # as `vault.paper_number`, without its index()
        depth = section.depth + 1
        for i, note in enumerate(section.papers, first):
            number = f"{section.number}.{i}"
            yield Entry(number, paper_title(note), rel(note), depth, PAPER)


def _relative(vault: Vault) -> Callable[[Note], str]:
    """`vault.rel` by string slicing: notes are read from below `vault.root` (fast path)."""
    root = str(vault.root)
    prefix = "" if root == os.curdir else os.path.join(root, "")

    def rel(note: Note) -> str:
        if note.path.startswith(prefix) and ".." not in note.path:
            return note.path[len(prefix) :].replace(os.sep, "/")
        return vault.rel(note)

    return rel


def paper_title(note: Note) -> str:
    """A paper's title, or its file name when it has none (the lint reports that)."""
    return note.title or Path(note.path).stem


def escape(text: str) -> str:
    """Title text that renders as itself in MkDocs and on GitHub, on one line."""
    text = " ".join(_CONTROL.sub(" ", text).split())
    return _ESCAPE.sub(_escaped, text)


def _escaped(match: re.Match[str]) -> str:
    return _ESCAPES[match.group()]


def link(path: str) -> str:
    """A relative link target from the vault root, percent-encoded where needed."""
    if _PLAIN_PATH.fullmatch(path):
        return path
    return urllib.parse.quote(path, safe="/-._~")


def line(entry: Entry) -> str:
    """The Markdown line of one entry."""
    if entry.kind == CHAPTER:
        label = escape(f"Chapter {entry.number} {entry.title}")
        return f"## [{label}]({link(entry.path)})"
    label = escape(f"{entry.number} {entry.title}")
    return f"{INDENT * max(entry.depth - 2, 0)}- [{label}]({link(entry.path)})"


def render(vault: Vault) -> str:
    """The contents as Markdown: the same vault always gives the same text."""
    return render_entries(entries(vault))


def render_entries(items: list[Entry]) -> str:
    """The contents text of these entries."""
    return "".join(_lines(items))


def _lines(items: list[Entry]) -> Iterator[str]:
    yield HEADER
    previous = ""
    for entry in items:
        if entry.kind == CHAPTER or previous == CHAPTER:
            yield "\n"  # a blank line after the front matter/heading and around headings
        yield line(entry) + "\n"
        previous = entry.kind


def structure_problems(vault: Vault) -> list[Finding]:
    """Notes outside any section. (An `also_in` that names no section is the lint's
    `unknown-section`: one rule, one owner, printed once.)"""
    found: list[Finding] = []
    rel = _relative(vault)
    for note in vault.notes:
        found.extend(_unfiled(vault, note, posixpath.dirname(rel(note))))
    return sorted(found)


def _unfiled(vault: Vault, note: Note, folder: str) -> list[Finding]:
    if folder in vault.sections:
        return []
    message = (
        f"note is outside any section: its folder {folder!r} has no index.md"
        " (move it into a section's folder, or give the folder an index.md)"
    )
    return [Finding(note.path, 1, 1, ERROR, "toc-unfiled", message)]
