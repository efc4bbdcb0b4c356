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
from pathlib import Path

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
from papervault.site import pages
from papervault.site import preview
from papervault.site.build import CONTENTS
from papervault.site.build import SiteData
from papervault.site.build import load
from papervault.site.core import CSS
from papervault.site.core import Options
from papervault.site.core import Site
from papervault.site.core import insert_card

log = logging.getLogger(f"mkdocs.plugins.{__name__}")
MATERIAL_TAGS = ("material/tags", "tags")
UNSAFE_FEATURE = "content.tooltips"


class PapervaultConfig(base.Config):
    indexes = opt.Type(bool, default=True)
    bibtex_file = opt.Type(str, default="papers.bib")  # '' for no whole-vault download


class PapervaultPlugin(BasePlugin[PapervaultConfig]):
    def __init__(self) -> None:
        self.site = Site(SiteData())
        self.cards: dict[str, tuple[str, str]] = {}  # paper page -> (its summary, its card)
        self.material_tags = False  # Material's tags plugin shows the tags, else we do
        self.serving = False  # under `mkdocs serve` (this object lives across its rebuilds)
        self.broken: dict[str, str] = {}  # while serving: a broken note's page -> its error

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if self.serving and preview.stop_counting(logging.getLogger("mkdocs")):
            log.info(preview.NOT_STRICT)
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
        data = load(Path(config.docs_dir), bibtex=bool(self.config.bibtex_file))
        self.broken = {}
        for error in data.errors:
            where = f"{os.path.relpath(error.path)}:{error.line}"
            log.error(f"{where}: {error.message}")
            broken = files.get_file_from_path(error.uri)
            if broken is not None and self.serving:  # its page names the error
                self.broken[error.uri] = preview.error_page(where, error.message)
            elif broken is not None:
                files.remove(broken)
        for link in data.broken_links:  # a broken wikilink fails the strict build too
            path = os.path.relpath(Path(config.docs_dir) / link.uri)
            log.error(f"{path}:{link.line}:{link.col}: broken-link {link.message}")
        options = Options(self.config.indexes, self.config.bibtex_file, self.material_tags)
        self.site = Site(data, options)
        for uri, content in self.site.files().items():
            own = files.get_file_from_path(uri)
            if own is not None and uri == CONTENTS:  # a committed copy: the notes' wins
                files.remove(own)
                own = None
            if own is None:
                files.append(File.generated(config, uri, content=content))
            else:  # a page of the vault's own wins
                self.site.drop(uri)
        if config.nav is None:
            config.nav = data.nav(set(files.src_uris), self.config.indexes)
        return files

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        # A note's body only: its front matter was read (and checked) by our note model,
        # and MkDocs' own reading would swallow errors and coerce values.
        uri = page.file.src_uri
        return self.broken[uri] if uri in self.broken else self.site.body(uri)

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        uri = page.file.src_uri
        page.meta = self.site.page_meta(uri, dict(page.meta))
        return self.site.source(uri, markdown)

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        uri = page.file.src_uri
        link = linker(files, page)
        clean = self.site.finish(uri, html, link)
        if uri in self.site.data.papers:
            self.cards[uri] = (self.site.summary(uri), self.site.card(uri, link))
        return clean

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
