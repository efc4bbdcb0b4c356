"""Reference-manager formats: notes to BibTeX / CSL-JSON and back (pure, no I/O).

BibTeX is written and read with bibtexparser v2, which also does the LaTeX encoding.
Citation keys come from the note alone (`citekey` when the note pins one, else first
author's family name, year and first title word), so adding a paper never changes another
paper's key unless the two derive the very same key; then both get a suffix from their own
identity, and a `citekey` field pins a key for good.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import unicodedata
from collections import Counter
from typing import Any

from bibtexparser import middlewares
from bibtexparser.entrypoint import parse_string
from bibtexparser.entrypoint import write_string
from bibtexparser.library import Library
from bibtexparser.model import Entry
from bibtexparser.model import Field

from papervault import identity
from papervault import ids
from papervault import schema
from papervault.errors import VaultError
from papervault.names import normalize_title

STOP_WORDS = {"a", "an", "the", "on", "of", "for", "in", "and", "to", "with", "towards"}
VERBATIM = {"url", "doi", "eprint", "archiveprefix"}
ARXIV_VENUES = {"arxiv", "arxiv preprint", "preprint"}


def _ascii_word(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text)
    return re.sub(r"[^a-z0-9]", "", folded.encode("ascii", "ignore").decode().lower())


def author_names(meta: dict[str, Any]) -> list[str]:
    """`authors`, else the lead authors' names."""
    authors = meta.get("authors")
    if isinstance(authors, list) and authors:
        return [str(a) for a in authors if str(a).strip()]
    leads = meta.get("lead_authors")
    if isinstance(leads, list):
        parts = [schema.lead_author_parts(a) for a in leads]
        return [p[0] for p in parts if p is not None]
    return []


def family_name(name: str) -> str:
    """`Yi-Lun Liao` -> `Liao`; `Liao, Yi-Lun` -> `Liao`."""
    if "," in name:
        return name.split(",", 1)[0].strip()
    parts = name.split()
    return parts[-1] if parts else ""


def base_key(meta: dict[str, Any]) -> str:
    """`liao2022equiformer`: family name, year, first significant title word."""
    authors = author_names(meta)
    who = _ascii_word(family_name(authors[0])) if authors else ""
    year = str(meta.get("year", "")) if str(meta.get("year", "")).isdigit() else "nd"
    words = [_ascii_word(w) for w in normalize_title(str(meta.get("title", ""))).split()]
    word = next((w for w in words if w and w not in STOP_WORDS), "")
    return f"{who or 'anon'}{year}{word}"


def citation_keys(metas: list[dict[str, Any]]) -> list[str]:
    """One unique, stable key per note, in the same order."""
    pinned = [m.get("citekey") if isinstance(m.get("citekey"), str) else None for m in metas]
    bases = [p or base_key(m) for p, m in zip(pinned, metas, strict=True)]
    counts = Counter(bases)
    keys = []
    for base, pin, meta in zip(bases, pinned, metas, strict=True):
        if counts[base] > 1 and not pin:
            digest = hashlib.sha1(identity.fingerprint(meta).encode()).hexdigest()[:4]
            base = f"{base}-{digest}"
        keys.append(base)
    seen: Counter[str] = Counter()
    unique = []
    for key in keys:  # identical identities too: number them in vault order
        seen[key] += 1
        unique.append(key if seen[key] == 1 else f"{key}-{seen[key]}")
    return unique


def _is_preprint(meta: dict[str, Any]) -> bool:
    venue = str(meta.get("venue", "")).strip().casefold()
    return not venue or venue in ARXIV_VENUES


def _fields(meta: dict[str, Any]) -> list[tuple[str, str]]:
    fields: list[tuple[str, str]] = [("title", str(meta.get("title", "")))]
    authors = author_names(meta)
    if authors:
        fields.append(("author", " and ".join(authors)))
    if not _is_preprint(meta):
        fields.append(("journal", str(meta["venue"])))
    if meta.get("year") is not None:
        fields.append(("year", str(meta["year"])))
    tags = meta.get("tags")
    if isinstance(tags, list) and tags:
        fields.append(("keywords", ", ".join(str(t) for t in tags)))
    if meta.get("doi"):
        fields.append(("doi", str(meta["doi"])))
    if meta.get("arxiv"):
        fields += [("eprint", str(meta["arxiv"])), ("archiveprefix", "arXiv")]
    if meta.get("url"):
        fields.append(("url", str(meta["url"])))
    return fields


_KEY_UNSAFE = re.compile(r"[^\w:.+/-]")
_LINE_BREAKS = re.compile(r"\s*[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]\s*")
_VERBATIM_UNSAFE = {"{": "%7B", "}": "%7D", "\\": "%5C"}


def safe_key(key: str) -> str:
    """A citation key BibTeX reads as one: letters, digits and `_:.+/-` (lint refuses others)."""
    return _KEY_UNSAFE.sub("-", key) or "anon"


def balanced(text: str) -> str:
    """`text` without the braces that do not pair up, so that a value cannot close its
    field early (`x},note={...}`) nor swallow the rest of the file."""
    if "{" not in text and "}" not in text:
        return text
    drop: set[int] = set()
    opened: list[int] = []
    for i, char in enumerate(text):
        if char == "{":
            opened.append(i)
        elif char == "}":
            if opened:
                opened.pop()
            else:
                drop.add(i)
    drop.update(opened)
    return "".join(c for i, c in enumerate(text) if i not in drop)


def safe_value(key: str, value: str) -> str:
    """A field's value as BibTeX may hold it between braces: verbatim fields (url, doi,
    eprint) with `{`, `}` and `\\` percent-encoded, other text with its braces paired; on
    one line, whitespace as BibTeX reads it."""
    value = _LINE_BREAKS.sub(" ", value)  # no value line can start like an entry (`@misc{`)
    if key in VERBATIM:
        for char, code in _VERBATIM_UNSAFE.items():
            value = value.replace(char, code)
        return value
    return balanced(value)


def _pairs_up(text: str) -> bool:
    depth = 0
    for char in text:
        depth += (char == "{") - (char == "}")
        if depth < 0:
            return False
    return depth == 0


def to_bibtex(metas: list[dict[str, Any]]) -> str:
    """A BibTeX database, one entry per note, in the given order.

    Every key and value goes through `safe_key` / `safe_value` (the one way out), and every
    written value is checked to pair its braces: a note cannot add fields or entries.
    """
    library = Library()
    # a letter LaTeX has no macro for (李) is kept as it is, in UTF-8: no warning for it
    logging.getLogger("pylatexenc").setLevel(logging.ERROR)
    encoder = middlewares.LatexEncodingMiddleware(keep_math=True)
    for key, meta in zip(citation_keys(metas), metas, strict=True):
        key = safe_key(key)
        pairs = [(k, safe_value(k, v)) for k, v in _fields(meta)]
        text = Entry("misc", key, [Field(k, v) for k, v in pairs if k not in VERBATIM])
        encoded = encoder.transform_entry(text, library)
        if not isinstance(encoded, Entry):
            raise VaultError(f"cannot write {meta.get('title')!r} as BibTeX")
        verbatim = [Field(k, v) for k, v in pairs if k in VERBATIM]
        entry_type = "misc" if _is_preprint(meta) else "article"
        written = encoded.fields + verbatim
        if not all(_pairs_up(str(f.value)) for f in written):
            raise VaultError(f"cannot write {meta.get('title')!r} as BibTeX: unpaired braces")
        library.add(Entry(entry_type, key, written))
    return str(write_string(library))


def entries(bibtex: str) -> list[str]:
    """The entries of a BibTeX text written by `to_bibtex`, each on its own, in order."""
    return [part.strip() + "\n" for part in re.split(r"\n+(?=@)", bibtex.strip()) if part.strip()]


def to_csl(metas: list[dict[str, Any]]) -> str:
    """CSL-JSON (as Zotero and pandoc read it), one item per note."""
    items = []
    for key, meta in zip(citation_keys(metas), metas, strict=True):
        item: dict[str, Any] = {
            "id": key,
            "type": "article" if _is_preprint(meta) else ("article-journal"),
            "title": str(meta.get("title", "")),
        }
        authors = author_names(meta)
        if authors:
            item["author"] = [_csl_name(a) for a in authors]
        if str(meta.get("year", "")).isdigit():
            item["issued"] = {"date-parts": [[int(meta["year"])]]}
        if not _is_preprint(meta):
            item["container-title"] = str(meta["venue"])
        if meta.get("doi"):
            item["DOI"] = str(meta["doi"])
        if meta.get("arxiv"):
            item["number"] = f"arXiv:{meta['arxiv']}"
            item["publisher"] = "arXiv"
        if meta.get("url"):
            item["URL"] = str(meta["url"])
        tags = meta.get("tags")
        if isinstance(tags, list) and tags:
            item["keyword"] = ", ".join(str(t) for t in tags)
        items.append(item)
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def _csl_name(name: str) -> dict[str, str]:
    if "," in name:
        family, given = (p.strip() for p in name.split(",", 1))
        return {"family": family, "given": given}
    parts = name.split()
    if len(parts) == 1:
        return {"literal": name}
    return {"family": parts[-1], "given": " ".join(parts[:-1])}


# ---- reading ---------------------------------------------------------------------------


def _display_name(name: str) -> str:
    """`Liao, Yi-Lun` -> `Yi-Lun Liao` (the vault writes names as printed on papers)."""
    if "," not in name:
        return " ".join(name.split())
    family, given = (p.strip() for p in name.split(",", 1))
    return f"{given} {family}".strip()


def _unbrace(text: str) -> str:
    return " ".join(text.replace("{", "").replace("}", "").split())


def _year(text: Any) -> int | None:
    match = re.search(r"\b(1[89]\d\d|2\d\d\d)\b", str(text))
    return int(match.group(1)) if match else None


def _tags(text: str) -> list[str]:
    """Keywords as Obsidian tags (spaces as hyphens: Obsidian tags hold none)."""
    return [schema.obsidian_tag(t) for t in re.split(r"[,;]", text) if t.strip()]


def entry_meta(fields: dict[str, str], key: str) -> tuple[dict[str, Any], str]:
    """A note's front matter and body from one reference's fields (lower-case keys)."""
    meta: dict[str, Any] = {"title": _unbrace(fields.get("title", "")) or key}
    authors = fields.get("author", "")
    if authors:
        names = [a for a in re.split(r"\s+and\s+", authors) if a.strip()]
        meta["authors"] = [_display_name(_unbrace(a)) for a in names]
    venue = fields.get("journal") or fields.get("booktitle") or fields.get("journaltitle")
    if venue:
        meta["venue"] = _unbrace(venue)
    year = _year(fields.get("year") or fields.get("date", ""))
    if year:
        meta["year"] = year
    arxiv = (
        fields.get("eprint", "") if "arxiv" in fields.get("archiveprefix", "arxiv").lower() else ""
    )
    arxiv = ids.parse_arxiv(arxiv) or ids.arxiv_from_url(fields.get("url", "")) or ""
    if arxiv:
        meta["arxiv"] = arxiv
    doi = ids.parse_doi(fields.get("doi", ""))
    if doi is not None:
        meta["doi"] = doi
    url = fields.get("url", "").strip()
    if url.startswith(("http://", "https://")):
        meta["url"] = ids.arxiv_url(arxiv) if ids.arxiv_from_url(url) and arxiv else url
    elif meta.get("arxiv"):
        meta["url"] = ids.arxiv_url(meta["arxiv"])
    keywords = fields.get("keywords") or fields.get("keyword") or ""
    if keywords:
        meta["tags"] = _tags(_unbrace(keywords))
    meta["citekey"] = key
    abstract = _unbrace(fields.get("abstract", ""))
    return meta, (f"## Abstract\n\n{abstract}\n" if abstract else "")


def read_bibtex(text: str, source: str = "<bibtex>") -> list[tuple[dict[str, Any], str]]:
    """Every entry of a BibTeX file as (front matter, body); bad blocks are an error."""
    library = parse_string(text)
    if library.failed_blocks:
        block = library.failed_blocks[0]
        line = (block.start_line or 0) + 1
        reason = str(block.error) or "its braces or quotes do not close"
        raise VaultError(f"{source}:{line}: cannot read this BibTeX entry: {reason}")
    decoder = middlewares.LatexDecodingMiddleware()
    out = []
    for entry in library.entries:
        latex = [f for f in entry.fields if f.key.lower() not in VERBATIM]
        decoded = decoder.transform_entry(Entry(entry.entry_type, entry.key, latex), library)
        if not isinstance(decoded, Entry):
            raise VaultError(
                f"{source}:{(entry.start_line or 0) + 1}: cannot decode {entry.key}'s LaTeX"
            )
        fields = {f.key.lower(): str(f.value) for f in decoded.fields}
        fields |= {f.key.lower(): str(f.value) for f in entry.fields if f.key.lower() in VERBATIM}
        out.append(entry_meta(fields, entry.key))
    return out


def read_csl(text: str, source: str = "<csl-json>") -> list[tuple[dict[str, Any], str]]:
    """Every item of a CSL-JSON file as (front matter, body)."""
    try:
        items = json.loads(text)
    except json.JSONDecodeError as e:
        raise VaultError(f"{source}:{e.lineno}: not JSON: {e.msg}") from None
    if isinstance(items, dict):
        items = [items]
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise VaultError(f"{source}: CSL-JSON must be a list of items")
    return [entry_meta(_csl_fields(item), str(item.get("id", ""))) for item in items]


def _csl_fields(item: dict[str, Any]) -> dict[str, str]:
    names = []
    for person in item.get("author", []) or []:
        if isinstance(person, dict):
            literal = person.get("literal")
            names.append(literal or f"{person.get('family', '')}, {person.get('given', '')}")
    issued = item.get("issued", {})
    parts = issued.get("date-parts", [[None]]) if isinstance(issued, dict) else [[None]]
    year = parts[0][0] if parts and parts[0] else None
    number = str(item.get("number", ""))
    fields = {
        "title": str(item.get("title", "")),
        "author": " and ".join(names),
        "journal": str(item.get("container-title", "")),
        "year": str(year or ""),
        "doi": str(item.get("DOI", "")),
        "url": str(item.get("URL", "")),
        "keywords": str(item.get("keyword", "")),
        "abstract": str(item.get("abstract", "")),
    }
    if number.lower().startswith("arxiv:"):
        fields["eprint"] = number[6:]
    return {k: v for k, v in fields.items() if v}
