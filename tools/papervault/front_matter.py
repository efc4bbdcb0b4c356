"""Where a note's front matter is: the one finder of its delimiter lines (pure, stdlib only).

A note's front matter opens on its first line with `---` (after an optional byte-order mark,
trailing spaces allowed) and closes at the next line that is `---` or `...`. The note model,
the lint's positions, the merge drivers and the conflict guard all find it here, so they
cannot disagree about where it ends. Standard library only: the merge driver's quick path
and the conflict hook import it at start-up.
"""

from __future__ import annotations

from collections.abc import Sequence

BOM = "\ufeff"
OPEN = "---"
CLOSE = ("---", "...")
_BOM_BYTES = BOM.encode("utf-8")
_CLOSE_BYTES = tuple(c.encode("ascii") for c in CLOSE)


def opens(line: str) -> bool:
    """Whether a note's first line opens front matter."""
    return line.lstrip(BOM).rstrip() == OPEN


def closing_line(lines: Sequence[str]) -> int | None:
    """The 0-based index of the line that closes the front matter `lines[0]` opens; None
    when the first line opens none or nothing closes it."""
    if not lines or not opens(lines[0]):
        return None
    return next((i for i in range(1, len(lines)) if lines[i].rstrip() in CLOSE), None)


def split(text: str) -> tuple[str, str] | None:
    """(the front matter with its delimiter lines, the body), or None without a closed one."""
    lines = text.splitlines(keepends=True)
    end = closing_line(lines)
    if end is None:
        return None
    head = "".join(lines[: end + 1])
    return head, text[len(head) :]


def split_bytes(data: bytes) -> tuple[bytes, bytes] | None:
    """`split` for raw bytes, lines ending at b"\\n" (the merge driver's view of a file)."""
    end = data.find(b"\n")
    if end < 0 or data[:end].removeprefix(_BOM_BYTES).rstrip() != OPEN.encode("ascii"):
        return None
    pos = end + 1
    while pos < len(data):
        end = data.find(b"\n", pos)
        stop = len(data) if end < 0 else end + 1
        if data[pos:stop].rstrip() in _CLOSE_BYTES:
            return data[:stop], data[stop:]
        pos = stop
    return None
