"""Generated Markdown: index pages by year, venue and author, and chapter/section lists (pure).

Every value from a note is escaped for Markdown and HTML (`md`), and every link is a
relative `.md` link that MkDocs checks and rewrites. Index pages list each paper once per
year, venue or author, so their size grows linearly with the vault.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
import urllib.parse
from collections import defaultdict
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import replace
from typing import Any

from papervault import ids
from papervault.readers import authors
from papervault.readers import family_name
from papervault.readers import lead_authors
from papervault.readers import text
from papervault.readers import texts
from papervault.site import maths
from papervault.site.card import Link
from papervault.site.card import anchor
from papervault.site.card import links

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!])")  # Python-Markdown's escapable set

_PLAIN_TITLE = re.compile(r"[A-Za-z][A-Za-z0-9 ]*")

YEARS = "indexes/years.md"
VENUES = "indexes/venues.md"
AUTHORS = "indexes/authors.md"
TAGS = "tags.md"
INDEXES = {"year": YEARS, "venue": VENUES, "author": AUTHORS, "tag": TAGS}
NO_YEAR = "Undated"
NO_VENUE = "Unknown venue"
ARXIV_YEAR = "arxiv"  # `Paper.year_from`: the year is the arXiv id's, not the note's
PAGE_SIZE = 50  # papers on one page of a section; a bigger section gets more pages


@dataclass(frozen=True)
class Paper:
    """What the generated pages show of a note."""

    uri: str  # path relative to the vault root, posix
    number: str  # as in the contents (`2.5.3`), '' when outside any section
    title: str
    year: str
    venue: str
    authors: tuple[str, ...]
    tags: tuple[str, ...]
    leads: tuple[tuple[str, str], ...] = ()  # (name, affiliation)
    links: tuple[Link, ...] = ()
    year_from: str = ""  # ARXIV_YEAR when `year` comes from the arXiv id

    @property
    def label(self) -> str:
        return f"{self.number} {self.title}" if self.number else self.title

    @property
    def year_label(self) -> str:
        """The year as shown: `2020 (arXiv)` when the arXiv id gives it."""
        return f"{self.year} (arXiv)" if self.year and self.year_from else self.year

    def numbered(self, number: str) -> Paper:
        """The same paper as another section numbers it."""
        return self if number == self.number else replace(self, number=number)


def paper(uri: str, number: str, meta: Mapping[str, object]) -> Paper:
    """A `Paper` from a note's path, number and front matter."""
    title = text(meta.get("title")) or posixpath.basename(uri).removesuffix(".md")
    found = dict(meta)
    year, year_from = text(meta.get("year")), ""
    if not year:
        year = arxiv_year(meta.get("arxiv"))
        year_from = ARXIV_YEAR if year else ""
    return Paper(
        uri=uri,
        number=number,
        title=title,
        year=year,
        venue=text(meta.get("venue")),
        authors=tuple(authors(found)),
        tags=tuple(texts(meta.get("tags"))),
        leads=tuple(lead_authors(found)),
        links=tuple(links(found)),
        year_from=year_from,
    )


def arxiv_year(value: Any) -> str:
    """The year an arXiv id dates a paper to ('' when it is no arXiv id)."""
    arxiv_id = ids.parse_arxiv(text(value)) if text(value) else None
    date = ids.arxiv_date(arxiv_id) if arxiv_id else None
    return str(date[0]) if date else ""


def md(value: str, cell: bool = False) -> str:
    """Text that Markdown shows as it is: HTML escaped, Markdown syntax backslash-escaped.

    `cell`: also escape `|` (only a table row reads `\\|` as a literal bar).
    """
    escaped = _MD_SPECIAL.sub(r"\\\1", html.escape(" ".join(value.split()), quote=False))
    return escaped.replace("|", "\\|") if cell else escaped


def up(url: str) -> str:
    """From a page's site URL to the site root: `indexes/years/` -> `../../`."""
    folder = url.rsplit("/", 1)[0] if "/" in url else ""
    return "../" * (folder.count("/") + 1) if folder else ""


def link(label: str, target: str, page: str, cell: bool = False) -> str:
    """A Markdown link from the page `page` to the vault file `target` (both vault-relative)."""
    rel = posixpath.relpath(target, posixpath.dirname(page) or ".")
    return f"[{md(label, cell)}]({urllib.parse.quote(rel)})"


def front(title: str, *, search: bool = True) -> str:
    """Front matter and heading for a generated page (a section's title in it is quoted
    for YAML and escaped for Markdown)."""
    quoted = title if _PLAIN_TITLE.fullmatch(title) else json.dumps(title)
    lines = ["---", f"title: {quoted}"]
    if not search:
        lines += ["search:", "  exclude: true"]
    return "\n".join([*lines, "---", "", f"# {md(title)}", ""]) + "\n"


@dataclass(frozen=True)
class Row:
    """One line of an index list: an optional lead (an author), papers, a trailing note."""

    lead: str
    papers: tuple[Paper, ...]
    note: str = ""


@dataclass(frozen=True)
class IndexPage:
    """An index page: Markdown headings with numbered list placeholders, and the lists.

    The lists are rendered straight to HTML (`render_rows`) after Markdown has run: a
    10,000-paper index is then a string join, not 30,000 Markdown links to parse.
    """

    markdown: str
    lists: tuple[tuple[Row, ...], ...]
    cards: tuple[tuple[Paper, ...], ...] = ()


PLACEHOLDER = "<!-- papervault:list {} -->"
PLACEHOLDER_RE = re.compile(r"<!-- papervault:list (\d+) -->")
CARDS = "<!-- papervault:cards {} -->"
CARDS_RE = re.compile(r"<!-- papervault:cards (\d+) -->")


class _Builder:
    def __init__(self, title: str) -> None:
        self.parts = [front(title, search=False)]
        self.lists: list[tuple[Row, ...]] = []

    def section(self, heading: str, rows: Iterable[Row]) -> None:
        self.parts.append(f"## {heading}\n\n{PLACEHOLDER.format(len(self.lists))}\n")
        self.lists.append(tuple(rows))

    def page(self) -> IndexPage:
        return IndexPage("\n".join(self.parts), tuple(self.lists))


def years_page(papers: Iterable[Paper]) -> IndexPage:
    """Papers by year, newest first, each year in contents order."""
    groups: dict[str, list[Paper]] = defaultdict(list)
    for p in papers:
        groups[p.year or NO_YEAR].append(p)
    page = _Builder("Papers by year")
    for year in sorted(groups, key=lambda y: (y == NO_YEAR, -_int(y), y)):
        heading = f"{md(year)} {{ #{anchor('year', year)} }}" if year != NO_YEAR else year
        rows = (
            Row("", (p,), _joined(p.venue, "arXiv year" * bool(p.year_from))) for p in groups[year]
        )
        page.section(heading, rows)
    return page.page()


def venues_page(papers: Iterable[Paper]) -> IndexPage:
    """Papers by venue (alphabetical), newest first within a venue."""
    groups: dict[str, list[Paper]] = defaultdict(list)
    names: dict[str, str] = {}
    for p in papers:
        key = anchor("venue", p.venue) if p.venue else ""
        groups[key].append(p)
        names.setdefault(key, p.venue or NO_VENUE)
    page = _Builder("Papers by venue")
    for key in sorted(groups, key=lambda k: (k == "", names[k].casefold())):
        heading = md(names[key]) + (f" {{ #{key} }}" if key else "")
        ranked = sorted(groups[key], key=lambda p: -_int(p.year))
        page.section(heading, (Row("", (p,), p.year_label) for p in ranked))
    return page.page()


def initial(name: str) -> str:
    """The letter an author is listed under (`#` for anything but a letter)."""
    first = family_name(name)[:1].upper()
    return first if first.isalpha() else "#"


def authors_page(papers: Iterable[Paper]) -> IndexPage:
    """Every author (by family name, under its initial), each with their papers."""
    by_author: dict[str, list[Paper]] = defaultdict(list)
    for p in papers:
        for name in dict.fromkeys(p.authors):
            by_author[name].append(p)
    ordered = sorted(by_author, key=lambda n: (family_name(n).casefold(), n.casefold()))
    letters: dict[str, list[Row]] = defaultdict(list)
    for name in ordered:
        letters[initial(name)].append(Row(name, tuple(by_author[name])))
    page = _Builder("Papers by author")
    for letter in sorted(letters, key=lambda x: (x == "#", x)):
        slug = "other" if letter == "#" else letter.lower()
        page.section(f"{md(letter)} {{ #author-{slug} }}", letters[letter])
    return page.page()


def render_rows(rows: Iterable[Row], href: Callable[[str], str | None]) -> str:
    """An index list as HTML; `href` gives a paper's address from the index page."""
    items = []
    for row in rows:
        links = []
        for p in row.papers:
            target = href(p.uri)
            label = maths.inline(p.label)
            links.append(f'<a href="{html.escape(target)}">{label}</a>' if target else label)
        lead = f"<strong>{html.escape(row.lead)}</strong>: " if row.lead else ""
        note = f" — {html.escape(row.note)}" if row.note else ""
        items.append(f"<li>{lead}{'; '.join(links)}{note}</li>")
    return "<ul>\n" + "\n".join(items) + "\n</ul>"


def fill(content: str, page: IndexPage, href: Callable[[str], str | None]) -> str:
    """An index page's HTML with its list placeholders replaced by the lists."""

    def lists(match: re.Match[str]) -> str:
        number = int(match.group(1))
        return render_rows(page.lists[number], href) if number < len(page.lists) else ""

    def cards(match: re.Match[str]) -> str:
        number = int(match.group(1))
        return render_cards(page.cards[number], href) if number < len(page.cards) else ""

    return CARDS_RE.sub(cards, PLACEHOLDER_RE.sub(lists, content))


def _joined(*parts: str) -> str:
    return ", ".join(p for p in parts if p)


def render_cards(papers: Iterable[Paper], href: Callable[[str], str | None]) -> str:
    """A section's papers as compact cards: number and title, authors with the lead
    authors' affiliations, venue and year, tags and the paper's links."""
    tags = href(TAGS)
    items = []
    for p in papers:
        target = href(p.uri)
        number = f'<span class="pv-number">{html.escape(p.number)}</span> ' if p.number else ""
        title = maths.inline(p.title)
        if target:
            title = f'<a href="{html.escape(target)}">{title}</a>'
        parts = [f'<li class="pv-item"><p class="pv-item__title">{number}{title}</p>']
        people = _people(p)
        if people:
            parts.append(f'<p class="pv-item__by">{people}</p>')
        facts = _joined(html.escape(p.venue), html.escape(p.year_label))
        chips = "".join(_chip(t, tags) for t in p.tags)
        buttons = "".join(
            f'<a class="pv-item__link pv-{k.kind}" href="{html.escape(k.href)}">'
            f"{html.escape(k.label)}</a>"
            for k in p.links
        )
        line = " ".join(
            x
            for x in (f'<span class="pv-item__venue">{facts}</span>' * bool(facts), chips, buttons)
            if x
        )
        if line:
            parts.append(f'<p class="pv-item__facts">{line}</p>')
        items.append("".join(parts) + "</li>")
    return '<ul class="pv-items">\n' + "\n".join(items) + "\n</ul>"


def _people(p: Paper) -> str:
    leads = dict(p.leads)
    names = list(p.authors) or list(leads)
    shown = []
    for name in names:
        aff = leads.get(name, "")
        item = f"<strong>{html.escape(name)}</strong>" if name in leads else html.escape(name)
        if aff:
            item += f' <span class="pv-affiliation">({html.escape(aff)})</span>'
        shown.append(item)
    shown += [
        f"<strong>{html.escape(n)}</strong>"
        + (f' <span class="pv-affiliation">({html.escape(a)})</span>' if a else "")
        for n, a in p.leads
        if n not in names
    ]
    return ", ".join(shown)


def _chip(tag: str, tags_page: str | None) -> str:
    if tags_page is None:
        return f'<span class="pv-tag">{html.escape(tag)}</span>'
    target = f"{html.escape(tags_page)}#{anchor('tag', tag)}"
    return f'<a class="pv-tag" href="{target}">{html.escape(tag)}</a>'


def tags_index(papers: Iterable[Paper]) -> IndexPage:
    """Papers by tag (alphabetical), each tag in contents order."""
    groups: dict[str, list[Paper]] = defaultdict(list)
    names: dict[str, str] = {}
    for p in papers:
        for tag in dict.fromkeys(p.tags):
            key = anchor("tag", tag)
            groups[key].append(p)
            names.setdefault(key, tag)
    page = _Builder("Tags")
    for key in sorted(groups, key=lambda k: names[k].casefold()):
        page.section(f"{md(names[key])} {{ #{key} }}", (Row("", (p,)) for p in groups[key]))
    return page.page()


def tags_page() -> str:
    """The page where Material's tags plugin lists every tag with its papers."""
    return front("Tags", search=False) + "<!-- material/tags -->\n"


def _int(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        return -1


@dataclass(frozen=True)
class Group:
    """A chapter or section as the generated lists show it."""

    uri: str  # its index.md, vault-relative
    number: str
    title: str
    papers: int  # papers in it and below it


def groups_list(groups: Iterable[tuple[Group, int]], page: str) -> str:
    """Chapters and sections as a nested list: (group, depth below the first level)."""
    lines = []
    for group, depth in groups:
        count = f" — {group.papers} paper{'s' * (group.papers != 1)}" if group.papers else ""
        label = f"{group.number} {group.title}".strip()
        lines.append("    " * depth + f"- {link(label, group.uri, page)}{count}")
    return "\n".join(lines) + "\n" if lines else ""


def section_page(
    subsections: Iterable[tuple[Group, int]],
    papers: list[Paper],
    page: str,
    pager: Sequence[str] = (),
    at: int = 0,
) -> IndexPage:
    """What a chapter or section page gets after its own text: its parts and its papers.

    `pager`: the pages of a section whose papers fill more than one (`page_uris`), `at`
    the index of this one; the papers are then this page's share.
    """
    parts = []
    listed = groups_list(subsections, page) if at == 0 else ""
    if listed:
        parts.append("## Sections\n\n" + listed)
    if papers:
        nav = pager_links(pager, at, page) if len(pager) > 1 else ""
        parts.append("## Papers\n\n" + nav + CARDS.format(0) + "\n" + nav)
        return IndexPage("\n" + "\n".join(parts), (), (tuple(papers),))
    return IndexPage("\n" + "\n".join(parts) if parts else "", ())


def page_uris(uri: str, papers: int) -> list[str]:
    """The pages a section's papers take: its own index.md, then `papers-2.md`, ..."""
    count = max(1, -(-papers // PAGE_SIZE))
    folder = posixpath.dirname(uri)
    return [uri] + [posixpath.join(folder, f"papers-{n}.md") for n in range(2, count + 1)]


def pager_links(pager: Sequence[str], at: int, page: str) -> str:
    """`Pages: 1-50 · 51-100 · ...` (en dashes), this page's range in bold."""
    items = []
    for i, target in enumerate(pager):
        label = f"{i * PAGE_SIZE + 1}\u2013{(i + 1) * PAGE_SIZE}"
        items.append(f"**{label}**" if i == at else link(label, target, page))
    return "Pages: " + " · ".join(items) + "\n\n"


def home_page(chapters: Iterable[tuple[Group, int]], links: Mapping[str, str], page: str) -> str:
    """What the home page gets after its own text: the chapters and the other pages."""
    parts = ["\n## Chapters\n", groups_list(chapters, page)]
    more = [link(label, target, page) for label, target in links.items()]
    if more:
        parts += ["\n## Browse\n", " · ".join(more) + "\n"]
    return "\n".join(parts)
