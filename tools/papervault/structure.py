"""The facts `toc --check` stands on, per note, kept between runs (nothing here prints).

A one-note commit must not re-read 10,000 notes: `clean` answers "does the full check
(`toc.structure_problems` over `load_vault`) find nothing?" from each note's facts,
cached by vault-relative path in `.git/papervault/toc-*.json` (`cachedir`):

- a note's facts: whether it reads (`notes.load` raises no NoteError) and, for a paper,
  its `also_in` names (None when one is not text: always a finding);
- an entry is reused when the file's stat (size, mtime, ctime, inode) is the one it was
  made from and that mtime was older than the run that made it by `MARGIN_NS` (a file
  changed again within the clock's tick would keep its mtime: it is hashed instead, as
  git does with its index), or else when its bytes hash to the entry's digest;
- the whole file is dropped for another version of papervault, of this module or of the
  note reader, and when it is not exactly the shape written here.

`clean` only ever says True (nothing to report) or False (run the full check, which makes
the messages): a cache can make the check faster, never quieter about a problem its notes
have. The lint (`lintcache.scan`) records the facts of the notes it parses anew.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING
from typing import Any

from papervault import __version__
from papervault.cachedir import cache_path
from papervault.cachedir import digest
from papervault.cachedir import stored_files
from papervault.walk import markdown_names

if TYPE_CHECKING:
    from papervault.notes import Note

FORMAT = 1
INDEX = "index.md"
MARGIN_NS = 2_000_000_000  # coarser than any file system's mtime tick (FAT: 2 s)
KIND = "toc"

Facts = tuple[bool, list[str] | None]  # reads; the paper's `also_in` names (None: not all text)


def stamp() -> str:
    """What the facts depend on besides a note's bytes: this code and the note reader's."""
    h = hashlib.blake2b(f"{FORMAT}:{__version__}".encode(), digest_size=16)
    here = Path(__file__).parent
    for name in ("structure.py", "notes.py", "front_matter.py", "errors.py"):
        try:
            h.update((here / name).read_bytes())
        except OSError:
            h.update(os.urandom(16))  # cannot tell which code made the cache: trust none
    return h.hexdigest()


def facts_of(note: Note) -> Facts:
    """A readable note's facts, as `toc.structure_problems` sees its `also_in`."""
    value = note.meta.get("also_in")
    if value is None:
        return True, []
    names = value if isinstance(value, list) else [value]
    if not all(isinstance(name, str) for name in names):
        return True, None
    return True, [name.strip("/") for name in names]


def parse_facts(data: bytes, path: str) -> Facts:
    """The facts of a file's bytes (a note that cannot be read: False)."""
    from papervault import notes
    from papervault.errors import NoteError

    try:
        note = notes.loads(notes.decode(data, path), path)
    except NoteError:
        return False, None
    return facts_of(note)


class Index:
    """The cached facts of a vault's notes, by vault-relative path."""

    def __init__(self, path: Path | None, stamp: str, stored: dict[str, Any]) -> None:
        self.path = path
        self.stamp = stamp
        self.stored = stored  # rel -> [size, mtime_ns, ctime_ns, ino, digest, trusted, ok, also]
        self.seen: dict[str, list[Any]] = {}
        self.changed = False
        self.now = time.time_ns()

    @classmethod
    def load(cls, path: Path, stamp: str) -> Index:
        """The index at `path`, or an empty one when it is missing, unreadable or stale."""
        return cls(path, stamp, stored_files(path, stamp))

    def facts(self, rel: str, path: str) -> Facts:
        """The facts of the file `path` (`rel` in the vault), from the index when valid."""
        try:
            st = os.stat(path)
        except OSError:
            return self._keep(rel, None, "", (False, None))
        stored: Any = self.stored.get(rel)
        entry: list[Any] = stored if _valid(stored) else []
        if entry and entry[:4] == _key(st) and entry[5] is True:
            self.seen[rel] = entry
            return entry[6], entry[7]
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError:
            return self._keep(rel, None, "", (False, None))
        file_digest = digest(data)
        if entry and entry[4] == file_digest:
            return self._keep(rel, st, file_digest, (entry[6], entry[7]))
        return self._keep(rel, st, file_digest, parse_facts(data, path))

    def record(self, rel: str, path: str, data: bytes, facts: Facts) -> None:
        """Keep the facts of bytes just read from `path` (as the lint does)."""
        try:
            st = os.stat(path)
        except OSError:
            return
        self._keep(rel, st, digest(data), facts)

    def _keep(self, rel: str, st: os.stat_result | None, file_digest: str, facts: Facts) -> Facts:
        if st is None:  # unreadable: never cached
            self.changed = True
            self.stored.pop(rel, None)
            return facts
        trusted = st.st_mtime_ns + MARGIN_NS < self.now
        entry = [*_key(st), file_digest, trusted, facts[0], facts[1]]
        self.changed = self.changed or self.stored.get(rel) != entry
        self.seen[rel] = entry
        return facts

    def save(self, complete: bool) -> bool:
        """Write the index (when anything changed); `complete`: this run saw every file, so
        the files it did not see are gone. False if it cannot be written."""
        files = self.seen if complete else {**self.stored, **self.seen}
        if self.path is None or (not self.changed and files.keys() == self.stored.keys()):
            return False
        from papervault.files import atomic_write

        text = json.dumps({"stamp": self.stamp, "files": files}, separators=(",", ":"))
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(self.path, text.encode("utf-8"))
        except OSError:
            return False
        self.stored = files
        self.changed = False
        return True


def _key(st: os.stat_result) -> list[int]:
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def _valid(entry: Any) -> bool:
    """An entry of exactly the shape `_keep` writes."""
    if not isinstance(entry, list) or len(entry) != 8:
        return False
    if not all(type(v) is int for v in entry[:4]) or not isinstance(entry[4], str):
        return False
    if type(entry[5]) is not bool or type(entry[6]) is not bool:
        return False
    also = entry[7]
    return also is None or (isinstance(also, list) and all(isinstance(a, str) for a in also))


def open_index(vault: Path) -> Index:
    """The structure index of `vault` (empty when there is none yet)."""
    return Index.load(cache_path(vault, KIND), stamp())


def clean(vault: Path) -> bool:
    """True when the full structure check would find nothing: every note reads and every
    paper's folder is a section (`also_in` is the lint's to check). False: run it."""
    root = str(vault)
    if not os.path.isdir(root):
        return False
    index = open_index(vault)
    prefix = os.path.join(root, "")
    sections: set[str] = set()
    folders: list[str] = []
    ok = True
    for path in markdown_names(root):
        rel = path[len(prefix) :] if path.startswith(prefix) else os.path.relpath(path, root)
        rel = rel.replace(os.sep, "/")
        reads, _also = index.facts(rel, path)
        folder, _, name = rel.rpartition("/")
        if not reads:
            ok = False
        elif not folder:
            continue  # a page of the vault root
        elif name == INDEX:
            sections.add(folder)
        else:
            folders.append(folder)
    index.save(complete=True)
    if not ok:
        return False
    return all(folder in sections for folder in folders)
