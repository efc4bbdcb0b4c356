"""The quick merge: when the front matter changed on one side at most, no YAML is needed.

The front matter block is taken whole from the side that changed it (byte for byte, as
git's line merge would), the body merged by git's line merge. This module imports no
YAML and no dataclasses, so a driver that needs nothing more starts fast; anything
unusual (binary data, markers in a side, a missing block, mixed newlines, invalid UTF-8,
front matter changed on both sides) returns None and the full merge (`note`) decides.
"""

from __future__ import annotations

from papervault import front_matter
from papervault.merge.text import Labels
from papervault.merge.text import has_markers
from papervault.merge.text import merge_file

BODY = "body"  # the conflict name of the body
WHOLE = "file"  # the conflict name of a whole-file line merge


split = front_matter.split_bytes  # (the front matter block, the body); None without one


def quick_merge(
    base: bytes, ours: bytes, theirs: bytes, labels: Labels, size: int, virtual: bool = False
) -> tuple[bytes, int, str] | None:
    """(merged bytes, body conflicts, how) without parsing YAML, or None."""
    if ours == theirs or base == theirs:
        return ours, 0, "unchanged" if base == theirs else "same on both sides"
    if base == ours:
        return theirs, 0, "taken from theirs"
    if b"\0" in base or b"\0" in ours or b"\0" in theirs:
        return None
    if (b"\r\n" in ours) != (b"\r\n" in theirs) or has_markers(ours) or has_markers(theirs):
        return None
    b_split, o_split, t_split = split(base), split(ours), split(theirs)
    if b_split is None or o_split is None or t_split is None:
        return None
    (b_front, b_body), (o_front, o_body), (t_front, t_body) = b_split, o_split, t_split
    if o_front == t_front or b_front == t_front:
        front, side = o_front, "ours"
    elif b_front == o_front:
        front, side = t_front, "theirs"
    else:
        return None  # both sides changed the front matter: merge it field by field
    try:
        for data in (base, ours, theirs):
            data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if o_body == t_body or b_body == t_body:
        body, conflicts = o_body, 0
    elif b_body == o_body:
        body, conflicts = t_body, 0
    else:
        body, conflicts = merge_file(o_body, b_body, t_body, labels, size)
        if conflicts and virtual:
            return None
    return front + body, conflicts, f"front matter from {side}, body merged"
