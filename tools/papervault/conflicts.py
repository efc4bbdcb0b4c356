"""Conflict markers, including the forms git's own checks miss (pure: never prints).

git writes `<<<<<<< ours`, `||||||| base`, `=======` and `>>>>>>> theirs` at the start of a
line. In the wild they also turn up indented, glued to the end of a line that lacked its
newline, typographically mangled (`<<` became `«`, so `<<<<<<<` reads `«««<`), several to a
line joined by non-breaking spaces, and escaped by exporters (`\\<\\<\\<…`, `&lt;&lt;…`).

`line_markers(line)` finds the markers one line shows on its own; `find_conflicts(text)`
assembles them into regions with their extent and judges what a line cannot judge alone: a
`=======` is a separator only inside an open region (elsewhere it is usually a setext
underline), a complete region inside a fenced code block is an example, not a conflict.
"""

from __future__ import annotations

import bisect
import re
from typing import NamedTuple

from papervault import front_matter

OPEN = "open"
BASE = "base"
SEPARATOR = "separator"
CLOSE = "close"

ASCII = "ascii"
MANGLED = "mangled"
ESCAPED = "escaped"

ERROR = "error"
WARNING = "warning"

# Plain value types: NamedTuple, not `@dataclass(frozen=True, slots=True)`: importing
# `dataclasses` pulls in `inspect` and costs the conflict hook 8-15 ms a process (measured
# with `python -X importtime`); `typing` is imported on the hook's path already.


class Marker(NamedTuple):
    """One marker found on a line."""

    col: int  # 1-based column (in characters)
    kind: str  # "open" | "base" | "separator" | "close"
    text: str  # the marker as written, with its label (e.g. "«««< HEAD")
    form: str = ASCII  # "ascii" | "mangled" | "escaped"
    strong: bool = True  # False: a separator that only counts inside a region


class Conflict(NamedTuple):
    """A conflict region (or a lone marker) found in a file."""

    line: int  # first line of the region (1-based)
    col: int  # column of its first marker (1-based)
    end_line: int  # last line of the region
    kind: str  # "conflict", "mangled-conflict", "escaped-conflict", "unmatched-close"...
    severity: str  # "error" | "warning"
    text: str  # the offending marker text
    markers: tuple[tuple[int, Marker], ...] = ()  # every marker as (line, marker)

    @property
    def lines(self) -> tuple[int, ...]:
        """The distinct lines holding this region's markers."""
        return tuple(sorted({line for line, _ in self.markers}))


# --- one line ---------------------------------------------------------------------------

# A marker "unit": a character, or an escape an exporter wrote for it.
_LT = r"<|\\<|&(?:lt|#0*60|#[xX]0*3[cC]);"
_GT = r">|\\>|&(?:gt|#0*62|#[xX]0*3[eE]);"
_LAQUO = r"«|&(?:laquo|#0*171|#[xX]0*[aA][bB]);"
_RAQUO = r"»|&(?:raquo|#0*187|#[xX]0*[bB][bB]);"
_LSAQUO = "\u2039|" r"&(?:lsaquo|#0*8249|#[xX]0*2039);"
_RSAQUO = "\u203a|" r"&(?:rsaquo|#0*8250|#[xX]0*203[aA]);"
_PIPE = r"\||\\\||&(?:vert|verbar|#0*124|#[xX]0*7[cC]);"
_EQ = r"=|\\=|&(?:equals|#0*61|#[xX]0*3[dD]);"
_ANGLE = f"{_LT}|{_GT}|{_LAQUO}|{_RAQUO}|{_LSAQUO}|{_RSAQUO}"

# Candidate runs: maximal runs of one family. Validated by `_classify`.
_RUN = re.compile(f"(?:{_ANGLE}){{4,}}|(?:{_PIPE}){{5,}}|(?:{_EQ}){{5,}}")
# Splitting a run into units: an entity, a backslash escape, or one character.
_UNIT = re.compile(r"&#?\w+;|\\.|.", re.DOTALL)
_ENTITIES = {
    "lt": "<",
    "gt": ">",
    "laquo": "«",
    "raquo": "»",
    "lsaquo": "\u2039",
    "rsaquo": "\u203a",
    "vert": "|",
    "verbar": "|",
    "equals": "=",
}
# a unit's character -> (direction, weight once folded to ASCII: « is <<)
_FOLD = {
    "<": ("<", 1),
    ">": (">", 1),
    "«": ("<", 2),
    "»": (">", 2),
    "\u2039": ("<", 1),
    "\u203a": (">", 1),
    "|": ("|", 1),
    "=": ("=", 1),
}
_MAX_RUN = 9 * len("&#x0203a;")  # nine units, however they are written
_GUILLEMETS = frozenset("«»\u2039\u203a")


def _unit_char(unit: str) -> str:
    """The character a unit stands for: `&lt;`, `&#60;`, `&#x3c;` and `\\<` are all `<`."""
    if len(unit) == 1:
        return unit
    if unit[0] == "\\":
        return unit[1]
    name = unit[1:-1].lower()
    try:
        if name.startswith("#x"):
            return chr(int(name[2:], 16))
        if name.startswith("#"):
            return chr(int(name[1:]))
    except (ValueError, OverflowError):
        return ""
    return _ENTITIES.get(name, "")


# What may sit right before a marker glued to the end of a line's text: word characters and
# closing punctuation, not the arrow and rule characters of ASCII art (`-->>>>>>>`, `+=====`).
_GLUE_OK = re.compile(r"[\w.,;:!?)\]}\"'`*_/\\]")
# A label that looks like git's: HEAD, a (short) sha, a branch or a path.
# (Only a marker set into other text has to pass this; one at a line's start takes any label.)
_LABEL = re.compile(r"[\w.@/:~^+-]+(?:\s+\([^()]*\))?")
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")
_QUICK = re.compile("[<>«»\u2039\u203a|=&\\\\]")
# Every marker holds one of these strings; str.find looks for them at C speed, and only the
# lines holding one are parsed (a regular expression over every line of a large source file
# costs 100 times more).
_NEEDLES = (
    *("<<<<", ">>>>", "|||||", "=====", "«", "»", "\u2039", "\u203a"),
    *("\\<\\", "\\>\\", "\\|\\", "\\=\\", ";&"),
    # an escaped and a plain marker character side by side (`====\=`, `\<<<<`)
    *("<\\<", "\\<<", ">\\>", "\\>>", "|\\|", "\\||", "=\\=", "\\=="),
    *("&laquo;", "&raquo;", "&lt;", "&gt;", "&#"),  # an entity beside raw marker characters
)


class _Token:
    __slots__ = ("end", "form", "kind", "start", "strong", "where")

    def __init__(
        self, start: int, end: int, kind: str, form: str, strong: bool, where: str
    ) -> None:
        self.start = start
        self.end = end
        self.kind = kind
        self.form = form
        self.strong = strong
        self.where = where  # "start" | "mid" | "glued"


def _classify(run: str) -> tuple[str, str, bool] | None:
    """(kind, form, strong) for a candidate run, or None when it is no marker."""
    if len(run) > _MAX_RUN:
        return None
    units = _UNIT.findall(run)
    chars = [_unit_char(unit) for unit in units]
    if not all(char in _FOLD for char in chars):
        return None
    escaped = any(len(unit) > 1 for unit in units)
    guillemets = any(char in _GUILLEMETS for char in chars)
    form = MANGLED if guillemets else ESCAPED if escaped else ASCII
    directions = {_FOLD[char][0] for char in chars}
    weight = sum(_FOLD[char][1] for char in chars)
    if directions == {"="}:
        if not 5 <= weight <= 9:
            return None
        return SEPARATOR, form, weight == 7
    if directions == {"|"}:
        return (BASE, form, True) if 7 <= weight <= 9 else None
    if "=" in directions or "|" in directions:
        return None
    if form == MANGLED:
        # folding an odd run of 7 or 9 by pairs leaves one single character (`«««<`):
        # only guillemet pairs (`»»»» Next`) is a decoration
        if not 7 <= weight <= 9 or all(_FOLD[char][1] == 2 for char in chars):
            return None
    elif len(directions) != 1 or not 7 <= weight <= 9:
        return None
    last = _FOLD[chars[-1]][0]
    return (OPEN if last == "<" else CLOSE), form, True


def _label_end(line: str, end: int, next_start: int) -> int:
    """Where the label after a marker ends: before the next marker, trailing space dropped."""
    return len(line[:next_start].rstrip()) if next_start > end else end


# git's own label glued to a marker that lost its space (`<<<<<<<HEAD`, `>>>>>>>1a2b3c4`)
_GLUED_LABEL = re.compile(r"(?:HEAD|[0-9a-f]{7,40})(?![\w-])")


def _glued_label(line: str, end: int, kind: str) -> bool:
    """Whether a marker run is followed, without a space, by a label only git writes."""
    return (
        kind in (OPEN, CLOSE)
        and _GLUED_LABEL.match(line, end) is not None
        and _tail_is_label(line[end:], kind)
    )


def _tokens(line: str) -> list[_Token]:
    found: list[_Token] = []
    for m in _RUN.finditer(line):
        start, end = m.span()
        got = _classify(m.group())
        if got is None:
            continue
        kind, form, strong = got
        before = line[:start]
        if end < len(line) and not line[end].isspace() and not _glued_label(line, end, kind):
            continue  # `>>>>>>>foo`, `|=======|`: not a marker
        if not before or before.isspace():
            where = "start"
        elif before[-1].isspace():
            where = "mid"
        elif _GLUE_OK.match(before[-1]):
            where = "glued"
        else:
            continue
        found.append(_Token(start, end, kind, form, strong, where))
    return found


def _in_code_span(line: str, tokens: list[_Token]) -> list[_Token]:
    if "`" not in line:
        return tokens
    spans = [m.span() for m in _CODE_SPAN.finditer(line)]
    return [t for t in tokens if not any(a <= t.start < b for a, b in spans)]


def _tail_is_label(tail: str, kind: str) -> bool:
    """After a marker glued to (or set into) text: only a label may follow it to the line end."""
    tail = tail.strip()
    if not tail:
        return True
    return kind != SEPARATOR and _LABEL.fullmatch(tail) is not None


def _stands_alone(token: _Token, tail: str, *, last: bool) -> bool:
    """A marker on a line not dense with markers: at the line start, or ending the line."""
    if token.where == "start":
        return True
    if token.where == "glued":  # `text>>>>>>> label`: text that lacked its line break
        return last and _tail_is_label(tail, token.kind)
    # set into prose with a space before: only mangled or escaped forms, ending the line
    return token.form != ASCII and _tail_is_label(tail, token.kind)


def line_markers(line: str) -> list[Marker]:
    """Every marker on one line (without its line break), judged on the line alone.

    Setext underlines, rules, blockquotes, `>>>` prompts, shift operators, French quotes,
    table borders and markers in inline code give none; HTML tags around escaped markers
    are looked through. A line that is only a separator (`=======`, or the mangled
    `=====`) is returned as a separator: whether it is one depends on the lines around it,
    which `find_conflicts` looks at.
    """
    line = line.rstrip("\r\n")
    if _QUICK.search(line) is None:
        return []
    if "&" in line and "<" in line:  # an HTML export: `<p>&lt;&lt;…; HEAD</p>`
        line = _TAG.sub(lambda m: " " * len(m.group()), line)
    tokens = _in_code_span(line, _tokens(line))
    if not tokens:
        return []
    kinds = {t.kind for t in tokens}
    dense = len(tokens) >= 2 and SEPARATOR in kinds and bool(kinds & {OPEN, CLOSE})
    markers: list[Marker] = []
    for i, t in enumerate(tokens):
        next_start = tokens[i + 1].start if i + 1 < len(tokens) else len(line)
        tail = line[t.end : next_start]
        if not dense and not _stands_alone(t, tail, last=i + 1 == len(tokens)):
            continue
        # git writes no label after a separator: what follows it is text of the line
        end = t.end if t.kind == SEPARATOR else _label_end(line, t.end, next_start)
        text = line[t.start : end].strip()
        markers.append(Marker(t.start + 1, t.kind, text, t.form, t.strong))
    return markers


# --- a whole file -----------------------------------------------------------------------

_FENCE = re.compile(r"[ \t]*(`{3,}|~{3,})(.*)")
_FENCES = ("```", "~~~")
_ADOC_FENCES = (*_FENCES, "----", "....")
_ADOC_DELIMITER = re.compile(r"(?:-{4,}|\.{4,})[ \t]*")
_RST_INTRO = re.compile(r"(?:.*::|\s*\.\. [\w-]+::.*)\s*")


def _lines_holding(text: str, needles: tuple[str, ...]) -> list[int]:
    """The (0-based) indexes of the lines that hold one of the needles, in order."""
    positions: list[int] = []
    for needle in needles:
        i = text.find(needle)
        while i >= 0:
            positions.append(i)
            end = text.find("\n", i)
            i = -1 if end < 0 else text.find(needle, end)
    positions.sort()
    indexes: list[int] = []
    line = last = 0
    for pos in positions:
        line += text.count("\n", last, pos)
        last = pos
        if not indexes or indexes[-1] != line:
            indexes.append(line)
    return indexes


def _front_matter_end(text: str) -> int:
    """The 1-based line number of front matter's closing delimiter (lines counted as
    `find_conflicts` counts them: CR, LF or CRLF each end one), or 0 without one."""
    block = front_matter.find(text)
    if block is None:
        return 0
    before = text[: block.closer]
    return before.count("\n") + before.count("\r") - before.count("\r\n") + 1


def _fence_blocks(text: str, lines: list[str], *, asciidoc: bool = False) -> list[tuple[int, int]]:
    """The fenced code blocks' contents, as (first, last) 0-based line indexes.

    Markdown fences (three or more backticks or tildes); with `asciidoc`, also AsciiDoc's
    listing and literal blocks (`----`, `....`, closed by the same line). Only the lines
    that can open or close a fence are looked at.
    """
    blocks: list[tuple[int, int]] = []
    fence = ""
    start = 0
    for i in _lines_holding(text, _ADOC_FENCES if asciidoc else _FENCES):
        line = lines[i]
        if fence:
            if fence[0] in "-.":
                closing = line.rstrip() == fence
            else:
                m = _FENCE.match(line)
                closing = (
                    m is not None
                    and m.group(1)[0] == fence[0]
                    and len(m.group(1)) >= len(fence)
                    and not m.group(2).strip()
                )
            if closing:
                blocks.append((start, i - 1))
                fence = ""
            continue
        m = _FENCE.match(line)
        if m and not (m.group(1)[0] == "`" and "`" in m.group(2)):
            fence = m.group(1)
            start = i + 1
        elif asciidoc and _ADOC_DELIMITER.fullmatch(line):
            fence = line.rstrip()
            start = i + 1
    if fence:  # an unclosed fence runs to the end of the file
        blocks.append((start, len(lines) - 1))
    return blocks


def _indent(line: str) -> int:
    """Columns of leading indentation (a tab counts 4)."""
    width = 0
    for char in line:
        if char == " ":
            width += 1
        elif char == "\t":
            width += 4 - width % 4
        else:
            break
    return width


def _is_setext_underline(lines: list[str], index: int, front_end: int) -> bool:
    """`=======` under a paragraph line is a setext heading's underline."""
    if index == 0 or index + 1 == front_end:
        return False
    above = lines[index - 1]
    if not above.strip():
        return False
    return line_markers(above) == [] and not _FENCE.match(above)


def _region_form(region: list[tuple[int, Marker]]) -> str:
    forms = {m.form for _, m in region if m.kind != SEPARATOR}
    return MANGLED if MANGLED in forms else ESCAPED if ESCAPED in forms else ASCII


_REGION_KIND = {ASCII: "conflict", MANGLED: "mangled-conflict", ESCAPED: "escaped-conflict"}
_QUOTE_LINE = re.compile(r"\s*(?:>|\\>|&gt;)")


class _File:
    """A file's lines with the context a marker is judged in: front matter, fences, quotes."""

    def __init__(self, lines: list[str], blocks: list[tuple[int, int]], front_end: int) -> None:
        self.lines = lines
        self.front_end = front_end
        self.blocks = blocks
        self.starts = [first for first, _ in blocks]

    def in_front(self, number: int) -> bool:
        return 1 < number < self.front_end

    def block(self, number: int) -> int:
        """The id (>0) of the fenced block holding a line, else 0."""
        k = bisect.bisect_right(self.starts, number - 1)
        return k if k and self.blocks[k - 1][1] >= number - 1 else 0

    def in_quote(self, number: int, marker: Marker) -> bool:
        """`>>>>>>> On Monday, A wrote:` among quoted lines is a deep blockquote (a mail
        archive), unless what follows the `>` run looks like git's label.
        """
        m = _RUN.match(marker.text)
        label = marker.text[m.end() :].strip() if m else ""
        if label and _LABEL.fullmatch(label):
            return False
        around = [n for n in (number - 1, number + 1) if 1 <= n <= len(self.lines)]
        return any(_QUOTE_LINE.match(self.lines[n - 1]) for n in around)

    def overline(self, number: int) -> bool:
        """A reStructuredText title: `=======` over a line of text and the same underline."""
        lines = self.lines
        return (
            number + 2 <= len(lines)
            and bool(lines[number].strip())
            and lines[number + 1].strip() == lines[number - 1].strip()
        )

    def literal_block(self, first: int, last: int) -> bool:
        """Lines first..last sit in a reStructuredText literal block: indented under a
        paragraph ending in `::` or a directive (`.. code-block:: text`). (An indented
        Markdown code block is no excuse: git never indents a marker, but tools and
        people do, and the issue asks for indented markers to be found.)
        """
        lines = self.lines
        indent = _indent(lines[first - 1])
        if indent == 0:
            return False
        if any(ln.strip() and _indent(ln) < indent for ln in lines[first - 1 : last]):
            return False
        n = first - 1  # walk up to the line that introduces the block
        while n >= 1 and (not lines[n - 1].strip() or _indent(lines[n - 1]) >= indent):
            n -= 1
        return n >= 1 and _RST_INTRO.fullmatch(lines[n - 1]) is not None

    def region(self, region: list[tuple[int, Marker]], *, closed: bool) -> Conflict | None:
        first_line, first = region[0]
        last_line = region[-1][0]
        blocks = {self.block(n) for n, _ in region}
        in_code = len(blocks) == 1 and 0 not in blocks
        if closed and in_code:
            return None  # a whole region shown in a code block: an example of git's output
        if closed and self.literal_block(first_line, last_line):
            return None  # reStructuredText's literal and code blocks are fences too
        if not closed:
            kind = "unterminated-conflict"
        elif any(self.in_front(n) for n, _ in region):
            kind = "conflict-in-front-matter"
        else:
            kind = _REGION_KIND[_region_form(region)]
        severity = WARNING if in_code else ERROR
        return Conflict(
            first_line, first.col, region[-1][0], kind, severity, first.text, tuple(region)
        )

    def underline(self, number: int, marker: Marker) -> bool:
        """A bare `<`/`>` run under a title as long as it, between blank lines: the
        underline of a reStructuredText title (`Constants` over `>>>>>>>>>`). git labels the
        markers it writes; inside a region, a bare closing marker still closes it.
        """
        m = _RUN.match(marker.text)
        if marker.form != ASCII or m is None or marker.text[m.end() :].strip() or number == 1:
            return False
        lines = self.lines
        title = lines[number - 2]
        return (
            len(title.strip()) == m.end()
            and (number == 2 or not lines[number - 3].strip())
            and (number == len(lines) or not lines[number].strip())
            and not line_markers(title)
        )

    def adornment(self, number: int, marker: Marker) -> bool:
        """A lone ASCII marker that is none: 8 or 9 long (git writes those only inside a
        region, in a recursive merge), or an underline.
        """
        m = _RUN.match(marker.text)
        long = marker.form == ASCII and m is not None and m.end() != 7
        return long or self.underline(number, marker)

    def lone(self, number: int, marker: Marker) -> Conflict | None:
        """A marker outside every region: an error, a warning, or nothing (a setext line)."""
        severity = WARNING if self.block(number) else ERROR
        if marker.kind == CLOSE:
            if self.in_quote(number, marker) or self.adornment(number, marker):
                return None
            kind = "unmatched-close"
        elif marker.kind == BASE:
            kind = "lone-base"
            if not _RUN.sub("", marker.text, count=1).strip():
                severity = WARNING  # no label: git always writes one after `|||||||`
        else:  # a separator: usually a setext underline, at most a warning
            if not marker.strong or self.block(number):
                return None
            if self.lines[number - 1].strip() != marker.text:
                return None  # among other text: a rule or a table
            if not self.in_front(number) and _is_setext_underline(
                self.lines, number - 1, self.front_end
            ):
                return None
            if self.overline(number):
                return None
            kind, severity = "lone-separator", WARNING
        return Conflict(
            number, marker.col, number, kind, severity, marker.text, ((number, marker),)
        )


def find_conflicts(text: str, *, asciidoc: bool = False) -> list[Conflict]:
    """Every conflict region and lone marker in a file's text, sorted by line.

    Errors: a region (`conflict`, `mangled-conflict`, `escaped-conflict`, or
    `conflict-in-front-matter`), an `unterminated-conflict` (an opening marker never
    closed), an `unmatched-close` (its opening was deleted), a `lone-base`.
    Warnings: a `lone-separator` (`=======` outside any region, not under a paragraph line),
    and lone markers inside fenced code. A complete region inside a fenced code block is an
    example of git's output and is not reported (reStructuredText literal and code blocks
    count as fenced, and with `asciidoc` AsciiDoc's `----` and `....` blocks). A region
    nested in another (the longer markers of a recursive merge) is part of it. Line endings
    may be LF, CRLF or CR; a BOM is ignored.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    raw = text
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    candidates = _lines_holding(text, _NEEDLES)
    if not candidates:
        return []
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    found: list[tuple[int, Marker]] = []
    for index in candidates:
        found.extend((index + 1, m) for m in line_markers(lines[index]))
    if not found:
        return []
    fenced = "```" in text or "~~~" in text or asciidoc
    blocks = _fence_blocks(text, lines, asciidoc=asciidoc) if fenced else []
    file = _File(lines, blocks, _front_matter_end(raw))
    # a bare `<<<<<<<` under a title is its underline (git labels every opening marker)
    found = [(n, m) for n, m in found if m.kind != OPEN or not file.underline(n, m)]
    out: list[Conflict | None] = []
    depth = 0
    region: list[tuple[int, Marker]] = []
    for number, marker in found:
        if marker.kind == OPEN:
            depth += 1
            region.append((number, marker))
        elif depth:
            region.append((number, marker))
            if marker.kind == CLOSE:
                depth -= 1
                if not depth:
                    out.append(file.region(region, closed=True))
                    region = []
        else:
            out.append(file.lone(number, marker))
    if region:
        out.append(file.region(region, closed=False))
    return sorted((c for c in out if c is not None), key=lambda c: (c.line, c.col))
