"""The site for Zensical: the same pages as the MkDocs plugin's, written out beforehand.

Zensical reads `mkdocs.yml` but runs no plugin of ours (it has no plugin API), so this
pre-build step does what the plugin does during a MkDocs build, through the same core
(`core.Site`): each page's Markdown, its generated lists and its maths, rendered with
Python-Markdown and the project's `markdown_extensions`, sanitised, with the paper's card,
links between pages resolved to their addresses. The pages go below `WORK/docs` as
Markdown files holding that HTML (which Zensical publishes as it is) and safe front matter
only, beside the generated pages (contents, indexes, BibTeX, stylesheet), the vault's
images, and a copy of `mkdocs.yml` that points Zensical at them with the numbered nav.
"""

from __future__ import annotations

import os
import posixpath
import shutil
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import frontmatter
import yaml

from papervault import publish
from papervault.errors import VaultError
from papervault.files import write_text
from papervault.site.build import load
from papervault.site.core import CSS
from papervault.site.core import Options
from papervault.site.core import Site
from papervault.site.plugin import MATERIAL_TAGS
from papervault.site.plugin import UNSAFE_FEATURE

PLUGIN = "papervault"
SITE = "site"


@dataclass(frozen=True)
class Staged:
    """What the pre-build step wrote, and what it could not publish."""

    config: Path  # the mkdocs.yml Zensical builds from
    pages: list[str]  # vault-relative Markdown pages
    errors: list[str]  # `path:line: message`, as the MkDocs build logs them


class _Loader(yaml.SafeLoader):
    """A safe loader that keeps Python-tagged values (`!!python/name:...`) as None."""


_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda *_: None)
_Loader.add_multi_constructor("!", lambda *_: None)


def read_config(path: Path) -> dict[str, Any]:
    """`mkdocs.yml` as data (a clear error when it is not there or not YAML)."""
    try:
        found = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except OSError as e:
        raise VaultError(f"{path}: cannot read the site configuration: {e.strerror}") from None
    except yaml.YAMLError as e:
        raise VaultError(f"{path}: invalid YAML: {e}") from None
    if not isinstance(found, dict):
        raise VaultError(f"{path}: the site configuration is not a mapping")
    return found


def plugin_options(config: dict[str, Any]) -> tuple[bool, dict[str, Any]]:
    """Whether `papervault` is listed, and its options."""
    for item in config.get("plugins") or []:
        if item == PLUGIN:
            return True, {}
        if isinstance(item, dict) and PLUGIN in item:
            return True, dict(item[PLUGIN] or {})
    return False, {}


def stage(config_file: Path, work: Path) -> Staged:
    """Write the site's pages and a Zensical configuration below `work` (which builds
    the site into `work/site`)."""
    config = read_config(config_file)
    docs = (config_file.parent / str(config.get("docs_dir", "docs"))).resolve()
    refusals = [
        f"{os.path.relpath(docs / r.rel)}:1:1: {r.rule} {r.message}" for r in publish.refusals(docs)
    ]
    if refusals:
        return Staged(work / "mkdocs.yml", [], refusals)
    listed, settings = plugin_options(config)
    options = Options(
        indexes=bool(settings.get("indexes", True)),
        bibtex_file=str(settings.get("bibtex_file", "papers.bib")),
        material_tags=_names(config) & set(MATERIAL_TAGS) != set(),
    )
    data = load(docs, bibtex=bool(options.bibtex_file))
    errors = [f"{os.path.relpath(e.path)}:{e.line}: {e.message}" for e in data.errors]
    errors += [
        f"{os.path.relpath(docs / b.uri)}:{b.line}:{b.col}: broken-link {b.message}"
        for b in data.broken_links  # as strict as the MkDocs build
    ]
    site = Site(data, options)
    generated = site.files() if listed else {}
    for uri in list(generated):
        if uri in data.bodies and uri != "contents.md":
            site.drop(uri)  # a page of the vault's own wins
            del generated[uri]
    out = work / "docs"
    shutil.rmtree(out, ignore_errors=True)
    assets = _copy_assets(docs, out)
    page_uris = sorted(set(data.bodies) | {u for u in generated if u.endswith(".md")})
    known = {*page_uris, *generated, *assets}
    renderer = _markdown(config)
    for uri in page_uris:
        text = _page(site, uri, generated.get(uri), renderer, known)
        write_text(out / uri, text)
    for uri, content in generated.items():
        if not uri.endswith(".md"):
            write_text(out / uri, content)
    config_path = work / "mkdocs.yml"
    write_text(
        config_path,
        yaml.safe_dump(
            _zensical_config(config, data, site, out, work / SITE, set(page_uris), listed)
        ),
    )
    return Staged(config_path, page_uris, errors)


def _names(config: dict[str, Any]) -> set[str]:
    names = set()
    for item in config.get("plugins") or []:
        names |= {item} if isinstance(item, str) else set(item) if isinstance(item, dict) else set()
    return names


def _copy_assets(docs: Path, out: Path) -> list[str]:
    """The vault's images (what `publish` lets through), copied; their paths."""
    found = []
    for path in sorted(docs.rglob("*")):
        rel = path.relative_to(docs).as_posix()
        if path.suffix.lower() in publish.IMAGES and path.is_file() and not path.is_symlink():
            target = out / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
            found.append(rel)
    return found


def _markdown(config: dict[str, Any]) -> Any:
    import markdown  # type: ignore[import-untyped]

    names: list[str] = []
    settings: dict[str, Any] = {}
    for item in config.get("markdown_extensions") or []:
        if isinstance(item, str):
            names.append(item)
        elif isinstance(item, dict):
            for name, value in item.items():
                names.append(name)
                if isinstance(value, dict):
                    settings[name] = value
    for needed in ("toc", "attr_list", "tables"):
        if needed not in names:
            names.append(needed)
    return markdown.Markdown(extensions=names, extension_configs=settings)


def _page(site: Site, uri: str, generated: str | None, renderer: Any, known: set[str]) -> str:
    if generated is not None and site.body(uri) is None:
        post = frontmatter.loads(generated)
        fallback, body = dict(post.metadata), post.content
    else:
        fallback, body = {}, site.body(uri) or ""
    meta = site.page_meta(uri, fallback)
    renderer.reset()
    link = linker(uri, known)
    content = site.finish(uri, renderer.convert(site.source(uri, body)), link)
    if uri in site.data.papers:
        from papervault.site.core import insert_card

        summary = site.summary(uri)
        full = site.card(uri, link)
        content = (
            content.replace(summary, full, 1)
            if summary and summary in content
            else (insert_card(content, full))
        )
    head = yaml.safe_dump(meta, allow_unicode=True, sort_keys=True) if meta else ""
    return f'---\n{head}---\n\n<div class="pv-page">\n{content}\n</div>\n'


def linker(page: str, known: set[str]) -> Callable[[str], str | None]:
    """`link(target)`: a vault file relative to `page`'s own file, as a Markdown link
    would name it (Zensical turns every relative address in a page into the site's)."""
    folder = posixpath.dirname(page) or "."

    def link(target: str) -> str | None:
        if target not in known:
            return None
        return urllib.parse.quote(posixpath.relpath(target, folder))

    return link


def _zensical_config(
    config: dict[str, Any],
    data: Any,
    site: Site,
    docs: Path,
    site_dir: Path,
    known: set[str],
    listed: bool,
) -> dict[str, Any]:
    found = dict(config)
    found["docs_dir"] = docs.name  # relative: Zensical resolves it from the config
    found["site_dir"] = site_dir.name  # Zensical wants it inside the project
    plugins = [
        p
        for p in config.get("plugins") or []
        if not (p == PLUGIN or (isinstance(p, dict) and PLUGIN in p))
    ]
    found["plugins"] = plugins
    theme = dict(config.get("theme") or {})
    if isinstance(theme.get("features"), list):
        theme["features"] = [f for f in theme["features"] if f != UNSAFE_FEATURE]
    found["theme"] = theme
    if listed:
        found["extra_css"] = [*(config.get("extra_css") or []), CSS]
        if config.get("nav") is None:
            found["nav"] = data.nav(known, site.options.indexes)
    return found
