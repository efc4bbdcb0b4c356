"""Metadata of a paper by id, from arXiv's API (Atom) or Crossref's (JSON).

The parsers are pure (`parse_arxiv`, `parse_crossref`: response text in, front matter and
abstract out); `lookup` is the thin network adapter. The services' addresses can be changed
with PAPERVAULT_ARXIV_API and PAPERVAULT_CROSSREF_API (tests serve recorded answers on
localhost).
"""

from __future__ import annotations

import html
import json
import os
import re
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from typing import Any

from papervault import ids
from papervault.errors import VaultError

ARXIV_API = "https://export.arxiv.org/api/query"
CROSSREF_API = "https://api.crossref.org/works"
TIMEOUT = 20
ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV_NS = "{http://arxiv.org/schemas/atom}"
USER_AGENT = "papervault/0.1 (literature vault; mailto:unknown@example.invalid)"

Paper = tuple[dict[str, Any], str]  # front matter, abstract


def parse_ref(ref: str) -> tuple[str, str]:
    """`arxiv:2206.11990` / `doi:10.1063/...` (or a bare id, or an address) -> (kind, id)."""
    text = ref.strip()
    arxiv, doi = ids.parse_arxiv(text), ids.parse_doi(text)
    if arxiv is not None:
        return "arxiv", arxiv
    if doi is not None:
        return "doi", doi
    kind, _, value = text.partition(":")
    if kind.strip().lower() == "arxiv":
        raise VaultError(f"{value.strip()!r} is not an arXiv id (like 2206.11990)")
    if kind.strip().lower() == "doi":
        raise VaultError(f"{value.strip()!r} is not a DOI (like 10.1063/5.0155600)")
    raise VaultError(f"{ref!r} is neither arxiv:ID nor doi:DOI")


def _text(element: ET.Element | None) -> str:
    return " ".join((element.text or "").split()) if element is not None else ""


def parse_arxiv(text: str, arxiv_id: str) -> Paper:
    """Front matter and abstract from arXiv's Atom answer for one id."""
    try:
        root = ET.fromstring(text)
    except ET.ParseError as e:
        raise VaultError(f"arXiv answered something that is not Atom XML ({e})") from None
    entries = root.findall(f"{ATOM}entry")
    entry = next((e for e in entries if "/api/errors" not in _text(e.find(f"{ATOM}id"))), None)
    if entry is None or not _text(entry.find(f"{ATOM}title")):
        raise VaultError(f"arXiv has no paper {arxiv_id}")
    meta: dict[str, Any] = {"title": _text(entry.find(f"{ATOM}title"))}
    authors = [_text(a.find(f"{ATOM}name")) for a in entry.findall(f"{ATOM}author")]
    if authors:
        meta["authors"] = [a for a in authors if a]
    published = _text(entry.find(f"{ATOM}published"))
    if re.match(r"\d{4}-", published):
        meta["year"] = int(published[:4])
    journal = _text(entry.find(f"{ARXIV_NS}journal_ref"))
    meta["venue"] = journal or "arXiv"
    meta["arxiv"] = arxiv_id
    doi = _text(entry.find(f"{ARXIV_NS}doi"))
    if ids.is_doi(doi):
        meta["doi"] = doi
    meta["url"] = ids.arxiv_url(arxiv_id)
    return meta, _text(entry.find(f"{ATOM}summary"))


def parse_crossref(text: str, doi: str) -> Paper:
    """Front matter and abstract from Crossref's JSON answer for one DOI."""
    try:
        data = json.loads(text)
        work = data["message"]
        title = " ".join(str(work["title"][0]).split())
    except (json.JSONDecodeError, KeyError, IndexError, TypeError):
        raise VaultError(f"Crossref answered something unexpected for {doi}") from None
    meta: dict[str, Any] = {"title": title}
    authors = []
    for person in work.get("author", []) or []:
        if isinstance(person, dict):
            name = person.get("name") or f"{person.get('given', '')} {person.get('family', '')}"
            authors.append(" ".join(str(name).split()))
    if authors:
        meta["authors"] = authors
    venue = work.get("container-title") or []
    if venue:
        meta["venue"] = str(venue[0])
    for key in ("published", "published-print", "published-online", "issued", "created"):
        parts = (work.get(key) or {}).get("date-parts") or [[None]]
        if parts and parts[0] and isinstance(parts[0][0], int):
            meta["year"] = parts[0][0]
            break
    meta["doi"] = str(work.get("DOI") or doi)
    meta["url"] = ids.doi_url(meta["doi"])
    abstract = re.sub(r"<[^>]+>", " ", str(work.get("abstract", "")))
    return meta, " ".join(html.unescape(abstract).split())


def _get(url: str, service: str) -> str:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return str(response.read().decode("utf-8"))
    except urllib.error.HTTPError as e:
        if e.code == 404:
            raise LookupError(service) from None
        raise VaultError(f"{service} answered HTTP {e.code}; nothing written") from None
    except (urllib.error.URLError, TimeoutError, OSError) as e:
        reason = getattr(e, "reason", e)
        raise VaultError(f"cannot reach {service} ({reason}); offline? nothing written") from None


def lookup(kind: str, value: str) -> Paper:
    """Fetch and parse one paper's metadata (`kind` is "arxiv" or "doi")."""
    if kind == "arxiv":
        base = os.environ.get("PAPERVAULT_ARXIV_API", ARXIV_API)
        url = f"{base}?{urllib.parse.urlencode({'id_list': value, 'max_results': 1})}"
        try:
            return parse_arxiv(_get(url, "arXiv"), value)
        except LookupError:
            raise VaultError(f"arXiv has no paper {value}") from None
    base = os.environ.get("PAPERVAULT_CROSSREF_API", CROSSREF_API)
    try:
        return parse_crossref(_get(f"{base}/{urllib.parse.quote(value)}", "Crossref"), value)
    except LookupError:
        raise VaultError(f"Crossref has no DOI {value}") from None
