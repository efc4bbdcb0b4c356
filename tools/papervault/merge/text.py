"""git's line merge (`git merge-file`), and a both-sides block when git cannot merge."""

from __future__ import annotations

import os
import re
from typing import NamedTuple  # not dataclasses: that imports inspect, slow for a driver

MARKER_SIZE = 7
LABELS = ("ours", "base", "theirs")


class Labels(NamedTuple):
    """The names shown after the conflict markers."""

    ours: str = LABELS[0]
    base: str = LABELS[1]
    theirs: str = LABELS[2]


DEFAULT_LABELS = Labels()


class LineMerge(NamedTuple):
    """A line merge's text and how many conflicts it holds (0 = clean)."""

    data: bytes
    conflicts: int


def marker_lines(size: int = MARKER_SIZE) -> re.Pattern[bytes]:
    """Conflict-marker lines of `size` (or more) characters, as git writes them."""
    return re.compile(
        rb"^(?:<{%d,}|>{%d,}|\|{%d,})(?:[ \t].*)?\r?$|^={%d}\r?$" % (size, size, size, size),
        re.MULTILINE,
    )


def has_markers(data: bytes, size: int = MARKER_SIZE) -> bool:
    """Whether `data` holds an opening or closing conflict marker line."""
    return any(m.group().startswith((b"<", b">")) for m in marker_lines(size).finditer(data))


def merge_file(
    ours: bytes,
    base: bytes,
    theirs: bytes,
    labels: Labels = DEFAULT_LABELS,
    marker_size: int = MARKER_SIZE,
    style: str = "--diff3",
) -> LineMerge:
    """`git merge-file -p` on three texts; a both-sides block when git refuses (binary)."""
    import subprocess  # here, not at the top: a driver that needs no line merge starts faster
    import tempfile

    with tempfile.TemporaryDirectory(prefix="papervault-merge-") as tmp:
        paths = []
        for name, data in (("ours", ours), ("base", base), ("theirs", theirs)):
            path = os.path.join(tmp, name)
            with open(path, "wb") as f:
                f.write(data)
            paths.append(path)
        args = ["git", "merge-file", "-p", f"--marker-size={marker_size}"]
        if style:
            args.append(style)
        args += ["-L", labels.ours, "-L", labels.base, "-L", labels.theirs, *paths]
        try:
            proc = subprocess.run(args, capture_output=True, check=False)
        except OSError:
            return LineMerge(both_sides(ours, theirs, labels, marker_size), 1)
    if proc.returncode < 0 or proc.returncode > 127:
        return LineMerge(both_sides(ours, theirs, labels, marker_size), 1)
    return LineMerge(proc.stdout, proc.returncode)


def both_sides(
    ours: bytes,
    theirs: bytes,
    labels: Labels = DEFAULT_LABELS,
    marker_size: int = MARKER_SIZE,
) -> bytes:
    """The whole of each side between conflict markers: nothing dropped, bytes kept."""

    def closed(data: bytes) -> bytes:
        return data if not data or data.endswith(b"\n") else data + b"\n"

    def marker(char: str, label: str) -> bytes:
        return (char * marker_size + (f" {label}" if label else "") + "\n").encode()

    return (
        marker("<", labels.ours)
        + closed(ours)
        + ("=" * marker_size + "\n").encode()
        + closed(theirs)
        + marker(">", labels.theirs)
    )
