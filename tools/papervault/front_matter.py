"""Where a note's front matter is: the one finder of its block, YAML `---` or TOML `+++`.

python-frontmatter's handlers are the rule. A block opens where a handler's `detect` says
(its boundary pattern `FM_BOUNDARY` matches at the start: three or more `-` for YAML, `+`
for TOML, trailing whitespace allowed) and closes at the pattern's next match, the split
point of `handler.split`. `find` applies the same patterns but answers with offsets into
the original text: `handler.split` strips the whitespace around the delimiters, and the note
model writes an unchanged note back byte for byte. Two additions the handlers lack: a
byte-order mark before the opening delimiter, and YAML's document end `...` as a closer.
Lines end at "\\n", as in the handlers' patterns and in git. The note model, the lint's
positions, both merge paths and the conflict guard all find the block here (a law test
pins that they agree, and that `find` agrees with `handler.split`).

Start-up: this module is standard library only, so the patterns are copied here (a test
pins them equal to the handlers'). Importing python-frontmatter would cost the conflict
hook and the merge driver's quick path 27 ms a process (it imports PyYAML; best of 10,
`python -X importtime` after the hook's own modules, on a shared machine), where they
start without YAML; after the note model it costs 3 ms, but the full driver promises not
to import it (`benchmarks/bench_merge.py`). So `handler(format)` gives python-frontmatter's
handler of a format, imported when first asked for: the note model reads TOML through it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from typing import Any
from typing import NamedTuple

if TYPE_CHECKING:
    from frontmatter.default_handlers import BaseHandler

BOM = "\ufeff"
YAML = "yaml"
TOML = "toml"
OPEN = "---"  # the opening delimiter papervault writes
# frontmatter.default_handlers.YAMLHandler.FM_BOUNDARY and TOMLHandler.FM_BOUNDARY
YAML_BOUNDARY = re.compile(r"^-{3,}\s*$", re.MULTILINE)
TOML_BOUNDARY = re.compile(r"^\+{3,}\s*$", re.MULTILINE)
_BOUNDARIES = {YAML: YAML_BOUNDARY, TOML: TOML_BOUNDARY}
_CLOSERS = {YAML: re.compile(r"^(?:-{3,}|\.\.\.)\s*$", re.MULTILINE), TOML: TOML_BOUNDARY}
_BOM_BYTES = BOM.encode("utf-8")
_STARTS = (b"---", b"+++", _BOM_BYTES)


class Block(NamedTuple):
    """A front matter block, as offsets into the text it was found in."""

    format: str  # YAML or TOML
    inner: int  # where its data starts: just after the opening delimiter's line
    closer: int  # where the closing delimiter's line starts
    end: int  # just after the closing delimiter's line (the body starts here)


def opens(text: str) -> str | None:
    """The format whose opening delimiter is the text's first line (after any BOM), or None."""
    start = len(BOM) if text.startswith(BOM) else 0
    stop = text.find("\n", start)
    first = text[start : len(text) if stop < 0 else stop]
    return next((fmt for fmt, pattern in _BOUNDARIES.items() if pattern.match(first)), None)


def find(text: str) -> Block | None:
    """The front matter block the text opens with; None without one, or when it never closes."""
    fmt = opens(text)
    if fmt is None:
        return None
    inner = text.find("\n") + 1
    found = _CLOSERS[fmt].search(text, inner) if inner else None
    if found is None:
        return None
    stop = text.find("\n", found.start())
    return Block(fmt, inner, found.start(), len(text) if stop < 0 else stop + 1)


def split(text: str) -> tuple[str, str] | None:
    """(the front matter with its delimiter lines, the body), or None without a closed one."""
    block = find(text)
    return None if block is None else (text[: block.end], text[block.end :])


def split_bytes(data: bytes) -> tuple[bytes, bytes] | None:
    """`split` for a file's bytes (the merge driver's view); None as well when not UTF-8."""
    if not data.startswith(_STARTS):
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    block = find(text)
    if block is None:
        return None
    cut = len(text[: block.end].encode("utf-8"))
    return data[:cut], data[cut:]


def handler(fmt: str) -> BaseHandler:
    """python-frontmatter's handler of a format (TOML's loads with `tomllib`, floats as text)."""
    return _handlers()[fmt]


_HANDLERS: dict[str, BaseHandler] = {}


def _handlers() -> dict[str, BaseHandler]:
    if not _HANDLERS:
        import tomllib

        from frontmatter.default_handlers import BaseHandler
        from frontmatter.default_handlers import YAMLHandler

        class TOMLHandler(BaseHandler):
            """python-frontmatter's TOML handler needs the `toml` package; this one reads
            with the standard library's `tomllib`, each float as the text it was written as."""

            FM_BOUNDARY = TOML_BOUNDARY
            START_DELIMITER = END_DELIMITER = "+++"

            def load(self, fm: str, **kwargs: object) -> Any:
                return tomllib.loads(fm, parse_float=str)

        _HANDLERS.update({YAML: YAMLHandler(), TOML: TOMLHandler()})
    return _HANDLERS
