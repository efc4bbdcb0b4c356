"""A list's own navigation (pure): furniture to skip, never data.

README-style lists carry lines that only move the reader around the page:

- anchor lines: `<a name="models"></a>`, `<a id="top"/>`;
- back-to-top links: `**[⬆ back to top](#contents)**`, `<a href="#top">↑ Top</a>`;
- contents links: `- [Datasets](#datasets)`, `[A](#a) | [B](#b)`, alone on a line;
- menu tables: `| [Datasets](#datasets) | [Models](#models) |` and their `|---|` rows;
- a contents block: a `Contents` / `Menu` / `Table of contents` heading and what follows
  it up to the next heading, or any heading whose text is only navigation lines.

`line_kind(line)` says which of these a single line is; `find(lines, headings)` gives
every navigation line of a list with the kind it is, so the reader skips them and the
report names them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

ANCHOR = "anchor line"
BACK_TO_TOP = "back-to-top link"
CONTENTS_LINK = "contents link"
MENU_TABLE = "menu table"
CONTENTS_BLOCK = "contents block"
REASONS = (CONTENTS_BLOCK, MENU_TABLE, CONTENTS_LINK, ANCHOR, BACK_TO_TOP)

CONTENTS_TITLE = re.compile(
    r"^(?:(?:table\s+of\s+)?contents?|toc|menu|navigation|index of contents)\s*[:\uff1a]?$",
    re.IGNORECASE,
)
_MD_ANCHOR_LINK = re.compile(r"\[(?P<text>(?:[^\[\]\\]|\\.)*)\]\(\s*<?#[^)\s>]*>?\s*\)")
_HTML_ANCHOR_LINK = re.compile(
    r"<a\s[^<>]*\bhref\s*=\s*[\"']#[^\"']*[\"'][^<>]*>(?P<text>.*?)</a\s*>", re.IGNORECASE
)
_ANCHOR_TAG = re.compile(
    r"<a\s+(?:name|id)\s*=\s*[\"'][^\"']*[\"']\s*/?>(?:\s*</a\s*>)?", re.IGNORECASE
)
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_DECORATION = re.compile(
    r"[\s|\u2022\u00b7\u2219\u22c5,;:\-\u2013\u2014*_~>\[\]()^\u2191\u2b06\ufe0f\U0001f51d"
    r"\u21e7\u25b2\u2934]+"
)
_BULLET = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s+")
_TOP = re.compile(
    r"(?:\bback\b|\bto\s+top\b|^\s*top\s*$|\breturn\b|\u2191|\u2b06|\U0001f51d|\u21e7|\u25b2|\^)",
    re.IGNORECASE,
)


def line_kind(line: str) -> str | None:
    """ANCHOR, BACK_TO_TOP or CONTENTS_LINK when the line is only navigation, else None.

    A menu table's rows are CONTENTS_LINK here; `find` names whole tables MENU_TABLE.
    """
    if "#" not in line and "<a" not in line.lower():
        return None
    text = _BULLET.sub("", line, count=1)
    texts: list[str] = []
    anchors = len(_ANCHOR_TAG.findall(text))
    text = _ANCHOR_TAG.sub(" ", text)

    def keep(match: re.Match[str]) -> str:
        texts.append(match.group("text"))
        return " "

    text = _HTML_ANCHOR_LINK.sub(keep, text)
    text = _MD_ANCHOR_LINK.sub(keep, text)
    if not texts and not anchors:
        return None
    rest = _DECORATION.sub("", _TAG.sub(" ", text))
    if rest:
        return None
    if not texts:
        return ANCHOR
    if any(_TOP.search(_TAG.sub(" ", t)) for t in texts) and len(texts) == 1:
        return BACK_TO_TOP
    return CONTENTS_LINK


def _is_row(line: str) -> bool:
    return line.lstrip().startswith("|")


def find(lines: list[str], headings: Mapping[int, str]) -> dict[int, str]:
    """Every navigation line (1-based) of a list, with its reason (`headings`: the line
    of each heading -> its text, cleaned)."""
    found: dict[int, str] = {}
    heads = sorted(headings)
    # menu tables: runs of `|` rows whose cells are only anchor links
    n = 1
    total = len(lines)
    while n <= total:
        if not _is_row(lines[n - 1]):
            n += 1
            continue
        start = n
        while n <= total and _is_row(lines[n - 1]):
            n += 1
        rows = range(start, n)
        content = [r for r in rows if lines[r - 1].strip(" \t|:-")]
        if len(content) > 1 and line_kind(lines[content[0] - 1]) is None:
            content = content[1:]  # a header row (`| Menu | Menu |`) over rows of anchors
        if content and all(line_kind(lines[r - 1]) == CONTENTS_LINK for r in content):
            found.update((r, MENU_TABLE) for r in rows)
        elif not content and start > 1 and line_kind(lines[start - 2]) == CONTENTS_LINK:
            # `[A](#a) | [B](#b)` over `| :- | :- |`: a menu row written without its pipes
            found.update((r, MENU_TABLE) for r in (start - 1, *rows))
    for i in range(1, total + 1):
        if i not in found:
            kind = line_kind(lines[i - 1])
            if kind is not None:
                found[i] = kind
    # contents blocks: a contents heading, or a heading over navigation lines only
    for k, at in enumerate(heads):
        end = heads[k + 1] - 1 if k + 1 < len(heads) else total
        block = [m for m in range(at + 1, end + 1) if lines[m - 1].strip()]
        titled = bool(CONTENTS_TITLE.match(headings[at]))
        navigational = (
            k > 0  # the list's own title heads the page, whatever follows it
            and bool(block)
            and all(m in found for m in block)
            and any(found[m] in (CONTENTS_LINK, MENU_TABLE) for m in block)
        )
        if titled or navigational:
            found[at] = CONTENTS_BLOCK
            for m in block:
                if titled or found.get(m) != ANCHOR:
                    found[m] = CONTENTS_BLOCK
    return found


PLURALS = {
    CONTENTS_BLOCK: "contents block lines",
    MENU_TABLE: "menu table lines",
    CONTENTS_LINK: "contents links",
    ANCHOR: "anchor lines",
    BACK_TO_TOP: "back-to-top links",
}
SHOWN = 5  # line numbers shown per reason


def summary(found: Mapping[int, str]) -> list[str]:
    """`anchor lines 2 (lines 1, 22)`, one phrase per reason present, in REASONS order."""
    out: list[str] = []
    for reason in REASONS:
        at = sorted(n for n, r in found.items() if r == reason)
        if not at:
            continue
        shown = ", ".join(str(n) for n in at[:SHOWN]) + (", …" if len(at) > SHOWN else "")
        out.append(f"{PLURALS[reason]} {len(at)} (line{'s' if len(at) > 1 else ''} {shown})")
    return out
