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

from dataclasses import dataclass
from dataclasses import field
from typing import Any

from papervault.errors import NoteError
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
    if note.source is None or not note.source.closer:
        return UNKNOWN, Note("base", {}, text)
    return note.meta, note


def _body_of(text: str) -> str:
    """The body after a `---` block, found by its delimiter lines alone."""
    lines = text.splitlines(keepends=True)
    if lines and lines[0].lstrip("\ufeff").rstrip() == "---":
        for i in range(1, len(lines)):
            if lines[i].rstrip() in ("---", "..."):
                return "".join(lines[i + 1 :])
    return text


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
    parts = [o.source.head]
    o_chunks = o.source.chunks or {}
    for key in key_order(o.meta, t.meta):
        trailer = o_chunks[key][1] if key in o_chunks else ""
        if key in conflicts:
            parts.append(_block(key, b_meta, b, o, t, labels, size, newline))
        elif key in meta:
            parts.append(_field_text(key, meta[key], o, t, newline))
        parts.append(trailer)
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


def _field_text(key: str, value: Any, o: Note, t: Note, newline: str) -> str:
    """Ours' bytes if the value is ours', theirs' bytes if theirs', else a fresh dump."""
    for note in (o, t):
        if key in note.meta and same(note.meta[key], value):
            return _side_text(key, note, newline)
    return dump_field(key, value, newline)


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
