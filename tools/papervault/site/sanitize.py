"""Safe pages: a note's rendered HTML through an allowlist, and only safe front matter.

The HTML is cleaned after Markdown has rendered it (not the Markdown source), so raw HTML,
`attr_list` attributes and Markdown links all pass the same gate: no `<script>`, `<iframe>`,
`<object>`, `<style>`, no `on*=` handlers, no `style` beyond text alignment, and link and
image addresses only http(s), mailto or relative.

MkDocs renders templates without autoescaping, and Material prints `page.title`, tag names
and several front-matter keys as raw HTML; `page_meta` keeps only the keys the theme needs,
with their text escaped.
"""

from __future__ import annotations

import contextlib
import html
from typing import Any

import nh3

from papervault import links

DROP_WITH_CONTENT = {
    "script",
    "style",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "noscript",
    "template",
    "textarea",
    "select",
    "svg",
    "math",
}
TAGS = set(nh3.ALLOWED_TAGS) - DROP_WITH_CONTENT - {"map", "area"}
GLOBAL_ATTRIBUTES = {"class", "id", "title", "lang", "dir", "style"}
ATTRIBUTES: dict[str, set[str]] = {
    "*": GLOBAL_ATTRIBUTES,
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "ol": {"start", "type"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "abbr": {"title"},
    "time": {"datetime"},
}
URL_SCHEMES = set(links.BODY_SCHEMES)  # the one link policy: lint passes what this keeps
STYLE_PROPERTIES = {"text-align"}  # Markdown tables align columns with inline styles
META_TEXT_KEYS = ("title", "description")
META_HIDE = {"navigation", "toc", "footer", "tags", "path"}

THEME_CLASSES = ("md-", "pv-")  # Material's and papervault's own (the card, the lists)
CONTENT_CLASSES = {"md-button", "md-button--primary"}  # Material's buttons for content


def _attribute(tag: str, name: str, value: str) -> str | None:
    """Ids and classes that cannot be the theme's: Material finds its configuration,
    search box, drawer and palette by ids that start with `_` (`__config`), and styles
    and scripts its dialogs, header and nav by `md-` classes."""
    if name == "id":
        return None if value.startswith("_") or value.startswith(THEME_CLASSES) else value
    if name == "class":
        kept = [c for c in value.split() if c in CONTENT_CLASSES or not c.startswith(THEME_CLASSES)]
        return " ".join(kept) or None
    return value


_CLEANER = nh3.Cleaner(
    tags=TAGS,
    clean_content_tags=DROP_WITH_CONTENT,
    attributes=ATTRIBUTES,
    url_schemes=URL_SCHEMES,
    link_rel=None,
    strip_comments=False,  # Material's tags plugin marks its listings with comments
    filter_style_properties=STYLE_PROPERTIES,
    attribute_filter=_attribute,
)


def clean_html(fragment: str) -> str:
    """`fragment` with everything that could run script or load a frame removed."""
    return _CLEANER.clean(fragment)


def escape(value: Any) -> str:
    """Plain text for a template that prints raw HTML."""
    return html.escape(str(value), quote=True)


def page_meta(meta: dict[str, Any], tags: list[str]) -> dict[str, Any]:
    """The front matter the theme may see: escaped text, escaped tags, known switches only."""
    safe: dict[str, Any] = {}
    for key in META_TEXT_KEYS:
        value = meta.get(key)
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            safe[key] = escape(value)
    if tags:
        safe["tags"] = [escape(tag) for tag in tags]
    hide = meta.get("hide")
    if isinstance(hide, list):
        safe["hide"] = [item for item in hide if isinstance(item, str) and item in META_HIDE]
    search = meta.get("search")
    if isinstance(search, dict):
        safe["search"] = _search(search)
    return safe


def _search(search: dict[str, Any]) -> dict[str, Any]:
    safe: dict[str, Any] = {}
    if isinstance(search.get("exclude"), bool):
        safe["exclude"] = search["exclude"]
    boost = search.get("boost")
    if isinstance(boost, int | float | str) and not isinstance(boost, bool):
        with contextlib.suppress(ValueError):
            safe["boost"] = float(boost)
    return safe
