"""Paper identifiers: arXiv ids and DOIs, from bare ids or from addresses."""

from __future__ import annotations

import re

ARXIV_NEW = r"\d{4}\.\d{4,5}(?:v\d+)?"
ARXIV_OLD = r"[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7}(?:v\d+)?"
ARXIV_ID = re.compile(rf"^(?:{ARXIV_NEW}|{ARXIV_OLD})$")
DOI_ID = re.compile(r"^10\.\d{4,9}/\S+$")
_ARXIV_URL = re.compile(
    rf"^https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/({ARXIV_NEW}|{ARXIV_OLD})"
    r"(?:\.pdf)?/?(?:[?#].*)?$",
    re.IGNORECASE,
)
_DOI_URL = re.compile(r"^https?://(?:dx\.)?doi\.org/(10\.\d{4,9}/\S+?)/?$", re.IGNORECASE)


def is_arxiv(value: str) -> bool:
    """Whether `value` is a bare arXiv id, new (2206.11990) or old (cond-mat/0102536) style."""
    return bool(ARXIV_ID.match(value))


def is_doi(value: str) -> bool:
    """Whether `value` is a bare DOI (10.1063/5.0155600)."""
    return bool(DOI_ID.match(value))


def arxiv_from_url(url: str) -> str | None:
    """The arXiv id of an abs/pdf/html address, else None."""
    match = _ARXIV_URL.match(url.strip())
    return match.group(1) if match else None


def doi_from_url(url: str) -> str | None:
    """The DOI of a doi.org address, else None."""
    match = _DOI_URL.match(url.strip())
    return match.group(1) if match else None


def arxiv_url(arxiv_id: str) -> str:
    """The canonical address of an arXiv paper."""
    return f"https://arxiv.org/abs/{arxiv_id}"


def doi_url(doi: str) -> str:
    """The resolver address of a DOI."""
    return f"https://doi.org/{doi}"
