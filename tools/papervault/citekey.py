"""Citation keys (pure): made once, when a note is created, and never derived again.

A key is Better BibTeX's default shape: the first author's family name, the year (from
the arXiv id when the note has no year) and the first significant word of the title,
all lower-case ASCII: `liao2022equiformer`. It is written into the note's `citekey`
field by `new`, `add` and `import`; from then on the note's own field is the key, so
adding a year, fixing a title or adding another paper never renames it. A key already
taken gets the first free suffix `a`, `b`, … (Better BibTeX's postfix); two notes that
end up with one key anyway (two branches merged) are a lint finding, never renamed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from collections.abc import Iterable
from typing import Any

from papervault import ids
from papervault import readers
from papervault import schema
from papervault.names import STOP_WORDS
from papervault.names import normalize_title


def ascii_word(text: str) -> str:
    """`Müller` -> `muller`: lower-case ASCII letters and digits only."""
    folded = unicodedata.normalize("NFKD", text)
    return re.sub(r"[^a-z0-9]", "", folded.encode("ascii", "ignore").decode().lower())


def year_of(meta: dict[str, Any]) -> str:
    """The note's year, else the one its arXiv id dates it to, else `nd`."""
    year = str(meta.get("year", "")).strip()
    if re.fullmatch(r"\d{4}", year):
        return year
    date = re.match(r"(\d{4})", str(meta.get("date", "")))
    if date:
        return date.group(1)
    arxiv = ids.parse_arxiv(str(meta.get("arxiv", "")))
    when = ids.arxiv_date(arxiv) if arxiv is not None else None
    return str(when[0]) if when is not None else "nd"


def title_word(title: str) -> str:
    words = [ascii_word(w) for w in normalize_title(title).split()]
    return next((w for w in words if w and w not in STOP_WORDS), "")


def derive(meta: dict[str, Any]) -> str:
    """`liao2022equiformer`: family name, year, first significant title word."""
    who = ascii_word(readers.family_name(readers.first_author(meta)))
    return f"{who or 'anon'}{year_of(meta)}{title_word(str(meta.get('title', '')))}"


def pinned(meta: dict[str, Any]) -> str | None:
    """The key a note holds, if any."""
    key = meta.get("citekey")
    return key.strip() if isinstance(key, str) and key.strip() else None


def taken(metas: Iterable[dict[str, Any]]) -> set[str]:
    """Every key the notes hold (case ignored, as BibTeX does)."""
    return {k.casefold() for k in (pinned(m) for m in metas) if k}


def free(base: str, used: Collection[str]) -> str:
    """`base`, or `base` + the first suffix a, b, …, z, aa, … that no key in `used` has."""
    if base.casefold() not in used:
        return base
    n = 0
    while True:
        suffix, i = "", n
        while True:
            suffix = chr(ord("a") + i % 26) + suffix
            i = i // 26 - 1
            if i < 0:
                break
        if (base + suffix).casefold() not in used:
            return base + suffix
        n += 1


def with_key(meta: dict[str, Any], key: str) -> dict[str, Any]:
    """`meta` with `citekey` set, at the place the schema gives it."""
    out = {k: v for k, v in meta.items() if k != "citekey"}
    order = schema.ORDER
    spot = order.index("citekey")
    keys = list(out)
    at = len(keys)
    for i, name in enumerate(keys):
        if name not in order or order.index(name) > spot:
            at = i
            break
    items = list(out.items())
    items.insert(at, ("citekey", key))
    return dict(items)


def assign(meta: dict[str, Any], used: set[str]) -> dict[str, Any]:
    """`meta` with a key of its own: the one it holds, else a new free one; the key is
    added to `used` (casefolded) so the next note of the same run cannot take it."""
    key = pinned(meta) or free(derive(meta), used)
    used.add(key.casefold())
    return meta if pinned(meta) else with_key(meta, key)
