"""The site's pages, whatever builds them (pure): what MkDocs' plugin and the Zensical
pre-build step both call, so that the two builders publish the same pages.

A builder gives each page's Markdown to `source` (which adds the generated lists and takes
the maths out), renders it with Python-Markdown, and gives the HTML to `finish` (which
sanitises it, fills in the lists, puts the maths back as MathML and, on a paper's page, the
card's one-line summary); `card` is the paper's card. `files` are the pages and files the
vault does not hold: contents, indexes, the further pages of long sections, the BibTeX
download and the stylesheet.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field
from importlib import resources
from typing import Any

from papervault.site import card
from papervault.site import maths
from papervault.site import pages
from papervault.site import sanitize
from papervault.site.build import CONTENTS
from papervault.site.build import SiteData

CSS = "assets/papervault.css"
Link = Callable[[str], "str | None"]


@dataclass(frozen=True)
class Options:
    """The plugin's settings (`plugins: [papervault: {...}]`)."""

    indexes: bool = True
    bibtex_file: str = "papers.bib"  # '' for no whole-vault download
    material_tags: bool = False  # Material's tags plugin shows and lists the tags


@dataclass
class Site:
    """A vault's site: the generated files, and each page's text on its way to HTML."""

    data: SiteData
    options: Options = Options()
    indexes: dict[str, pages.IndexPage] = field(default_factory=dict)
    fills: dict[str, pages.IndexPage] = field(default_factory=dict)
    maths: dict[str, maths.Protected] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.options.indexes:
            self.indexes = self.data.index_pages(tags=not self.options.material_tags)
        self.fills = dict(self.indexes)

    def files(self) -> dict[str, str]:
        """Generated files by vault-relative path (a vault page of the same name wins:
        `drop` it)."""
        found = {CSS: resources.files("papervault.site").joinpath("papervault.css").read_text()}
        found[CONTENTS] = self.data.contents
        if self.options.indexes:
            if self.options.material_tags:
                found[pages.TAGS] = pages.tags_page()
            found.update({uri: page.markdown for uri, page in self.indexes.items()})
        found.update(self.data.paged_pages())
        if self.options.bibtex_file and self.data.bibtex is not None:
            found[self.options.bibtex_file] = self.data.bibtex
        return found

    def drop(self, uri: str) -> None:
        """The vault has its own page `uri`: it is not an index page to fill."""
        self.indexes.pop(uri, None)
        self.fills.pop(uri, None)

    def body(self, uri: str) -> str | None:
        """A page's Markdown without front matter (None: not a page we read)."""
        body = self.data.bodies.get(uri)
        if body is None:
            return None
        return "\n" + body if body.startswith("-") else body

    def page_meta(self, uri: str, fallback: dict[str, Any]) -> dict[str, Any]:
        """The front matter the theme may see."""
        paper = self.data.papers.get(uri)
        meta: dict[str, Any] = self.data.meta.get(uri) or fallback
        return sanitize.page_meta(meta, list(paper.tags) if paper else [])

    def source(self, uri: str, markdown: str) -> str:
        """The Markdown to render: the page's own (its maths taken out), then its
        generated lists (our own escaped text: `\\(` there is a parenthesis)."""
        generated = uri in self.fills
        if not generated:
            protected = maths.Protected()
            self.maths[uri] = protected
            markdown = maths.protect(markdown, protected)
        if uri == "index.md":
            links = self.data.home_links(self.options.indexes, self.options.bibtex_file)
            markdown += pages.home_page(self.data.chapter_list(), links, uri)
        elif uri in self.data.groups or uri in self.data.paged:
            listing = self.data.section_text(uri)
            if listing.lists or listing.cards:
                self.fills[uri] = listing
            markdown += listing.markdown
        return markdown

    def finish(self, uri: str, rendered: str, link: Link) -> str:
        """The page's HTML: sanitised, lists filled in, maths back, a paper's summary."""
        clean = sanitize.clean_html(rendered)
        protected = self.maths.pop(uri, None)
        if protected is not None:
            clean = maths.restore(clean, protected)
        if uri in self.fills:
            clean = pages.fill(clean, self.fills[uri], link)
        clean = self._heading(uri, clean)
        if uri not in self.data.papers:
            return clean
        return insert_card(clean, self.summary(uri))

    def _heading(self, uri: str, content: str) -> str:
        # The theme prints a page's title as text; a title with maths gets its own <h1>.
        title = self.data.meta.get(uri, {}).get("title")
        if not isinstance(title, str) or "<h1" in content:
            return content
        shown = maths.inline(title)
        return content if shown == html.escape(title) else f"<h1>{shown}</h1>\n{content}"

    def _meta(self, uri: str) -> dict[str, Any]:
        meta = self.data.meta[uri]
        paper = self.data.papers[uri]
        return {**meta, "year": paper.year_label} if paper.year_from else meta

    def summary(self, uri: str) -> str:
        """A paper card's one line of text (what search indexes of it)."""
        return card.summary(self._meta(uri))

    def card(self, uri: str, link: Link) -> str:
        """A paper page's card (links to the indexes relative to the page)."""
        indexes = {}
        if self.options.indexes:
            for kind in ("venue", "year", "tag"):
                target = link(pages.INDEXES[kind])
                if target is not None:
                    indexes[kind] = target
        meta = self._meta(uri)
        if self.data.papers[uri].year_from:  # "2020 (arXiv)" is no heading of the index
            indexes = {k: v for k, v in indexes.items() if k != "year"}
        cite = self.data.citations.get(uri, "")
        return card.render(meta, indexes, tags=not self.options.material_tags, cite=cite)


def insert_card(content: str, card_html: str) -> str:
    """The card after the page's leading `<h1>` if it has one, else first."""
    stripped = content.lstrip()
    if stripped.startswith("<h1"):
        end = stripped.find("</h1>")
        if end != -1:
            end += len("</h1>")
            return stripped[:end] + "\n" + card_html + stripped[end:]
    return card_html + content
