"""`papervault merge-driver [--inner] %O %A %B %L %P [%S %X %Y]`: git's merge driver for notes.

git runs it (through the shim `papervault install` writes) with the base, ours and theirs
versions in temporary files; the merged note goes to %A, exit 0 when clean, 1 when a
conflict stays marked in the file. It never exits above 1 (above 128 aborts the whole
merge on git >= 2.42), never leaves %A as ours without markers, never writes an empty
result and never writes anything but %A (not the work tree: %P is only a name).
`--inner` is the merge of common ancestors (merge.<driver>.recursive): no markers, exit 0.
On git < 2.44 the labels %S/%X/%Y arrive as those literal strings: the driver then names the
sides as git's own line merge does (`papervault.merge.labels`: the merged branch, or in a
rebase `HEAD` and the commit being replayed).

The shim normally hands notes to the merge server (`papervault.merge.server`), which runs
this same `drive`; this command is its fallback. Under the shim (PAPERVAULT_DRIVER_SHIM=1)
the outcome is reported as 10 (clean) or 11
(conflict), so the shim can tell a crash of Python itself (exit 1, a traceback) from a
conflict and fall back to git's own line merge.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from collections.abc import Sequence
from pathlib import Path

from papervault.merge.text import MARKER_SIZE
from papervault.merge.text import Labels
from papervault.merge.text import merge_file

SHIM_ENV = "PAPERVAULT_DRIVER_SHIM"
CLEAN, CONFLICT, FAILED = 0, 1, 2
SHIM_STATUS = {CLEAN: 10, CONFLICT: 11}
USAGE = "usage: papervault merge-driver [--inner] BASE OURS THEIRS [MARKER-SIZE PATH [S X Y]]"

# (base, ours, theirs, labels, marker size, inner, path) -> (merged bytes, conflicts, report)
Merge = Callable[[bytes, bytes, bytes, Labels, int, bool, str], tuple[bytes, list[str], str]]


def main(argv: Sequence[str] | None = None) -> int:
    return drive(list(sys.argv[1:] if argv is None else argv), merge_note_files, USAGE)


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


def drive(args: list[str], merge: Merge, usage: str) -> int:
    """Run a driver: never raises, never exits above 1 (10/11/2 under the shim)."""
    shim = os.environ.get(SHIM_ENV) == "1"
    try:
        status = _run(args, merge, usage)
    except BaseException:  # KeyboardInterrupt, MemoryError...: still never above 1
        status = _rescue(args)
    if shim:
        return SHIM_STATUS.get(status, 2)
    return CLEAN if status == CLEAN else CONFLICT


def _run(args: list[str], merge: Merge, usage: str) -> int:
    inner = "--inner" in args
    args = [a for a in args if a != "--inner"]
    if len(args) < 3:
        print(usage, file=sys.stderr)
        return FAILED
    if not inner:
        from papervault.merge.labels import fill

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
        return CONFLICT
    if report and not report.startswith(("unchanged", "same", "taken")):
        print(f"papervault: {name}: {report}", file=sys.stderr)
    return CLEAN


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


def _rescue(args: list[str]) -> int:
    """After an unexpected failure: git's line merge into %A, so no side is lost silently."""
    try:
        paths = [Path(a) for a in args if a != "--inner"][:3]
        base, ours, theirs = (p.read_bytes() for p in paths)
        merged = merge_file(ours, base, theirs)
        if merged.data or not (ours or theirs):
            write_result(paths[1], merged.data)
            return CONFLICT
    except BaseException:
        pass
    return FAILED
