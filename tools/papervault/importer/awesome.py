"""Awesome-list Markdown (pure): a heading per section, a bullet per paper.

    ## Section
    - [Title](link) - what it is. [[code](https://github.com/…)] (NeurIPS 2022)
      continued or nested lines

The first heading and the text before the first section are the home page; a contents
list (`## Contents`) is not data. Headings nest by level. A bullet that starts with a
link (or bold text) is a paper: its link is the article address (arXiv ids and DOIs taken
from it), a link named code/github/repo (or on github.com / gitlab.com) the code address,
a `Venue 2022` in parentheses or bold its venue and year; the rest of the bullet and its
continuation lines are the note's body, verbatim. Other text is the section's introduction.
Closing matter (Contributing, License, ...) goes to the home page.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable

from papervault import ids
from papervault.importer import fields
from papervault.importer import regions
from papervault.importer.markdown import CONTENTS_TITLE
from papervault.importer.markdown import clean
from papervault.importer.markdown import heading_above
from papervault.importer.markdown import headings
from papervault.importer.model import BLANK
from papervault.importer.model import BODY
from papervault.importer.model import CHAPTER
from papervault.importer.model import CONTENTS
from papervault.importer.model import HEADER
from papervault.importer.model import MARKER
from papervault.importer.model import PAPER
from papervault.importer.model import SECTION
from papervault.importer.model import ListPaper
from papervault.importer.model import ListSection
from papervault.importer.model import Parsed
from papervault.importer.model import split_lines
from papervault.importer.model import trim_blank

FORMAT = "awesome"

_ITEM = re.compile(r"^(?P<indent>[ \t]*)(?:[-*+]|\d+[.)])[ \t]+(?P<item>.*)$")
_LINKED = re.compile(
    r"^(?:\*\*|__)?\[(?P<title>(?:[^\[\]\\]|\\.|\[[^\]]*\])+)\]"
    r"\(\s*<?(?P<url>[^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)(?:\*\*|__)?(?P<rest>.*)$"
)
_BOLD = re.compile(r"^(?:\*\*|__)(?P<title>[^*_].*?)(?:\*\*|__)(?P<rest>.*)$")
_LINK = re.compile(r"\[(?P<text>(?:[^\[\]\\]|\\.)*)\]\(\s*<?(?P<url>[^)\s>]+)>?[^)]*\)")
_VENUE = re.compile(
    r"(?:\(|\*\*|\*|_|\[)\s*(?P<venue>[A-Za-z][\w&'.\- ]{0,40}?)[\s']+(?P<year>(?:19|20)\d\d)"
    r"\s*(?:\)|\*\*|\*|_|\])"
)
_CODE_WORDS = re.compile(r"\b(?:code|github|gitlab|repo|repository|implementation)\b", re.I)
_PAPER_WORDS = re.compile(r"\b(?:paper|arxiv|pdf|article)\b", re.I)
_CODE_HOSTS = re.compile(r"^https?://(?:www\.)?(?:github\.com|gitlab\.com|bitbucket\.org)/", re.I)
_BOILERPLATE = re.compile(
    r"^(?:contribut\w*|licen[cs]e|acknowledge?ments?|citation|cite|star history|"
    r"contributors|footnotes|related( lists| work)?|see also|todo)\b",
    re.IGNORECASE,
)
_SEPARATORS = " \t-\u2013\u2014:|,."


def _paper_item(item: str) -> tuple[str, str, str] | None:
    """(title, url, rest) of a paper bullet's text, else None."""
    match = _LINKED.match(item)
    if match is not None:
        url = match.group("url")
        if url.startswith("#"):
            return None  # a link into the page: contents, not a paper
        return match.group("title"), url, match.group("rest")
    match = _BOLD.match(item)
    if match is not None:
        return match.group("title"), "", match.group("rest")
    links = list(_LINK.finditer(item))
    if not any(_names_a_paper(link) for link in links):
        return None
    # `Title. Authors. Venue 2021. [[paper](…)] [[code](…)]`: the title is the first sentence
    head = item[: links[0].start()]
    title = re.split(r"\.\s", head, maxsplit=1)[0].strip(' .,:;-*_"\u201c\u201d')
    if not title:
        return None
    return title, "", item[item.index(title) + len(title) :]


def _names_a_paper(link: re.Match[str]) -> bool:
    url = fields.unescape(link.group("url"))
    return bool(
        _PAPER_WORDS.search(link.group("text")) or ids.arxiv_from_url(url) or ids.doi_from_url(url)
    )


def detect(text: str) -> bool:
    """Whether a Markdown text is an awesome list: headings and linked bullets."""
    lines = split_lines(text)
    linked = 0
    for line in lines:
        item = _ITEM.match(line)
        if item and (got := _paper_item(item.group("item"))) is not None and got[1]:
            linked += 1
    return linked >= 1 and bool(headings(lines))


def paper_meta(url: str, rest: str) -> dict[str, object]:
    """The fields a paper bullet gives: url (arXiv/DOI), code, venue and year."""
    meta: dict[str, object] = {}
    if url:
        fields.apply(meta, "url", url)
    for link in _LINK.finditer(rest):
        target = fields.unescape(link.group("url"))
        if not target.startswith(("http://", "https://")):
            continue
        words = link.group("text")
        if "code" not in meta and (_CODE_WORDS.search(words) or _CODE_HOSTS.match(target)):
            fields.apply(meta, "code", target)
        elif "url" not in meta and _PAPER_WORDS.search(words):
            fields.apply(meta, "url", target)
    venue = _VENUE.search(_LINK.sub(" ", rest))
    if venue is not None:
        meta["venue"] = venue.group("venue").strip()
        meta["year"] = int(venue.group("year"))
    meta.pop("url_note", None)
    meta.pop("code_note", None)
    return meta


def read(text: str, source: str, progress: Callable[[int, int], None] | None = None) -> Parsed:
    """Read an awesome list; raises `regions.Refused` for conflicts in data."""
    lines = split_lines(text)
    heads = headings(lines)
    order = sorted(heads)
    title = heads[order[0]] if order else None
    contents: tuple[int, int] | None = None
    for i, n in enumerate(order):
        if CONTENTS_TITLE.match(heads[n].text):
            contents = (n, order[i + 1] - 1 if i + 1 < len(order) else len(lines))
            break
    title_line = title.line if title else 0
    body_start = next(
        (n for n in order if n != title_line and (not contents or n > contents[0])),
        len(lines) + 1,
    )
    early = contents is not None and contents[0] < body_start
    header_end = contents[0] - 1 if contents and early else body_start - 1
    found = regions.find(text)
    regions.sort_out(found, lines, contents, source, heading_above(heads))  # contents: no data
    kinds = [BLANK if not line.strip() else BODY for line in lines]
    parsed = Parsed(source, FORMAT, kinds)
    parsed.home_title = clean(title.text) if title and title.line <= header_end else ""
    home: list[str] = []
    for n in range(1, header_end + 1):
        if n in found.marker_lines:
            kinds[n - 1] = MARKER
        elif lines[n - 1].strip():
            kinds[n - 1] = HEADER
            home.append(lines[n - 1])
        else:
            home.append("")
    if contents:
        for n in range(contents[0], contents[1] + 1):
            if n in found.marker_lines:
                kinds[n - 1] = MARKER
            elif lines[n - 1].strip():
                kinds[n - 1] = CONTENTS
    walk = _Walk(parsed, lines, found.marker_lines)
    skip_to = contents[1] if contents else header_end
    boiler_level = 0
    for n in range(max(header_end, skip_to) + 1, len(lines) + 1):
        if progress is not None and n % 1000 == 0:
            progress(n, len(lines))
        heading = heads.get(n)
        if heading is not None and (not boiler_level or heading.level <= boiler_level):
            boiler_level = 0
            if _BOILERPLATE.match(heading.text):
                boiler_level = heading.level
                walk.close()
        if boiler_level:
            if n in found.marker_lines:
                kinds[n - 1] = MARKER
            else:
                kinds[n - 1] = HEADER if lines[n - 1].strip() else BLANK
                home.append(lines[n - 1])
            continue
        walk.line(n, heading.level if heading else 0, heading.text if heading else "")
    walk.close()
    parsed.home = trim_blank(home)
    return parsed


class _Walk:
    def __init__(self, parsed: Parsed, lines: list[str], markers: set[int]) -> None:
        self.parsed = parsed
        self.lines = lines
        self.markers = markers
        self.stack: list[tuple[int, ListSection]] = []  # (heading level, section)
        self.paper: ListPaper | None = None
        self.paper_indent = 0
        self.paper_lines: list[str] = []
        self.after_blank = False

    def line(self, n: int, level: int, heading: str) -> None:
        kinds = self.parsed.kinds
        text = self.lines[n - 1]
        if n in self.markers:
            kinds[n - 1] = MARKER
            return
        if level:
            self.close()
            while self.stack and self.stack[-1][0] >= level:
                self.stack.pop()
            parent = self.stack[-1][1] if self.stack else self.parsed.root
            section = parent.child(heading, n)
            self.stack.append((level, section))
            kinds[n - 1] = CHAPTER if len(self.stack) == 1 else SECTION
            return
        if not text.strip():
            kinds[n - 1] = BLANK
            if self.paper is not None:
                self.paper_lines.append("")
            elif self.stack and self.stack[-1][1].body:
                self.stack[-1][1].body.append("")
            self.after_blank = True
            return
        item = _ITEM.match(text)
        got = _paper_item(item.group("item")) if item else None
        indent = len(item.group("indent").expandtabs(4)) if item else 0
        if got is not None and (self.paper is None or indent <= self.paper_indent):
            self.close()
            title, url, rest = got
            keys = tuple(s.key for _, s in self.stack)
            paper = ListPaper(clean(title), n, keys, dict(paper_meta(url, rest)))
            rest = rest.strip(_SEPARATORS) if rest.strip(_SEPARATORS) else ""
            self.paper, self.paper_indent = paper, indent
            self.paper_lines = [rest] if rest else []
            self.parsed.papers.append(paper)
            kinds[n - 1] = PAPER
            self.after_blank = False
            return
        own_indent = len(text) - len(text.lstrip())
        lazy = not self.after_blank and item is None  # a paragraph continued on the next line
        if self.paper is not None and (own_indent > self.paper_indent or lazy):
            self.paper_lines.append(text)
            kinds[n - 1] = BODY
            self.after_blank = False
            return
        self.close()
        if self.stack:
            self.stack[-1][1].body.append(text)
        else:
            self.parsed.home.append(text)
        kinds[n - 1] = BODY
        self.after_blank = False

    def close(self) -> None:
        if self.paper is not None:
            head, *more = self.paper_lines or [""]
            body = [head, *textwrap.dedent("\n".join(more)).split("\n")] if more else [head]
            self.paper.body = trim_blank(body)
        self.paper = None
        self.paper_lines = []
        for _, section in self.stack:
            section.body = trim_blank(section.body)
