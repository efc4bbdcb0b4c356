"""The facts `toc --check` stands on, per note, kept between runs (nothing here prints).

A one-note commit must not re-read 10,000 notes: `clean` answers "does the full check
(`toc.structure_problems` over `load_vault`) find nothing?" from each note's facts,
cached by vault-relative path in `.git/papervault/toc-*.json` (`cachedir`):

- a note's fact: whether it reads (`notes.load` raises no NoteError); where it is says
  the rest (its folder a section or not), and `also_in` is the lint's to check;
- an entry is reused when the file's stat (size, mtime, ctime, inode) is the one it was
  made from and that mtime was older than the run that made it by `MARGIN_NS` (a file
  changed again within the clock's tick would keep its mtime: it is hashed instead, as
  git does with its index), or else when its bytes hash to the entry's digest;
- the whole file is dropped for another version of papervault, of this module or of the
  note reader, and when it is not exactly the shape written here.

`clean` only ever says True (nothing to report) or False (run the full check, which makes
the messages): a cache can make the check faster, never quieter about a problem its notes
have.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path
from typing import Any

from papervault import __version__
from papervault.cachedir import cache_path
from papervault.cachedir import digest
from papervault.cachedir import stored_files
from papervault.walk import markdown_names

FORMAT = 2  # 1 kept each paper's `also_in` names as well
INDEX = "index.md"
MARGIN_NS = 2_000_000_000  # coarser than any file system's mtime tick (FAT: 2 s)
KIND = "toc"


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


def reads(data: bytes, path: str) -> bool:
    """Whether a file's bytes read as a note (False: `notes.loads` raises a NoteError)."""
    from papervault import notes
    from papervault.errors import NoteError

    try:
        notes.loads(notes.decode(data, path), path)
    except NoteError:
        return False
    return True


class Index:
    """Whether each of a vault's notes reads, cached by vault-relative path."""

    def __init__(self, path: Path | None, stamp: str, stored: dict[str, Any]) -> None:
        self.path = path
        self.stamp = stamp
        self.stored = stored  # rel -> [size, mtime_ns, ctime_ns, ino, digest, trusted, reads]
        self.seen: dict[str, list[Any]] = {}
        self.changed = False
        self.now = time.time_ns()

    @classmethod
    def load(cls, path: Path, stamp: str) -> Index:
        """The index at `path`, or an empty one when it is missing, unreadable or stale."""
        return cls(path, stamp, stored_files(path, stamp))

    def reads(self, rel: str, path: str) -> bool:
        """Whether the file `path` (`rel` in the vault) reads, from the index when valid."""
        try:
            st = os.stat(path)
        except OSError:
            return self._keep(rel, None, "", False)
        stored: Any = self.stored.get(rel)
        entry: list[Any] = stored if _valid(stored) else []
        if entry and entry[:4] == _key(st) and entry[5] is True:
            self.seen[rel] = entry
            return bool(entry[6])
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError:
            return self._keep(rel, None, "", False)
        file_digest = digest(data)
        if entry and entry[4] == file_digest:
            return self._keep(rel, st, file_digest, entry[6])
        return self._keep(rel, st, file_digest, reads(data, path))

    def _keep(self, rel: str, st: os.stat_result | None, file_digest: str, ok: bool) -> bool:
        if st is None:  # unreadable: never cached
            self.changed = True
            self.stored.pop(rel, None)
            return ok
        trusted = st.st_mtime_ns + MARGIN_NS < self.now
        entry = [*_key(st), file_digest, trusted, ok]
        self.changed = self.changed or self.stored.get(rel) != entry
        self.seen[rel] = entry
        return ok

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
    if not isinstance(entry, list) or len(entry) != 7:
        return False
    if not all(type(v) is int for v in entry[:4]) or not isinstance(entry[4], str):
        return False
    return type(entry[5]) is bool and type(entry[6]) is bool


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
        folder, _, name = rel.rpartition("/")
        if not index.reads(rel, path):
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
