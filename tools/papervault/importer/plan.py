"""From a read list and an existing vault to the files to write (pure: reads, never writes).

- Entries of one paper (same normalised title, no identifier contradicting) become one
  note, filed in the first section that lists it, `also_in` the others; fields are united
  (lists merged, a differing scalar kept first and the other under `alternatives`); a
  summary that appears twice is kept once, different summaries are both kept.
- Sections are matched to the vault's by title; new ones get a folder named by their slug.
- Re-importing adds what is new and changes nothing else: a paper already in the vault
  (same normalised title) gains only the fields it lacks, the sections it is not yet in
  and, when its body is empty, the list's summary. Untouched notes are not rewritten.
- The home page is written only when the vault has none.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from typing import Any

from papervault import citekey
from papervault import identity
from papervault import notes
from papervault import schema
from papervault.errors import VaultError
from papervault.importer.fields import merge_into
from papervault.importer.model import ListPaper
from papervault.importer.model import ListSection
from papervault.importer.model import Parsed
from papervault.importer.model import key
from papervault.names import slug_is_cut
from papervault.names import slugify
from papervault.notes import Note
from papervault.vault import INBOX
from papervault.vault import INBOX_ORDER
from papervault.vault import INBOX_TITLE
from papervault.vault import INDEX
from papervault.vault import ORDER_STEP
from papervault.vault import Section
from papervault.vault import Vault
from papervault.vault import also_in
from papervault.vault import load_vault
from papervault.vault import order_between
from papervault.vault import order_number

FIELD_ORDER = schema.ORDER  # the one schema: lint checks the order import writes
NEW = "new"
UPDATE = "update"


@dataclass
class Write:
    """One file the import writes."""

    path: Path
    text: str
    action: str  # NEW | UPDATE
    what: str  # "note" | "section" | "home"


@dataclass
class Summary:
    """What the import did (or would do), for the report."""

    entries: int = 0  # paper entries in the list
    notes_new: int = 0
    notes_updated: int = 0
    merged: int = 0  # entries merged into another entry of the list
    existing: int = 0  # papers the vault already had
    sections_new: int = 0
    chapters_new: int = 0
    home: str = ""  # "written" | "kept" | ""
    findings: list[str] = field(default_factory=list)


@dataclass
class Plan:
    writes: list[Write]
    summary: Summary


@dataclass
class _Paper:
    """A paper of the list: its entries united."""

    title: str
    line: int
    meta: dict[str, Any]
    bodies: list[list[str]]
    sections: list[tuple[str, ...]]  # in list order, first = home
    positions: dict[tuple[str, ...], int]  # position within each section


def _contradicts(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return identity.contradicts(identity.identity(a), identity.identity(b))


def _same_id(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return identity.shares_id(identity.identity(a), identity.identity(b))


def _title_key(title: str) -> str:
    """A paper title's identity key (DESIGN.md, Identity); a title of numbering only keys itself."""
    return identity.title_key(title) or key(title)


def _squash(lines: list[str]) -> str:
    return " ".join(" ".join(lines).split())


def unite(entries: list[ListPaper]) -> tuple[list[_Paper], Summary]:
    """The list's papers with each paper's entries united, in list order."""
    papers: list[_Paper] = []
    by_key: dict[str, list[_Paper]] = {}
    counters: dict[tuple[str, ...], int] = {}
    summary = Summary(entries=len(entries))
    for entry in entries:
        section = entry.section
        counters[section] = counters.get(section, 0) + 1
        candidates = by_key.setdefault(_title_key(entry.title), [])
        paper = next((p for p in candidates if not _contradicts(p.meta, entry.meta)), None)
        summary.findings.extend(f"line {entry.line}: {text}" for text in entry.findings)
        if paper is None:
            paper = _Paper(entry.title, entry.line, copy.deepcopy(entry.meta), [], [section], {})
            paper.positions[section] = counters[section]
            if entry.body:
                paper.bodies.append(entry.body)
            papers.append(paper)
            candidates.append(paper)
            continue
        summary.merged += 1
        if paper.title.endswith(".") and not entry.title.endswith("."):
            paper.title = entry.title
        found = merge_into(paper.meta, copy.deepcopy(entry.meta))  # alternatives: lists united
        summary.findings.extend(f"line {entry.line}: {text}" for text in found)
        if section not in paper.sections:
            paper.sections.append(section)
            paper.positions[section] = counters[section]
        else:
            counters[section] -= 1
        _add_body(paper.bodies, entry.body)
    return papers, summary


def _add_body(bodies: list[list[str]], body: list[str]) -> None:
    """A summary seen already (whitespace aside, or inside a longer one) is kept once."""
    if not body:
        return
    text = _squash(body)
    for i, kept in enumerate(bodies):
        other = _squash(kept)
        if text in other:
            return
        if other in text:
            bodies[i] = body
            return
    bodies.append(body)


def note_meta(title: str, meta: dict[str, Any]) -> dict[str, Any]:
    """Front matter in a stable, readable field order; unknown fields after the known."""
    ordered: dict[str, Any] = {"title": title}
    for name in FIELD_ORDER[1:]:
        if name in meta:
            ordered[name] = meta[name]
    ordered.update((k, v) for k, v in meta.items() if k not in ordered)
    return ordered


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        return float(value)
    except ValueError:
        return None


class _Planner:
    def __init__(self, parsed: Parsed, root: Path, vault: Vault | None) -> None:
        self.parsed = parsed
        self.root = root
        self.vault = vault
        self.writes: list[Write] = []
        self.folders: dict[tuple[str, ...], str] = {}  # section keys -> folder
        self.created: set[str] = set()  # folders this import creates
        self.taken: set[str] = set()  # paths (relative) planned
        self.taken_orders: dict[str, list[float]] = {}  # folder -> orders in use
        self.last_order: dict[str, float] = {}  # folder -> order of the list's last paper
        self.matched: set[str] = set()  # vault notes a paper of the list was matched to
        self.by_title: dict[str, list[Note]] | None = None  # the vault's notes by title key
        self.keys: dict[str, str] | None = None  # citation keys taken (casefolded) -> note

    # --- sections ---------------------------------------------------------------------

    def _exists(self, rel: str) -> bool:
        return rel in self.taken or (self.root / rel).exists()

    def _free(self, folder: str, stem: str, suffix: str = "") -> str:
        base = f"{folder}/{stem}" if folder else stem
        rel, n = base + suffix, 2
        while self._exists(rel):
            rel, n = f"{base}-{n}{suffix}", n + 1
        self.taken.add(rel)
        return rel

    def sections(self, node: ListSection, keys: tuple[str, ...], folder: str) -> None:
        existing = self._existing_children(folder)
        orders = [_number(s.order) for s in existing.values()]
        start = int(max((o for o in orders if o is not None), default=0))
        if existing and start == 0:
            start = len(existing)
        added = 0
        for child in node.children:
            child_keys = (*keys, child.key)
            match = existing.get(child.key)
            if match is not None:
                self.folders[child_keys] = match.path
            else:
                added += 1
                path = self._free(folder, slugify(child.title))
                self.folders[child_keys] = path
                self.created.add(path)
                meta = {"title": child.title, "order": start + added * ORDER_STEP}
                body = "\n".join(child.body) + "\n" if child.body else ""
                self._write(f"{path}/{INDEX}", Note("", meta, body), NEW, "section")
                if folder:
                    self.summary.sections_new += 1
                else:
                    self.summary.chapters_new += 1
            self.sections(child, child_keys, self.folders[child_keys])

    def _existing_children(self, folder: str) -> dict[str, Section]:
        if self.vault is None or (folder and folder in self.created):
            return {}
        if not folder:
            return {key(s.title): s for s in self.vault.chapters}
        parent = self.vault.sections.get(folder)
        return {key(s.title): s for s in parent.children} if parent else {}

    def _folder(self, keys: tuple[str, ...]) -> str:
        if keys:
            return self.folders[keys]
        if self.vault is not None and INBOX in self.vault.sections:
            return INBOX
        if INBOX not in self.created:
            self.created.add(INBOX)
            self.taken.add(INBOX)
            meta = {"title": INBOX_TITLE, "order": INBOX_ORDER}
            self._write(f"{INBOX}/{INDEX}", Note("", meta, ""), NEW, "section")
            self.summary.chapters_new += 1
        return INBOX

    # --- papers -----------------------------------------------------------------------

    def _order(self, folder: str, position: int) -> int | float:
        """A new paper's `order`: steps of ORDER_STEP in a new section; in an existing one,
        a free place after the paper the list puts before it, so nothing is renumbered."""
        if folder in self.created or self.vault is None:
            return position * ORDER_STEP
        taken = self._orders(folder)
        before = self.last_order.get(folder)
        after = min((o for o in taken if before is None or o > before), default=None)
        order = order_between(before, after)
        taken.append(order)
        self.last_order[folder] = order
        return order

    def _orders(self, folder: str) -> list[float]:
        """The orders in use in an existing section folder (its papers', and new ones')."""
        if folder not in self.taken_orders:
            assert self.vault is not None
            section = self.vault.sections.get(folder)
            papers = section.papers if section else []
            found = [order_number(p.meta.get("order")) for p in papers]
            self.taken_orders[folder] = [o for o in found if o is not None]
        return self.taken_orders[folder]

    def _seen(self, note: Note) -> None:
        """A paper of the list already in the vault: the next new one goes after it."""
        assert self.vault is not None
        home = self.vault.home_section(note)
        order = order_number(note.meta.get("order"))
        if home is not None and order is not None:
            self.last_order[home.path] = order

    def paper(self, paper: _Paper) -> None:
        folders = [self._folder(s) for s in paper.sections]
        body = "\n\n".join("\n".join(b) for b in paper.bodies)
        body = body + "\n" if body else ""
        existing = self._existing_note(paper.title, paper.meta)
        if existing is not None:
            self._seen(existing)
            self._update(existing, paper, folders, body)
            return
        home = folders[0]
        meta = dict(paper.meta)
        meta["order"] = self._order(home, paper.positions[paper.sections[0]])
        others = [f for f in dict.fromkeys(folders[1:]) if f != home]
        if others:
            meta["also_in"] = others
        rel = self._free(home, slugify(paper.title), ".md")
        if slug_is_cut(paper.title) and "aliases" not in meta:  # Obsidian shows the name
            meta["aliases"] = [paper.title]
        meta = self._keyed(rel, paper.title, meta)
        self._write(rel, Note("", note_meta(paper.title, meta), body), NEW, "note")
        self.summary.notes_new += 1

    def _keyed(self, rel: str, title: str, meta: dict[str, Any]) -> dict[str, Any]:
        """A new note's citation key, written once: the source's own, else a new free one."""
        if self.keys is None:
            self.keys = {}
            for note in self.vault.notes if self.vault is not None else []:
                for taken in citekey.taken([note.meta]):
                    self.keys[taken] = os.path.relpath(note.path, self.root)
        given = citekey.pinned(meta)
        if given and given.casefold() in self.keys:
            self.summary.findings.append(
                f"{rel}: citekey {given!r} is also the key of {self.keys[given.casefold()]};"
                " kept it (a key a manuscript cites is never renamed): a person decides"
            )
        keyed = citekey.assign({"title": title, **meta}, set(self.keys))
        self.keys.setdefault(str(keyed["citekey"]).casefold(), rel)
        keyed.pop("title")
        return keyed

    def _existing_note(self, title: str, meta: dict[str, Any]) -> Note | None:
        """The vault's note of this title (one whose identifiers agree, if there are
        several); the vault's own corrections win over the list's identifiers."""
        if self.vault is None:
            return None
        if self.by_title is None:
            self.by_title = {}
            for note in self.vault.notes:
                self.by_title.setdefault(_title_key(note.title), []).append(note)
        found = [n for n in self.by_title.get(_title_key(title), []) if n.path not in self.matched]
        found.sort(key=lambda n: _contradicts(n.meta, meta))
        if not found:  # a reference file may spell the title differently: ids decide
            found = [n for n in self.vault.notes if _same_id(n.meta, meta)]
        if found:
            self.matched.add(found[0].path)
            return found[0]
        return None

    def _update(self, note: Note, paper: _Paper, folders: list[str], body: str) -> None:
        assert self.vault is not None
        self.summary.existing += 1
        changed = copy.deepcopy(note.meta)
        for name, value in note_meta(paper.title, paper.meta).items():
            if name not in changed:
                changed[name] = copy.deepcopy(value)
            elif name not in ("title", "alternatives") and changed[name] != value:
                where = os.path.relpath(note.path)
                self.summary.findings.append(
                    f"{where}: kept the vault's {name} {changed[name]!r}; the list says {value!r}"
                )
        inside = {s.path for s in self.vault.sections_of(note)}
        extra = [f for f in dict.fromkeys(folders) if f not in inside]
        if extra:
            current = also_in(note)
            changed["also_in"] = [*current, *(f for f in extra if f not in current)]
        if list(schema.canonical_order(note.meta)) == list(note.meta):
            changed = schema.canonical_order(changed)  # new fields where the schema puts them
        new_body = note.body
        if not note.body.strip() and body:
            new_body = body
        if notes.same(changed, note.meta) and new_body == note.body:
            return
        updated = Note(note.path, changed, new_body, note.source)
        self._write(self.vault.rel(note), updated, UPDATE, "note")
        self.summary.notes_updated += 1

    # --- files ------------------------------------------------------------------------

    def _write(self, rel: str, note: Note, action: str, what: str) -> None:
        path = self.root / rel
        self.taken.add(rel)
        self.writes.append(Write(path, notes.dumps(note), action, what))

    def home(self) -> None:
        parsed = self.parsed
        if not parsed.home:
            return
        path = self.root / INDEX
        if path.exists():
            self.summary.home = "kept"
            return
        title = parsed.home_title or Path(parsed.source).stem
        body = "\n".join(parsed.home) + "\n"
        self._write(INDEX, Note("", {"title": title}, body), NEW, "home")
        self.summary.home = "written"

    def run(self, progress: Callable[[int, int], None] | None) -> Plan:
        papers, self.summary = unite(self.parsed.papers)
        self.home()
        self.sections(self.parsed.root, (), "")
        for i, paper in enumerate(papers, 1):
            if progress is not None and i % 200 == 0:
                progress(i, len(papers))
            self.paper(paper)
        return Plan(self.writes, self.summary)


def plan(parsed: Parsed, root: Path, progress: Callable[[int, int], None] | None = None) -> Plan:
    """Everything the import of `parsed` into the vault at `root` would write."""
    vault = None
    if root.exists():
        vault = load_vault(root)
        if vault.errors:
            problems = "\n".join(str(e) for e in vault.errors)
            raise VaultError(f"notes that cannot be read; fix them first:\n{problems}")
    return _Planner(parsed, root, vault).run(progress)
