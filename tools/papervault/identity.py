"""Paper identity: when two notes, list entries or .bib entries are one paper (pure).

DESIGN.md, Identity: two entries are the same paper when their normalised titles match (case,
spaces, markup, a trailing period and numbering ignored; meaningful punctuation such as `C` /
`C++` kept) and no identifier contradicts it (an arXiv version suffix is no contradiction). The
same arXiv id or DOI under two different titles is *not* the same paper: it is a finding for the
lint (`duplicate-arxiv`, `duplicate-doi`), and a person decides.

`same_paper` decides; `keys` are the index keys that find the candidates; import, lint, review,
add and export all go through this module.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from typing import Protocol

from papervault import ids
from papervault.names import strip_numbering

_LINK = re.compile(r"!?\[((?:[^\[\]\\]|\\.)*)\]\([^()\s]*(?:\s+\"[^\"]*\")?\)")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_MARKS = re.compile(r"[*`{}]+")
_UNDERSCORES = re.compile(r"(?<![^\W_])_+|_+(?![^\W_])")  # emphasis, not snake_case
_TYPOGRAPHY = str.maketrans(
    {
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u00a0": " ",
    }
)


class HasIds(Protocol):
    """Anything carrying a paper's ids as (id, field) pairs: an `Identity`, a lint record."""

    @property
    def arxiv(self) -> tuple[tuple[str, str], ...]: ...

    @property
    def doi(self) -> tuple[tuple[str, str], ...]: ...


@dataclass(frozen=True)
class Identity:
    """What makes a paper itself: normalised title, arXiv ids and DOIs with their fields."""

    title: str  # the title as written
    key: str  # normalised title ("" when there is none)
    arxiv: tuple[tuple[str, str], ...]  # (id without version, field it came from)
    doi: tuple[tuple[str, str], ...]  # (lower-case DOI, field)


def title_key(title: str) -> str:
    """The identity form of a title: case, spaces, Markdown/HTML/LaTeX markup, hand-written
    numbering and a trailing period ignored; punctuation that means something (C / C++,
    SE(3), v2) kept. Typographic dashes and quotes count as their plain forms."""
    text = unicodedata.normalize("NFKC", title)
    text = _LINK.sub(r"\1", text)
    text = _TAG.sub("", text)
    text = _ESCAPE.sub(r"\1", text)
    text = _MARKS.sub("", text)
    text = _UNDERSCORES.sub("", text)
    text = " ".join(text.translate(_TYPOGRAPHY).split())
    text = strip_numbering(text).casefold().removesuffix(".").rstrip()
    return text


def identity(meta: dict[str, Any]) -> Identity:
    """A paper's identity from its front matter: the ids of its `arxiv`, `doi` and `url`
    fields, in any spelling `ids` reads (invalid ids are left out)."""
    title = meta.get("title")
    title = title.strip() if isinstance(title, str) else ""
    arxiv: list[tuple[str, str]] = []
    doi: list[tuple[str, str]] = []
    value = meta.get("arxiv")
    found = ids.parse_arxiv(value) if isinstance(value, str) else None
    if found is not None:
        arxiv.append((ids.arxiv_base(found), "arxiv"))
    value = meta.get("doi")
    found = ids.parse_doi(value) if isinstance(value, str) else None
    if found is not None:
        doi.append((found.lower(), "doi"))
    url = meta.get("url")
    if isinstance(url, str):
        found = ids.arxiv_from_url(url)
        if found is not None and all(a != ids.arxiv_base(found) for a, _ in arxiv):
            arxiv.append((ids.arxiv_base(found), "url"))
        found = ids.doi_from_url(url)
        if found is not None and all(d != found.lower() for d, _ in doi):
            doi.append((found.lower(), "url"))
    return Identity(title, title_key(title) if title else "", tuple(arxiv), tuple(doi))


def keys(meta: dict[str, Any]) -> tuple[str, ...]:
    """The index keys that find a paper's candidates: `arxiv:ID` (no version), `doi:DOI`
    (lower case), `title:KEY`. Sharing a key makes two papers candidates, not one paper."""
    ident = identity(meta)
    out = [f"arxiv:{a}" for a, _ in ident.arxiv] + [f"doi:{d}" for d, _ in ident.doi]
    return (*out, f"title:{ident.key}") if ident.key else tuple(out)


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_HOST = re.compile(r"^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?::\d+)?(?:/|$)")


def url_key(meta: dict[str, Any]) -> str:
    """`url:host/path` of a paper's `url` when it names no arXiv id or DOI (those are ids):
    the scheme, `www.`, a fragment and a final `/` ignored, so `https://example.org/p/` and a
    scheme-less `example.org/p` are one address. Two papers at one address are a finding,
    whatever their titles say (a title respelled in a merge); "" when there is none."""
    url = meta.get("url")
    if not isinstance(url, str) or ids.arxiv_from_url(url) or ids.doi_from_url(url):
        return ""
    text = _SCHEME.sub("", url.strip()).partition("#")[0].rstrip("/")
    if not _HOST.match(text):
        return ""
    host, _, path = text.partition("/")
    host = host.lower().removeprefix("www.")
    return f"url:{host}/{path}" if path else f"url:{host}"


def index_keys(meta: dict[str, Any]) -> tuple[str, ...]:
    """`keys` and, when the paper has one, its `url_key`: every key that finds a candidate."""
    url = url_key(meta)
    return (*keys(meta), url) if url else keys(meta)


def shared_keys(papers: Iterable[tuple[str, dict[str, Any]]]) -> dict[str, list[str]]:
    """The `index_keys` two or more of `papers` ((path, front matter) pairs) share, with
    their paths in the order given: the candidates a person looks at as one paper."""
    owners: dict[str, list[str]] = {}
    for path, meta in papers:
        for key in index_keys(meta):
            owners.setdefault(key, []).append(path)
    return {k: v for k, v in owners.items() if len(v) > 1}


def fingerprint(meta: dict[str, Any]) -> str:
    """One stable text for a paper's identity (a version bump does not change it)."""
    return "|".join(keys(meta))


def contradicts(a: HasIds, b: HasIds) -> bool:
    """Whether the ids say two papers differ: both name arXiv ids (or both DOIs) and they
    share none. A version suffix is no contradiction; a missing id is none either."""
    for mine, theirs in ((a.arxiv, b.arxiv), (a.doi, b.doi)):
        if mine and theirs and not {i for i, _ in mine} & {i for i, _ in theirs}:
            return True
    return False


def shares_id(a: HasIds, b: HasIds) -> bool:
    """Whether two papers share an arXiv id (any version) or a DOI."""
    return bool(
        {i for i, _ in a.arxiv} & {i for i, _ in b.arxiv}
        or {i for i, _ in a.doi} & {i for i, _ in b.doi}
    )


def same_identity(a: Identity, b: Identity) -> bool:
    """`same_paper` for identities already computed."""
    return bool(a.key) and a.key == b.key and not contradicts(a, b)


def same_paper(a_meta: dict[str, Any], b_meta: dict[str, Any]) -> bool:
    """Whether two front matters describe one paper: the same normalised title, and no id
    contradicting it. The same id under two titles is not one paper (a lint finding)."""
    return same_identity(identity(a_meta), identity(b_meta))
