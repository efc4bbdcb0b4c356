"""The one finding type, and the one way it is printed (pure: text in, text out).

Every checker (the lint, the contents check, the conflict-marker hook, review, resolve)
hands its command `Finding`s; the command prints them with `render`, sorted by path, line
and column:

- `text`: `path:line:col: rule message`, one a line; a warning ends in ` [warning]`;
- `json`: a list of `{path, line, col, severity, rule, message}` objects;
- `github`: workflow commands, `::error file=P,line=L,col=C,title=RULE::MESSAGE`.

`Finding` is a named tuple, not a dataclass: the conflict-marker hook runs on every commit
and imports neither `dataclasses` nor `typing` (nor `json`, unless asked for it).
"""

from __future__ import annotations

import collections

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import NamedTuple

ERROR = "error"
WARNING = "warning"
TEXT = "text"
JSON = "json"
GITHUB = "github"
FORMATS = (TEXT, JSON, GITHUB)
FIELDS = ("path", "line", "col", "severity", "rule", "message")

if TYPE_CHECKING:

    class _Fields(NamedTuple):
        path: str
        line: int
        col: int
        severity: str
        rule: str
        message: str

else:
    _Fields = collections.namedtuple("_Fields", FIELDS)


class Finding(_Fields):
    """One finding (ordered by path, line, column, then the rest): where, how bad, which
    rule and what it says. `severity` is `ERROR` or `WARNING`."""

    __slots__ = ()

    def __str__(self) -> str:
        suffix = " [warning]" if self.severity == WARNING else ""
        return f"{self.path}:{self.line}:{self.col}: {self.rule} {self.message}{suffix}"


def render(found: Iterable[Finding], fmt: str = TEXT) -> str:
    """The findings, sorted, as the format `fmt` (`FORMATS`) shows them."""
    ordered = sorted(found)
    if fmt == JSON:
        import json

        rows = [dict(zip(FIELDS, f, strict=True)) for f in ordered]
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    if fmt == GITHUB:
        return "".join(annotation(f) + "\n" for f in ordered)
    if fmt != TEXT:
        raise ValueError(f"unknown findings format {fmt!r}")
    return "".join(f"{f}\n" for f in ordered)


def annotation(f: Finding) -> str:
    """A GitHub workflow command: `::error file=P,line=L,col=C,title=RULE::MESSAGE`."""
    kind = ERROR if f.severity == ERROR else WARNING
    props = f"file={_prop(f.path)},line={f.line},col={f.col},title={_prop(f.rule)}"
    return f"::{kind} {props}::{_data(f.message)}"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
