"""The vault: chapters and sections as folders with an `index.md`, papers as notes.

A section's number (`2`, `2.5`) is derived from the `order` of it and its siblings, never
stored. A note belongs to the section of its folder plus the sections named in `also_in`
(folder paths relative to the vault root, e.g. `deep-molecular-dynamics/deepmd`).
Markdown files directly in the vault root are pages (the home page, an about page), not
papers.
"""

from __future__ import annotations

import contextlib
import gc
import math
import os
import posixpath
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING
from typing import Any

from papervault.errors import NoteError
from papervault.errors import VaultError
from papervault.names import normalize_title
from papervault.notes import Note
from papervault.notes import load as load_note
from papervault.notes import save as save_note
from papervault.walk import markdown_files

if TYPE_CHECKING:
    from papervault.progress import Step

INDEX = "index.md"


@dataclass
class Section:
    """A chapter (top level) or a section below it."""

    path: str  # folder relative to the vault root, posix separators
    index: Note
    parent: Section | None = None
    children: list[Section] = field(default_factory=list)
    papers: list[Note] = field(default_factory=list)  # in contents order
    number: str = ""

    @property
    def title(self) -> str:
        return self.index.title or self.path.rsplit("/", 1)[-1]

    @property
    def order(self) -> Any:
        return self.index.meta.get("order")

    @property
    def depth(self) -> int:
        return self.number.count(".") + 1


@dataclass
class Vault:
    """Everything in a vault folder, loaded once."""

    root: Path
    sections: dict[str, Section] = field(default_factory=dict)  # by folder path
    chapters: list[Section] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)  # papers, by path
    pages: list[Note] = field(default_factory=list)  # Markdown in the root
    errors: list[NoteError] = field(default_factory=list)  # notes that could not be read

    def rel(self, note: Note) -> str:
        """A note's path relative to the vault root, posix separators."""
        root = str(self.root)
        path = note.path
        if root != os.curdir and path.startswith(root + os.sep) and os.path.normpath(path) == path:
            return path[len(root) + 1 :].replace(os.sep, "/")  # as below, without pathlib
        return Path(path).relative_to(self.root).as_posix()

    def home_section(self, note: Note) -> Section | None:
        """The section of the note's folder, if that folder is a section."""
        return self.sections.get(posixpath.dirname(self.rel(note)) or ".")

    def sections_of(self, note: Note) -> list[Section]:
        """The note's own section first, then each existing `also_in` section."""
        found: list[Section] = []
        home = self.home_section(note)
        if home is not None:
            found.append(home)
        for name in also_in(note):
            section = self.sections.get(name)
            if section is not None and section not in found:
                found.append(section)
        return found

    def walk(self) -> Iterator[Section]:
        """Every section, depth first, in contents order."""
        stack = list(reversed(self.chapters))
        while stack:
            section = stack.pop()
            yield section
            stack.extend(reversed(section.children))

    def papers_in_order(self) -> list[Note]:
        """Each paper once: in contents order, then papers outside any section."""
        seen: dict[str, Note] = {}
        for section in self.walk():
            for note in section.papers:
                seen.setdefault(note.path, note)
        for note in self.notes:
            seen.setdefault(note.path, note)
        return list(seen.values())

    def by_number(self, number: str) -> Section:
        """The section shown as `number` in the contents (`2.5`), or its folder path."""
        for section in self.walk():
            if number in (section.number, section.path):
                return section
        raise VaultError(self.no_section(number))

    def no_section(self, number: str) -> str:
        """The error for an unknown section: a near number, then every section there is."""
        import difflib

        known = list(self.walk())
        close = difflib.get_close_matches(number, [s.number for s in known], n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        width = max((len(s.number) for s in known), default=0)
        rows = [f"  {s.number:<{width}}  {s.title}" for s in known] or ["  (none yet)"]
        return f"no section {number!r} in {self.root}{hint}\nsections:\n" + "\n".join(rows)


def also_in(note: Note) -> list[str]:
    """The `also_in` section paths of a note (a single string is one section)."""
    value = note.meta.get("also_in")
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return []
    return [v.strip("/") for v in value if isinstance(v, str) and v.strip("/")]


def _sort_number(value: Any) -> float:
    """A number to sort by: ints, and decimal text such as `1.5` (kept as text in notes)."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return math.inf
    try:
        number = float(value)
    except ValueError:
        return math.inf
    return number if math.isfinite(number) else math.inf


def section_key(section: Section) -> tuple[float, str, str]:
    """Sections by `order`, then title, then folder."""
    return (_sort_number(section.order), section.title.casefold(), section.path)


ORDER_STEP = 10  # import and new leave room between papers: an insertion renumbers nothing


def order_number(value: Any) -> float | None:
    """An `order` as a number (ints, and decimal text such as `15.5`), or None."""
    number = _sort_number(value)
    return None if number == math.inf else number


def order_between(before: float | None, after: float | None) -> int | float:
    """A free `order` after `before` and before `after` (None: no neighbour on that side).

    The next multiple of ORDER_STEP when nothing follows; else the middle of the gap, a whole
    number when the gap allows one (15 between 10 and 20), a half otherwise (19.5).
    """
    low = before if before is not None else 0
    if after is None or after <= low:
        return (math.floor(low) // ORDER_STEP + 1) * ORDER_STEP
    if after - low >= 2:
        return math.floor(low + (after - low) / 2)
    middle = (low + after) / 2
    return int(middle) if middle.is_integer() else middle


def free_order(section: Section) -> int | float:
    """The `order` of a paper added at the end of `section`: after its last ordered paper."""
    orders = [order_number(n.meta.get("order")) for n in section.papers]
    return order_between(max((o for o in orders if o is not None), default=None), None)


def paper_key(note: Note) -> tuple[float, float, str, str]:
    """Papers by `order`, then year, then normalised title, then path."""
    meta = note.meta
    return (
        _sort_number(meta.get("order")),
        _sort_number(meta.get("year")),
        normalize_title(note.title),
        note.path,
    )


def load_vault(root: Path, progress: Step | None = None) -> Vault:
    """Read every note and section of the vault; unreadable notes go to `errors`
    (`progress`: told of the notes read, out of all)."""
    if not root.is_dir():
        raise VaultError(f"{root}: no vault folder here (use --vault DIR)")
    vault = Vault(root)
    papers: list[Note] = []
    with gc_paused():
        _read(vault, papers, progress)
    vault.notes = papers
    _link(vault)
    return vault


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic collector while reading: every note read stays alive, and the
    collector would rescan all of them again and again (a third of the time on 10,000)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _read(vault: Vault, papers: list[Note], progress: Step | None) -> None:
    root = vault.root
    paths = list(markdown_files(root))
    for n, path in enumerate(paths):
        if progress is not None and n % 200 == 0:
            progress(n, len(paths))
        try:
            note = load_note(path)
        except NoteError as e:
            vault.errors.append(e)
            continue
        folder, _, name = vault.rel(note).rpartition("/")
        if not folder:
            vault.pages.append(note)
        elif name == INDEX:
            vault.sections[folder] = Section(folder, note)
        else:
            papers.append(note)


def _link(vault: Vault) -> None:
    """Build the section tree, number it, and file each paper under its sections."""
    for path, section in vault.sections.items():
        parent_path = path.rsplit("/", 1)[0] if "/" in path else ""
        while parent_path and parent_path not in vault.sections:
            parent_path = parent_path.rsplit("/", 1)[0] if "/" in parent_path else ""
        section.parent = vault.sections.get(parent_path) if parent_path else None
        siblings = section.parent.children if section.parent else vault.chapters
        siblings.append(section)
    for note in vault.notes:
        for section in vault.sections_of(note):
            section.papers.append(note)
    vault.chapters.sort(key=section_key)
    for section in vault.sections.values():
        section.children.sort(key=section_key)
        section.papers.sort(key=paper_key)
    for i, chapter in enumerate(vault.chapters, 1):
        _number(chapter, str(i))


def _number(section: Section, number: str) -> None:
    section.number = number
    for i, child in enumerate(section.children, 1):
        _number(child, f"{number}.{i}")


def paper_number(section: Section, note: Note) -> str:
    """A paper's number within a section: after the section's subsections (`2.5.3`)."""
    position = len(section.children) + section.papers.index(note) + 1
    return f"{section.number}.{position}"


INBOX = "inbox"
INBOX_TITLE = "Inbox"
INBOX_ORDER = 999


def ensure_inbox(vault: Vault) -> Section:
    """The inbox section for papers not yet filed, created (index.md) when missing."""
    if INBOX in vault.sections:
        return vault.sections[INBOX]
    path = vault.root / INBOX / INDEX
    index = Note(str(path), {"title": INBOX_TITLE, "order": INBOX_ORDER}, "")
    save_note(index, path)
    section = Section(INBOX, load_note(path))
    vault.sections[INBOX] = section
    vault.chapters.append(section)
    vault.chapters.sort(key=section_key)
    for i, chapter in enumerate(vault.chapters, 1):
        _number(chapter, str(i))
    return section
