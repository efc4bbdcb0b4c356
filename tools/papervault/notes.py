"""The note model: YAML front matter plus a Markdown body, read and written losslessly.

- Values are decided as text where YAML would coerce them: only canonical integers,
  `true`/`false` and `null` keep their YAML types, so `arxiv: 2101.00100` stays the
  string "2101.00100", `on: yes` stays "yes" and dates stay text.
- Unknown keys and key order are kept; a note whose data did not change saves
  byte-identical, and a changed note rewrites only the fields that changed (comments and
  the formatting of the other fields stay as they were).
- Broken front matter raises `NoteError` naming the file and the line.
- TOML front matter (`+++`, python-frontmatter's other handler) reads into the same model
  through the handler (`front_matter.handler`, the standard library's `tomllib`): floats
  stay the text they were written as, dates and times become ISO 8601 text, integers and
  booleans keep their types. papervault writes YAML only, so a TOML note is read-only:
  saving it unchanged gives its bytes back, but `dumps` of changed data raises a NoteError
  naming the file and its first line (`lint --fix` reports it as fix-failed, an import that
  would update it stops) rather than rewrite someone's TOML as YAML.

The block is found by `front_matter.find`, the one finder every reader shares.
python-frontmatter's own `load` is not used for reading because it swallows the errors we
must report (an unclosed block, a non-mapping) and strips the body; its YAML handler
settings are what `dump_field` follows (safe dumper, block style, unicode).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from typing import Any

import yaml

from papervault import front_matter
from papervault.errors import NoteError
from papervault.files import write_text

BOM = front_matter.BOM
OPEN = front_matter.OPEN
_STR = "tag:yaml.org,2002:str"


class _Loader(yaml.CSafeLoader):  # libyaml: PyYAML's pure-Python parser is 7x slower
    """Safe loader with string-first scalars and duplicate-key detection."""

    yaml_implicit_resolvers = {}  # noqa: RUF012 - PyYAML's own class-level table

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> Any:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            if key_node.tag == _STR and isinstance(key_node, yaml.ScalarNode):
                key = key_node.value  # what constructing it gives, 4x faster
            else:
                key = self.construct_object(key_node, deep=True)
            try:
                first = seen.setdefault(key, key_node.start_mark.line)
            except TypeError:
                raise yaml.constructor.ConstructorError(
                    None, None, "a key must be plain text", key_node.start_mark
                ) from None
            if first != key_node.start_mark.line:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
        return super().construct_mapping(node, deep=deep)


_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^(?:0|-?[1-9][0-9]*)$"), list("-0123456789")
)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)


Chunks = dict[str, tuple[str, str]]  # key -> (its text, comment lines after it)


class Source:
    """What a note looked like on disk, to write back only what changed.

    `meta` (the data as read), `head` (the opening delimiter, with any BOM, and comments
    before the first key) and `chunks` are worked out again from `text` when first asked
    for: most readers never write, and doing it for every note read cost a fifth of the
    time to read a vault. `text` is kept as the front matter's text plus the body (shared
    with the note), not as a second copy of the file. `block` is where the front matter is
    (None without one); `format` its format ("" without one).
    """

    __slots__ = ("_front", "_parsed", "_text", "block", "body", "closer", "newline")

    def __init__(
        self, text: str, body: str, newline: str, block: front_matter.Block | None = None
    ) -> None:
        whole = not text.endswith(body)
        self._front = "" if whole else text[: len(text) - len(body)]
        self._text = text if whole else None
        self.body = body
        self.newline = newline
        self.block = block
        # the closing delimiter line ("" without front matter)
        self.closer = "" if block is None else text[block.closer : block.end]
        self._parsed: tuple[dict[str, Any], str, Chunks | None] | None = None
        if block is None:
            self._parsed = ({}, "", None)

    @property
    def format(self) -> str:
        return "" if self.block is None else self.block.format

    def _parse(self) -> tuple[dict[str, Any], str, Chunks | None]:
        if self._parsed is None:
            assert self.block is not None
            text, block = self.text, self.block
            if block.format == front_matter.TOML:
                data = _toml(text[block.inner : block.closer], "<note>")
                self._parsed = (data, text[: block.inner], None)
                return self._parsed
            inner = text[block.inner : block.closer]
            lines = [text[: block.inner], *inner.splitlines(keepends=True)]
            data, node = parse_yaml(inner, "<note>", first_line=2)
            head, chunks = _chunks(lines, len(lines), node)
            self._parsed = (data if isinstance(data, dict) else {}, head, chunks)
        return self._parsed

    @property
    def text(self) -> str:
        """The note's text as read."""
        return self._text if self._text is not None else self._front + self.body

    @property
    def meta(self) -> dict[str, Any]:
        return self._parse()[0]

    @property
    def head(self) -> str:
        return self._parse()[1]

    @property
    def chunks(self) -> Chunks | None:
        return self._parse()[2]


@dataclass
class Note:
    """A paper's note: front matter `meta` (ordered) and the Markdown `body`."""

    path: str
    meta: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    source: Source | None = field(default=None, repr=False, compare=False)

    @property
    def title(self) -> str:
        value = self.meta.get("title")
        return value if isinstance(value, str) else ""

    def body_line(self) -> int:
        """The file line (1-based) where the body starts."""
        if self.source is None:
            return 1
        before = self.source.text[: len(self.source.text) - len(self.source.body)]
        return before.count("\n") + 1


def same(a: Any, b: Any) -> bool:
    """Equal as data, types included (`1`, `True` and `"1"` all differ)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def decode(data: bytes, path: str) -> str:
    """UTF-8 text of a file, or a NoteError naming the line of the first bad byte."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise NoteError(path, line, f"not UTF-8 text (byte 0x{data[e.start]:02x})") from None


def load(path: Path | str) -> Note:
    """Read a note from disk."""
    name = str(path)
    try:
        with open(path, "rb") as f:  # no Path object per note: on 10,000 notes they add up
            data = f.read()
    except OSError as e:
        raise NoteError(name, 1, f"cannot read: {e.strerror or e}") from None
    return loads(decode(data, name), name)


# Bounded work for any note: a hostile one errs at its line, it never hangs or runs out of
# memory (an alias bomb, "billion laughs") nor reaches a traceback (Python refuses to
# read an int of more than 4,300 digits; float() of 309 digits overflows).
MAX_NOTE_CHARS = 200_000  # a whole note (Markdown takes ~2 s a 100,000 characters)
MAX_VALUE_CHARS = 20_000  # one value of its front matter
MAX_DIGITS = 100  # a number, or text that is all digits
MAX_VALUES = 100_000  # the front matter's keys and values, every alias expanded
_LONG_NUMBER = re.compile(rf"\d{{{MAX_DIGITS + 1}}}")
_ALL_DIGITS = re.compile(r"[-+]?\d+")


def check_bounds(node: yaml.Node | None, text: str, path: str, first_line: int = 1) -> None:
    """A NoteError when the composed front matter is beyond the bounds above; the walk
    runs only when the text could hold a long value, a long number or an alias."""
    if node is None:
        return
    long_text = len(text) > MAX_VALUE_CHARS
    if not (long_text or "*" in text or _LONG_NUMBER.search(text)):
        return
    sizes: dict[int, int] = {}
    active: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(node, False)]
    while stack:
        current, done = stack.pop()
        key = id(current)
        children = _children(current)
        if done:
            active.discard(key)
            sizes[key] = 1 + sum(sizes[id(c)] for c in children)
            if sizes[key] > MAX_VALUES:
                message = f"more than {MAX_VALUES:,} values once its aliases are expanded"
                _bound_error(current, path, first_line, message)
            continue
        if key in sizes:
            continue
        if isinstance(current, yaml.ScalarNode):
            _check_scalar(current, path, first_line)
        active.add(key)
        stack.append((current, True))
        for child in children:
            if id(child) in active:
                _bound_error(child, path, first_line, "an alias that holds itself")
            if id(child) not in sizes:
                stack.append((child, False))


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _check_scalar(node: yaml.ScalarNode, path: str, first_line: int) -> None:
    value = node.value
    if len(value) > MAX_DIGITS and _ALL_DIGITS.fullmatch(value):
        message = f"a number of {len(value.lstrip('+-')):,} digits (at most {MAX_DIGITS})"
        _bound_error(node, path, first_line, message)
    if len(value) > MAX_VALUE_CHARS:
        message = f"a value of {len(value):,} characters (at most {MAX_VALUE_CHARS:,})"
        _bound_error(node, path, first_line, message)


def _bound_error(node: yaml.Node, path: str, first_line: int, message: str) -> None:
    raise NoteError(path, first_line + node.start_mark.line, f"invalid front matter: {message}")


def parse_yaml(text: str, path: str, first_line: int = 1) -> tuple[Any, yaml.Node | None]:
    """Parse YAML text with the note rules; `first_line` is the file line of its start."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        check_bounds(node, text, path, first_line)
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = first_line + (mark.line if mark else 0)
        problem = e.problem or e.context or "invalid YAML"
        raise NoteError(path, line, f"invalid front matter: {problem}") from None
    except yaml.YAMLError as e:
        raise NoteError(path, first_line, f"invalid front matter: {e}") from None
    finally:
        loader.dispose()
    return data, node


def front_matter_node(note: Note) -> yaml.Node | None:
    """The YAML node tree of a note's front matter as read, for file positions (None
    without YAML front matter, or when it does not parse)."""
    src = note.source
    if src is None or src.block is None or src.block.format != front_matter.YAML:
        return None
    try:
        _, node = parse_yaml(src.text[src.block.inner : src.block.closer], note.path, 2)
    except NoteError:
        return None
    return node


def loads(text: str, path: str = "<note>") -> Note:
    """Parse a note's text; `path` is used in error messages."""
    if not text.strip(BOM + " \t\r\n"):
        raise NoteError(path, 1, "empty file")
    if len(text) > MAX_NOTE_CHARS:
        message = f"a note of {len(text):,} characters (at most {MAX_NOTE_CHARS:,})"
        raise NoteError(path, 1, message)
    first = text.find("\n")
    newline = "\r\n" if first > 0 and text[first - 1] == "\r" else "\n"
    block = front_matter.find(text)
    if block is None:
        if front_matter.opens(text) is not None:
            raise NoteError(path, 1, "front matter opened here is never closed")
        return Note(path, {}, text, Source(text, text, newline))
    inner = text[block.inner : block.closer]
    if block.format == front_matter.TOML:
        data: Any = _toml(inner, path)
    else:
        data, _ = parse_yaml(inner, path, first_line=2)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise NoteError(path, 2, "front matter is not a mapping of fields")
    for key in data:
        if not isinstance(key, str):
            raise NoteError(path, 2, f"front matter key {key!r} is not text")
    body = text[block.end :]
    return Note(path, data, body, Source(text, body, newline, block))


_TOML_AT = re.compile(r"\s*\(at line (\d+), column \d+\)$")
_TOML_AT_END = re.compile(r"\s*\(at end of document\)$")
_TOML_DIGITS = re.compile(r"^Exceeds the limit .* value has (\d+) digits")


def _toml(text: str, path: str) -> dict[str, Any]:
    """TOML front matter in the note model: python-frontmatter's TOML handler, string-first."""
    try:
        data = front_matter.handler(front_matter.TOML).load(text)
    except ValueError as e:  # tomllib.TOMLDecodeError, or an int of too many digits
        message = str(e)
        at, digits = _TOML_AT.search(message), _TOML_DIGITS.search(message)
        long = _LONG_NUMBER.search(text) if digits else None
        if long is not None and digits is not None:  # Python's own limit on an int's digits
            line = 2 + text.count("\n", 0, long.start())
            problem = f"a number of {int(digits.group(1)):,} digits (at most {MAX_DIGITS})"
        else:
            line = 1 + (int(at.group(1)) if at else text.count("\n") + 1)
            problem = _TOML_AT_END.sub("", _TOML_AT.sub("", message))
        raise NoteError(path, line, f"invalid front matter: {problem}") from None
    return {key: _toml_value(value, key, text, path) for key, value in data.items()}


def _toml_value(value: Any, key: str, text: str, path: str) -> Any:
    """A TOML value as the note model holds it: dates and times as ISO 8601 text."""
    if isinstance(value, dict):
        return {k: _toml_value(v, key, text, path) for k, v in value.items()}
    if isinstance(value, list):
        return [_toml_value(v, key, text, path) for v in value]
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool) and len(str(abs(value))) > MAX_DIGITS:
        _toml_bound(
            key, text, path, f"a number of {len(str(abs(value))):,} digits (at most {MAX_DIGITS})"
        )
    if isinstance(value, str) and len(value) > MAX_VALUE_CHARS:
        _toml_bound(
            key, text, path, f"a value of {len(value):,} characters (at most {MAX_VALUE_CHARS:,})"
        )
    return value


def _toml_bound(key: str, text: str, path: str, message: str) -> None:
    """A NoteError at the line of the top-level key holding a value beyond the bounds."""
    found = re.search(rf"^[ \t]*[\"']?{re.escape(key)}[\"']?[ \t]*=", text, re.MULTILINE)
    line = 2 + (text.count("\n", 0, found.start()) if found else 0)
    raise NoteError(path, line, f"invalid front matter: {message}")


def _chunks(lines: list[str], end: int, node: yaml.Node | None) -> tuple[str, Chunks | None]:
    """Split the front matter lines into the text of each top-level key."""
    if not isinstance(node, yaml.MappingNode) or node.flow_style or not node.value:
        return "".join(lines[:end]) if node is None else lines[0], None
    starts = [k.start_mark.line + 1 for k, _ in node.value]  # file line index of each key
    if len(set(starts)) != len(starts) or any(k.start_mark.column for k, _ in node.value):
        return lines[0], None
    chunks: Chunks = {}
    bounds = [*starts, end]
    for i, (key_node, value_node) in enumerate(node.value):
        mark = value_node.end_mark
        stop = mark.line + 1 + (1 if mark.column else 0)  # first line after the value
        stop = max(min(stop, bounds[i + 1]), bounds[i] + 1)
        while stop > bounds[i] + 1 and _is_comment_or_blank(lines[stop - 1]):
            stop -= 1  # comments after a value belong to what follows, not to the value
        trailer = lines[stop : bounds[i + 1]]
        chunks[key_node.value] = ("".join(lines[bounds[i] : stop]), "".join(trailer))
    return "".join(lines[: starts[0]]), chunks


def _is_comment_or_blank(line: str) -> bool:
    return not line.strip() or line.startswith("#")


class _Dumper(yaml.SafeDumper):
    """Block style; lists indented under their key like most hand-written front matter."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


_RESOLVER = yaml.resolver.Resolver()  # what the dumper's implicit typing would read


def _implicit(text: str) -> str:
    """The tag YAML reads plain `text` as (`_Dumper` quotes text that is not `_STR`)."""
    tag: str = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    return tag


_LEADING = frozenset("#,[]{}&*!|>'\"%@`")
_BREAKS = frozenset("\n\r\x85\u2028\u2029")


def _printable(text: str) -> bool:
    """No character the emitter would escape (it writes these single-quoted at most)."""
    for ch in text:
        if "\x20" <= ch <= "\x7e":
            continue
        if ch in _BREAKS or ch == "\ufeff":
            return False
        if not (
            "\xa0" <= ch <= "\ud7ff"
            or "\ue000" <= ch <= "\ufffd"
            or "\U00010000" <= ch < "\U0010ffff"
        ):
            return False
    return True


def _scalar(value: Any) -> str | None:
    """A scalar exactly as `_Dumper` writes it in a block mapping or sequence, for the
    common cases (plain or single-quoted text, ints, booleans); None: let PyYAML do it."""
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str) or not _printable(value):
        return None
    plain = _block_plain(value) and _implicit(value) == _STR
    return value if plain else "'" + value.replace("'", "''") + "'"


def _block_plain(text: str) -> bool:
    """PyYAML's `analyze_scalar` verdict `allow_block_plain` for printable one-line text."""
    if not text or text[0] == " " or text[-1] == " " or text.startswith(("---", "...")):
        return False
    first = text[0]
    if first in _LEADING or (first in "?:-" and (len(text) == 1 or text[1] == " ")):
        return False
    return ": " not in text and not text.endswith(":") and " #" not in text


def _item(value: Any) -> str | None:
    """A list item's text after `  - `: a scalar, or a flat mapping of scalars."""
    if not isinstance(value, dict):
        return _scalar(value)
    if not value:
        return "{}"
    lines = []
    for name, item in value.items():
        text = _scalar(item) if isinstance(name, str) and _scalar(name) == name else None
        if text is None:
            return None
        lines.append(f"{name}: {text}")
    return "\n    ".join(lines)


def _fast_field(key: str, value: Any) -> str | None:
    """`dump_field` without PyYAML's emitter (10x faster) when every part is a `_scalar`."""
    head = _scalar(key)
    if head is None or head != key:
        return None
    if isinstance(value, list):
        if not value:
            return f"{key}: []\n"
        items = [_item(item) for item in value]
        if any(item is None for item in items):
            return None
        return f"{key}:\n" + "".join(f"  - {item}\n" for item in items)
    text = _scalar(value)
    return None if text is None else f"{key}: {text}\n"


def dump_field(key: str, value: Any, newline: str = "\n") -> str:
    """One front-matter field as YAML text, quoted wherever YAML would coerce it."""
    fast = _fast_field(key, value)
    if fast is not None:
        return fast.replace("\n", newline) if newline != "\n" else fast
    text = yaml.dump(
        {key: value},
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=1_000_000,
    )
    return text.replace("\n", newline)


def dumps(note: Note) -> str:
    """The note's text: byte-identical when unchanged, else only changed fields rewritten
    (and moved, when only their order changed). A NoteError for changed data of a TOML
    note (papervault writes YAML only)."""
    src = note.source
    if src is not None and _unchanged(note, src):
        return src.text
    if src is not None and src.format == front_matter.TOML:
        message = "TOML front matter is read-only here: papervault writes YAML (`---`) only"
        raise NoteError(note.path, 1, message)
    newline = src.newline if src is not None else "\n"
    if src is not None and not note.meta and not src.meta:
        return note.body
    if src is not None and src.chunks is not None:
        parts = [src.head]
        for key, value in note.meta.items():
            old = src.chunks.get(key)
            if old is not None and same(src.meta.get(key), value):
                parts.append(old[0] + old[1])
            else:
                parts.append(dump_field(key, value, newline) + (old[1] if old else ""))
        closer = src.closer
    else:
        opener = src.head if src is not None and src.head else OPEN + newline
        parts = [opener.splitlines(keepends=True)[0] if opener else OPEN + newline]
        parts += [dump_field(k, v, newline) for k, v in note.meta.items()]
        closer = src.closer if src is not None and src.closer else OPEN + newline
    if not closer.endswith("\n"):
        closer += newline
    return "".join(parts) + closer + note.body


def _unchanged(note: Note, src: Source) -> bool:
    """The data and body as read; a new key order is a change where the keys can move."""
    if not same(note.meta, src.meta) or note.body != src.body:
        return False
    return list(note.meta) == list(src.meta) or src.chunks is None


def save(note: Note, path: Path | str | None = None) -> bool:
    """Write the note if its text changed; returns whether it wrote."""
    target = Path(path if path is not None else note.path)
    text = dumps(note)
    if note.source is not None and text == note.source.text and target.exists():
        return False
    write_text(target, text)
    return True
