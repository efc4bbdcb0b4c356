"""The generated contents: chapters, sections and papers of a vault, numbered (pure).

`entries` is the one walk of the vault that both the contents file (`render`) and the site
navigation use, so they cannot disagree. Numbers are the vault's derived numbers
(`Section.number`, `vault.paper_number`): chapters by `order`, sections within, and a
section's papers after its subsections. A paper listed in several sections (`also_in`)
appears under each, with the number it has there.

The file is `vault/contents.md`: front matter (`title: Contents`, and a YAML comment saying
it is generated, which neither GitHub nor MkDocs shows), a `# Contents` heading, one `##`
heading per chapter, and below it a nested list (4 spaces a level, as Python-Markdown
needs) with one line per section or paper, each a relative link. Titles are escaped so
that no title can start markup, a link, an `attr_list` attribute block or raw HTML.
"""

from __future__ import annotations

import difflib
import itertools
import os
import posixpath
import re
import urllib.parse
from collections.abc import Callable
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from papervault.errors import NoteError
from papervault.errors import VaultError
from papervault.files import write_text
from papervault.notes import Note
from papervault.vault import CONTENTS
from papervault.vault import Section
from papervault.vault import Vault
from papervault.vault import section_key

CHAPTER = "chapter"
SECTION = "section"
PAPER = "paper"
HEADER = (
    "---\n"
    "# Generated from the notes by `papervault toc`: do not edit by hand.\n"
    "# Change the notes (or a section's index.md) and run `papervault toc`.\n"
    "title: Contents\n"
    "---\n"
    "\n"
    "# Contents\n"
)
INDENT = "    "
MAX_DIFFERENCES = 20

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


@dataclass(frozen=True, order=True, slots=True)
class Problem:
    """A structure problem or a stale line: `path:line:col: rule message`."""

    path: str
    line: int
    col: int
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.rule} {self.message}"


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
    """The Markdown of `vault/contents.md`: the same vault always gives the same text."""
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


def contents_path(vault: Vault) -> Path:
    """Where the contents file lives: `contents.md` in the vault root."""
    return vault.root / CONTENTS


def write(vault: Vault) -> bool:
    """Write `contents.md` (atomically) when it differs from `render`; returns changed."""
    text = render(vault)
    path = contents_path(vault)
    try:
        if path.read_bytes() == text.encode("utf-8"):
            return False
    except OSError:
        pass
    try:
        write_text(path, text)
    except OSError as e:
        raise VaultError(f"{path}: cannot write the contents: {e.strerror or e}") from None
    return True


def blocking_errors(vault: Vault) -> list[NoteError]:
    """The unreadable files that stop the contents: all but the contents file itself,
    which is rewritten whatever it holds (a broken merge of it, say)."""
    contents = os.path.normpath(contents_path(vault))
    return [e for e in vault.errors if os.path.normpath(e.path) != contents]


def structure_problems(vault: Vault) -> list[Problem]:
    """Notes outside any section, sibling sections with the same order, unknown `also_in`."""
    found: list[Problem] = []
    rel = _relative(vault)
    for note in vault.notes:
        found.extend(_unfiled(vault, note, posixpath.dirname(rel(note))))
        found.extend(_unknown_sections(vault, note))
    found.extend(_same_order(vault, vault.chapters))
    for section in vault.sections.values():
        found.extend(_same_order(vault, section.children))
    return sorted(found)


def _unfiled(vault: Vault, note: Note, folder: str) -> list[Problem]:
    if folder in vault.sections:
        return []
    message = (
        f"note is outside any section: its folder {folder!r} has no index.md"
        " (move it into a section's folder, or give the folder an index.md)"
    )
    return [Problem(note.path, 1, 1, "toc-unfiled", message)]


def _unknown_sections(vault: Vault, note: Note) -> list[Problem]:
    value = note.meta.get("also_in")
    if value is None:
        return []
    names = value if isinstance(value, list) else [value]
    found = []
    where = key_line(note, "also_in")
    for name in names:
        if isinstance(name, str) and name.strip("/") in vault.sections:
            continue
        message = f"also_in names {name!r}, which is not a section folder of the vault"
        hint = _section_hint(vault, name)
        if hint:
            message += f" (did you mean {hint!r}?)"
        found.append(Problem(note.path, where, 1, "toc-unknown-section", message))
    return found


def _section_hint(vault: Vault, name: object) -> str:
    """The folder of a section named by its number or title, for a friendlier message."""
    text = str(name).strip().strip("/").casefold()
    for section in vault.walk():
        if text in (section.number, section.title.casefold()):
            return section.path
    return ""


def _same_order(vault: Vault, siblings: list[Section]) -> list[Problem]:
    """Sibling sections whose `order` ties: their numbers would depend on their titles."""
    found = []
    for before, after in itertools.pairwise(siblings):
        if section_key(before)[0] != section_key(after)[0]:
            continue
        order = after.order
        said = f"order {order!r}" if _has_order(after) else "no usable order"
        message = (
            f"sections {before.number} {before.title!r} ({before.path}) and {after.number}"
            f" {after.title!r} ({after.path}) both have {said}, so their numbers depend on"
            " their titles: give each its own order"
        )
        where = key_line(after.index, "order") if _has_order(after) else 1
        found.append(Problem(after.index.path, where, 1, "toc-same-number", message))
    return found


def _has_order(section: Section) -> bool:
    return section_key(section)[0] != float("inf")


def key_line(note: Note, key: str) -> int:
    """The file line of a front-matter key (1 when it cannot be found)."""
    text = note.source.text if note.source is not None else ""
    pattern = re.compile(rf"^{re.escape(key)}\s*:", re.MULTILINE)
    match = pattern.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else 1


def stale(vault: Vault) -> list[Problem]:
    """How `contents.md` differs from what the vault generates (empty when current)."""
    path = contents_path(vault)
    items = entries(vault)
    expected = render_entries(items)
    try:
        current = path.read_bytes().decode("utf-8", errors="replace")
    except FileNotFoundError:
        message = "the contents file does not exist (run papervault toc)"
        return [Problem(str(path), 1, 1, "toc-missing", message)]
    except OSError as e:
        return [Problem(str(path), 1, 1, "toc-missing", f"cannot read: {e.strerror or e}")]
    if current == expected:
        return []
    return differences(str(path), current, expected, items)


def differences(path: str, current: str, expected: str, items: list[Entry]) -> list[Problem]:
    """The entries (lines) where `current` differs from `expected`, as problems."""
    have = current.splitlines()
    want = expected.splitlines()
    described = _descriptions(expected, items)
    found: list[Problem] = []
    blank: list[Problem] = []  # blank lines only matter when nothing else differs
    matcher = difflib.SequenceMatcher(None, have, want, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        for k in range(max(i2 - i1, j2 - j1)):
            old = have[i1 + k] if i1 + k < i2 else None
            new = j1 + k if j1 + k < j2 else None
            at = i1 + k + 1 if old is not None else i2 + 1
            problem = Problem(path, at, 1, "toc-stale", _stale_message(old, new, want, described))
            is_blank = not (old or "").strip() and (new is None or not want[new].strip())
            (blank if is_blank else found).append(problem)
    found = found or blank
    if not found:  # the same lines: only line endings or the final newline differ
        message = "line endings or the final newline differ from the generated file"
        found.append(Problem(path, 1, 1, "toc-stale", message))
    if len(found) > MAX_DIFFERENCES:
        more = len(found) - MAX_DIFFERENCES
        found = found[:MAX_DIFFERENCES]
        last = found[-1]
        found.append(Problem(path, last.line, 1, "toc-stale", f"... and {more} more differences"))
    return found


def _descriptions(expected: str, items: list[Entry]) -> dict[int, str]:
    """Expected line index -> a reader's name for the entry on it."""
    index = {line(e): e for e in items}
    out = {}
    for i, text in enumerate(expected.splitlines()):
        entry = index.get(text)
        if entry is not None:
            name = (
                f"Chapter {entry.number}"
                if entry.kind == CHAPTER
                else f"{entry.kind} {entry.number}"
            )
            out[i] = f"{name} {entry.title!r} ({entry.path})"
    return out


def _stale_message(
    old: str | None, new: int | None, want: list[str], described: dict[int, str]
) -> str:
    if new is None:
        if not (old or "").strip():
            return "blank line is not in the generated contents"
        return f"line is not in the generated contents: {old!r}"
    if old is None:
        what = described.get(new) or (f"line {want[new]!r}" if want[new] else "blank line")
        return f"{what} is missing"
    return f"{described.get(new, 'line')} should read {want[new]!r}, not {old!r}"
