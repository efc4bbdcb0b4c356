"""Titles and file names: safe slugs, hand-written numbers, a title's words for sorting."""

from __future__ import annotations

import re
import unicodedata

# Words no title or corporate name is known by (`first significant word`).
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "on",
        "of",
        "for",
        "in",
        "and",
        "to",
        "with",
        "towards",
        "at",
        "by",
        "from",
        "into",
        "via",
        "is",
        "are",
        "what",
        "how",
    ]
)

MAX_SLUG = 80
# 255 bytes a name on most file systems, less `.md`, a `-NN` to tell two papers apart and the
# `.NAME.XXXXXXXX.tmp` of an atomic write
MAX_SLUG_BYTES = 200
_NUMBERING = re.compile(r"^\s*(?:chapter\s+)?\d+(?:\.\d+)*\.?(?=\s|$)\s*", re.IGNORECASE)
_RESERVED = {"con", "prn", "aux", "nul", "index", "contents"}
_RESERVED |= {f"com{i}" for i in range(10)} | {f"lpt{i}" for i in range(10)}


def strip_numbering(title: str) -> str:
    """`2.5.3 DeePMD-kit v2` -> `DeePMD-kit v2`; `Chapter 2 Deep MD` -> `Deep MD`."""
    return _NUMBERING.sub("", title, count=1).strip()


def normalize_title(title: str) -> str:
    """A title's words, for sorting and citation keys: case, punctuation, numbering and
    spacing ignored. Not a paper's identity (`C` and `C++` are one here): that is
    `identity.title_key`."""
    text = unicodedata.normalize("NFKC", strip_numbering(title)).casefold()
    text = re.sub(r"[^\w]+", " ", text)
    return " ".join(text.split())


# A `+` or `#` that ends a word is part of a name (`C++`, `C#`, `F#`): spelled out, so that
# `C` and `C++` are two file names (`c`, `c-plus-plus`). A lone one (`a + b`) is punctuation.
_SIGNS = re.compile(r"(?<=\w)(\++|#)(?![\w+])")


def _spelled(match: re.Match[str]) -> str:
    signs = match.group(1)
    return "-sharp" if signs == "#" else "-plus" * len(signs)


def _full_slug(title: str) -> str:
    text = _SIGNS.sub(_spelled, unicodedata.normalize("NFKD", title))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return re.sub(r"[^\w]+", "-", text).strip("-_")


def _cut(slug: str) -> str:
    """At most MAX_SLUG characters and MAX_SLUG_BYTES bytes of UTF-8 (file systems count
    bytes: 80 four-byte letters are 320), never ending in half a letter or a dash."""
    text = slug[:MAX_SLUG]
    while len(text.encode("utf-8")) > MAX_SLUG_BYTES:
        text = text[:-1]
    return text.rstrip("-_") if text != slug else text


def slug_is_cut(title: str) -> bool:
    """Whether `slugify` had to cut the title: the file name then no longer reads as the
    title, and the note should answer to its full title as an Obsidian alias."""
    full = _full_slug(title)
    return _cut(full) != full


def title_aliases(title: str) -> list[str]:
    """The `aliases` a new note gets: its full title when its file name was cut."""
    return [title] if slug_is_cut(title) else []


def slugify(title: str) -> str:
    """A safe, readable file name stem for any title (never empty, never a path)."""
    text = _cut(_full_slug(title))
    if not text:
        return "untitled"
    return f"{text}-note" if text in _RESERVED else text
