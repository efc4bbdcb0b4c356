"""What the site shows of a vault, read once per build: papers, groups, nav, index pages."""

from __future__ import annotations

import html
import posixpath
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from typing import Any

from papervault import related
from papervault import toc
from papervault import wikilinks
from papervault.errors import NoteError
from papervault.readers import text
from papervault.readers import texts
from papervault.site import nav
from papervault.site import pages
from papervault.vault import Section
from papervault.vault import Vault
from papervault.vault import load_vault

CONTENTS = "contents.md"
NAV_PAPERS = 30  # a section with more papers lists them on its pages, not in the nav


@dataclass(frozen=True)
class Broken:
    """A note the build leaves out: where, and why."""

    path: str
    uri: str
    line: int
    message: str


@dataclass
class SiteData:
    """A vault as the site needs it, keyed by vault-relative `.md` path."""

    entries: list[nav.Entry] = field(default_factory=list)
    papers: dict[str, pages.Paper] = field(default_factory=dict)
    meta: dict[str, dict[str, Any]] = field(default_factory=dict)
    bodies: dict[str, str] = field(default_factory=dict)
    groups: dict[str, pages.Group] = field(default_factory=dict)
    children: dict[str, list[str]] = field(default_factory=dict)  # group -> child groups
    members: dict[str, list[str]] = field(default_factory=dict)  # group -> its papers
    chapters: list[str] = field(default_factory=list)
    root_pages: list[str] = field(default_factory=list)
    errors: list[Broken] = field(default_factory=list)
    bibtex: str | None = None
    citations: dict[str, str] = field(default_factory=dict)  # paper -> its BibTeX entry
    linked_from: dict[str, list[str]] = field(default_factory=dict)  # paper -> pages linking
    related: dict[str, list[str]] = field(default_factory=dict)  # paper -> similar papers
    broken_links: list[wikilinks.Broken] = field(default_factory=list)
    placed: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # group -> papers
    contents: str = ""  # the generated contents page (never the vault's file)
    paged: dict[str, tuple[str, int]] = field(default_factory=dict)  # papers-N.md -> group

    def nav(self, known: set[str], indexes: bool = True) -> list[nav.NavItem]:
        """The whole site nav: home, contents, the chapters, other pages, the indexes."""
        head = [(t, u) for t, u in (("Home", "index.md"), ("Contents", CONTENTS)) if u in known]
        listed = [("Tags", pages.TAGS), ("By year", pages.YEARS), ("By venue", pages.VENUES)]
        listed += [("By author", pages.AUTHORS)]
        taken = {u for _, u in head} | {u for _, u in listed}
        tail: list[nav.NavItem] = [
            {html.escape(_page_title(self.meta.get(u), u)): u}
            for u in self.root_pages
            if u in known and u not in taken
        ]
        if indexes:
            tail.append({"Indexes": [{t: u} for t, u in listed if u in known]})
        return nav.with_pages(nav.build(self.entries, known, NAV_PAPERS), head, tail)

    def in_order(self) -> list[pages.Paper]:
        """Each paper once, in contents order."""
        return list(self.papers.values())

    def index_pages(self, tags: bool = True) -> dict[str, pages.IndexPage]:
        """The generated index pages by their vault-relative path (`tags`: ours too)."""
        papers = self.in_order()
        found = {
            pages.YEARS: pages.years_page(papers),
            pages.VENUES: pages.venues_page(papers),
            pages.AUTHORS: pages.authors_page(papers),
        }
        if tags:
            found[pages.TAGS] = pages.tags_index(papers)
        return found

    def home_links(self, indexes: bool, bibtex_file: str) -> dict[str, str]:
        """The home page's links to the other pages."""
        links = {"Contents": CONTENTS} if CONTENTS in self.meta else {}
        if indexes:
            links |= {
                "Tags": pages.TAGS,
                "By year": pages.YEARS,
                "By venue": pages.VENUES,
                "By author": pages.AUTHORS,
            }
        if bibtex_file and self.bibtex is not None:
            links["BibTeX (all papers)"] = bibtex_file
        return links

    def chapter_list(self) -> list[tuple[pages.Group, int]]:
        """Chapters with their sections, for the home page."""
        found = []
        for uri in self.chapters:
            found.append((self.groups[uri], 0))
            found += [(self.groups[child], 1) for child in self.children[uri]]
        return found

    def section_text(self, uri: str) -> pages.IndexPage:
        """A chapter or section page's generated lists (or one page of a long section's
        papers: `uri` is then a `papers-N.md` of `paged`), numbered as the contents."""
        group, at = self.paged.get(uri, (uri, 0))
        subsections = [(self.groups[child], 0) for child in self.children[group]]
        placed = [self.papers[p].numbered(number) for p, number in self.placed.get(group, [])]
        pager = pages.page_uris(group, len(placed))
        share = placed[at * pages.PAGE_SIZE : (at + 1) * pages.PAGE_SIZE]
        return pages.section_page(subsections, share, uri, pager, at)

    def paged_pages(self) -> dict[str, str]:
        """The further pages of long sections' papers: their Markdown before the lists."""
        found = {}
        for uri, (group, at) in self.paged.items():
            title = self.groups[group].title
            first = at * pages.PAGE_SIZE + 1
            last = min((at + 1) * pages.PAGE_SIZE, len(self.placed.get(group, [])))
            found[uri] = pages.front(f"{title}: papers {first}\u2013{last}")
        return found


def _page_title(meta: dict[str, Any] | None, uri: str) -> str:
    value = (meta or {}).get("title")
    return value if isinstance(value, str) and value else uri.removesuffix(".md")


def load(root: Path, bibtex: bool = True) -> SiteData:
    """Read the vault at `root` and derive everything the site shows."""
    vault = load_vault(root)
    data = SiteData(errors=[_broken(vault, e) for e in vault.errors])
    contents = toc.entries(vault)
    data.entries = list(contents)
    data.contents = toc.render_entries(contents)
    data.placed = placements(data.entries)
    numbers = paper_numbers(data.entries)
    for note in vault.papers_in_order():
        uri = vault.rel(note)
        data.meta[uri] = note.meta
        data.bodies[uri] = note.body
        data.papers[uri] = pages.paper(uri, numbers.get(uri, ""), note.meta)
    for note in vault.pages:
        if vault.rel(note) == CONTENTS:
            continue  # generated from the notes, whatever a committed copy holds
        data.meta[vault.rel(note)] = note.meta
        data.bodies[vault.rel(note)] = note.body
        data.root_pages.append(vault.rel(note))
    _, _, body = data.contents.partition("\n---\n")
    data.meta[CONTENTS] = {"title": "Contents"}
    data.bodies[CONTENTS] = body
    _groups(vault, data)
    _links(vault, data)
    for group, placed in data.placed.items():
        for at, uri in enumerate(pages.page_uris(group, len(placed))[1:], 1):
            data.paged[uri] = (group, at)
    if bibtex:
        data.bibtex = bibtex_text(vault)
        data.citations = citations(
            list(data.papers), data.bibtex, [data.meta[u] for u in data.papers]
        )
    return data


def _links(vault: Vault, data: SiteData) -> None:
    """Wikilinks as Markdown links in every body, and each paper's "Linked from" list."""
    notes = [*vault.notes, *vault.pages, *(s.index for s in vault.sections.values())]
    first = {vault.rel(n): n.body_line() for n in notes}
    own = {u: b for u, b in data.bodies.items() if u != CONTENTS}
    names = {u: texts(m.get("aliases")) for u, m in data.meta.items()}
    titles = {u: text(m.get("title")) for u, m in data.meta.items()}
    similar = related.related({u: (p.title, p.tags) for u, p in data.papers.items()})
    lists = {u: wikilinks.listing(related.HEADING, o, titles, u) for u, o in similar.items()}
    data.related = similar
    found = wikilinks.site_links(own, names, titles, list(data.papers), first, lists)
    data.bodies.update(found.bodies)
    data.linked_from = found.linked_from
    data.broken_links = found.broken


def citations(uris: list[str], bibtex: str | None, metas: list[dict[str, Any]]) -> dict[str, str]:
    """Each paper's own entry, cut from the whole export (same keys as the download)."""
    if not bibtex:
        return {}
    from papervault import bib

    found = {bib.entry_key(entry): entry for entry in bib.entries(bibtex)}
    keys = bib.citation_keys(metas)
    return {uri: found[key] for uri, key in zip(uris, keys, strict=True) if key in found}


def paper_numbers(entries: list[nav.Entry]) -> dict[str, str]:
    """Each paper's number in the contents: in its own folder's section (else its first)."""
    numbers: dict[str, str] = {}
    for group, placed in placements(entries).items():
        for uri, number in placed:
            home = posixpath.dirname(uri) == posixpath.dirname(group)
            if home or uri not in numbers:
                numbers[uri] = number
    return numbers


def placements(entries: list[nav.Entry]) -> dict[str, list[tuple[str, str]]]:
    """Each chapter or section (its index.md) with its papers and their numbers there,
    in contents order: a paper shown in a second section has that section's number."""
    found: dict[str, list[tuple[str, str]]] = {}
    stack: list[tuple[int, str]] = []
    for entry in entries:
        while stack and stack[-1][0] >= entry.depth:
            stack.pop()
        uri = nav.page_uri(entry)
        if entry.kind == nav.PAPER:
            if stack:
                found.setdefault(stack[-1][1], []).append((uri, entry.number))
            continue
        found.setdefault(uri, [])
        stack.append((entry.depth, uri))
    return found


def _groups(vault: Vault, data: SiteData) -> None:
    def group(section: Section) -> str:
        uri = vault.rel(section.index)
        below = {n.path for s in _subtree(section) for n in s.papers}
        data.groups[uri] = pages.Group(uri, section.number, section.title, len(below))
        data.meta[uri] = section.index.meta
        data.bodies[uri] = section.index.body
        data.members[uri] = [vault.rel(n) for n in section.papers]
        data.children[uri] = [group(child) for child in section.children]
        return uri

    data.chapters = [group(chapter) for chapter in vault.chapters]


def _subtree(section: Section) -> list[Section]:
    found, stack = [], [section]
    while stack:
        current = stack.pop()
        found.append(current)
        stack.extend(current.children)
    return found


def _broken(vault: Vault, error: NoteError) -> Broken:
    try:
        uri = Path(error.path).relative_to(vault.root).as_posix()
    except ValueError:
        uri = error.path
    return Broken(error.path, uri, error.line, error.message)


def bibtex_text(vault: Vault) -> str | None:
    """The whole vault as BibTeX for the download link (None while export is unavailable)."""
    try:
        from papervault import bib
    except ImportError:  # the export module is optional for the site
        return None
    return bib.to_bibtex([note.meta for note in vault.papers_in_order()])
