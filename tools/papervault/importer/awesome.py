"""Awesome-list and README-style Markdown (pure): a heading per section, a list item per paper.

    ## Section
    - [Title](link) - what it is. [[code](https://github.com/…)] (NeurIPS 2022)
    * **Title** [2025]
      Author One, Author Two
      [Venue (2025)](https://doi.org/…)
    1. **Title**
       - Paper: [arXiv](https://arxiv.org/abs/…) · [Code](https://github.com/…)

An entry is the whole list item, as CommonMark reads one: its first line and every
continuation line (indented to its content, or lazily continued, hard-wrapped or not,
nested items included). A list item that starts with a link, with bold text, or with a
sentence followed by a paper link is a paper. Its fields come from anywhere in it: every
link goes through one policy (`fields.link_field`: an arXiv address gives `arxiv`, a DOI
`doi`, a repository `code`, the paper's page `url`; images and badges never count), a
`Venue (2025)` or `Venue 2025` gives venue and year, a line of names the authors, and
`Label: value` lines their fields. The rest of the item is the note's body, verbatim.

The first heading and the text before the first section are the home page; the list's own
navigation (contents, menus, anchors, back-to-top links: `navigation`) is skipped and
reported. Headings nest by level. Other text is the section's introduction. Closing matter
(Contributing, License, ...) goes to the home page.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from typing import Any

from papervault import ids
from papervault import links
from papervault.importer import fields
from papervault.importer import navigation
from papervault.importer import regions
from papervault.importer.markdown import clean
from papervault.importer.markdown import heading_above
from papervault.importer.markdown import headings
from papervault.importer.model import BLANK
from papervault.importer.model import BODY
from papervault.importer.model import CHAPTER
from papervault.importer.model import CONTENTS
from papervault.importer.model import HEADER
from papervault.importer.model import MARKER
from papervault.importer.model import NAVIGATION
from papervault.importer.model import PAPER
from papervault.importer.model import SECTION
from papervault.importer.model import ListPaper
from papervault.importer.model import ListSection
from papervault.importer.model import Parsed
from papervault.importer.model import split_lines
from papervault.importer.model import trim_blank

FORMAT = "awesome"

_ITEM = re.compile(
    r"^(?P<indent>[ \t]{0,12})(?P<marker>[-*+]|\d{1,9}[.)])(?P<space>[ \t]+|$)(?P<item>.*)$"
)
_LINKED = re.compile(
    r"^(?:\*\*|__)?\[(?P<title>(?:[^\[\]\\]|\\.|\[[^\]]*\])+)\]"
    r"\(\s*<?(?P<url>[^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)(?:\*\*|__)?(?P<rest>.*)$"
)
_BOLD = re.compile(r"^(?:\*\*|__)(?P<title>[^*_].*?)(?:\*\*|__)(?P<rest>.*)$")
_LINK = re.compile(  # `[text](url)`, `[[PDF]](url)`
    r"\[(?P<text>(?:[^\[\]\\]|\\.|\[[^\[\]]*\])*)\]\(\s*<?(?P<url>[^)\s>]+)>?"
    r"(?:\s+\"[^\"]*\")?\s*\)"
)
_BADGE_LINK = re.compile(r"\[\s*(?:!\[[^\]]*\]\([^)]*\)\s*)+\]\([^)]*\)")  # [![alt](img)](to)
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_AUTOLINK = re.compile(r"<(?P<url>https?://[^>\s]+)>")
_BARE = re.compile(r"(?<![(<\[\w/])(?P<url>https?://[^\s<>()\[\]]+[^\s<>()\[\].,;:!?'\"])")
_HTML_LINK = re.compile(
    r"<a\s[^<>]*\bhref\s*=\s*[\"'](?P<url>[^\"']+)[\"'][^<>]*>(?P<text>.*?)</a\s*>",
    re.IGNORECASE,
)
_VENUE = re.compile(
    r"(?:\(|\*\*|\*|_|\[)\s*(?P<venue>[A-Za-z][\w&'.\- ]{0,40}?)[\s',]+(?P<year>(?:19|20)\d\d)"
    r"\s*(?:\)|\*\*|\*|_|\])"
)
_VENUE_AFTER = re.compile(
    r"(?:\*\*|\*|_)(?P<venue>[A-Za-z][\w&'.:\- ]{0,60}?)(?:\*\*|\*|_)[\s,]+"
    r"(?P<year>(?:19|20)\d\d)\b"
)
_VENUE_LINE = re.compile(
    r"^\s*(?:In\s+)?(?:\*\*|\*|_)?(?P<venue>[A-Z][\w&'.:\- ]{1,60}?)(?:\*\*|\*|_)?\s*"
    r"[(\[](?P<year>(?:19[5-9]|20[0-4])\d)[)\]]",
    re.MULTILINE,
)
_VENUE_HEAD = re.compile(  # `**Title.** NeurIPS 2018. [paper](…)`
    r"^[\s,.;:\-\u2013\u2014]*(?P<venue>[A-Za-z][\w&'.\- ]{0,40}?)[\s']+"
    r"(?P<year>(?:19[5-9]|20[0-4])\d)(?=\s*(?:[.,;]|$))"
)
_VENUE_TAIL = re.compile(  # `[Title](…), Thomas N. Kipf, Max Welling, ICLR 2017`
    r",\s*(?P<venue>[A-Z][\w&'.\- ]{0,40}?)\s+(?P<year>(?:19[5-9]|20[0-4])\d)\s*\.?\s*$"
)
_SHORT_VENUE = re.compile(  # `[ICLR24]`, `(ICML'17)`: a conference and a two-digit year
    r"(?<![\w/.-])(?P<venue>[A-Z][A-Za-z]*[A-Z][A-Za-z]*)['\u2019]?(?P<yy>[0-3]\d)(?![\w.])"
)
_YEAR_WRAPPED = re.compile(r"[(\[]\s*((?:19[5-9]|20[0-4])\d)\s*[)\]]")
_YEAR_BARE = re.compile(r"(?<![\w./-])((?:19[5-9]|20[0-4])\d)(?=\s*(?:[.,;)\]]|$))")
_GENERIC_TITLE = re.compile(
    r"^(?:paper|pdf|arxiv|code|github|project(?: page)?|website|video|slides|demo|link|"
    r"doi|html|abs|bibtex|blog|poster|data(?:set)?)$",
    re.IGNORECASE,
)
_BOILERPLATE = re.compile(
    r"^(?:contribut\w*|licen[cs]e|acknowledge?ments?|citation|cite|star history|"
    r"contributors|footnotes|related( lists| work)?|see also|todo)\b",
    re.IGNORECASE,
)
_BLOCK_START = re.compile(r"^\s{0,3}(?:#{1,6}(?:\s|$)|>|`{3,}|~{3,}|<|\||(?:[-*_]\s*){3,}$)")
_SEPARATORS = " \t-\u2013\u2014:|,."
_PARTICLES = {"van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "dos", "le"}
_PARTICLES |= {"la", "al", "bin", "ibn", "ter", "zu", "y", "e"}


_TASK = re.compile(r"^\[[ xX]\]\s+(?P<title>.*)$")


def _paper_item(item: str) -> tuple[str, str, str] | None:
    """(title, url, rest) of a paper item's first line, else None (url "" when unlinked)."""
    task = _TASK.match(item)
    if task is not None:  # `- [x] [Title](link)`: a checklist's box is no part of the title
        item = task.group("title")
    match = _LINKED.match(item)
    if match is not None:
        url = match.group("url")
        if url.startswith("#") or _GENERIC_TITLE.match(clean(match.group("title"))):
            return None  # a link into the page (contents), or `[Paper](…)`: no title
        return match.group("title"), url, match.group("rest")
    match = _BOLD.match(item)
    if match is not None:  # `**Title.** arxiv 2018.`: the title without its full stop
        title = match.group("title")
        label = title.strip().rstrip(":\uff1a").strip().casefold()
        labelled = title.rstrip().endswith((":", "\uff1a")) or match.group("rest").lstrip()[:1] in (
            ":",
            "\uff1a",
        )
        if labelled:  # `- **Paper:** [Title](link) (Nature, 2021)`: a label, not a title
            rest = match.group("rest").lstrip().lstrip(":\uff1a").lstrip()
            linked = _LINKED.match(rest) if label in ("paper", "title", "article") else None
            if linked is None or linked.group("url").startswith("#"):
                return None
            return linked.group("title"), linked.group("url"), linked.group("rest")
        if title.endswith(".") and not title.endswith(("..", "al.")):
            title = title[:-1].rstrip()
        return title, "", match.group("rest")
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
        fields.PAPER_WORDS.search(link.group("text")) or ids.parse_arxiv(url) or ids.parse_doi(url)
    )


def _width(item: re.Match[str]) -> int:
    """The content column of a list item (CommonMark: marker, then 1-4 spaces)."""
    indent = len(item.group("indent").expandtabs(4))
    space = len(item.group("space").expandtabs(4))
    if not item.group("item") or space > 4:
        space = 1
    return indent + len(item.group("marker")) + space


def _indent(line: str) -> int:
    return len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())


def item_end(lines: list[str], n: int, width: int, stops: Callable[[int], bool]) -> int:
    """The last line (1-based) of the list item starting at line n with content column
    `width`: indented lines, blank lines followed by indented ones, and lazy continuation
    lines (paragraph text right after the item's text). `stops(m)`: line m ends any item."""
    end = n
    blank = False
    lazy = True  # the line before is paragraph text
    m = n + 1
    total = len(lines)
    while m <= total and not stops(m):
        line = lines[m - 1]
        if not line.strip():
            blank = True
            m += 1
            continue
        if _indent(line) >= width:
            end, blank = m, False
            lazy = _ITEM.match(line) is None and not _BLOCK_START.match(line.lstrip())
            m += 1
            continue
        if blank or not lazy or _ITEM.match(line) or _BLOCK_START.match(line):
            break
        end = m
        m += 1
    return end


def detect(text: str) -> bool:
    """Whether a Markdown text is a list of paper items: a linked title, or a bold or
    sentence title with a link or a year somewhere in its item."""
    lines = split_lines(text)
    for n, line in enumerate(lines, 1):
        item = _ITEM.match(line)
        if item is None:
            continue
        got = _paper_item(item.group("item"))
        if got is None:
            continue
        if got[1]:
            return True
        end = item_end(lines, n, _width(item), lambda m: False)
        whole = "\n".join([got[2], *lines[n : min(end, n + 8)]])
        if "http" in whole or _YEAR_WRAPPED.search(whole):
            return True
    return False


# --- one entry's fields ----------------------------------------------------------------


def _links(text: str) -> list[tuple[str, str]]:
    """(target, text) of every link of the text in order; badges and images left out."""
    text = _IMAGE.sub(" ", _BADGE_LINK.sub(" ", text))
    found: list[tuple[int, str, str]] = []
    for match in _LINK.finditer(text):
        found.append((match.start(), fields.unescape(match.group("url")), match.group("text")))
    for match in _HTML_LINK.finditer(text):
        found.append((match.start(), match.group("url"), clean(match.group("text"))))
    rest = _HTML_LINK.sub(" ", _LINK.sub(" ", text))
    for pattern in (_AUTOLINK, _BARE):
        for match in pattern.finditer(rest):
            found.append((match.start(), match.group("url"), ""))
        rest = pattern.sub(" ", rest)
    return [(url, words) for _, url, words in sorted(found, key=lambda f: f[0])]


def _plain(text: str) -> str:
    """The text with badges and images out and links reduced to their text."""
    text = _IMAGE.sub(" ", _BADGE_LINK.sub(" ", text))
    text = _LINK.sub(lambda m: " " + m.group("text") + " ", text)
    text = _HTML_LINK.sub(lambda m: " " + m.group("text") + " ", text)
    return _BARE.sub(" ", _AUTOLINK.sub(" ", text))


def _unlinked(text: str) -> str:
    """The text with badges, images and links (their text too) out."""
    text = _IMAGE.sub(" ", _BADGE_LINK.sub(" ", text))
    return _BARE.sub(" ", _AUTOLINK.sub(" ", _HTML_LINK.sub(" ", _LINK.sub(" ", text))))


def authors_of(line: str) -> list[str] | None:
    """The names of a line that holds only names (`A. Author, B. Author and C. Author`)."""
    text = re.sub(r"<sup>[^<>]{0,20}</sup>", "", line, flags=re.IGNORECASE)  # affiliations
    text = text.strip().strip("*_").strip()
    text = re.sub(r"[\u00b9\u00b2\u00b3\u2070-\u2079*\u2020\u2021\u00a7]+", "", text)
    text = text.removesuffix(".").strip()
    if not text or len(text) > 600 or any(c in text for c in ':[]()<>|/\\#@="{}'):
        return None
    pairs = [p.strip() for p in re.split(r"\s+and\s+", text)]
    if len(pairs) > 1 and all(p.count(",") == 1 for p in pairs):  # `Last, First and Last, First`
        parts = pairs
    else:
        parts = [p.strip() for p in re.split(r"\s*(?:,|;|\band\b|&|\u00b7)\s*", text) if p.strip()]
    names: list[str] = []
    for part in parts:
        part = re.sub(r"\s*\bet\s+al\.?$", "", part).strip()
        if part.casefold() in ("et al", "et al.", "others", "...", "\u2026"):
            continue
        words = part.replace(",", " ").split()
        if not 1 <= len(words) <= 5 or not all(_name_word(w) for w in words):
            return None
        names.append(part)
    if not names or (len(names) == 1 and len(names[0].split()) < 2):
        return None
    return _surname_first(names)


_INITIALS = re.compile(r"^(?:[A-Z][A-Z\-]{0,3}\.?)(?:\s*[A-Z]\.?)*$")


def _surname_first(parts: list[str]) -> list[str]:
    """Comma-split names put back together where the list writes `Last, First`:
    `Frank, J.T., Unke, O.T.` (initials after a surname) and the first author of
    `Zhang, Jun, Dechin Chen, …` or `Greener, Joe G.`."""
    names: list[str] = []
    for part in parts:
        if names and _INITIALS.match(part) and "," not in names[-1]:
            names[-1] = f"{names[-1]}, {part}"
        else:
            names.append(part)
    if len(names) >= 2 and "," not in names[0] and len(names[0].split()) == 1:
        rest = names[2:]
        if len(names[1].split()) <= 2 and all(len(n.split()) >= 2 or "," in n for n in rest):
            names[:2] = [f"{names[0]}, {names[1]}"]
    return names


def _name_word(word: str) -> bool:
    if word.casefold() in _PARTICLES:
        return True
    if any(c.isdigit() for c in word):
        return False
    if "\u4e00" <= word[0] <= "\u9fff":
        return True
    return word[0].isupper() and all(c.isalpha() or c in ".-'\u2019\u2010\u2011" for c in word)


def _checked(kind: str | None, target: str, findings: list[str]) -> str | None:
    """The field, when the one link policy lets a card show the address (else noted)."""
    if kind is None or kind in (fields.ARXIV, fields.DOI):
        return kind
    problem = links.field_problem(target)
    if problem is None:
        return kind
    findings.append(f"link {target!r} {problem[1]}: kept in the body only")
    return None


def _plain_page(target: str, words: str) -> bool:
    """A link that can be the paper's page: web, no badge, repository, code or extra."""
    return (
        links.is_web(target)
        and not fields.is_badge(target)
        and not fields.repository(target)
        and not fields.OTHER_WORDS.search(words)
        and not fields.CODE_WORDS.search(words)
    )


def _link_to(target: str, line: int, findings: list[str], first: int) -> str:
    """The link's address as data: a scheme-less `www.…` one gets `https://` (noted;
    `first`: the entry's first line, which the report names already)."""
    if links.is_web(target):
        return target
    fixed = fields.with_scheme(target)
    if fixed is None:
        return target
    where = f" on line {line}" if line != first else ""
    findings.append(f"link {target!r}{where} has no scheme; kept as {fixed!r}")
    return fixed


def _set(meta: dict[str, Any], name: str, value: object) -> None:
    if name not in meta:
        meta[name] = value


def _add_link(meta: dict[str, Any], kind: str, url: str) -> None:
    if kind == fields.ARXIV:
        arxiv = ids.parse_arxiv(url)
        if arxiv and "arxiv" not in meta:
            meta["arxiv"] = arxiv
            _set(meta, "url", ids.arxiv_url(arxiv))
    elif kind == fields.DOI:
        doi = ids.parse_doi(url)
        if doi and "doi" not in meta:
            meta["doi"] = doi
            _set(meta, "url", url)
    else:
        _set(meta, kind, url)


def _labelled(meta: dict[str, Any], name: str, value: str) -> list[str]:
    """A `Label: value` line of an entry into `meta`."""
    if name in ("venue", "authors", "year", "tags", "lead_authors"):
        value = " ".join(_plain(value).split())
    if name == "venue" and value:
        split = fields.venue_year(value)
        if split is not None:
            _set(meta, "venue", split[0])
            _set(meta, "year", split[1])
            return []
    if name == "authors":
        names = authors_of(value) or fields.split_list(value)
        return fields.merge_into(meta, {"authors": names}) if names else []
    if name in ("url", "code") and name in meta:
        url = fields.address(value)[0]
        kind = fields.link_field(url, "", title=True) if url else None
        if kind in (fields.ARXIV, fields.DOI):
            _add_link(meta, kind, url)
        return []
    return fields.apply(meta, name, value)


def entry_fields(
    title_url: str, first: str, more: list[str], line: int
) -> tuple[dict[str, Any], list[str]]:
    """The fields of one entry, from anywhere in it, and notes for the report.

    `title_url`: the title's own link ("" when unlinked); `first`: the rest of the first
    line; `more`: the continuation lines; `line`: the entry's first line, for notes.
    """
    meta: dict[str, Any] = {}
    findings: list[str] = []
    linked = bool(title_url)
    if title_url:
        target = _link_to(fields.unescape(title_url), line, findings, line)
        kind = _checked(fields.link_field(target, "", title=True), target, findings)
        if kind == fields.CODE:
            meta["code"] = target
        elif kind is not None:
            fields.apply(meta, "url", target)
    rest: list[tuple[int, str]] = [(line, first)]
    for offset, text in enumerate(more, 1):
        got = fields.field_of(text, loose=True)
        if got is not None and got[0] in ("url", "code", "arxiv", "doi"):
            link = fields.address(got[1])[0]
            if link and not links.is_web(link):
                fixed = _link_to(link, line + offset, findings, line)
                got = (got[0], got[1].replace(link, fixed, 1))
        if got is not None:
            findings += _labelled(meta, *got)
        rest.append((line + offset, text))
    fallback = not linked
    for at, text in rest:
        for target, words in _links(text):
            target = _link_to(target, at, findings, line)
            kind = fields.link_field(target, words)
            split = fields.venue_year(words) if words else None
            if split is not None and kind is not None:
                _set(meta, "venue", split[0])
                _set(meta, "year", split[1])
            if kind is None and fallback and _plain_page(target, words):
                kind = fields.URL  # an unlabelled link of an entry without a title link
            kind = _checked(kind, target, findings)
            if kind is not None:
                _add_link(meta, kind, target)
                fallback = False
    plain = [(at, _plain(text)) for at, text in rest]
    whole = "\n".join(_unlinked(text) for _, text in rest)
    if "venue" not in meta:
        source = "\n".join(_LINK.sub(" ", t) for _, t in rest)
        venue = _VENUE.search(source) or _VENUE_AFTER.search(source)
        if venue is None:
            head = " ".join(_unlinked(first).split())
            venue = _VENUE_HEAD.search(head) or _VENUE_TAIL.search(head)
            if venue is not None and (". " in venue.group("venue") or " al" in venue.group(0)):
                venue = None  # `Vaswani et al. NeurIPS 2017`: names, not a venue
        for _, text in rest[1:] if venue is None else ():  # `NeurIPS 2021. [[Paper](…)]`
            venue = _VENUE_HEAD.search(" ".join(_unlinked(text).split()))
            if venue is not None and (". " in venue.group("venue") or " al" in venue.group(0)):
                venue = None
            if venue is not None:
                break
        if venue is None and len(rest) > 1:  # `Chemistry of Materials (2019)` on its own line
            venue = _VENUE_LINE.search("\n".join(_plain(t) for _, t in rest[1:]))
        if venue is not None:
            meta["venue"] = venue.group("venue").strip()
            _set(meta, "year", int(venue.group("year")))
    if "year" not in meta:
        year = _YEAR_WRAPPED.search(whole) or _YEAR_BARE.search(whole)
        if year is not None:
            meta["year"] = int(year.group(1))
    if "year" not in meta:
        short = _SHORT_VENUE.search(whole)
        if short is not None and 3 <= len(short.group("venue")) <= 10:
            _set(meta, "venue", short.group("venue"))
            meta["year"] = 2000 + int(short.group("yy"))
    if "authors" not in meta and not linked:  # `**Title** [2023]   Huang, Han, and Wei Lv.`
        head = _YEAR_WRAPPED.sub(" ", _unlinked(first), count=1).strip(_SEPARATORS)
        names = authors_of(head) if head else None
        if names:
            meta["authors"] = names
    if "authors" not in meta:
        for _, text in plain[1:3]:
            names = authors_of(text) if not fields.field_of(text, loose=True) else None
            if names:
                meta["authors"] = names
                break
    for name in ("url_note", "code_note", "arxiv_note", "doi_note", "year_note"):
        meta.pop(name, None)
    return meta, findings


# --- the walk ---------------------------------------------------------------------------


def read(text: str, source: str, progress: Callable[[int, int], None] | None = None) -> Parsed:
    """Read an awesome list; raises `regions.Refused` for conflicts in data."""
    lines = split_lines(text)
    heads = headings(lines)
    nav = navigation.find(lines, {n: h.text for n, h in heads.items()})
    order = sorted(heads)
    title = heads[order[0]] if order else None
    contents: tuple[int, int] | None = None
    for i, n in enumerate(order):
        if nav.get(n) == navigation.CONTENTS_BLOCK:
            contents = (n, order[i + 1] - 1 if i + 1 < len(order) else len(lines))
            break
    title_line = title.line if title else 0
    body_start = next(
        (n for n in order if n != title_line and nav.get(n) != navigation.CONTENTS_BLOCK),
        len(lines) + 1,
    )
    header_end = body_start - 1
    found = regions.find(text)
    regions.sort_out(found, lines, contents, source, heading_above(heads))  # contents: no data
    kinds = [BLANK if not line.strip() else BODY for line in lines]
    parsed = Parsed(source, FORMAT, kinds, navigation=nav)
    parsed.home_title = clean(title.text) if title and title.line <= header_end else ""
    home: list[str] = []

    def furniture(n: int) -> bool:
        """Marker and navigation lines: accounted for, never data."""
        if n in found.marker_lines:
            kinds[n - 1] = MARKER
        elif n in nav:
            kinds[n - 1] = CONTENTS if nav[n] == navigation.CONTENTS_BLOCK else NAVIGATION
        else:
            return False
        return True

    for n in range(1, header_end + 1):
        if furniture(n):
            continue
        if lines[n - 1].strip():
            kinds[n - 1] = HEADER
            home.append(lines[n - 1])
        elif home and home[-1]:
            home.append("")
    walk = _Walk(parsed, lines, furniture, heads)
    boiler_level = 0
    n = header_end + 1
    total = len(lines)
    shown = 0
    while n <= total:
        if progress is not None and n - shown >= 1000:  # entries are read whole: n jumps
            progress(n, total)
            shown = n
        heading = heads.get(n)
        if heading is not None and (not boiler_level or heading.level <= boiler_level):
            boiler_level = 0
            if _BOILERPLATE.match(heading.text) and n not in nav:
                boiler_level = heading.level
        if boiler_level:
            if not furniture(n):
                kinds[n - 1] = HEADER if lines[n - 1].strip() else BLANK
                home.append(lines[n - 1])
            n += 1
            continue
        n = walk.line(n, heading.level if heading else 0, heading.text if heading else "")
    walk.close()
    parsed.home = trim_blank(home)
    return parsed


class _Walk:
    def __init__(
        self,
        parsed: Parsed,
        lines: list[str],
        furniture: Callable[[int], bool],
        heads: dict[int, Any],
    ) -> None:
        self.parsed = parsed
        self.lines = lines
        self.furniture = furniture
        self.heads = heads
        self.stack: list[tuple[int, ListSection]] = []  # (heading level, section)

    def _stops(self, m: int) -> bool:
        return m in self.heads or m in self.parsed.navigation

    def line(self, n: int, level: int, heading: str) -> int:
        """Take line n (and the rest of its entry, when it starts one); the next line."""
        kinds = self.parsed.kinds
        text = self.lines[n - 1]
        if self.furniture(n):
            return n + 1
        if level:
            self.close()
            while self.stack and self.stack[-1][0] >= level:
                self.stack.pop()
            parent = self.stack[-1][1] if self.stack else self.parsed.root
            section = parent.child(heading, n)
            self.stack.append((level, section))
            kinds[n - 1] = CHAPTER if len(self.stack) == 1 else SECTION
            return n + 1
        if not text.strip():
            kinds[n - 1] = BLANK
            if self.stack and self.stack[-1][1].body:
                self.stack[-1][1].body.append("")
            return n + 1
        item = _ITEM.match(text)
        got = _paper_item(item.group("item")) if item else None
        if item is not None and got is None:
            got = self._task(n, item)
        if item is not None and got is not None:
            end = item_end(self.lines, n, _width(item), self._stops)
            if not self._category(n, end, _width(item), got):
                self._paper(n, end, got)
                return end + 1
        if self.stack:
            self.stack[-1][1].body.append(text)
        else:
            self.parsed.home.append(text)
        kinds[n - 1] = BODY
        return n + 1

    def _task(self, n: int, item: re.Match[str]) -> tuple[str, str, str] | None:
        """`- [ ] Title` (a reading checklist) over a line of authors: a paper."""
        task = _TASK.match(item.group("item"))
        if task is None or not task.group("title").strip():
            return None
        end = item_end(self.lines, n, _width(item), self._stops)
        following = [line for line in self.lines[n:end] if line.strip()]
        if not following or authors_of(_plain(following[0])) is None:
            return None
        return task.group("title").strip(), "", ""

    def _category(self, n: int, end: int, width: int, got: tuple[str, str, str]) -> bool:
        """`- **Graphs**` over nested paper items, with no link of its own: not a paper."""
        if got[1] or _links(got[2]):
            return False
        nested = False
        for m in range(n + 1, end + 1):
            line = self.lines[m - 1]
            item = _ITEM.match(line)
            if item is not None and _indent(line) >= width:
                inner = _paper_item(item.group("item"))
                if inner is not None and inner[1]:
                    nested = True
            elif line.strip() and _links(line) and item is None:
                return False
        return nested

    def _paper(self, n: int, end: int, got: tuple[str, str, str]) -> None:
        kinds = self.parsed.kinds
        title, url, rest = got
        more: list[str] = []
        for m in range(n + 1, end + 1):
            if self.furniture(m):
                more.append("")
                continue
            kinds[m - 1] = BODY if self.lines[m - 1].strip() else BLANK
            more.append(self.lines[m - 1])
        meta, findings = entry_fields(url, rest, more, n)
        keys = tuple(s.key for _, s in self.stack)
        paper = ListPaper(clean(title), n, keys, meta, findings=findings)
        head = rest.strip(_SEPARATORS) if rest.strip(_SEPARATORS) else ""
        body = [head, *textwrap.dedent("\n".join(more)).split("\n")] if more else [head]
        paper.body = trim_blank(body)
        self.parsed.papers.append(paper)
        kinds[n - 1] = PAPER

    def close(self) -> None:
        for _, section in self.stack:
            section.body = trim_blank(section.body)
