"""One run of the note driver in this process: `[--inner] %O %A %B %L %P [%S %X %Y]`.

git passes the base, ours and theirs versions in temporary files; the merged note goes to
%A. A run never raises, never leaves %A as ours without markers when the sides differ,
never writes an empty result and never writes anything but %A (not the work tree: %P is
only a name). `--inner` is the merge of common ancestors (merge.<driver>.recursive): no
markers. On git < 2.44 the labels %S/%X/%Y arrive as those literal strings: the sides are
then named as git's own line merge names them (`papervault.driver.labels`).

`drive` answers a `Status`; the server runs it for every note of a merge, `main` is what the
shim runs when no server answers, and `papervault merge-driver` turns it into git's 0 / 1.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from collections.abc import Sequence
from pathlib import Path

from papervault.driver.status import Status
from papervault.merge.text import MARKER_SIZE
from papervault.merge.text import Labels
from papervault.merge.text import merge_file

USAGE = "usage: papervault merge-driver [--inner] BASE OURS THEIRS [MARKER-SIZE PATH [S X Y]]"

# (base, ours, theirs, labels, marker size, inner, path) -> (merged bytes, conflicts, report)
Merge = Callable[[bytes, bytes, bytes, Labels, int, bool, str], tuple[bytes, list[str], str]]


def main(argv: Sequence[str] | None = None) -> int:
    """The shim's fallback when no server answers: the run's `Status` as the exit code."""
    return drive(list(sys.argv[1:] if argv is None else argv))


def merge_note_files(
    base: bytes, ours: bytes, theirs: bytes, labels: Labels, size: int, inner: bool, path: str
) -> tuple[bytes, list[str], str]:
    from papervault.merge.quick import BODY
    from papervault.merge.quick import quick_merge

    quick = quick_merge(base, ours, theirs, labels, size, inner)
    if quick is not None:  # no YAML needed: the driver never imports it
        data, conflicts, how = quick
        return data, [BODY] if conflicts else [], how

    from papervault.merge.note import merge_note

    result = merge_note(base, ours, theirs, labels, size, virtual=inner)
    report = result.how
    if result.taken:
        report += ": " + ", ".join(result.taken)
    return result.data, result.conflicts, report


def drive(args: list[str], merge: Merge = merge_note_files, usage: str = USAGE) -> Status:
    """Run the driver on `args`; never raises (KeyboardInterrupt, MemoryError...: rescued)."""
    try:
        return _run(args, merge, usage)
    except BaseException:
        return _rescue(args)


def _run(args: list[str], merge: Merge, usage: str) -> Status:
    inner = "--inner" in args
    args = [a for a in args if a != "--inner"]
    if len(args) < 3:
        print(usage, file=sys.stderr)
        return Status.FAILED
    if not inner:
        from papervault.driver.labels import fill

        args = fill(args, dict(os.environ), os.getcwd())
    base_path, ours_path, theirs_path = (Path(a) for a in args[:3])
    size = _marker_size(args[3] if len(args) > 3 else "")
    path = args[4] if len(args) > 4 else ""
    name = path or ours_path.name
    labels = Labels(
        *(_label(args, i, default) for i, default in ((6, "ours"), (5, "base"), (7, "theirs")))
    )
    base, ours, theirs = (p.read_bytes() for p in (base_path, ours_path, theirs_path))
    data, conflicts, report = merge(base, ours, theirs, labels, size, inner, path)
    if not data and (ours or theirs):  # never an empty result: git's line merge instead
        return _rescue([str(base_path), str(ours_path), str(theirs_path)])
    if data != ours:
        write_result(ours_path, data)
    if conflicts:
        print(f"papervault: {name}: {report}; conflict: {', '.join(conflicts)}", file=sys.stderr)
        return Status.CONFLICT
    if report and not report.startswith(("unchanged", "same", "taken")):
        print(f"papervault: {name}: {report}", file=sys.stderr)
    return Status.CLEAN


def write_result(path: Path, data: bytes) -> None:
    """Write the result into %A itself: %A is git's own temporary file, which git reads
    only once the driver has exited, so no temporary file of ours is needed (one, killed
    mid-merge, stayed in the work tree); a partial %A after a kill is put back by the
    client, or git sees the driver die."""
    with open(path, "wb") as f:
        f.write(data)


def _marker_size(text: str) -> int:
    try:
        size = int(text)
    except ValueError:
        return MARKER_SIZE
    return size if 1 <= size <= 100 else MARKER_SIZE


def _label(args: list[str], index: int, default: str) -> str:
    """A label git passed (%S/%X/%Y, git >= 2.44); the literal placeholder means none."""
    if len(args) <= index:
        return default
    value = args[index]
    if not value or (len(value) == 2 and value.startswith("%")):
        return default
    return value


def _rescue(args: list[str]) -> Status:
    """After an unexpected failure: git's line merge into %A, so no side is lost silently."""
    try:
        paths = [Path(a) for a in args if a != "--inner"][:3]
        base, ours, theirs = (p.read_bytes() for p in paths)
        merged = merge_file(ours, base, theirs)
        if merged.data or not (ours or theirs):
            write_result(paths[1], merged.data)
            return Status.CONFLICT
    except BaseException:
        pass
    return Status.FAILED
