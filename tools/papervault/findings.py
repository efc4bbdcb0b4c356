"""The one finding type: what a check found, printed `path:line:col: rule message` (pure).

The lint, the contents check and every other checker hand these to their command, which
prints them sorted (a warning ends in ` [warning]`); `--format json` writes their fields in
this order.
"""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True, slots=True)
class Finding:
    """One finding, as every output format shows it (sorted by path, line, column)."""

    path: str
    line: int
    col: int
    severity: str
    rule: str
    message: str

    def __str__(self) -> str:
        suffix = " [warning]" if self.severity == WARNING else ""
        return f"{self.path}:{self.line}:{self.col}: {self.rule} {self.message}{suffix}"
