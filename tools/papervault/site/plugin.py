"""`plugins: [papervault]`: the MkDocs adapter over the pure site functions.

- on_files: read the vault with our note model (MkDocs swallows broken front matter, we
  report it as `path:line: message` errors, which fail a strict build, and leave the note
  out); add the generated pages; set the nav from the contents entries.
- on_page_markdown: only safe front matter reaches the theme; home and section pages get
  their generated lists.
- on_page_content: every page's HTML is sanitised; a paper's page gets its card's summary
  (what search indexes), and on_page_context swaps in the card itself.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as opt
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from papervault import publish
from papervault.site import card
from papervault.site import pages
from papervault.site import sanitize
from papervault.site.build import SiteData
from papervault.site.build import load

log = logging.getLogger(f"mkdocs.plugins.{__name__}")
CSS = "assets/papervault.css"
MATERIAL_TAGS = ("material/tags", "tags")
UNSAFE_FEATURE = "content.tooltips"


class PapervaultConfig(base.Config):
    indexes = opt.Type(bool, default=True)
    bibtex_file = opt.Type(str, default="papers.bib")  # '' for no whole-vault download


class PapervaultPlugin(BasePlugin[PapervaultConfig]):
    def __init__(self) -> None:
        self.data = SiteData()
        self.indexes: dict[str, pages.IndexPage] = {}  # the index pages we generated
        self.fills: dict[str, pages.IndexPage] = {}  # pages with lists to fill in as HTML
        self.cards: dict[str, tuple[str, str]] = {}  # paper page -> (its summary, its card)
        self.material_tags = False  # Material's tags plugin shows the tags, else we do

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        refuse_unpublished(Path(config.docs_dir))
        features = config.theme.get("features") or []
        if UNSAFE_FEATURE in features:
            log.warning(
                f"theme feature {UNSAFE_FEATURE} is off: it turns a title attribute back"
                " into HTML on hover, so escaped text in a note would run as script"
            )
            config.theme["features"] = [f for f in features if f != UNSAFE_FEATURE]
        self.material_tags = any(name in config.plugins for name in MATERIAL_TAGS)
        if "attr_list" not in config.markdown_extensions:  # index headings carry their ids
            config.markdown_extensions.append("attr_list")
        if CSS not in config.extra_css:
            config.extra_css.append(CSS)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        self.data = load(Path(config.docs_dir), bibtex=bool(self.config.bibtex_file))
        for error in self.data.errors:
            path = os.path.relpath(error.path)
            log.error(f"{path}:{error.line}: {error.message}")
            broken = files.get_file_from_path(error.uri)
            if broken is not None:
                files.remove(broken)
        self.indexes = {}
        if self.config.indexes:
            self.indexes = self.data.index_pages(tags=not self.material_tags)
        for uri, content in self.generated().items():
            if files.get_file_from_path(uri) is None:  # a page of the vault's own wins
                files.append(File.generated(config, uri, content=content))
            else:
                self.indexes.pop(uri, None)
        self.fills = dict(self.indexes)
        if config.nav is None:
            config.nav = self.data.nav(set(files.src_uris), self.config.indexes)
        return files

    def generated(self) -> dict[str, str]:
        found = {CSS: resources.files("papervault.site").joinpath("papervault.css").read_text()}
        if self.config.indexes:
            if self.material_tags:
                found[pages.TAGS] = pages.tags_page()
            found.update({uri: page.markdown for uri, page in self.indexes.items()})
        if self.config.bibtex_file and self.data.bibtex is not None:
            found[self.config.bibtex_file] = self.data.bibtex
        return found

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        # A note's body only: its front matter was read (and checked) by our note model,
        # and MkDocs' own reading would swallow errors and coerce values.
        body = self.data.bodies.get(page.file.src_uri)
        if body is None:
            return None
        return "\n" + body if body.startswith("-") else body

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        uri = page.file.src_uri
        paper = self.data.papers.get(uri)
        meta: dict[str, Any] = self.data.meta.get(uri) or dict(page.meta)
        page.meta = sanitize.page_meta(meta, list(paper.tags) if paper else [])
        if uri == "index.md":
            links = self.data.home_links(self.config.indexes, self.config.bibtex_file)
            return markdown + pages.home_page(self.data.chapter_list(), links, uri)
        if uri in self.data.groups:
            listing = self.data.section_text(uri)
            if listing.lists:
                self.fills[uri] = listing
            return markdown + listing.markdown
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        clean = sanitize.clean_html(html)
        uri = page.file.src_uri
        if uri in self.fills:
            return pages.fill(clean, self.fills[uri], linker(files, page))
        if uri not in self.data.papers:
            return clean
        link = linker(files, page)
        indexes = {}
        if self.config.indexes:
            for kind in ("venue", "year", "tag"):
                target = link(pages.INDEXES[kind])
                if target is not None:
                    indexes[kind] = target
        meta = self.data.meta[uri]
        cite = self.data.citations.get(uri, "")
        full = card.render(meta, indexes, tags=not self.material_tags, cite=cite)
        self.cards[uri] = (card.summary(meta), full)
        return insert_card(clean, self.cards[uri][0])

    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        # Search (listed before this plugin) has indexed the card's one-line summary; the
        # page shows the card itself, whose markup would cost search three times the work.
        found = self.cards.pop(page.file.src_uri, None)
        if found is not None and page.content is not None:
            line, full = found
            if line and line in page.content:
                page.content = page.content.replace(line, full, 1)
            else:
                page.content = insert_card(page.content, full)
        return context


def refuse_unpublished(docs_dir: Path) -> None:
    """Stop the build when the vault holds a file it does not publish (`publish`), before
    MkDocs walks it: MkDocs follows every link, out of the vault too, and loops for ever
    on a link to a folder above it. Each file is logged as the lint shows it."""
    found = publish.refusals(docs_dir)
    for refusal in found:
        path = os.path.relpath(docs_dir / refusal.rel)
        log.error(f"{path}:1:1: {refusal.rule} {refusal.message}")
    if found:
        files = "file" if len(found) == 1 else "files"
        raise PluginError(
            f"papervault: the vault holds {len(found)} {files} the site does not publish"
            " (listed above; `papervault lint` names them too)"
        )


def linker(files: Files, page: Page) -> Callable[[str], str | None]:
    """`link(target)`: the address of the vault file `target` from `page`, or None.

    Both URLs are relative to the site root, so the link is the way up from the page's
    folder and then down: an index page's thousands of links cost a string join each.
    """
    up = pages.up(page.file.url)
    by_uri = files.src_uris

    def link(target: str) -> str | None:
        found = by_uri.get(target)
        if found is None:
            return None
        return up + found.url if up or found.url else "./"

    return link


def insert_card(content: str, card_html: str) -> str:
    """The card after the page's leading `<h1>` if it has one, else first."""
    stripped = content.lstrip()
    if stripped.startswith("<h1"):
        end = stripped.find("</h1>")
        if end != -1:
            end += len("</h1>")
            return stripped[:end] + "\n" + card_html + stripped[end:]
    return card_html + content
