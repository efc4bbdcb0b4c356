"""Paper identifiers: arXiv ids and DOIs, from every spelling a person types.

The one home of id parsing: `parse_arxiv` and `parse_doi` take what a person writes — a bare
id, an `arXiv:`/`doi:` prefix in any case, an arxiv.org abs/pdf/html address (with or without
its scheme, version or `.pdf`), a doi.org / dx.doi.org address, or a publisher's address that
holds its DOI for certain — and give the bare id, or None. Every command (new, add, import,
lint --fix, the site's cards, the .bib reader) reads ids through them.
"""

from __future__ import annotations

import re
import urllib.parse

ARXIV_NEW = r"\d{4}\.\d{4,5}(?:v\d+)?"
ARXIV_OLD = r"[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7}(?:v\d+)?"
ARXIV_ID = re.compile(rf"^(?:{ARXIV_NEW}|{ARXIV_OLD})$")
DOI_ID = re.compile(r"^10\.\d{4,9}/[^\s{}\\]+$")  # no brace nor backslash (BibTeX)
_ARXIV_URL = re.compile(
    rf"^https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/({ARXIV_NEW}|{ARXIV_OLD})"
    r"(?:\.pdf)?/?(?:[?#].*)?$",
    re.IGNORECASE,
)
_DOI_URL = re.compile(  # a query or a fragment is the address's, not the DOI's (that is %3F, %23)
    r"^https?://(?:www\.|dx\.)?doi\.org/(10\.\d{4,9}(?:/|%2F)[^?#\s]+?)/?(?:[?#].*)?$",
    re.IGNORECASE,
)
_PUBLISHER_DOI = re.compile(
    r"^https?://[^/]+/(?:[^?#]*/)?doi/(?:abs/|full/|pdf/|epdf/|epub/|reader/)?"
    r"(10\.\d{4,9}/[^?#\s]+?)/?(?:[?#].*)?$",
    re.IGNORECASE,
)
_NATURE = re.compile(r"^https?://(?:www\.)?nature\.com/articles/([a-z0-9][\w.-]+?)/?(?:[?#].*)?$")
_SPRINGER = re.compile(
    r"^https?://link\.springer\.com/(?:article|chapter)/(10\.\d{4,9}/[^?#\s]+?)/?(?:[?#].*)?$"
)
_APS = re.compile(  # journals.aps.org/prb/abstract/10.1103/PhysRevB.99.014104 (and /pdf/)
    r"^https?://journals\.aps\.org/[a-z]+/(?:abstract|pdf|supplemental)/(10\.1103/[^/?#\s]+)"
    r"/?(?:[?#].*)?$"
)
_IOP = re.compile(  # iopscience.iop.org/article/10.1088/1361-648X/aa680e (and its /pdf, /meta)
    r"^https?://iopscience\.iop\.org/article/(10\.\d{4,9}/[^?#\s]+?)(?:/pdf|/meta)?/?"
    r"(?:[?#].*)?$"
)
_ARXIV_PREFIX = re.compile(r"^arxiv\s*:\s*", re.IGNORECASE)
_DOI_PREFIX = re.compile(r"^doi\s*:\s*", re.IGNORECASE)
_NO_SCHEME = re.compile(r"^(?:(?:www\.|export\.)?arxiv\.org|(?:www\.|dx\.)?doi\.org)/", re.I)
_VERSION = re.compile(r"v\d+$")
_NEW_STYLE = re.compile(r"^(\d\d)(\d\d)\.(\d{4,5})(?:v\d+)?$")
_OLD_STYLE = re.compile(r"^[a-z][a-z\-]*(?:\.[A-Z]{2})?/(\d\d)(\d\d)\d{3}(?:v\d+)?$")


def is_arxiv(value: str) -> bool:
    """Whether `value` is a bare arXiv id, new (2206.11990) or old (cond-mat/0102536) style."""
    return bool(ARXIV_ID.match(value))


def is_doi(value: str) -> bool:
    """Whether `value` is a bare DOI (10.1063/5.0155600)."""
    return bool(DOI_ID.match(value))


def parse_arxiv(text: str) -> str | None:
    """The bare arXiv id (version kept) in anything a person types for one, else None.

    `2206.11990`, `arXiv:2206.11990v2`, `ARXIV: 2206.11990`, `https://arxiv.org/abs/2206.11990`,
    `arxiv.org/pdf/2206.11990v2.pdf`, `http://export.arxiv.org/html/2206.11990v1`.
    """
    value = text.strip()
    if is_arxiv(value):
        return value
    prefix = _ARXIV_PREFIX.match(value)
    if prefix is not None:
        rest = value[prefix.end() :]
        return rest if is_arxiv(rest) else arxiv_from_url(_with_scheme(rest))
    return arxiv_from_url(_with_scheme(value))


def parse_doi(text: str) -> str | None:
    """The bare DOI in anything a person types for one, else None.

    `10.1063/5.0155600`, `doi:10.1063/5.0155600`, `DOI: 10.1063/...`, `https://doi.org/10...`,
    `dx.doi.org/10...`, and publisher addresses that hold the DOI (`/doi/10...` paths,
    link.springer.com, nature.com articles, journals.aps.org, iopscience.iop.org).
    """
    value = text.strip()
    if is_doi(value):
        return value
    prefix = _DOI_PREFIX.match(value)
    if prefix is not None:
        rest = value[prefix.end() :]
        return rest if is_doi(rest) else doi_from_url(_with_scheme(rest))
    return doi_from_url(_with_scheme(value))


def _with_scheme(value: str) -> str:
    """`arxiv.org/abs/...` and `doi.org/...` as typed without `https://`, made addresses."""
    return f"https://{value}" if _NO_SCHEME.match(value) else value


def arxiv_from_url(url: str) -> str | None:
    """The arXiv id of an arxiv.org abs/pdf/html address, else None."""
    match = _ARXIV_URL.match(url.strip())
    return match.group(1) if match else None


def doi_from_url(url: str) -> str | None:
    """The DOI an address holds for certain: doi.org, `/doi/10.…` paths, Springer, Nature,
    APS and IOP article pages."""
    text = url.strip()
    match = _DOI_URL.match(text)
    if match is not None:
        found = urllib.parse.unquote(match.group(1))
        return found if is_doi(found) else None
    for pattern in (_PUBLISHER_DOI, _SPRINGER, _APS, _IOP):
        match = pattern.match(text)
        if match is not None:
            found = match.group(1)
            return found if is_doi(found) else None
    match = _NATURE.match(text)
    return f"10.1038/{match.group(1)}" if match is not None else None


def arxiv_base(arxiv_id: str) -> str:
    """An arXiv id without its version: `2206.11990v2` -> `2206.11990`."""
    return _VERSION.sub("", arxiv_id)


def arxiv_problem(value: str) -> str | None:
    """Why `value` is not a valid bare arXiv id, or None when it is one."""
    new = _NEW_STYLE.match(value)
    if new:
        yy, mm, number = int(new.group(1)), int(new.group(2)), new.group(3)
        if not 1 <= mm <= 12:
            return f"month {mm:02d} does not exist"
        if (yy, mm) < (7, 4):
            return (
                "new-style ids start in April 2007 (0704.xxxx); older ones look like hep-th/9901001"
            )
        if (yy >= 15) != (len(number) == 5):
            return "ids have 5 digits after the dot from 2015 (1501.00001), 4 before"
        return None
    old = _OLD_STYLE.match(value)
    if old:
        mm = int(old.group(2))
        return None if 1 <= mm <= 12 else f"month {mm:02d} does not exist"
    if is_arxiv(value):
        return None
    return "expected a new-style id such as 2206.11990 or an old-style one such as hep-th/9901001"


def arxiv_date(arxiv_id: str) -> tuple[int, int] | None:
    """(year, month) an arXiv id was given, from its YYMM digits."""
    match = _NEW_STYLE.match(arxiv_id) or _OLD_STYLE.match(arxiv_id)
    if not match:
        return None
    yy, mm = int(match.group(1)), int(match.group(2))
    return (1900 + yy if yy >= 91 else 2000 + yy), mm


def arxiv_url(arxiv_id: str) -> str:
    """The canonical address of an arXiv paper."""
    return f"https://arxiv.org/abs/{arxiv_id}"


def doi_url(doi: str) -> str:
    """The resolver address of a DOI."""
    return f"https://doi.org/{doi}"
