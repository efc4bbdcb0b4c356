"""A paper's metadata card: authors, lead authors, venue, year and link buttons (pure).

Every front-matter value is escaped; a link reaches the card only when it is an absolute
http(s) address (`javascript:`, `data:` and anything else are dropped), and arXiv ids and
DOIs become addresses only when they parse as such.
"""

from __future__ import annotations

import functools
import html
import urllib.parse
from collections.abc import Mapping
from collections.abc import Sequence
from typing import Any
from typing import NamedTuple

from papervault import ids
from papervault import links as policy
from papervault.names import slugify
from papervault.readers import authors
from papervault.readers import lead_authors
from papervault.readers import text
from papervault.readers import texts


class Link(NamedTuple):
    """A button on the card."""

    label: str
    href: str
    kind: str  # article, arxiv, doi, code


def safe_url(value: Any) -> str | None:
    """`value` when it is an address the lint passes (`links.field_url`), else None."""
    return policy.field_url(value)


def arxiv_link(value: Any) -> Link | None:
    """The arXiv button for a bare id (or an arxiv.org address)."""
    raw = text(value)
    arxiv_id = ids.parse_arxiv(raw)
    if arxiv_id is None:
        return None
    return Link(f"arXiv {arxiv_id}", ids.arxiv_url(arxiv_id), "arxiv")


def doi_link(value: Any) -> Link | None:
    """The DOI button for a bare DOI (or a doi.org address)."""
    raw = text(value)
    doi = ids.parse_doi(raw)
    if doi is None:
        return None
    href = ids.doi_url(urllib.parse.quote(doi, safe="/:;()[]._-"))
    return Link("DOI", href, "doi") if safe_url(href) else None


def links(meta: dict[str, Any]) -> list[Link]:
    """The card's buttons, in a fixed order: article, arXiv, DOI, code."""
    found: list[Link] = []
    article = safe_url(meta.get("url"))
    arxiv = arxiv_link(meta.get("arxiv"))
    doi = doi_link(meta.get("doi"))
    if article and not (arxiv and article == arxiv.href) and not (doi and article == doi.href):
        found.append(Link("Article", article, "article"))
    found += [link for link in (arxiv, doi) if link is not None]
    code = safe_url(meta.get("code"))
    if code:
        found.append(Link("Code", code, "code"))
    return found


@functools.lru_cache(maxsize=4096)
def anchor(kind: str, value: str) -> str:
    """The id of a heading on an index page (`year-2022`, `venue-neurips`)."""
    return f"{kind}-{slugify(value)}"


def summary(meta: dict[str, Any]) -> str:
    """The card as one line of text: what search indexes of it (authors, venue, year)."""
    parts = [", ".join(authors(meta))]
    leads = lead_authors(meta)
    if leads:
        parts.append("; ".join(f"{n} ({a})" if a else n for n, a in leads))
    parts.append(", ".join(t for t in (text(meta.get("venue")), text(meta.get("year"))) if t))
    line = ". ".join(p for p in parts if p)
    return f'<p class="pv-summary">{html.escape(line)}</p>\n' if line else ""


def _a(href: str, label: str, css: str = "") -> str:
    cls = f' class="{css}"' if css else ""
    return f'<a{cls} href="{html.escape(href)}">{html.escape(label)}</a>'


def _indexed(indexes: Mapping[str, str], kind: str, value: str, css: str = "") -> str:
    if not value:
        return ""
    if kind not in indexes:
        return f'<span class="{css}">{html.escape(value)}</span>' if css else html.escape(value)
    return _a(f"{indexes[kind]}#{anchor(kind, value)}", value, css)


def _field(name: str, value_html: str) -> str:
    return f"<dt>{name}</dt><dd>{value_html}</dd>"


def render(
    meta: dict[str, Any],
    indexes: Mapping[str, str] | None = None,
    extra: Sequence[Link] = (),
    tags: bool = False,
    cite: str = "",
) -> str:
    """The card's HTML.

    `indexes` maps `venue`, `year` and `tag` to the index pages' addresses relative to this
    page (the values then link to their headings); `tags` adds a row of the paper's tags
    (when the theme does not show them); `extra` buttons follow the paper's own links;
    `cite` is the paper's BibTeX entry, shown escaped in a collapsed block.
    """
    indexes = indexes or {}
    rows: list[str] = []
    names = authors(meta)
    if names:
        rows.append(_field("Authors", html.escape(", ".join(names))))
    leads = lead_authors(meta)
    if leads:
        shown = [
            html.escape(name)
            + (f' <span class="pv-affiliation">({html.escape(aff)})</span>' if aff else "")
            for name, aff in leads
        ]
        label = "Lead author" if len(leads) == 1 else "Lead authors"
        rows.append(_field(label, "; ".join(shown)))
    venue, year = text(meta.get("venue")), text(meta.get("year"))
    published = [
        _indexed(indexes, kind, value) for kind, value in (("venue", venue), ("year", year))
    ]
    if venue or year:
        rows.append(_field("Published", ", ".join(p for p in published if p)))
    shown_tags = texts(meta.get("tags")) if tags else []
    if shown_tags:
        chips = " ".join(_indexed(indexes, "tag", t, "pv-tag") for t in shown_tags)
        rows.append(_field("Tags", chips))
    buttons = [
        _a(link.href, link.label, f"md-button pv-{link.kind}" + (" md-button--primary" * (i == 0)))
        for i, link in enumerate([*links(meta), *extra])
    ]
    parts = ['<div class="pv-card">']
    if rows:
        parts.append('<dl class="pv-fields">' + "".join(rows) + "</dl>")
    if buttons:
        parts.append('<p class="pv-links">' + " ".join(buttons) + "</p>")
    if cite:
        parts.append(
            '<details class="pv-cite"><summary>Cite (BibTeX)</summary>'
            f"<pre><code>{html.escape(cite)}</code></pre></details>"
        )
    parts.append("</div>")
    return "\n".join(parts) + "\n"
