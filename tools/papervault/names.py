"""Titles and file names: safe slugs, hand-written numbers, normalised titles for identity."""

from __future__ import annotations

import re
import unicodedata

MAX_SLUG = 80
_NUMBERING = re.compile(r"^\s*(?:chapter\s+)?\d+(?:\.\d+)*\.?(?=\s|$)\s*", re.IGNORECASE)
_RESERVED = {"con", "prn", "aux", "nul", "index", "contents"}
_RESERVED |= {f"com{i}" for i in range(10)} | {f"lpt{i}" for i in range(10)}


def strip_numbering(title: str) -> str:
    """`2.5.3 DeePMD-kit v2` -> `DeePMD-kit v2`; `Chapter 2 Deep MD` -> `Deep MD`."""
    return _NUMBERING.sub("", title, count=1).strip()


def normalize_title(title: str) -> str:
    """The identity form of a title: case, punctuation, numbering and spacing ignored."""
    text = unicodedata.normalize("NFKC", strip_numbering(title)).casefold()
    text = re.sub(r"[^\w]+", " ", text)
    return " ".join(text.split())


def _full_slug(title: str) -> str:
    text = unicodedata.normalize("NFKD", title)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return re.sub(r"[^\w]+", "-", text).strip("-_")


def slug_is_cut(title: str) -> bool:
    """Whether `slugify` had to cut the title: the file name then no longer reads as the
    title, and the note should answer to its full title as an Obsidian alias."""
    return len(_full_slug(title)) > MAX_SLUG


def title_aliases(title: str) -> list[str]:
    """The `aliases` a new note gets: its full title when its file name was cut."""
    return [title] if slug_is_cut(title) else []


def slugify(title: str) -> str:
    """A safe, readable file name stem for any title (never empty, never a path)."""
    text = _full_slug(title)
    text = text[:MAX_SLUG].rstrip("-_")
    if not text:
        return "untitled"
    return f"{text}-note" if text in _RESERVED else text
