"""Metadata lines of a list entry -> front-matter fields (pure).

`Journal: …`, `Lead Author: Name(Affiliation), …`, `Artical address: …`, `Code address: …`
and `KeyWords: a, b` (bulleted or not, bold or not, indented or not) are the original
list's fields. An address is a bare URL, `<URL>` or `[text](URL)`; arXiv ids come from
abs/pdf/html addresses (the url becomes the canonical abs address), DOIs from doi.org
addresses and from publisher addresses that carry one for certain. Text next to an address
that is not part of it is kept in `<field>_note`, so nothing is lost.
"""

from __future__ import annotations

import re
from typing import Any

from papervault import ids
from papervault import schema

# label (lower case, single spaces) -> field. STRICT labels are the original list's own
# and are recognised anywhere in an entry; LOOSE ones only before its summary starts.
STRICT = {
    "journal": "venue",
    "lead author": "lead_authors",
    "lead authors": "lead_authors",
    "artical address": "url",
    "article address": "url",
    "code address": "code",
    "code link": "code",
    "paper address": "url",
    "paper link": "url",
    "keywords": "tags",
    "key words": "tags",
}
LOOSE = {
    "venue": "venue",
    "conference": "venue",
    "published in": "venue",
    "author": "authors",
    "authors": "authors",
    "year": "year",
    "doi": "doi",
    "arxiv": "arxiv",
    "url": "url",
    "link": "url",
    "paper": "url",
    "pdf": "url",
    "code": "code",
    "github": "code",
    "repository": "code",
    "tags": "tags",
}
BRIEF = re.compile(r"brief\s+intro(?:duction)?\s*[:\uff1a]?", re.IGNORECASE)

_BULLET = re.compile(r"^\s*(?:[-*+•·]\s*)?")
_FIELD = re.compile(
    r"(?:\*\*|__|\*|_)?\s*(?P<label>[A-Za-z][A-Za-z ]{0,24}?)\s*(?:\*\*|__|\*|_)?\s*[:\uff1a]+"
    r"\s*(?:\*\*|__|\*|_)?(?P<value>.*)$"
)
_EMPHASIS = re.compile(r"^(?:\*\*|__)(.*)(?:\*\*|__)$")
_LINK = re.compile(
    r"\[(?P<text>(?:[^\[\]\\]|\\.)*)\]\(\s*<?(?P<url>[^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)"
)
_ANGLE = re.compile(r"<(?P<url>(?i:https?)://[^>\s]+)>")
_BARE = re.compile(r"(?P<url>(?i:https?)://[^\s<>()\[\]]+)")
_HTTP = re.compile(r"^https?://", re.IGNORECASE)  # a scheme in any case, as browsers read it
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|~<>])")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def bullet_label(line: str) -> tuple[str, str] | None:
    """(label, value) of a `- Label: value` line, the label lower case; else None."""
    text = _BULLET.sub("", line, count=1).strip()
    match = _FIELD.match(text)
    if match is None:
        return None
    label = " ".join(match.group("label").split()).casefold()
    value = match.group("value").strip()
    value = re.sub(r"^(?:\*\*|__|\*(?!\*)|_(?!_))\s*", "", value)
    return label, value


def field_of(line: str, *, loose: bool) -> tuple[str, str] | None:
    """(field, raw value) when the line is a known metadata line."""
    got = bullet_label(line)
    if got is None:
        return None
    label, value = got
    name = STRICT.get(label) or (LOOSE.get(label) if loose else None)
    return (name, value) if name else None


def is_brief_label(line: str) -> bool:
    """`- **Brief introduction:**`, `#### • Brief introduction:`: a label with nothing after."""
    text = re.sub(r"^\s*#{1,6}\s+", "", line)
    text = _BULLET.sub("", text, count=1).strip()
    match = _EMPHASIS.match(text)
    text = match.group(1).strip() if match else text
    return BRIEF.fullmatch(text.strip("*_ ")) is not None


def unescape(text: str) -> str:
    """Markdown backslash escapes removed (`equiformer\\_v2` -> `equiformer_v2`)."""
    return _ESCAPE.sub(r"\1", text)


def address(value: str) -> tuple[str, str]:
    """(URL, the rest of the text) of an address value; URL "" when there is none.
    Images and badges are never the address (`[![stars](…shields.io…)](…)` stays text)."""
    searched = _IMAGES.sub(lambda m: " " * len(m.group(0)), value)
    for pattern in (_LINK, _ANGLE, _BARE):
        for match in pattern.finditer(searched):
            url = unescape(match.group("url")).rstrip(".,;:")
            if is_badge(url):
                continue
            rest = value[: match.start()] + value[match.end() :]
            return url, rest.strip(" \t:;,-\u2013\u2014")
    return "", value.strip()


_IMAGES = re.compile(r"\[\s*(?:!\[[^\]]*\]\([^)]*\)\s*)+\]\([^)]*\)|!\[[^\]]*\]\([^)]*\)")


def lead_authors(value: str) -> list[str]:
    """`Name(Affiliation), Name(Affiliation)` -> ["Name (Affiliation)", ...] (the schema's form).

    Affiliations may hold commas and parentheses of their own; a name without an
    affiliation is the name alone.
    """
    people = _people(value)
    return [schema.lead_author(p.get("name", ""), p.get("affiliation", "")).strip() for p in people]


def _people(value: str) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    name: list[str] = []
    i = 0
    text = value.replace("\uff08", "(").replace("\uff09", ")")
    while i < len(text):
        char = text[i]
        if char == "(":
            depth, j = 0, i
            while j < len(text):
                depth += {"(": 1, ")": -1}.get(text[j], 0)
                if depth == 0:
                    break
                j += 1
            affiliation = text[i + 1 : j].strip()
            person = {"name": "".join(name).strip()} if "".join(name).strip() else {}
            out.append({**person, "affiliation": affiliation} if affiliation else person)
            name = []
            i = j + 1
            continue
        if char in ",;":
            if "".join(name).strip():
                out.append({"name": "".join(name).strip()})
            name = []
        else:
            name.append(char)
        i += 1
    if "".join(name).strip():
        out.append({"name": "".join(name).strip()})
    return [person for person in out if person]


def split_list(value: str) -> list[str]:
    """`a, b; c,` -> ["a", "b", "c"]."""
    return [part.strip() for part in re.split(r"[,;\uff0c\uff1b]", value) if part.strip()]


def apply(meta: dict[str, Any], name: str, raw: str) -> list[str]:
    """Set field `name` from a raw value into `meta`; returns findings for the report.

    A value already set and different is left as it was (the first one wins) and the
    other is named in the findings and kept in `alternatives` (`field: value` texts).
    """
    value = raw.strip()
    if not value:
        return []  # an empty "Code address:" is no code link
    new: dict[str, Any] = {}
    noted: list[str] = []
    if name in ("url", "code"):
        noted += _address_fields(new, name, value)
    elif name == "arxiv":
        arxiv = ids.parse_arxiv(address(value)[0] or value)
        if arxiv is not None:
            new["arxiv"] = arxiv
        else:
            new["arxiv_note"] = value
    elif name == "doi":
        url = address(value)[0]
        doi = (ids.doi_from_url(url) if url else None) or ids.parse_doi(value)
        if doi is not None:
            new["doi"] = doi
        else:
            new["doi_note"] = value
    elif name == "year":
        match = _YEAR.search(value)
        if match and match.group(0) == value:
            new["year"] = int(value)
        else:
            new["year_note"] = value
    elif name == "lead_authors":
        new["lead_authors"] = lead_authors(value)
    elif name == "authors":
        new["authors"] = split_list(value)
    elif name == "tags":  # Obsidian tags hold no spaces
        new["tags"] = [schema.obsidian_tag(tag) for tag in split_list(value)]
    else:
        new[name] = value
    return noted + merge_into(meta, new)


def _address_fields(new: dict[str, Any], name: str, value: str) -> list[str]:
    """`url` or `code` from an address value into `new` (an article address's arXiv id or
    DOI too, and an id written without an address, `arXiv:2206.11990`, as that id)."""
    noted: list[str] = []
    url, rest = address(value)
    if not _HTTP.match(url):
        token = (url or value).split()[0].strip("<>") if (url or value).split() else ""
        fixed = with_scheme(token)
        if fixed is not None:  # `www.example.org/x`: kept as an address, and noted
            noted.append(f"{name}: link {token!r} has no scheme; kept as {fixed!r}")
            url, rest = fixed, value.replace(token, "", 1).strip(" \t:;,-<>\u2013\u2014")
    arxiv = ids.parse_arxiv(url or value) if name == "url" else None
    doi = ids.parse_doi(url or value) if name == "url" and arxiv is None else None
    if not url and arxiv is None and doi is None:
        new[f"{name}_note"] = value
        return noted
    if arxiv is not None:
        new["arxiv"] = arxiv
        url, rest = ids.arxiv_url(arxiv), rest if url else ""
    elif doi is not None:
        new["doi"] = doi
        if not url:
            return noted
    new[name] = url
    if rest and not _redundant(rest, url):
        new[f"{name}_note"] = rest
    return noted


def _redundant(rest: str, url: str) -> bool:
    """Whether the text beside an address says nothing more: empty, the address again, or
    the `arXiv:` / `doi:` prefix written before it."""
    text = rest.strip("() ")
    return not text or text in url or text.rstrip(" :").casefold() in ("arxiv", "doi")


NAME_LISTS = frozenset({"authors", "editor", "translator", "bookauthor"})


def merge_into(meta: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Unite `new` into `meta`: lists united in order, scalars and author lists kept
    first-wins (another scalar under `alternatives`; either named in the findings)."""
    findings: list[str] = []
    for name, value in new.items():
        old = meta.get(name)
        if old is None:
            meta[name] = value
        elif name in NAME_LISTS and isinstance(old, list) and old != value:
            # one side's names, not the union of two spellings (`Ivano E` / `Ivano E.`)
            findings.append(
                f"{name}: kept the first entry's {len(old)} names; the other lists {value!r}"
            )
        elif isinstance(old, list) and isinstance(value, list):
            for item in value:
                if item not in old:
                    old.append(item)
        elif old != value:  # `alternatives: ["venue: NeurIPS"]`: flat, an Obsidian list
            seen = meta.setdefault("alternatives", [])
            other = f"{name}: {value}"
            if isinstance(seen, list) and other not in seen:
                seen.append(other)
            findings.append(f"{name}: kept {old!r}, also listed as {value!r}")
    return findings


# --- links anywhere in an entry -------------------------------------------------------

ARXIV = "arxiv"
DOI = "doi"
CODE = "code"
URL = "url"

_BADGE_HOSTS = re.compile(
    r"^(?:img\.shields\.io|shields\.io|badgen\.net|badge\.fury\.io|flat\.badgen\.net|"
    r"awesome\.re|api\.star-history\.com|star-history\.com|starchart\.cc|"
    r"hits\.seeyoufarm\.com|visitor-badge\.[\w.]+|komarev\.com|"
    r"github-readme-stats\.vercel\.app|codecov\.io|travis-ci\.(?:org|com)|"
    r"app\.codacy\.com|readthedocs\.org|colab\.research\.google\.com/assets)$",
    re.IGNORECASE,
)
_BADGE_PATH = re.compile(
    r"(?:/badge(?:s)?/|badge\.svg|/badge$|\.svg(?:[?#].*)?$|/stargazers/?$|/stars?/?$)",
    re.IGNORECASE,
)
_IMAGE_PATH = re.compile(r"\.(?:png|jpe?g|gif|svg|webp|bmp|ico)(?:[?#].*)?$", re.IGNORECASE)
_REPO = re.compile(
    r"^https?://(?:www\.)?(?:github\.com|gitlab\.com|bitbucket\.org|codeberg\.org)/"
    r"(?P<owner>[\w.-]+)/(?P<repo>[\w.-]+)(?P<rest>/[^?#]*)?(?:[?#].*)?$",
    re.IGNORECASE,
)
_NOT_REPO_OWNERS = {"topics", "orgs", "sponsors", "marketplace", "features", "about", "search"}
_NOT_CODE_PARTS = re.compile(
    r"^/(?:stargazers|network|issues|pulls|releases|actions|workflows|discussions|wiki|"
    r"graphs|watchers|forks)\b",
    re.IGNORECASE,
)
_SCHEMELESS = re.compile(
    r"^(?:www\.[\w-]+(?:\.[\w-]+)+|[\w-]+(?:\.[\w-]+)*\."
    r"(?:org|com|net|edu|gov|io|ai|ac\.[a-z]{2}|co|info|dev|app|science|us|uk|de|cn|jp|fr))"
    r"(?:/\S*)?$",
    re.IGNORECASE,
)
CODE_WORDS = re.compile(
    r"\b(?:code|github|gitlab|repo|repository|implementation|source)\b", re.IGNORECASE
)
PAPER_WORDS = re.compile(
    r"\b(?:paper|arxiv|pdf|article|doi|openreview|abs|abstract|link|preprint|publication|"
    r"proceedings|journal)\b",
    re.IGNORECASE,
)
OTHER_WORDS = re.compile(
    r"\b(?:project|website|homepage|home page|page|blog|video|slides?|demo|poster|talk|"
    r"bib(?:tex)?|dataset|data|supp\w*|colab|notebook|docs?|documentation|tutorial|"
    r"youtube|twitter|news|leaderboard|benchmark|model|weights|checkpoints?)\b",
    re.IGNORECASE,
)


def is_badge(url: str) -> bool:
    """An image or a badge service's address (shields.io, badge.svg, star counters, ...)."""
    match = re.match(r"^(?:https?:)?//([^/?#]+)(/[^?#]*)?", url, re.IGNORECASE)
    if match is None:
        return bool(_IMAGE_PATH.search(url))
    host, path = match.group(1).casefold(), match.group(2) or ""
    if host.startswith("www."):
        host = host[4:]
    if _BADGE_HOSTS.match(host) or (host == "zenodo.org" and path.startswith("/badge")):
        return True
    return bool(_BADGE_PATH.search(path) or _IMAGE_PATH.search(path))


def repository(url: str) -> bool:
    """A GitHub / GitLab / Bitbucket repository's address (not its stars, issues, ...)."""
    match = _REPO.match(url)
    if match is None or match.group("owner").casefold() in _NOT_REPO_OWNERS:
        return False
    return not _NOT_CODE_PARTS.match(match.group("rest") or "")


def with_scheme(target: str) -> str | None:
    """`www.example.org/x` -> `https://www.example.org/x`; None when it is not such a link."""
    if _SCHEMELESS.match(target) and not _IMAGE_PATH.search(target):
        return "https://" + target
    return None


def link_field(url: str, text: str, *, title: bool = False) -> str | None:
    """The field a link of an entry gives: ARXIV, DOI, CODE, URL, or None (not data).

    `title`: the link is the entry's title (`[Title](link)`), so it is the paper's own
    page unless it is a repository. Images and badges are never data.
    """
    if not _HTTP.match(url) or is_badge(url):
        return None
    if ids.parse_arxiv(url):
        return ARXIV
    if ids.parse_doi(url):
        return DOI
    if repository(url):
        return CODE if title or not OTHER_WORDS.search(text) or CODE_WORDS.search(text) else None
    if title:
        return URL
    if CODE_WORDS.search(text) and not PAPER_WORDS.search(text):
        return None  # a code link that is no repository: kept in the body
    if PAPER_WORDS.search(text) or venue_year(text) is not None:
        return URL
    return None


_VENUE_YEAR = re.compile(
    r"^\s*(?P<venue>[^\d()\[\]\s][^()\[\]]*?)[\s,'\u2019]*[(\[]?\s*(?P<year>(?:19[5-9]|20[0-4])\d)"
    r"\s*[)\]]?\s*$"
)

# `arXiv:2407.14794 (2024)`, `arXiv:hep-th/9901001 (1999)`
_ARXIV_TAIL = re.compile(rf"[:\s]+(?:{ids.ARXIV_NEW}|{ids.ARXIV_OLD})\s*$")
_VOLUME = re.compile(r"[\s,]+\d[\d.,()\u2013\-\s]*$")  # `Nat Commun 15, 2464 (2024)`


def venue_year(text: str) -> tuple[str, int] | None:
    """`NeurIPS (2022)`, `Nature Communications, 2023`, `ICLR'23`? -> (venue, year)."""
    match = _VENUE_YEAR.match(unescape(text).strip("*_ "))
    if match is None:
        return None
    venue = _VOLUME.sub("", _ARXIV_TAIL.sub("", match.group("venue"))).strip(" ,.:;-*_")
    if not venue or (PAPER_WORDS.fullmatch(venue) and venue.casefold() != "arxiv"):
        return None
    return venue, int(match.group("year"))
