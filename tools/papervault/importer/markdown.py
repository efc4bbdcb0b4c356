"""The original list's style (pure): `# Chapter N`, `## N.M` sections, `###`/`####` papers.

Heading levels in such a list are not reliable (the original has chapters at `#` and `##`,
papers at `###` and `####`); hand-written numbers are. A heading is a chapter when it reads
`Chapter N …` or carries one number, a section with two (`2.5 …`), a paper with three or
more (`2.5.3 …`), unless some heading is numbered below it (then it is a section). An
unnumbered heading is placed by its level against the headings around it.

The header (everything before the contents or the first chapter, section or paper) is the
home page. The contents are read only for the chapters and sections they name; under a
paper, metadata lines become fields and everything else is the body, verbatim.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from papervault.importer import fields
from papervault.importer import navigation
from papervault.importer import regions
from papervault.importer.model import BLANK
from papervault.importer.model import BODY
from papervault.importer.model import CHAPTER
from papervault.importer.model import CONTENTS
from papervault.importer.model import HEADER
from papervault.importer.model import MARKER
from papervault.importer.model import METADATA
from papervault.importer.model import NAVIGATION
from papervault.importer.model import PAPER
from papervault.importer.model import SECTION
from papervault.importer.model import ListPaper
from papervault.importer.model import ListSection
from papervault.importer.model import Parsed
from papervault.importer.model import key
from papervault.importer.model import split_lines
from papervault.importer.model import trim_blank
from papervault.importer.navigation import CONTENTS_TITLE
from papervault.names import strip_numbering

FORMAT = "paper-list"

_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_CHAPTER = re.compile(r"^chapter\s+(\d+)\b[\s.:\uff1a-]*(.*)$", re.IGNORECASE)
_NUMBER = re.compile(r"^(\d+(?:\.\d+)*)\.?(?:\s+|$)(.*)$")
_LEADERS = re.compile(r"\s*(?:(?:\.\s*){3,}|…+|·{3,}|-{3,})[\s\d]*$")
_PAGE = re.compile(r"\s+\d+$")
_LINK = re.compile(r"\[((?:[^\[\]\\]|\\.)*)\]\([^)]*\)")
_HEADING_LINK = re.compile(r"\]\(\s*<?(https?://[^)\s>]+)")
_INTERNAL = re.compile(r"\[[^\]]*\]\(#[^)]*\)")  # a link into the page
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_STYLE = re.compile(r"\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)")
_BULLET = re.compile(r"^\s*(?:[-*+•·]|\d+[.)])\s+")


def clean(text: str) -> str:
    """Heading or contents text without HTML tags, images, emphasis, link syntax, bullets."""
    text = _IMAGE.sub("", _TAG.sub("", text))
    text = _LINK.sub(r"\1", text)
    text = _STYLE.sub("", text)
    text = text.replace("•", " ")
    return fields.unescape(" ".join(text.split()))


@dataclass
class Heading:
    line: int
    level: int
    text: str  # cleaned
    number: str  # "2.5.3", "2" for "Chapter 2", "" when unnumbered
    chapter: bool  # written "Chapter N"

    @property
    def title(self) -> str:
        """The heading's title, its hand-written number stripped."""
        match = _CHAPTER.match(self.text) if self.chapter else None
        if match:
            return match.group(2).strip() or self.text
        if self.number:
            return strip_numbering(self.text) or self.text
        return self.text


def headings(lines: list[str]) -> dict[int, Heading]:
    """The ATX headings outside fenced code, by line number."""
    found: dict[int, Heading] = {}
    fence = ""
    for n, line in enumerate(lines, 1):
        fenced = _FENCE.match(line)
        if fence:
            if fenced and fenced.group(1)[0] == fence[0] and len(fenced.group(1)) >= len(fence):
                fence = ""
            continue
        if fenced:
            fence = fenced.group(1)
            continue
        match = _HEADING.match(line)
        if match is None:
            continue
        text = clean(match.group(2) or "")
        level = len(match.group(1))
        chapter = _CHAPTER.match(text)
        number = _NUMBER.match(text)
        digits = number.group(1) if number else ""
        if not chapter and "." not in digits and level >= 3:
            digits = ""  # `#### 3 ways to …`: a title that starts with a number
        found[n] = Heading(n, level, text, chapter.group(1) if chapter else digits, bool(chapter))
    return found


def detect(text: str) -> bool:
    """Whether a Markdown text is written in the original list's style."""
    lines = split_lines(text)
    found = headings(lines).values()
    numbered = sum(1 for h in found if h.chapter or h.number.count(".") >= 1)
    papers = sum(1 for h in found if h.number.count(".") >= 2)
    labelled = sum(1 for line in lines if fields.field_of(line, loose=False))
    # numbered sections alone (`## 2.1 Graphs` over `- [Title](link)` items) are an awesome
    # list's; the original style has paper headings (`### 2.1.3 …`) or its metadata lines
    return numbered >= 1 and (labelled >= 1 or (numbered >= 2 and papers >= 1))


def _depth(heading: Heading, parents: set[str]) -> str:
    """CHAPTER, SECTION or PAPER for a numbered heading (`parents`: numbers with headings
    numbered below them)."""
    if heading.chapter or heading.number.count(".") == 0:
        return CHAPTER
    if heading.number.count(".") == 1:
        return SECTION
    return SECTION if heading.number in parents else PAPER


def read(text: str, source: str, progress: Callable[[int, int], None] | None = None) -> Parsed:
    """Read a list in the original style; raises `regions.Refused` for conflicts in data."""
    lines = split_lines(text)
    total = len(lines)
    heads = headings(lines)
    numbers = {h.number for h in heads.values() if h.number and not h.chapter}
    numbers = {n.rsplit(".", i)[0] for n in numbers for i in range(1, n.count(".") + 1)}
    contents_at = next(
        (n for n, h in heads.items() if not h.number and CONTENTS_TITLE.match(h.text)), 0
    )
    first_data = next(
        (n for n, h in heads.items() if h.number and (not contents_at or n > contents_at)), 0
    )
    title = next(iter(heads.values()), None)
    if contents_at:
        header_end = contents_at - 1
    elif first_data:
        header_end = first_data - 1
    else:  # unnumbered throughout: the header runs to the second heading
        later = [n for n in heads if title is None or n > title.line]
        header_end = (later[0] - 1) if later else total
    contents: tuple[int, int] | None = None
    if contents_at:
        after = [n for n in heads if n > contents_at]
        contents = (contents_at, (after[0] - 1) if after else total)
    found = regions.find(text)
    inside = regions.sort_out(found, lines, contents, source, heading_above(heads))
    kinds = [BLANK if not line.strip() else BODY for line in lines]
    parsed = Parsed(source, FORMAT, kinds)
    # the header: the home page
    home: list[int] = []
    dropped = False  # blank lines on both sides of dropped marker lines become one
    for n in range(1, header_end + 1):
        if n in found.marker_lines:
            kinds[n - 1] = MARKER
            dropped = True
            continue
        if _furniture(parsed, n, lines[n - 1]):
            continue
        blank = not lines[n - 1].strip()
        kinds[n - 1] = BLANK if blank else HEADER
        if blank and dropped and home and not lines[home[-1] - 1].strip():
            continue
        dropped = dropped and blank
        home.append(n)
    if title is not None and title.line <= header_end and not title.number:
        parsed.home_title = title.text
    parsed.home = trim_blank([lines[n - 1] for n in home])
    # the contents: chapters and sections named on any side
    chapters = {h.number: h.title for h in heads.values() if h.number and "." not in h.number}
    versions: list[list[tuple[str, str | None]]] = []
    if contents is not None:
        first, last = contents
        in_regions = {n for c in inside for n in range(c.line, c.end_line + 1)}
        for n in range(first, last + 1):
            line = lines[n - 1]
            if n in found.marker_lines:
                kinds[n - 1] = MARKER
            elif n == first or n in in_regions or _is_contents(line):
                kinds[n - 1] = CONTENTS if line.strip() else BLANK
            else:  # prose among the contents: kept on the home page
                kinds[n - 1] = HEADER
                if parsed.home and kinds[n - 2] != HEADER:
                    parsed.home.append("")
                parsed.home.append(line)
        for version in regions.sides(lines, first + 1, last, inside):
            versions.append(_contents_entries(lines, version, chapters))
    # the body: chapters, sections, papers
    _Body(parsed, lines, heads, numbers, found.marker_lines, progress).run(
        (contents[1] if contents else header_end) + 1
    )
    for entries in versions:
        _merge_contents(parsed.root, entries)
    parsed.home = trim_blank(parsed.home)
    return parsed


def _furniture(parsed: Parsed, n: int, line: str) -> bool:
    """An anchor line, back-to-top or contents link (`navigation`): skipped and noted."""
    kind = navigation.line_kind(line)
    if kind is None:
        return False
    parsed.kinds[n - 1] = NAVIGATION
    parsed.navigation[n] = kind
    return True


def _is_contents(line: str) -> bool:
    """A contents line: blank, naming a chapter/section/paper, or a link into the page."""
    text = line.strip()
    return (
        not text
        or _contents_line(line) is not None
        or bool(_INTERNAL.fullmatch(_BULLET.sub("", text)))
        or text.casefold() in ("[toc]", "[[_toc_]]", "${toc}")
    )


def heading_above(heads: dict[int, Heading]) -> Callable[[int], str]:
    """For messages: the heading a line is under."""

    def where(line: int) -> str:
        above = [h for n, h in heads.items() if n < line]
        return f"under {above[-1].text!r} (line {above[-1].line})" if above else ""

    return where


def _contents_line(line: str) -> tuple[str, str, str] | None:
    """(CHAPTER | SECTION | PAPER, title, number) for a contents line naming one."""
    text = line.split("\t")[0]
    text = _LEADERS.sub("", clean(_TAG.sub(" ", text)))
    text = _LEADERS.sub("", _BULLET.sub("", text).strip())
    match = _CHAPTER.match(text)
    if match:
        return CHAPTER, match.group(2).strip(), match.group(1)
    number = _NUMBER.match(text)
    if number is None or not number.group(2).strip():
        return None
    title = _PAGE.sub("", number.group(2)).strip() or number.group(2).strip()
    depth = (CHAPTER, SECTION, PAPER)[min(number.group(1).count("."), 2)]
    return depth, title, number.group(1)


def _contents_entries(
    lines: list[str], numbers: list[int], chapters: dict[str, str]
) -> list[tuple[str, str | None]]:
    """(chapter title, section title or None) for each contents line naming one.

    A section `2.3` is in chapter 2: as this version of the contents names it, else as the
    body does (`chapters`: number -> title), else the chapter named last.
    """
    out: list[tuple[str, str | None]] = []
    named: dict[str, str] = {}
    chapter = ""
    for n in numbers:
        entry = _contents_line(lines[n - 1])
        if entry is None:
            continue
        depth, title, number = entry
        if depth == CHAPTER:
            chapter = named[number] = title
            out.append((chapter, None))
        elif depth == SECTION:
            first = number.split(".")[0]
            owner = named.get(first) or chapters.get(first) or chapter
            if owner:
                out.append((owner, title))
    return out


def merge_order(
    titles: list[str], into: list[ListSection], make: Callable[[str], ListSection]
) -> None:
    """Insert the sections named by `titles` that `into` lacks, each after the one before
    it in `titles` (or first), so both orders are kept where they agree."""
    present = {s.key: s for s in into}
    previous: ListSection | None = None
    for title in titles:
        existing = present.get(key(title))
        if existing is None:
            existing = make(title)
            at = into.index(previous) + 1 if previous is not None else 0
            wanted = {key(t) for t in titles}
            while at < len(into) and not into[at].line and into[at].key not in wanted:
                at += 1  # after what another side of the contents put here
            into.insert(at, existing)
            present[existing.key] = existing
        previous = existing


def _merge_contents(root: ListSection, entries: list[tuple[str, str | None]]) -> None:
    chapters: list[str] = []
    sections: dict[str, list[str]] = {}
    for chapter, section in entries:
        if key(chapter) not in {key(c) for c in chapters}:
            chapters.append(chapter)
        if section is not None:
            sections.setdefault(key(chapter), []).append(section)
    merge_order(chapters, root.children, ListSection)
    for chapter_node in root.children:
        titles = sections.get(chapter_node.key, [])
        if titles:
            merge_order(titles, chapter_node.children, ListSection)


class _Body:
    """The walk over the chapters, sections and papers after the contents."""

    def __init__(
        self,
        parsed: Parsed,
        lines: list[str],
        heads: dict[int, Heading],
        numbers: set[str],
        markers: set[int],
        progress: Callable[[int, int], None] | None,
    ) -> None:
        self.parsed = parsed
        self.lines = lines
        self.heads = heads
        self.numbers = numbers
        self.markers = markers
        self.progress = progress
        self.path: list[ListSection] = []  # chapter, section, ...
        self.levels: list[int] = []  # their heading levels
        self.paper: ListPaper | None = None
        self.paper_level = 0
        self.in_summary = False
        self.intro: ListSection | None = None  # the section whose introduction we are in

    def run(self, start: int) -> None:
        kinds = self.parsed.kinds
        total = len(self.lines)
        for n in range(start, total + 1):
            if self.progress is not None and n % 1000 == 0:
                self.progress(n, total)
            line = self.lines[n - 1]
            if n in self.markers:
                kinds[n - 1] = MARKER
                continue
            heading = self.heads.get(n)
            if heading is not None and self._heading(heading):
                continue
            if heading is None and _furniture(self.parsed, n, line):
                continue
            kinds[n - 1] = self._line(n, line)
        self._close_paper()
        self._close_intro()

    def _heading(self, heading: Heading) -> bool:
        """Take a heading as chapter, section or paper; False leaves it to `_line`."""
        kinds = self.parsed.kinds
        brief = fields.is_brief_label(self.lines[heading.line - 1])
        if brief and self.paper is not None and not self.in_summary:
            return False
        if heading.number:
            depth = _depth(heading, self.numbers)
        elif self.paper is not None and heading.level > self.paper_level:
            return False  # a heading inside a paper's summary
        else:
            depth = self._unnumbered(heading)
        self._close_paper()
        self._close_intro()
        kinds[heading.line - 1] = depth
        if depth == CHAPTER:
            self.path = [self.parsed.root.child(heading.title, heading.line)]
            self.levels = [heading.level]
        elif depth == SECTION:
            if heading.number:  # 2.5 sits in a chapter, 2.5.1 in a section
                keep = heading.number.count(".")
                del self.path[keep:], self.levels[keep:]
            else:
                while len(self.path) > 1 and self.levels[-1] >= heading.level:
                    self.path.pop()
                    self.levels.pop()
            parent = self.path[-1] if self.path else self.parsed.root
            self.path.append(parent.child(heading.title, heading.line))
            self.levels.append(heading.level)
        else:
            if heading.number.count(".") >= 2:  # 2.5.3 sits in section 2.5
                keep = heading.number.count(".")
                del self.path[keep:], self.levels[keep:]
            section = tuple(s.key for s in self.path)
            self.paper = ListPaper(heading.title, heading.line, section)
            linked = _HEADING_LINK.search(self.lines[heading.line - 1])
            if linked:  # `### 1.1.1 [Title](https://arxiv.org/abs/…)`: its address
                self.paper.findings.extend(fields.apply(self.paper.meta, "url", linked.group(1)))
            self.parsed.papers.append(self.paper)
            self.paper_level = heading.level
            self.in_summary = False
            return True
        self.intro = self.path[-1]
        return True

    def _unnumbered(self, heading: Heading) -> str:
        if not self.levels or heading.level <= self.levels[0]:
            return CHAPTER
        if len(self.levels) > 1 and heading.level <= self.levels[-1]:
            return SECTION
        if heading.level == self.levels[0] + 1 and len(self.levels) == 1:
            return SECTION
        return PAPER

    def _line(self, n: int, line: str) -> str:
        if not line.strip():
            if self.paper is not None and self.in_summary:
                self.paper.body.append(line)
            elif self.intro is not None and self.intro.body:
                self.intro.body.append(line)
            return BLANK
        paper = self.paper
        if paper is None:
            if self.intro is not None:
                self.intro.body.append(line)
            else:  # text before any chapter: kept on the home page
                if self.parsed.home and self.parsed.kinds[n - 2] != HEADER:
                    self.parsed.home.append("")
                self.parsed.home.append(line)
                return HEADER
            return BODY
        if not self.in_summary and fields.is_brief_label(line):
            return METADATA
        found = fields.field_of(line, loose=not self.in_summary)
        if found is not None:
            paper.findings.extend(fields.apply(paper.meta, *found))
            return METADATA
        self.in_summary = True
        paper.body.append(line)
        return BODY

    def _close_paper(self) -> None:
        if self.paper is not None:
            self.paper.body = trim_blank(self.paper.body)
        self.paper = None
        self.in_summary = False

    def _close_intro(self) -> None:
        if self.intro is not None:
            self.intro.body = trim_blank(self.intro.body)
        self.intro = None
