"""What becomes of each path a merge left in conflict: the policy of `papervault resolve` (pure).

The command reads git (the index stages, attributes, what the merge changed) and the work
tree, hands the bytes here, writes what comes back and prints the findings. Nothing here
prints, runs git or touches a file.

- A conflicted path that is not a note (no note driver, not a `.md` of the vault) is a
  `merge-conflict` for a person.
- A person's choice is final: both sides staged and the file holds no markers (`git checkout
  --ours/--theirs`, or edited by hand) → kept as it is.
- Otherwise the note is re-merged from its stages with the note driver's field-by-field
  merge → resolved, or a `merge-conflict` at each block of markers; a note deleted on one
  side is a `modify-delete`, two different papers added at one path an `add-add`. What the
  file held is backed up when the re-merge replaces a hand edit (neither side's bytes).
- Markers left in a file the merge changed (staged before the edit) are a `merge-conflict`.
- Two notes that are one paper, one of them brought or changed by the merge, are a
  `duplicate-paper` naming both paths: a person decides, nothing is deleted.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from papervault import identity
from papervault.errors import NoteError
from papervault.findings import ERROR
from papervault.findings import Finding
from papervault.merge.note import merge_note
from papervault.merge.quick import WHOLE
from papervault.merge.text import DEFAULT_LABELS
from papervault.merge.text import Labels
from papervault.merge.text import has_markers
from papervault.notes import loads

BASE, OURS, THEIRS = 1, 2, 3  # git's index stages
KEPT, RESOLVED, OPEN = "kept", "resolved", "open"  # open: it needs a person
FIELD_LINE = re.compile(r"^\ufeff?([^\s#:'\"][^:]*):")
KEY_NAMES = {"title": "title", "url": "url", "arxiv": "arXiv id", "doi": "DOI"}


@dataclass(frozen=True, slots=True)
class Outcome:
    """What becomes of one conflicted path: its status, the bytes to write to the work tree
    (None: leave the file as it is), what to keep in the git directory first (None:
    nothing), and the findings of a path that needs a person."""

    status: str
    write: bytes | None = None
    backup: bytes | None = None
    findings: tuple[Finding, ...] = ()


def finding(path: str, line: int, rule: str, message: str) -> Finding:
    return Finding(path, line, 1, ERROR, rule, message)


def is_note(path: str, driven: bool, in_vault: bool) -> bool:
    """Whether resolve re-merges a path: the note driver merges it, or a `.md` of the vault."""
    return driven or (path.endswith(".md") and in_vault)


def resolve(
    path: str,
    stages: Mapping[int, bytes],
    current: bytes | None,
    note: bool,
    labels: Labels = DEFAULT_LABELS,
) -> Outcome:
    """One conflicted path: `stages` its index stages' bytes, `current` the work tree's file
    (None when there is none), `note` as `is_note` says."""
    if not note:
        return _open(finding(path, 1, "merge-conflict", "not a note: resolve it by hand"))
    if chosen(stages, current):
        return Outcome(KEPT)
    return remerge(path, stages, current, labels)


def chosen(stages: Collection[int], current: bytes | None) -> bool:
    """Whether a person already chose: both sides are staged (not modify/delete, where the
    work tree holds the modified side on its own) and the file holds no conflict markers."""
    return OURS in stages and THEIRS in stages and current is not None and not has_markers(current)


def remerge(
    path: str, stages: Mapping[int, bytes], current: bytes | None, labels: Labels = DEFAULT_LABELS
) -> Outcome:
    """Re-merge one conflicted note from its stages."""
    if OURS not in stages or THEIRS not in stages:
        side = "theirs" if OURS in stages else "ours"
        message = (
            f"deleted by {side}, changed on the other side: keep it (git add) or delete it (git rm)"
        )
        return _open(finding(path, 1, "modify-delete", message))
    ours, theirs = stages[OURS], stages[THEIRS]
    if BASE not in stages and (names := different_papers(ours, theirs)):
        return _open(finding(path, 1, "add-add", f"two different papers added here: {names}"))
    result = merge_note(stages.get(BASE, b""), ours, theirs, labels)
    write = None if current == result.data else result.data
    hand_edit = write is not None and current is not None and current not in (ours, theirs)
    backup = current if hand_edit else None  # a partial resolution by hand is never lost
    if result.clean:
        return Outcome(RESOLVED, write, backup)
    found = conflict_findings(path, result.data, result.conflicts)
    return Outcome(OPEN, write, backup, tuple(found))


def different_papers(ours: bytes, theirs: bytes) -> str:
    """`'a' and 'b'`, the titles of two different papers (`identity.same_paper` says no)
    added at one path, else "" (the same paper twice, or a side that does not read)."""
    mine, other = _meta(ours), _meta(theirs)
    if mine is None or other is None or identity.same_paper(mine, other):
        return ""
    titles = [str(m.get("title") or "") for m in (mine, other)]
    if not all(identity.title_key(t) for t in titles):
        return ""
    return " and ".join(sorted(repr(t) for t in titles))


def conflict_findings(path: str, data: bytes, conflicts: Sequence[str]) -> list[Finding]:
    """One finding per conflict block, at its opening marker."""
    lines = data.decode("utf-8", "replace").splitlines()
    found: list[Finding] = []
    for number, line in enumerate(lines, 1):
        if not line.startswith("<<<<<<<"):
            continue
        field = _block_field(lines, number, conflicts)
        if field:
            what = f"field {field!r} changed differently on both sides"
        elif WHOLE in conflicts:
            what = "the file could not be merged field by field; both sides kept"
        else:
            what = "the text changed at the same place on both sides"
        found.append(finding(path, number, "merge-conflict", what))
    return found or [finding(path, 1, "merge-conflict", "both sides kept")]


def leftover_markers(path: str, data: bytes) -> list[Finding]:
    """Conflict markers still in a file the merge changed: a note staged with its markers
    (git add before the edit) is no longer unmerged, but it still needs a person."""
    from papervault.conflicts import find_conflicts

    text = data.decode("utf-8", "replace")
    return [
        finding(path, c.line, "merge-conflict", f"markers left ({c.text}): edit the file")
        for c in find_conflicts(text)
        if c.severity == ERROR
    ]


def duplicates(groups: Mapping[str, Sequence[str]], touched: Collection[str]) -> list[Finding]:
    """Two notes that are one paper (`groups`: each identity key two or more notes share, with
    their paths), one of them brought or changed by the merge (in `touched`): a finding at the
    first such note naming the others; nothing is deleted, a person decides."""
    found = []
    for key, paths in sorted(groups.items()):
        mine = [p for p in paths if p in touched]
        if not mine:
            continue
        others = ", ".join(p for p in paths if p != mine[0])
        kind, _, value = key.partition(":")
        message = (
            f"one paper in two notes? {others} has the same {KEY_NAMES.get(kind, kind)}"
            f" ({value}): a person decides, nothing was deleted"
        )
        found.append(finding(mine[0], 1, "duplicate-paper", message))
    return found


def _open(*found: Finding) -> Outcome:
    return Outcome(OPEN, findings=found)


def _block_field(lines: list[str], start: int, conflicts: Sequence[str]) -> str:
    """The front-matter field a conflict block (opening at line `start`) is about, if any."""
    for line in lines[start:]:
        if line.startswith(">>>>>>>"):
            break
        match = FIELD_LINE.match(line)
        if match and match.group(1) in conflicts:
            return match.group(1)
    return ""


def _meta(data: bytes) -> dict[str, Any] | None:
    try:
        return loads(data.decode("utf-8"), "note").meta
    except (NoteError, UnicodeDecodeError):
        return None
