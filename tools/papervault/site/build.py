"""What the site shows of a vault, read once per build: papers, groups, nav, index pages."""

from __future__ import annotations

import html
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from typing import Any

from papervault import toc
from papervault.errors import NoteError
from papervault.site import nav
from papervault.site import pages
from papervault.vault import Section
from papervault.vault import Vault
from papervault.vault import load_vault

CONTENTS = "contents.md"


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
        return nav.with_pages(nav.build(self.entries, known), head, tail)

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
        """A chapter or section page's generated lists."""
        subsections = [(self.groups[child], 0) for child in self.children[uri]]
        papers = [self.papers[p] for p in self.members[uri] if p in self.papers]
        return pages.section_page(subsections, papers, uri)


def _page_title(meta: dict[str, Any] | None, uri: str) -> str:
    value = (meta or {}).get("title")
    return value if isinstance(value, str) and value else uri.removesuffix(".md")


def load(root: Path, bibtex: bool = True) -> SiteData:
    """Read the vault at `root` and derive everything the site shows."""
    vault = load_vault(root)
    data = SiteData(errors=[_broken(vault, e) for e in vault.errors])
    data.entries = list(toc.entries(vault))
    numbers = paper_numbers(data.entries)
    for note in vault.papers_in_order():
        uri = vault.rel(note)
        data.meta[uri] = note.meta
        data.bodies[uri] = note.body
        data.papers[uri] = pages.paper(uri, numbers.get(uri, ""), note.meta)
    for note in vault.pages:
        data.meta[vault.rel(note)] = note.meta
        data.bodies[vault.rel(note)] = note.body
        data.root_pages.append(vault.rel(note))
    _groups(vault, data)
    if bibtex:
        data.bibtex = bibtex_text(vault)
        data.citations = citations(list(data.papers), data.bibtex)
    return data


def citations(uris: list[str], bibtex: str | None) -> dict[str, str]:
    """Each paper's own entry, cut from the whole export (same keys as the download)."""
    if not bibtex:
        return {}
    from papervault import bib

    found = bib.entries(bibtex)
    return dict(zip(uris, found, strict=True)) if len(found) == len(uris) else {}


def paper_numbers(entries: list[nav.Entry]) -> dict[str, str]:
    """Each paper's number in the contents (its first place, when it is in several)."""
    numbers: dict[str, str] = {}
    for entry in entries:
        if entry.kind == nav.PAPER:
            numbers.setdefault(nav.page_uri(entry), entry.number)
    return numbers


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
