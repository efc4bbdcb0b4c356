"""`papervault resolve`: finish a merge, rebase, cherry-pick or revert caught on conflicts.

For every conflicted note it re-merges the three index stages (base, ours, theirs) with
the note driver's field-by-field merge, so a clone that merged without the drivers (git's
line merge, markers between adjacent fields) ends where a clone with them would have.
Then it stages (`git add`) what is resolved and lists what needs a person,
`path:line:col: rule message`, with exit 1:

- `merge-conflict`: a field changed differently on both sides, or the body changed at the
  same place (the markers stay around that field or hunk alone);
- `modify-delete`: a note deleted on one side and changed on the other (git never calls a
  driver for these; the changed note is in the work tree: `git add` or `git rm` it);
- `add-add`: two different papers added at the same path.

Two notes the merge made one paper (the same title, arXiv id, DOI or address, one of them
brought or changed by the merge) are listed as `duplicate-paper` with both paths; nothing is
deleted, and the exit does not change (the lint blocks committing them).

A person's choice is final: a conflicted note whose markers are gone (`git checkout
--ours/--theirs`, or edited by hand, whatever it now holds) is never re-merged; it is
staged as the person left it, and the conflict guard and lint check it like any note.
A conflicted note still holding markers is rewritten from the stages; what it held before
is kept in `.git/papervault/resolve/<path>`.

Exit 0 when everything is resolved, 2 when no merge is in progress. Running it twice
changes nothing: the stages stay until a note is resolved, and the same stages give the
same bytes.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from pathlib import Path

from papervault import gitutil
from papervault.commands import add_vault_option
from papervault.commands import parser
from papervault.commands.install import NOTE_DRIVER
from papervault.config import relative_to_cwd
from papervault.config import vault_dir
from papervault.errors import NoteError
from papervault.files import atomic_write
from papervault.merge.labels import after_stop
from papervault.merge.note import merge_note
from papervault.merge.quick import WHOLE
from papervault.merge.text import DEFAULT_LABELS
from papervault.merge.text import Labels
from papervault.merge.text import has_markers
from papervault.names import normalize_title
from papervault.notes import loads

Finding = tuple[str, int, str]  # path from the top of the work tree, line, rule and message
FIELD_LINE = re.compile(r"^\ufeff?([^\s#:'\"][^:]*):")


def main(argv: Sequence[str] | None = None) -> int:
    p = parser("resolve", "Finish a merge, rebase or cherry-pick stopped on conflicts.")
    add_vault_option(p)
    args = p.parse_args(argv)
    top = gitutil.toplevel()
    operation = gitutil.operation(top)
    if operation is None:
        print("papervault resolve: no merge, rebase or cherry-pick in progress", file=sys.stderr)
        return 2
    vault = (Path.cwd() / vault_dir(args.vault)).resolve()
    stages = unmerged(top)
    notes = list(stages)
    ours, base, theirs = after_stop(top)
    labels = Labels(ours, base, theirs)  # git's names: in a rebase "ours" is upstream
    kinds = _attributes(top, notes)
    findings: list[Finding] = []
    resolved: list[str] = []
    kept: list[str] = []  # markers removed by a person: their choice is final
    for path in notes:
        if kinds.get(path) != NOTE_DRIVER and not _in_vault(path, vault, top):
            findings.append((path, 1, "merge-conflict not a note: resolve it by hand"))
            continue
        if chosen(top, path, stages[path]):
            kept.append(path)
            continue
        outcome = resolve_note(top, path, stages[path], labels)
        if outcome is None:
            resolved.append(path)
        else:
            findings += outcome
    if resolved or kept:
        gitutil.run("add", "--", *resolved, *kept, cwd=top)
    shown = {p: relative_to_cwd(top / p).as_posix() for p in stages}
    for path in sorted([*resolved, *kept]):
        how = "kept as you left it" if path in kept else "resolved"
        print(f"papervault resolve: {shown[path]}: {how}")
    findings += leftover_markers(top, vault, {path for path, _, _ in findings})
    for path, number, message in sorted(findings):
        print(f"{shown.get(path, path)}:{number}:1: {message}")
    for line in merge_duplicates(top, vault):
        print(line)
    if findings:
        count = len({path for path, _, _ in findings})
        print(f"papervault resolve: {count} file(s) need a person; then git add them and continue")
        return 1
    print(f"papervault resolve: nothing left to resolve; continue the {operation}")
    return 0


def merge_duplicates(top: Path, vault: Path) -> list[str]:
    """Two notes that are one paper (an identity key of `review.identities` in common), one
    of them brought or changed by this merge: reported with both paths, nothing deleted; the
    lint blocks committing them until a person decides."""
    from papervault.review import duplicate_keys
    from papervault.vault import load_vault

    listed = gitutil.run("diff", "--name-only", "-z", "HEAD", "--", _relative(vault, top), cwd=top)
    touched = {p for p in listed.decode("utf-8", "surrogateescape").split("\0") if p}
    if not touched:
        return []
    found = []
    for key, rels in sorted(duplicate_keys(load_vault(vault)).items()):
        paths = [_relative(vault / rel, top) for rel in rels]
        mine = [p for p in paths if p in touched]
        if not mine:
            continue
        shown = [relative_to_cwd(top / p).as_posix() for p in paths]
        first = shown[paths.index(mine[0])]
        others = ", ".join(p for p in shown if p != first)
        kind, _, value = key.partition(":")
        what = {"title": "title", "url": "url", "arxiv": "arXiv id", "doi": "DOI"}.get(kind, kind)
        found.append(
            f"{first}:1:1: duplicate-paper one paper in two notes? {others} has the same"
            f" {what} ({value}): a person decides, nothing was deleted"
        )
    return found


def leftover_markers(top: Path, vault: Path, known: set[str]) -> list[Finding]:
    """Conflict markers still in the vault's changed files: a note staged with its markers
    (git add before the edit) is no longer unmerged, but it still needs a person."""
    from papervault.conflicts import find_conflicts

    listed = gitutil.run("diff", "--name-only", "-z", "HEAD", "--", _relative(vault, top), cwd=top)
    found: list[Finding] = []
    for path in sorted(p for p in listed.decode("utf-8", "surrogateescape").split("\0") if p):
        if path in known or not (top / path).is_file():
            continue
        text = (top / path).read_bytes().decode("utf-8", "replace")
        for c in find_conflicts(text):
            if c.severity == "error":
                found.append(
                    (path, c.line, f"merge-conflict markers left ({c.text}): edit the file")
                )
    return found


def unmerged(top: Path) -> dict[str, dict[int, str]]:
    """Conflicted paths and their index stages: {path: {stage: blob id}}."""
    out = gitutil.run("ls-files", "-u", "-z", cwd=top)
    found: dict[str, dict[int, str]] = {}
    for entry in out.split(b"\0"):
        if b"\t" not in entry:
            continue
        meta, name = entry.split(b"\t", 1)
        _, sha, stage = meta.decode().split()
        found.setdefault(name.decode("utf-8", "surrogateescape"), {})[int(stage)] = sha
    return dict(sorted(found.items()))


def chosen(top: Path, path: str, stages: dict[int, str]) -> bool:
    """Whether a person already chose: both sides are staged (not modify/delete, where the
    work tree holds the modified side on its own) and the file holds no conflict markers."""
    if 2 not in stages or 3 not in stages:
        return False
    target = top / path
    return target.is_file() and not has_markers(target.read_bytes())


def resolve_note(
    top: Path, path: str, stages: dict[int, str], labels: Labels = DEFAULT_LABELS
) -> list[Finding] | None:
    """Re-merge one conflicted note from its stages: None when resolved, else findings."""
    if 2 not in stages or 3 not in stages:
        side = "theirs" if 2 in stages else "ours"
        return [
            (
                path,
                1,
                f"modify-delete deleted by {side}, changed on the other side: "
                "keep it (git add) or delete it (git rm)",
            )
        ]
    base = _blob(top, stages[1]) if 1 in stages else b""
    ours, theirs = _blob(top, stages[2]), _blob(top, stages[3])
    if 1 not in stages:
        titles = {_title(ours), _title(theirs)}
        if len(titles) > 1 and "" not in titles:
            names = " and ".join(repr(t) for t in sorted(titles))
            return [(path, 1, f"add-add two different papers added here: {names}")]
    target = top / path
    current = target.read_bytes() if target.is_file() else None
    result = merge_note(base, ours, theirs, labels)
    if current != result.data:
        if current is not None and current not in (ours, theirs):
            backup = gitutil.git_path(f"papervault/resolve/{path}", top)
            atomic_write(backup, current)  # a partial resolution by hand is never lost
        atomic_write(target, result.data)
    if result.clean:
        return None
    return conflict_findings(path, result.data, result.conflicts)


def conflict_findings(path: str, data: bytes, conflicts: list[str]) -> list[Finding]:
    """One finding per conflict block, at its opening marker."""
    lines = data.decode("utf-8", "replace").splitlines()
    findings: list[Finding] = []
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
        findings.append((path, number, f"merge-conflict {what}"))
    if not findings:
        findings.append((path, 1, "merge-conflict both sides kept"))
    return findings


def _block_field(lines: list[str], start: int, conflicts: list[str]) -> str:
    """The front-matter field a conflict block (opening at line `start`) is about, if any."""
    for line in lines[start:]:
        if line.startswith(">>>>>>>"):
            break
        match = FIELD_LINE.match(line)
        if match and match.group(1) in conflicts:
            return match.group(1)
    return ""


def _blob(top: Path, sha: str) -> bytes:
    return gitutil.run("cat-file", "blob", sha, cwd=top)


def _title(data: bytes) -> str:
    try:
        return normalize_title(loads(data.decode("utf-8"), "note").title)
    except (NoteError, UnicodeDecodeError):
        return ""


def _attributes(top: Path, paths: list[str]) -> dict[str, str]:
    """The `merge` attribute of each path."""
    if not paths:
        return {}
    out = gitutil.run("check-attr", "-z", "merge", "--", *paths, cwd=top).split(b"\0")
    return {
        out[i].decode("utf-8", "surrogateescape"): out[i + 2].decode()
        for i in range(0, len(out) - 2, 3)
    }


def _in_vault(path: str, vault: Path, top: Path) -> bool:
    return path.endswith(".md") and (top / path).resolve().is_relative_to(vault)


def _relative(path: Path, top: Path) -> str:
    try:
        return path.relative_to(top.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
