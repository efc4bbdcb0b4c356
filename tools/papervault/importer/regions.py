"""Conflict markers in a source list (pure), found by `papervault.conflicts`.

- A region inside the hand-written contents is not data: its lines are read on every side
  (each side is one version of the contents) so that every chapter and section either side
  names survives.
- A region, or a lone marker, made only of markers (no content on any of its lines)
  carries no data: its lines are accounted as marker lines.
- Any other region stops the import: `Refused` names its lines, and nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field

from papervault.conflicts import CLOSE
from papervault.conflicts import ERROR
from papervault.conflicts import Conflict
from papervault.conflicts import find_conflicts
from papervault.conflicts import line_markers
from papervault.errors import VaultError

RULE = "import-conflict"


class Refused(VaultError):
    """The source holds conflicts that carry data outside the contents."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


@dataclass
class Regions:
    """The source's conflicts, sorted out."""

    conflicts: list[Conflict]
    marker_lines: set[int] = field(default_factory=set)  # accounted as markers


def find(text: str) -> Regions:
    """Every error-severity conflict in the text (warnings stay ordinary text)."""
    return Regions([c for c in find_conflicts(text) if c.severity == ERROR])


def residue(line: str) -> str:
    """What is left of a line once its markers (and their labels) are taken out."""
    rest = line
    for marker in line_markers(line):
        rest = rest.replace(marker.text, "", 1)
    return rest.strip()


def only_markers(lines: list[str], conflict: Conflict) -> bool:
    """Whether every line of the region holds nothing but markers and blanks."""
    return all(not residue(lines[n - 1]) for n in range(conflict.line, conflict.end_line + 1))


def sort_out(
    regions: Regions,
    lines: list[str],
    contents: tuple[int, int] | None,
    source: str,
    where: Callable[[int], str] | None = None,
) -> list[Conflict]:
    """The regions inside the contents; marker-only lines noted; anything else refused."""
    inside: list[Conflict] = []
    refused: list[str] = []
    for conflict in regions.conflicts:
        if contents and contents[0] <= conflict.line and conflict.end_line <= contents[1]:
            inside.append(conflict)
            regions.marker_lines.update(n for n, _ in conflict.markers)
        elif conflict.kind != "unterminated-conflict" and only_markers(lines, conflict):
            regions.marker_lines.update(range(conflict.line, conflict.end_line + 1))
        else:
            span = (
                f"line {conflict.line}"
                if conflict.line == conflict.end_line
                else f"lines {conflict.line}-{conflict.end_line}"
            )
            place = where(conflict.line) if where is not None else ""
            refused.append(
                f"{source}:{conflict.line}:{conflict.col}: {RULE} {conflict.kind} ({span})"
                f" outside the contents{', ' + place if place else ''}: resolve it in the list"
                " first; nothing was written"
            )
    if refused:
        raise Refused(refused)
    return inside


def sides(lines: list[str], first: int, last: int, inside: list[Conflict]) -> list[list[int]]:
    """The versions of lines first..last: the lines outside every region plus one side of
    each region (first sides, then second sides, ...), marker lines left out."""
    count = 1
    splits: list[tuple[Conflict, list[list[int]]]] = []
    for conflict in inside:
        parts: list[list[int]] = []
        markers = dict(conflict.markers)
        for n in range(conflict.line, conflict.end_line + 1):
            marker = markers.get(n)
            if marker is not None:
                if marker.kind != CLOSE or not parts:
                    parts.append([])
                continue
            if not parts:
                parts.append([])
            parts[-1].append(n)
        parts = [p for p in parts if p] or [[]]
        splits.append((conflict, parts))
        count = max(count, len(parts))
    versions: list[list[int]] = []
    for i in range(count):
        version: list[int] = []
        n = first
        for conflict, parts in splits:
            version.extend(range(n, conflict.line))
            version.extend(parts[min(i, len(parts) - 1)])
            n = conflict.end_line + 1
        version.extend(range(n, last + 1))
        versions.append(version)
    return versions
