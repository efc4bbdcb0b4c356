"""Field readers: a note's front-matter values as every output reads them (pure).

The card, the generated pages (the author index among them), the .bib and CSL-JSON exports
and the citation key (which `new`, `add` and `import` write) read a note's values and people
through here, so a note shows the same authors, venue and tags everywhere:

- `text(value)` / `texts(value)`: a scalar as trimmed text ("" for null, yes/no, mappings and
  lists); a list (or a single scalar) as its non-empty texts;
- `authors(meta)`: the `authors` list as texts (trimmed; empty items, nulls, yes/no values,
  mappings and lists left out; a single text read as a list of one), else the lead authors'
  names;
- `lead_authors(meta)`: (name, affiliation) pairs, from `Name (Affiliation)` texts or the old
  `{name, affiliation}` mappings (`schema.lead_author_parts`);
- `family_name(name)`: the family name BibTeX reads in a name (`Hjorth Larsen, Ask` ->
  `Hjorth Larsen`, `Vincent van Gogh` -> `Gogh`), braces dropped; "" for a name of
  whitespace only.
"""

from __future__ import annotations

import functools
from typing import Any

from bibtexparser.middlewares.names import parse_single_name_into_parts

from papervault import schema
from papervault.names import STOP_WORDS


def text(value: Any) -> str:
    """A scalar front-matter value as plain text: a text or a number trimmed, "" for
    anything else (null, a yes/no value, a mapping, a list)."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return ""
    return str(value).strip()


def texts(value: Any) -> list[str]:
    """A list (or a single scalar) of front-matter values as non-empty texts."""
    items = value if isinstance(value, list) else [value]
    return [t for t in (text(item) for item in items) if t]


def lead_authors(meta: dict[str, Any]) -> list[tuple[str, str]]:
    """(name, affiliation) pairs from `lead_authors` (`Name (Affiliation)` texts; the old
    `{name, affiliation}` mappings are still read)."""
    value = meta.get("lead_authors")
    pairs: list[tuple[str, str]] = []
    for item in value if isinstance(value, list) else [value]:
        parts = schema.lead_author_parts(item)
        if parts is not None:
            pairs.append(parts)
    return pairs


def authors(meta: dict[str, Any]) -> list[str]:
    """`authors`, else the lead authors' names."""
    return texts(meta.get("authors")) or [name for name, _ in lead_authors(meta)]


def first_author(meta: dict[str, Any]) -> str:
    """The first of `authors`, else the first lead author's name, else ""."""
    found = authors(meta)
    return found[0] if found else ""


@functools.lru_cache(maxsize=4096)
def family_name(name: str) -> str:
    """The family name BibTeX reads in a name, without braces: `Yi-Lun Liao` and
    `Liao, Yi-Lun` -> `Liao`; `Hjorth Larsen, Ask` -> `Hjorth Larsen`; `Vincent van Gogh`
    -> `Gogh` (the particle is no part of it); a corporate name in braces
    (`{The PyTorch Lightning team}`) gives its first significant word; "" for "" and for
    whitespace."""
    text = " ".join(name.split())
    if text.startswith("{") and text.endswith("}"):
        words = [w for w in text[1:-1].split() if w.casefold() not in STOP_WORDS]
        return _unbraced(words[0]) if words else ""
    parts = parse_single_name_into_parts(text, strict=False)  # never raises when not strict
    return _unbraced(" ".join(parts.last))


def _unbraced(text: str) -> str:
    return text.replace("{", "").replace("}", "").strip()
