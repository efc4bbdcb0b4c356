"""A whole note merged three ways: bytes in, bytes out, never losing a side.

1. Byte fast paths: a side equal to the base takes the other side, exactly.
2. Guards that hand the file to git's line merge (`git merge-file`, markers and all):
   invalid UTF-8, conflict markers already in a side, front matter that does not parse.
   Binary data (NUL bytes) gets a block holding both sides whole.
3. Front matter merged field by field (`fields.merge_fields`); the body by git's line merge.
4. The merged note is written from ours' text: a field whose merged value is ours' keeps
   ours' bytes, one taken from theirs keeps theirs' bytes, only a combined value is
   re-dumped. A field in conflict becomes a block of markers around that field alone, both
   values (and the base's) kept.
5. A clean result is read back and must hold exactly the merged fields and body; anything
   unexpected (even an exception) falls back to git's line merge.

`virtual=True` is the merge of common ancestors (git's recursive merge): it never writes
markers; whatever conflicts takes the base's value, so the outer merge sees the conflict.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from dataclasses import field
from typing import Any

from papervault import front_matter
from papervault.errors import NoteError
from papervault.front_matter import YAML
from papervault.merge.fields import MISSING
from papervault.merge.fields import UNKNOWN
from papervault.merge.fields import key_order
from papervault.merge.fields import merge_fields
from papervault.merge.quick import BODY
from papervault.merge.quick import WHOLE
from papervault.merge.quick import quick_merge
from papervault.merge.text import DEFAULT_LABELS
from papervault.merge.text import MARKER_SIZE
from papervault.merge.text import Labels
from papervault.merge.text import both_sides
from papervault.merge.text import has_markers
from papervault.merge.text import merge_file
from papervault.notes import Chunks
from papervault.notes import Note
from papervault.notes import dump_field
from papervault.notes import loads
from papervault.notes import same


@dataclass
class NoteMerge:
    """The merged bytes, what stays in conflict, and how the merge was done."""

    data: bytes
    conflicts: list[str] = field(default_factory=list)  # field names, BODY, or WHOLE
    how: str = ""  # for the driver's one-line report
    taken: list[str] = field(default_factory=list)  # fields not simply ours': "tags (both)"

    @property
    def clean(self) -> bool:
        return not self.conflicts


def merge_note(
    base: bytes,
    ours: bytes,
    theirs: bytes,
    labels: Labels = DEFAULT_LABELS,
    marker_size: int = MARKER_SIZE,
    virtual: bool = False,
) -> NoteMerge:
    """Merge three versions of a note; total: any failure gives git's line merge."""
    try:
        result = _merge(base, ours, theirs, labels, marker_size, virtual)
    except Exception as e:  # never lose a side to a bug
        result = _lines(base, ours, theirs, labels, marker_size, virtual, f"internal error: {e}")
    if not result.data and (ours or theirs):
        data = (base or ours) if virtual else both_sides(ours, theirs, labels, marker_size)
        result = NoteMerge(data, [] if virtual else [WHOLE], "empty result refused")
    return result


def _merge(
    base: bytes, ours: bytes, theirs: bytes, labels: Labels, size: int, virtual: bool
) -> NoteMerge:
    quick = quick_merge(base, ours, theirs, labels, size, virtual)
    if quick is not None:
        data, conflicts, how = quick
        return NoteMerge(data, [BODY] if conflicts else [], how)
    if b"\0" in ours or b"\0" in theirs or b"\0" in base:
        if virtual:
            return NoteMerge(base or ours, how="binary: base kept")
        return NoteMerge(both_sides(ours, theirs, labels, size), [WHOLE], "binary: both kept")
    try:
        texts = [data.decode("utf-8") for data in (base, ours, theirs)]
    except UnicodeDecodeError:
        return _lines(base, ours, theirs, labels, size, virtual, "not UTF-8")
    if has_markers(ours) or has_markers(theirs):
        return _lines(base, ours, theirs, labels, size, virtual, "conflict markers in a side")
    try:
        o = loads(texts[1], "ours")
        t = loads(texts[2], "theirs")
    except NoteError as e:
        return _lines(base, ours, theirs, labels, size, virtual, e.message)
    if o.source is None or t.source is None or not o.source.closer or not t.source.closer:
        return _lines(base, ours, theirs, labels, size, virtual, "no front matter")
    if o.source.format != YAML or t.source.format != YAML:  # written whole, never field by field
        return _lines(base, ours, theirs, labels, size, virtual, "TOML front matter")
    b_meta, b_note = _base(texts[0])
    result = _assemble(b_meta, b_note, o, t, labels, size, virtual)
    if result is None:
        return _lines(base, ours, theirs, labels, size, virtual, "merged fields did not read back")
    return result


def _base(text: str) -> tuple[dict[str, Any] | Any, Note | None]:
    """The base's fields (UNKNOWN when unreadable) and note; an empty base is add/add."""
    if not text:
        return {}, Note("base", {}, "")
    try:
        note = loads(text, "base")
    except NoteError:
        return UNKNOWN, Note("base", {}, _body_of(text))
    if note.source is None or note.source.format != YAML:
        return UNKNOWN, Note("base", {}, note.body)
    return note.meta, note


def _body_of(text: str) -> str:
    """The body after a front matter block, found by its delimiters alone (`front_matter`)."""
    found = front_matter.split(text)
    return text if found is None else found[1]


def _assemble(
    b_meta: dict[str, Any] | Any,
    b: Note | None,
    o: Note,
    t: Note,
    labels: Labels,
    size: int,
    virtual: bool,
) -> NoteMerge | None:
    assert o.source is not None
    assert t.source is not None
    fields = merge_fields(b_meta, o.meta, t.meta)
    conflicts = list(fields.conflicts)
    meta = fields.meta
    if virtual:  # the base's value wherever the sides disagree; no markers
        for key in conflicts:
            value = o.meta.get(key, MISSING) if b_meta is UNKNOWN else b_meta.get(key, MISSING)
            if value is not MISSING:
                meta[key] = value
        meta = {k: meta[k] for k in key_order(o.meta, t.meta) if k in meta}
        conflicts = []
    base_body = b.body if b is not None else ""
    body = _merge_body(base_body, o.body, t.body, labels, size, virtual)
    if body.conflicts:
        conflicts.append(BODY)
    newline = o.source.newline
    b_chunks = (b.source.chunks if b is not None and b.source is not None else None) or {}
    o_chunks = o.source.chunks or {}
    t_chunks = t.source.chunks or {}
    b_head = b.source.head if b is not None and b.source is not None else ""
    parts = [_slot(b_head, o.source.head, t.source.head, newline)]
    after: dict[str, int] = {}  # key -> index of its trailer in parts
    for key in key_order(o.meta, t.meta):
        trailer = _slot(
            _trailer(b_chunks, key), _trailer(o_chunks, key), _trailer(t_chunks, key), newline
        )
        if key in conflicts:
            parts.append(_block(key, b_meta, b, o, t, labels, size, newline))
        elif key in meta:
            parts.append(_field_text(key, meta[key], o, t, newline, b))
        after[key] = len(parts)
        parts.append(trailer)
    _keep_comments(parts, after, b, (o, t), newline)
    closer = o.source.closer if o.source.closer.endswith("\n") else o.source.closer + newline
    text = "".join(parts) + closer + body.text
    taken = [
        f"{k} ({'theirs' if k in t.meta and same(meta[k], t.meta[k]) else 'both'})"
        for k in meta
        if k not in o.meta or not same(meta[k], o.meta[k])
    ]
    taken += [f"{k} (removed)" for k in o.meta if k not in meta and k not in conflicts]
    data = text.encode("utf-8")
    if not conflicts:
        check = loads(text, "merged")
        if not same(check.meta, meta) or check.body != body.text:
            return None
    return NoteMerge(data, conflicts, "fields merged", taken)


@dataclass
class _Body:
    text: str
    conflicts: int


def _merge_body(
    base: str, ours: str, theirs: str, labels: Labels, size: int, virtual: bool
) -> _Body:
    if ours == theirs or base == theirs:
        return _Body(ours, 0)
    if base == ours:
        return _Body(theirs, 0)
    merged = merge_file(ours.encode(), base.encode(), theirs.encode(), labels, size)
    if merged.conflicts and virtual:
        return _Body(base, 0)
    return _Body(merged.data.decode("utf-8"), merged.conflicts)


def _convert(text: str, newline: str) -> str:
    text = text.replace("\r\n", "\n")
    return text.replace("\n", newline) if newline != "\n" else text


def _side_text(key: str, note: Note | None, newline: str) -> str:
    """A field's text as that side wrote it (empty when the side has no such field)."""
    if note is None or key not in note.meta:
        return ""
    chunks = note.source.chunks if note.source is not None else None
    if chunks and key in chunks:
        return _convert(chunks[key][0], newline)
    return dump_field(key, note.meta[key], newline)


def _field_text(key: str, value: Any, o: Note, t: Note, newline: str, b: Note | None = None) -> str:
    """Ours' bytes if the value is ours', theirs' bytes if theirs', else a fresh dump.
    When both sides hold the value and only theirs changed its bytes (a comment added, a
    quoting changed), theirs' bytes."""
    ours_too = key in o.meta and same(o.meta[key], value)
    if ours_too and key in t.meta and same(t.meta[key], value):
        o_text, t_text = _side_text(key, o, newline), _side_text(key, t, newline)
        if o_text != t_text and b is not None and o_text == _side_text(key, b, newline):
            return t_text
        return o_text
    for note in (o, t):
        if key in note.meta and same(note.meta[key], value):
            return _side_text(key, note, newline)
    return dump_field(key, value, newline)


def _trailer(chunks: Chunks, key: str) -> str:
    """The comment lines after a key's value (empty when the side has no such key)."""
    return chunks[key][1] if key in chunks else ""


def _slot(base: str, ours: str, theirs: str, newline: str) -> str:
    """Comment lines merged 3 ways: one side's change taken; both: ours' lines, then the
    lines theirs added (what either side removed stays removed only if the other kept it)."""
    ours, theirs = _convert(ours, newline), _convert(theirs, newline)
    base = _convert(base, newline)
    if ours == theirs or theirs == base:
        return ours
    if ours == base:
        return theirs
    have = ours.splitlines(keepends=True)
    old = set(base.splitlines(keepends=True)) | set(have)
    added = [line for line in theirs.splitlines(keepends=True) if line not in old]
    if have and not have[-1].endswith("\n"):
        have[-1] += newline
    return "".join(have + added)


def _keep_comments(
    parts: list[str], after: dict[str, int], b: Note | None, sides: tuple[Note, Note], nl: str
) -> None:
    """Every YAML comment a side added is in the merged front matter: one the merge of its
    field dropped (the field's bytes came from the other side) goes back in as a comment line
    after that field (after the head when it was before the first key)."""
    front = "".join(parts)
    if "#" not in front and not any("#" in _front(s) for s in sides):
        return
    have = Counter(c for _, c in comments(front))
    base = Counter(c for _, c in comments(_front(b))) if b is not None else Counter()
    for side in sides:
        added = Counter(c for _, c in comments(_front(side))) - base
        chunks = side.source.chunks if side.source is not None else None
        for text, count in added.items():
            missing = count - have[text]
            if missing <= 0:
                continue
            have[text] += missing
            where = next((k for k, (v, r) in (chunks or {}).items() if text in v + r), "")
            index = after.get(where, 0)
            if parts[index] and not parts[index].endswith("\n"):
                parts[index] += nl
            parts[index] += (text + nl) * missing


def _front(note: Note) -> str:
    """A note's front matter text as read (empty without one)."""
    if note.source is None:
        return ""
    text = note.source.text
    return text[: len(text) - len(note.body)] if text.endswith(note.body) else text


def comments(text: str) -> list[tuple[int, str]]:
    """The YAML comments of a text: (line index, `# ...`), found outside every scalar."""
    if "#" not in text:
        return []
    import yaml

    covered: dict[int, list[tuple[int, int]]] = {}
    try:
        for token in yaml.scan(text, Loader=yaml.CSafeLoader):
            if token.start_mark.line == token.end_mark.line == 0 and not token.end_mark.column:
                continue
            start, end = token.start_mark, token.end_mark
            for row in range(start.line, end.line + 1):
                first = start.column if row == start.line else 0
                last = end.column if row == end.line else 1 << 30
                covered.setdefault(row, []).append((first, last))
    except yaml.YAMLError:
        return []
    found: list[tuple[int, str]] = []
    for number, line in enumerate(text.split("\n")):
        spans = covered.get(number, [])
        at = line.find("#")
        while at >= 0:
            inside = any(a <= at < z for a, z in spans)
            if not inside and (at == 0 or line[at - 1] in " \t"):
                found.append((number, line[at:].rstrip("\r").rstrip()))
                break
            at = line.find("#", at + 1)
    return found


def _block(
    key: str,
    b_meta: dict[str, Any] | Any,
    b: Note | None,
    o: Note,
    t: Note,
    labels: Labels,
    size: int,
    newline: str,
) -> str:
    """Conflict markers around one field: ours, the base, theirs."""

    def marker(char: str, label: str) -> str:
        return char * size + (f" {label}" if label else "") + newline

    base_text = "" if b_meta is UNKNOWN else _side_text(key, b, newline)
    return (
        marker("<", labels.ours)
        + _side_text(key, o, newline)
        + marker("|", labels.base)
        + base_text
        + "=" * size
        + newline
        + _side_text(key, t, newline)
        + marker(">", labels.theirs)
    )


def _lines(
    base: bytes,
    ours: bytes,
    theirs: bytes,
    labels: Labels,
    size: int,
    virtual: bool,
    reason: str,
) -> NoteMerge:
    """git's line merge of the whole file (the base's text when merging ancestors)."""
    merged = merge_file(ours, base, theirs, labels, size)
    if virtual and merged.conflicts:
        return NoteMerge(base or ours, [], f"line merge ({reason}): base kept")
    return NoteMerge(merged.data, [WHOLE] if merged.conflicts else [], f"line merge ({reason})")
