"""Reading a vault for the lint, with a cache keyed by each file's content hash.

`scan` reads every note of the vault (the cross-note checks need all of them) but lints
in full only the targets. A file whose bytes hash to what the cache holds for its path
reuses the cached findings and record; any other file is parsed again. The cache is
never trusted beyond that: a different hash, a different version of the lint code or of
the vault's extra keys, or an unreadable cache file, and the file is simply parsed. A file
whose stat (size, mtime, ctime, inode) is the one its entry was made from is not even read,
when that mtime was older than the run by `MARGIN_NS` (else a change within the clock's
tick could keep it: the file is hashed, as git does with its index).

The cache is one JSON file named after the vault's absolute path, in the clone's git
directory (`.git/papervault/`: no change can bring a file there) or, outside git, under
`.papervault-cache/` next to the nearest pyproject.toml (or the vault). Nothing here prints.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from typing import Any

from papervault import __version__
from papervault import lint
from papervault import notes
from papervault import schema
from papervault.cachedir import CACHE_DIR as CACHE_DIR
from papervault.cachedir import cache_path as cache_path
from papervault.cachedir import digest as digest
from papervault.cachedir import find_git_dir as find_git_dir
from papervault.cachedir import stored_files
from papervault.errors import NoteError
from papervault.files import atomic_write
from papervault.findings import Finding
from papervault.vault import gc_paused
from papervault.walk import markdown_names

FORMAT = 4  # 2: records hold aliases, headings and links; 3: and the url key; 4: the stat
MARGIN_NS = 2_000_000_000  # coarser than any file system's mtime tick (FAT: 2 s)


def fingerprint(cfg: lint.Config) -> str:
    """What cached findings depend on besides a file's bytes: the code, the extra keys, the
    rules that are off (not checked at all) and the year (plausible years end next year)."""
    h = hashlib.blake2b(digest_size=16)
    year = datetime.date.today().year
    h.update(f"{FORMAT}:{__version__}:{cfg.extra_keys!r}:{sorted(cfg.off())!r}:{year}".encode())
    package = Path(__file__).parent  # all of it: a list of the modules lint uses goes stale
    for source in sorted(package.rglob("*.py")):
        with contextlib.suppress(OSError):
            h.update(source.relative_to(package).as_posix().encode() + b"\0")
            h.update(source.read_bytes())
    return h.hexdigest()


@dataclass
class Entry:
    """One file's cached result."""

    digest: str
    kind: str
    found: list[Finding]  # at the path of the run that made it: `Cache` stores no path
    record: lint.Record | None
    stat: list[int] | None = None  # size, mtime, ctime, inode of the file it was made from


class Cache:
    """Per-file results of a vault, by vault-relative path."""

    def __init__(self, path: Path | None, stamp: str, stored: dict[str, Any]) -> None:
        self.path = path
        self.stamp = stamp
        self._stored = stored  # rel -> the JSON form, decoded on use
        self.entries: dict[str, Entry] = {}
        self.changed = False
        self.now = time.time_ns()

    @classmethod
    def load(cls, path: Path, stamp: str) -> Cache:
        """The cache at `path`, or an empty one when it is missing, unreadable or stale."""
        return cls(path, stamp, stored_files(path, stamp))

    def get(self, rel: str, file_digest: str, shown: str) -> Entry | None:
        """The cached entry of `rel` if it was made from the same bytes (its findings at
        `shown`, the path as this run shows it)."""
        raw = self._stored.get(rel)
        if not isinstance(raw, list) or len(raw) != 5 or raw[0] != file_digest:
            return None
        try:
            return _decode(raw, shown)
        except (TypeError, ValueError, IndexError, KeyError):
            return None

    def get_unchanged(self, rel: str, key: list[int], shown: str) -> Entry | None:
        """The cached entry of `rel` if the file's stat `key` is the one it was made from
        (and that file was older than its run by `MARGIN_NS`: `stat_key`), unread."""
        raw = self._stored.get(rel)
        if not isinstance(raw, list) or len(raw) != 5 or raw[4] != key:
            return None
        try:
            return _decode(raw, shown)
        except (TypeError, ValueError, IndexError, KeyError):
            return None

    def stat_key(self, st: os.stat_result) -> list[int] | None:
        """What `get_unchanged` compares, or None for a file changed so recently that a
        change within the clock's tick could keep its mtime (it is hashed, as git does)."""
        if st.st_mtime_ns + MARGIN_NS >= self.now:
            return None
        return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]

    def keep(self, rel: str, entry: Entry, new: bool) -> None:
        """Record the entry of a file seen in this run (`new`: not from the cache)."""
        self.entries[rel] = entry
        self.changed = self.changed or new

    def save(self) -> bool:
        """Write the entries of this run (when anything changed); False if it cannot."""
        if self.path is None:
            return False
        if not self.changed and self.entries.keys() == self._stored.keys():
            return False
        files = {rel: _encode(e) for rel, e in self.entries.items()}
        data = json.dumps({"stamp": self.stamp, "files": files}, separators=(",", ":"))
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            ignore = self.path.parent / ".gitignore"
            if self.path.parent.name == CACHE_DIR and not ignore.exists():
                ignore.write_text("# papervault's cache: never committed\n*\n", encoding="utf-8")
            atomic_write(self.path, data.encode("utf-8"))
        except OSError:
            return False
        self._stored = files
        self.changed = False
        return True


def _encode(entry: Entry) -> list[Any]:
    rec = entry.record
    record = None
    if rec is not None:
        record = [rec.kind, rec.title, rec.key, rec.arxiv, rec.doi, rec.also_in]
        record += [rec.aliases, rec.headings, rec.links, rec.url, rec.citekey]
    found = [[f.line, f.col, f.rule, f.message] for f in entry.found]
    return [entry.digest, entry.kind, found, record, entry.stat]


def _decode(raw: list[Any], shown: str) -> Entry:
    file_digest, kind, stored, rec, stat = raw
    record = None
    if rec is not None:  # empty lists are most of them: no generator for those
        rkind, title, key, arxiv, doi, also, aliases, heads, links, url, *rest = rec
        record = lint.Record(
            str(rkind),
            str(title),
            str(key),
            tuple((str(a), str(b)) for a, b in arxiv) if arxiv else (),
            tuple((str(a), str(b)) for a, b in doi) if doi else (),
            tuple((str(a), int(b)) for a, b in also) if also else (),
            tuple(str(a) for a in aliases) if aliases else (),
            tuple(str(h) for h in heads) if heads else (),
            tuple((int(a), int(b), str(c), str(d), str(e)) for a, b, c, d, e in links)
            if links
            else (),
            str(url),
            str(rest[0]) if rest else "",
        )
    found = [lint.finding(shown, int(a), int(b), str(c), str(d)) for a, b, c, d in stored]
    if stat is not None and (len(stat) != 4 or not all(type(v) is int for v in stat)):
        raise ValueError("not a stat key")
    return Entry(str(file_digest), str(kind), found, record, stat)


@dataclass
class Scan:
    """The lint's view of the targets: findings (default severities: `lint.configured`)
    and kind, by path as the user sees it."""

    found: dict[str, list[Finding]] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    rels: dict[str, str] = field(default_factory=dict)  # path in the vault, posix


def scan(
    vault: Path | None,
    files: list[str] | None,
    cfg: lint.Config,
    cache: Cache | None = None,
) -> Scan:
    """Lint `files` (None: every note of the vault) with cross-note checks over the vault.

    Paths in the result are the targets as given, or the vault's files as `vault / rel`.
    Files outside the vault get the per-note checks only.
    """
    if cache is None:
        cache = Cache(None, "", {})
    result = Scan()
    display: dict[str, str] = {}  # rel -> shown path
    targets: list[str] = []  # shown paths
    outside: list[str] = []
    if vault is not None:
        for rel, shown in _vault_files(vault):
            display[rel] = shown
    if files is None:
        targets = list(display.values())
    else:
        base = os.path.abspath(vault) if vault is not None else None
        for name in files:
            inside = _relative(name, base)
            if inside is None:
                outside.append(name)
            else:
                display[inside] = name
                targets.append(name)
    records: dict[str, lint.Record] = {}
    wanted = set(targets)
    skip = cfg.off()
    with gc_paused():
        for rel, shown in display.items():
            entry = _entry(rel, shown, cfg.extra_keys, skip, cache, must=shown in wanted)
            if entry is None:
                continue
            if entry.record is not None:
                records[shown] = lint.without(entry.record, cfg.ignored(rel))
            if shown in wanted:
                result.found[shown] = list(entry.found)
                result.kinds[shown] = entry.kind
                result.rels[shown] = rel
        for name in outside:
            result.kinds[name] = lint.PAPER
            result.found[name] = _check_file(name, lint.PAPER, cfg)[0]
    sections = lint.sections_of(display)
    cross = lint.cross_check(records, sections, targets)
    for shown, issues in cross.items():
        result.found[shown] += _positions(shown, issues)
    rels = {shown: rel for rel, shown in display.items()}
    for shown, found in lint.link_check(records, rels).items():
        if shown not in result.found:  # a note the change did not touch: its links broke
            result.found[shown] = []
            result.kinds[shown] = records[shown].kind
            result.rels[shown] = rels[shown]
        result.found[shown] += found
    return result


def _vault_files(vault: Path) -> Iterator[tuple[str, str]]:
    root = str(vault)
    prefix = "" if root in ("", ".") else os.path.join(root, "")
    for name in markdown_names(root):
        shown = name if _plain(name) else str(Path(name))  # as str(Path) shows it
        if prefix and shown.startswith(prefix):
            rel = shown[len(prefix) :]
        else:
            rel = os.path.relpath(shown, root)
        yield rel.replace(os.sep, "/"), shown


def _plain(name: str) -> bool:
    """A path that `Path` shows as it is (no `./`, `//` or `/.` to tidy)."""
    return not name.startswith("./") and "//" not in name and "/./" not in name


def _relative(name: str, base: str | None) -> str | None:
    """`name`'s path inside the vault at `base` (posix), None when it is outside."""
    if base is None:
        return None
    rel = os.path.relpath(os.path.abspath(name), base)
    if rel == os.curdir or rel.startswith(os.pardir + os.sep) or rel == os.pardir:
        return None
    return rel.replace(os.sep, "/")


def _entry(
    rel: str,
    shown: str,
    extra_keys: tuple[str, ...],
    skip: frozenset[str],
    cache: Cache,
    must: bool,
) -> Entry | None:
    key = None
    try:
        key = cache.stat_key(os.stat(shown))
        if key is not None:
            entry = cache.get_unchanged(rel, key, shown)
            if entry is not None:
                cache.keep(rel, entry, new=False)
                return entry
        with open(shown, "rb") as f:
            data = f.read()
    except OSError as e:
        if not must:
            return None
        message = f"cannot read: {e.strerror or e}"
        return Entry("", lint.kind_of(rel), [lint.broken(shown, message)], None)
    file_digest = digest(data)
    entry = cache.get(rel, file_digest, shown)
    if entry is not None:
        new = entry.stat != key  # the same bytes: now known by their stat too
        entry.stat = key
        cache.keep(rel, entry, new=new)
        return entry
    kind = lint.kind_of(rel)
    found, record = lint.check_bytes(data, shown, kind, extra_keys, skip)
    entry = Entry(file_digest, kind, found, record, key)
    cache.keep(rel, entry, new=True)
    return entry


def _check_file(name: str, kind: str, cfg: lint.Config) -> tuple[list[Finding], Any]:
    try:
        data = Path(name).read_bytes()
    except OSError as e:
        return [lint.broken(name, f"cannot read: {e.strerror or e}")], None
    return lint.check_bytes(data, name, kind, cfg.extra_keys, cfg.off())


def _positions(shown: str, issues: list[schema.DataFinding]) -> list[Finding]:
    """Cross-note issues of a file with their positions (the file is parsed again)."""
    try:
        note = notes.load(shown)
    except NoteError:
        return [lint.finding(shown, 1, 1, i.rule, i.message) for i in issues]
    return lint.place(note, issues)
