"""CSL-JSON (as Zotero, pandoc and citeproc read it): notes to items and back (pure).

Items carry what is true of the paper: volume, issue, page, issued, container-title and
publisher only where the note has them (a journal article is not published by arXiv);
corporate authors are `literal`; TeX is turned into text, and a BibTeX title's
case protection (`{{PyTorch}}`) becomes `<span class="nocase">`.
"""

from __future__ import annotations

import html
import json
import re
from typing import TYPE_CHECKING
from typing import Any

from papervault import bib
from papervault import ids
from papervault import readers
from papervault.errors import VaultError

if TYPE_CHECKING:
    from papervault.progress import Step

TYPES = {  # BibTeX / biblatex entry type -> CSL type
    "article": "article-journal",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "proceedings": "book",
    "book": "book",
    "mvbook": "book",
    "inbook": "chapter",
    "incollection": "chapter",
    "bookinbook": "chapter",
    "collection": "book",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "thesis": "thesis",
    "techreport": "report",
    "report": "report",
    "manual": "book",
    "booklet": "pamphlet",
    "unpublished": "manuscript",
    "online": "webpage",
    "software": "software",
    "dataset": "dataset",
    "patent": "patent",
    "misc": "article",
}
BIB_TYPES = {  # CSL type -> entry type, for reading
    "article-journal": "article",
    "article-magazine": "article",
    "article-newspaper": "article",
    "paper-conference": "inproceedings",
    "book": "book",
    "chapter": "incollection",
    "thesis": "phdthesis",
    "report": "techreport",
    "pamphlet": "booklet",
    "manuscript": "unpublished",
    "webpage": "online",
    "software": "software",
    "dataset": "dataset",
    "patent": "patent",
    "article": "misc",
}
# Note field -> CSL variable (text, TeX turned into text).
TEXT = {
    "abstract": "abstract",
    "note": "note",
    "isbn": "ISBN",
    "issn": "ISSN",
    "series": "collection-title",
    "edition": "edition",
    "version": "version",
    "shorttitle": "title-short",
    "shortjournal": "container-title-short",
    "langid": "language",
    "language": "language",
    "address": "publisher-place",
    "location": "publisher-place",
    "volume": "volume",
    "eventtitle": "event",
    "type": "genre",
}
GENRES = {
    "phdthesis": "PhD thesis",
    "mastersthesis": "Master\u2019s thesis",
    "mathesis": "Master\u2019s thesis",
    "candthesis": "Candidate thesis",
}
NAMES = {"author": "author", "editor": "editor", "translator": "translator"}
_MONTHS = {m: i for i, m in enumerate(bib.MONTHS, 1)}
_TAG = re.compile(r"<[^>]+>")


def _type(meta: dict[str, Any]) -> str:
    kind = bib.entry_type_of(meta)
    if kind == "misc" and not bib._is_preprint(meta) and "entrytype" not in meta:
        return "article-journal"
    return TYPES.get(kind, "article")


def _text(value: Any) -> str:
    return bib.clean_text(str(value))


def _escaped(value: Any) -> str:
    return html.escape(_text(value), quote=False)


def _issued(meta: dict[str, Any]) -> dict[str, Any] | None:
    date = str(meta.get("date", ""))
    match = re.fullmatch(r"(\d{4})(?:-(\d\d))?(?:-(\d\d))?", date.strip())
    if match:
        return {"date-parts": [[int(p) for p in match.groups() if p]]}
    year = meta.get("year")
    if isinstance(year, int) and not isinstance(year, bool):
        parts = [year]
        month = str(meta.get("month", "")).strip().casefold()[:3]
        if month in _MONTHS:
            parts.append(_MONTHS[month])
        elif str(meta.get("month", "")).strip().isdigit():
            parts.append(int(str(meta["month"]).strip()))
        return {"date-parts": [parts]}
    return None


def item(meta: dict[str, Any], key: str) -> dict[str, Any]:
    """One note as a CSL-JSON item."""
    kind = _type(meta)
    out: dict[str, Any] = {"id": key, "type": kind}
    raw_title = meta.get("title" + bib.TWIN)
    title = str(meta.get("title", ""))
    if isinstance(raw_title, str) and bib.reading("title", raw_title, {}) == title:
        out["title"] = bib.nocase_html(raw_title)
    else:
        out["title"] = _escaped(title)
    authors = readers.authors(meta)
    if authors:
        out["author"] = [bib.csl_name(a) for a in authors]
    for field, variable in NAMES.items():
        value = meta.get(field)
        if field != "author" and isinstance(value, list) and value:
            out[variable] = [bib.csl_name(str(n)) for n in value]
    issued = _issued(meta)
    if issued:
        out["issued"] = issued
    elif isinstance(meta.get("year" + bib.TWIN), str):
        out["issued"] = {"literal": _text(meta["year" + bib.TWIN])}
    preprint = bib._is_preprint(meta)
    if meta.get("venue") and not (preprint and "entrytype" not in meta):
        out["container-title"] = _escaped(meta["venue"])
    number = meta.get("number") if meta.get("number") is not None else meta.get("issue")
    if number is not None:
        out["issue" if kind in ("article-journal", "article-magazine") else "number"] = _text(
            number
        )
    if meta.get("pages") is not None:
        out["page"] = re.sub(r"\s*(?:-+|\u2013)\s*", "-", str(meta["pages"]))
    publisher = (
        meta.get("publisher")
        or meta.get("institution")
        or meta.get("school")
        or meta.get("organization")
        or meta.get("howpublished")
    )
    if publisher:
        out["publisher"] = _escaped(publisher)
    for field, variable in TEXT.items():
        if meta.get(field) is not None and variable not in out:
            value = meta[field]
            out[variable] = value if isinstance(value, int) else _escaped(value)
    genre = GENRES.get(str(meta.get("type", bib.entry_type_of(meta))).casefold())
    if genre and kind == "thesis":
        out["genre"] = genre
    doi = meta.get("doi") or meta.get("doi" + bib.TWIN)
    if doi:
        out["DOI"] = str(doi)
    if meta.get("arxiv") and "number" not in out:
        out["number"] = f"arXiv:{meta['arxiv']}"  # no publisher: only a `publisher` says one
    if meta.get("url"):
        out["URL"] = str(meta["url"])
    urldate = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", str(meta.get("urldate", "")).strip())
    if urldate:
        out["accessed"] = {"date-parts": [[int(p) for p in urldate.groups()]]}
    tags = meta.get("tags")
    if isinstance(tags, list) and tags:
        out["keyword"] = ", ".join(_text(t) for t in tags)
    return out


def to_csl(metas: list[dict[str, Any]], progress: Step | None = None) -> str:
    """CSL-JSON, one item per note, sorted by key (the keys BibTeX export gives;
    `progress`: told of the items made, out of all)."""
    pairs = sorted(zip(bib.citation_keys(metas), metas, strict=True), key=bib._by_key)
    items = []
    for n, (key, meta) in enumerate(pairs):
        if progress is not None and n % 200 == 0:
            progress(n, len(pairs))
        items.append(item(meta, key))
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


# ---- reading ----------------------------------------------------------------------------


def _plain(value: Any) -> str:
    return " ".join(html.unescape(_TAG.sub("", str(value))).split())


def _protected(title: str) -> str | None:
    """A CSL title with nocase spans as BibTeX text (`{PyTorch}`), else None."""
    if 'class="nocase"' not in title:
        return None
    inner = re.sub(r'<span class="nocase">(.*?)</span>', lambda m: f"\x00{m.group(1)}\x01", title)
    text = _plain(inner)
    parts = re.split(r"(\x00[^\x01]*\x01)", text)
    out = []
    for part in parts:
        if part.startswith("\x00"):
            out.append("{" + bib.encode({"t": part[1:-1]})["t"] + "}")
        elif part:
            out.append(bib.encode({"t": part})["t"])
    return "".join(out)


def _name(person: dict[str, Any]) -> str:
    if person.get("literal"):
        return "{" + _plain(person["literal"]) + "}"
    family = " ".join(
        p
        for p in (_plain(person.get("non-dropping-particle", "")), _plain(person.get("family", "")))
        if p
    )
    given = _plain(person.get("given", ""))
    suffix = _plain(person.get("suffix", ""))
    if " " in _plain(person.get("family", "")) and not person.get("non-dropping-particle"):
        family = family  # `Hjorth Larsen, Ask` reads back the same with the comma
    if suffix:
        return f"{family}, {suffix}, {given}"
    return f"{family}, {given}" if given else family


def item_reference(entry: dict[str, Any], line: int) -> bib.Reference:
    """One CSL-JSON item as a note's front matter."""
    meta: dict[str, Any] = {}
    title = str(entry.get("title", ""))
    meta["title"] = _plain(title) or str(entry.get("id", ""))
    protected = _protected(title)
    if protected:
        meta["title" + bib.TWIN] = protected
    for variable, field in (
        ("author", "authors"),
        ("editor", "editor"),
        ("translator", "translator"),
    ):
        people = entry.get(variable)
        if isinstance(people, list):
            meta[field] = [_name(p) for p in people if isinstance(p, dict)]
    if entry.get("container-title"):
        meta["venue"] = _plain(entry["container-title"])
    issued = entry.get("issued")
    parts = issued.get("date-parts") if isinstance(issued, dict) else None
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
        first, *rest = parts[0]
        if isinstance(first, int) or str(first).isdigit():
            meta["year"] = int(first)
        if rest and str(rest[0]).isdigit():
            month = int(rest[0])
            meta["month"] = bib.MONTHS[month - 1] if 1 <= month <= 12 else str(month)
    number = str(entry.get("number", ""))
    if number.lower().startswith("arxiv:"):
        meta["arxiv"] = number[6:]
    elif number:
        meta["number"] = number
    for variable, field in (("issue", "number"), ("volume", "volume")):
        if entry.get(variable) is not None:
            meta[field] = str(entry[variable])
    if entry.get("page") is not None:  # CSL's `1-10` is BibTeX's `1--10`
        meta["pages"] = re.sub(r"(?<=\d)\s*[-\u2013]\s*(?=\d)", "--", str(entry["page"]))
    if entry.get("DOI"):  # what the schema cannot hold is kept as the BibTeX text
        doi = ids.parse_doi(str(entry["DOI"]))
        meta["doi" if doi else "doi" + bib.TWIN] = doi or str(entry["DOI"])
    if entry.get("URL"):
        url = str(entry["URL"])
        meta["url" if re.fullmatch(r"https?://\S+", url) else "url" + bib.TWIN] = url
    if isinstance(issued, dict) and isinstance(issued.get("literal"), str):
        meta["year" + bib.TWIN] = issued["literal"]
    if entry.get("keyword"):
        meta["tags"] = [t.strip() for t in re.split(r"[,;]", str(entry["keyword"])) if t.strip()]
    if entry.get("publisher") and not (entry.get("publisher") == "arXiv" and meta.get("arxiv")):
        meta["publisher"] = _plain(entry["publisher"])
    back = {v: f for f, v in TEXT.items()}
    done = {"id", "type", "title", "author", "editor", "translator", "container-title"}
    done |= {"issued", "number", "issue", "volume", "page", "DOI", "URL", "keyword", "publisher"}
    lost = []
    for variable, value in entry.items():
        if variable in done:
            continue
        field = back.get(variable, variable)
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            meta.setdefault(field, _plain(value) if isinstance(value, str) else value)
        elif variable == "accessed" and isinstance(value, dict):
            got = value.get("date-parts")
            if isinstance(got, list) and got and isinstance(got[0], list):
                meta["urldate"] = "-".join(f"{int(p):02d}" for p in got[0])
        else:
            lost.append(f"{entry.get('id', '')}: {variable!r} is not a text, number or date")
    meta["entrytype"] = BIB_TYPES.get(str(entry.get("type", "")), "misc")
    if entry.get("id") is not None:
        meta["citekey"] = str(entry["id"])
    return bib.Reference(meta, line=line, lost=lost)


def read_csl(text: str, source: str = "<csl-json>") -> list[bib.Reference]:
    """Every item of a CSL-JSON file."""
    try:
        items = json.loads(text)
    except json.JSONDecodeError as e:
        raise VaultError(f"{source}:{e.lineno}: not JSON: {e.msg}") from None
    if isinstance(items, dict):
        items = [items]
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise VaultError(f"{source}: CSL-JSON must be a list of items")
    lines = _item_lines(text, len(items))
    return [item_reference(entry, line) for entry, line in zip(items, lines, strict=True)]


def _item_lines(text: str, count: int) -> list[int]:
    """The line each top-level item starts on (best effort; 0 when unknown)."""
    lines, depth, line, in_str, escape = [], 0, 1, False, False
    for char in text:
        if char == "\n":
            line += 1
        if in_str:
            if escape:
                escape = False
            elif char == "\\":
                escape = True
            elif char == '"':
                in_str = False
            continue
        if char == '"':
            in_str = True
        elif char in "[{":
            if char == "{" and depth == 1:
                lines.append(line)
            depth += 1
        elif char in "]}":
            depth -= 1
    return (lines + [0] * count)[:count] if len(lines) != count else lines
