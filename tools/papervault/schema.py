"""The one schema of a note's front matter: known fields, their types, checks and safe fixes.

Pure functions over plain data (a note's `meta` dict), shared by lint, import, site and
review so they cannot disagree. Nothing here reads files or prints.

- `FIELDS` names every known paper field in its canonical order (DESIGN.md's data model
  plus `order`); a section's `index.md` knows `SECTION_FIELDS`.
- `check_paper(meta)` / `check_section(meta)` return `DataFinding`s: a rule id, where in
  the data (`("lead_authors", 1, "name")`), and a message. They are the lint's input: it
  places each at its line and column in the note's file (`lint.place`), as the one finding
  type (`findings.Finding`) every command prints.
- `fixed(meta, rules)` applies the safe, idempotent fixes (whitespace, tags from a comma
  string, spaces in tags as hyphens, old `{name, affiliation}` lead authors as text, bare
  arXiv ids and DOIs, canonical arXiv addresses, canonical field order) and never changes
  meaning.
- Every value is an Obsidian property (text, number, checkbox, date, flat list of text):
  `nested` reports any other; `lead_authors` are `Name (Affiliation)` texts
  (`split_lead_author`); tags follow Obsidian's rule (`tag_problem`).
- Ids are read by `papervault.ids`, addresses judged by `papervault.links` and paper identity
  decided by `papervault.identity`: the checks here call them, the site and import too.
"""

from __future__ import annotations

import datetime
import difflib
import functools
import re
from collections.abc import Collection
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from papervault import ids
from papervault import links

Where = tuple[str | int, ...]


@dataclass(frozen=True)
class Field:
    """A known front-matter field."""

    name: str
    kind: str  # text | names | lead_authors | year | arxiv | doi | url | tags | sections | number
    # | citekey
    # | texts (an Obsidian list property: `aliases`, `cssclasses`)
    description: str


FIELDS: tuple[Field, ...] = (  # the order `papervault import` writes, filing fields first
    Field("title", "text", "the paper's title (required)"),
    Field("aliases", "texts", "Obsidian's other names of the note (the full title, a short name)"),
    Field("order", "number", "position among its section's papers"),
    Field("also_in", "sections", "other section folders that list this paper"),
    Field("lead_authors", "lead_authors", "list of 'Name (Affiliation)' texts"),
    Field("authors", "names", "list of author names"),
    Field("venue", "text", "journal or conference (the original list's Journal)"),
    Field("year", "year", "publication year, an integer"),
    Field("arxiv", "arxiv", "bare arXiv id as text, e.g. '2206.11990'"),
    Field("doi", "doi", "bare DOI, e.g. 10.1063/5.0155600"),
    Field("url", "url", "the article's http(s) address"),
    Field("code", "url", "the code repository's http(s) address"),
    Field("tags", "tags", "list of keywords"),
    Field("citekey", "citekey", "citation key pinned for export (kept from an imported .bib)"),
    Field("cssclasses", "texts", "Obsidian's CSS classes for the note"),
)
BY_NAME: dict[str, Field] = {f.name: f for f in FIELDS}
ORDER: tuple[str, ...] = tuple(f.name for f in FIELDS)
SECTION_FIELDS: tuple[str, ...] = ("title", "order")
LEAD_AUTHOR_FIELDS: tuple[str, ...] = ("name", "affiliation")
TEXT_FIELDS: tuple[str, ...] = ("title", "venue", "arxiv", "doi", "url", "code", "citekey")
LIST_FIELDS: tuple[str, ...] = ("authors", "tags", "also_in", "lead_authors", "aliases")
LIST_FIELDS += ("cssclasses",)
MIN_YEAR = 1600

# What people write instead of a field name (the original list's labels, BibTeX, habits).
ALIASES: dict[str, str] = {
    "journal": "venue",
    "conference": "venue",
    "booktitle": "venue",
    "publisher": "venue",
    "keywords": "tags",
    "keyword": "tags",
    "tag": "tags",
    "author": "authors",
    "lead_author": "lead_authors",
    "lead-authors": "lead_authors",
    "leadauthors": "lead_authors",
    "arxiv_id": "arxiv",
    "arxiv-id": "arxiv",
    "eprint": "arxiv",
    "link": "url",
    "article": "url",
    "article_address": "url",
    "address": "url",
    "href": "url",
    "repo": "code",
    "repository": "code",
    "github": "code",
    "code_address": "code",
    "date": "year",
    "also-in": "also_in",
    "alsoin": "also_in",
    "sections": "also_in",
    "alias": "aliases",
    "cssclass": "cssclasses",
}

# BibTeX and biblatex fields a note keeps under their own names (an imported entry's fields
# without a name of ours), `entrytype`, `bibtex_dialect`, and `<field>_bibtex`: a field's
# BibTeX text kept where clean text would lose what it means (`{{PyTorch}}`). All known.
BIBTEX_FIELDS: frozenset[str] = frozenset(
    [
        "entrytype",
        "bibtex_dialect",
        "abstract",
        "addendum",
        "address",
        "afterword",
        "annotation",
        "annotator",
        "annote",
        "archiveprefix",
        "bookauthor",
        "booksubtitle",
        "booktitle",
        "chapter",
        "commentator",
        "crossref",
        "date",
        "edition",
        "editor",
        "editora",
        "editorb",
        "editorc",
        "eid",
        "eprint",
        "eprintclass",
        "eprinttype",
        "eventdate",
        "eventtitle",
        "file",
        "foreword",
        "holder",
        "howpublished",
        "ids",
        "institution",
        "introduction",
        "isan",
        "isbn",
        "ismn",
        "isrn",
        "issn",
        "issue",
        "issuesubtitle",
        "issuetitle",
        "journal",
        "journalsubtitle",
        "journaltitle",
        "label",
        "langid",
        "language",
        "library",
        "location",
        "mainsubtitle",
        "maintitle",
        "month",
        "note",
        "number",
        "organization",
        "origdate",
        "origlanguage",
        "pages",
        "pagetotal",
        "part",
        "pdf",
        "primaryclass",
        "publisher",
        "pubstate",
        "related",
        "school",
        "series",
        "shortjournal",
        "shorttitle",
        "subtitle",
        "titleaddon",
        "translator",
        "type",
        "urldate",
        "urlraw",
        "version",
        "volume",
        "volumes",
        "xdata",
        "license",
        "copyright",
    ]
)


def bibtex_key(key: str) -> bool:
    """A BibTeX field kept under its name, or a field's kept BibTeX text."""
    return key in BIBTEX_FIELDS or (key.endswith("_bibtex") and len(key) > len("_bibtex"))


# Fixes, by rule id: each is safe (meaning kept) and idempotent.
FIXABLE: frozenset[str] = frozenset(
    {
        "whitespace",
        "tags-string",
        "arxiv-form",
        "doi-form",
        "arxiv-url",
        "field-order",
        "lead-authors-form",
        "tag-spaces",
    }
)

MONTHS: tuple[str, ...] = ("January", "February", "March", "April", "May", "June", "July")
MONTHS += ("August", "September", "October", "November", "December")


@dataclass(frozen=True)
class DataFinding:
    """A finding about the data, not yet in a file: rule id, where (a path into the data),
    message. `lint.place` makes it a `findings.Finding` at the place's line and column.

    `at_key` points at the key rather than its value (an unknown key, a missing name).
    An empty `where` is the whole front matter (a missing title, a stub).
    """

    rule: str
    where: Where
    message: str
    at_key: bool = False


# --- describing values ---------------------------------------------------------------------


def describe(value: Any) -> str:
    """A short phrase for a value in a message: `text 'abc'`, `the number 3`, `a list`."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return f"text {shown!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def is_blank(value: Any) -> bool:
    """Absent in effect: null, empty or whitespace-only text, an empty list."""
    return value is None or (isinstance(value, str | list | dict) and not _strip(value))


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


# --- identifiers and addresses -------------------------------------------------------------


@functools.lru_cache(maxsize=64)
def arxiv_in_url(url: str) -> str | None:
    """`ids.arxiv_from_url`, remembered: the checks ask it several times per note."""
    return ids.arxiv_from_url(url)


def canonical_arxiv_url(url: str) -> str | None:
    """`https://arxiv.org/abs/ID` for an arXiv abs/pdf/html address (version kept), else None.

    Addresses with a query or a fragment are left alone: they may say something more.
    """
    text = url.strip()
    if "?" in text or "#" in text:
        return None
    found = arxiv_in_url(text)
    return ids.arxiv_url(found) if found is not None else None


_SPACE = re.compile(r"\s")

# --- checks --------------------------------------------------------------------------------


def check_paper(
    meta: dict[str, Any],
    extra_keys: Collection[str] = (),
    body: str | None = None,
    this_year: int | None = None,
    skip: Collection[str] = (),
) -> list[DataFinding]:
    """Every schema issue of a paper's front matter (`body` tells a stub from a short note).

    Rules in `skip` may be left unchecked (the lint passes the rules that are off).
    """
    year_now = this_year if this_year is not None else datetime.date.today().year
    found: list[DataFinding] = []
    found += _check_title(meta)
    for key, value in meta.items():
        spec = BY_NAME.get(key)
        if spec is None:
            if key not in extra_keys and not bibtex_key(key):
                found.append(unknown_key((key,), ORDER, ALIASES))
            found += nested((key,), value)
            continue
        if value is None or key == "title":
            continue
        found += _CHECKS[spec.kind](key, value, year_now)
    found += _check_agreement(meta)
    if "field-order" not in skip:
        found += _check_order(meta)
    found += _check_completeness(meta, body)
    return found


def check_section(meta: dict[str, Any], extra_keys: Collection[str] = ()) -> list[DataFinding]:
    """Schema issues of a section's `index.md` front matter (`title`, `order`)."""
    found = _check_title(meta)
    for key, value in meta.items():
        if key == "order" and value is not None:
            found += _check_number(key, value, 0)
        elif key not in SECTION_FIELDS:
            if key not in extra_keys:
                found.append(unknown_key((key,), SECTION_FIELDS, {}))
            found += nested((key,), value)
    return found


def nested(where: Where, value: Any) -> list[DataFinding]:
    """A value Obsidian cannot show as a property: a mapping, or a list holding one or a
    list (Obsidian's types are text, number, checkbox, date and a flat list of text)."""
    name = ".".join(str(w) if isinstance(w, str) else f"[{w}]" for w in where)
    name = name.replace(".[", "[")
    if isinstance(value, dict):
        message = f"{name} is a mapping: Obsidian properties are flat (text, number, list...)"
        return [DataFinding("nested-value", where, message)]
    if isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, dict | list):
                what = "a mapping" if isinstance(item, dict) else "a list"
                message = f"{name}[{i}] is {what}: an Obsidian list holds text only"
                return [DataFinding("nested-value", (*where, i), message)]
    return []


def page_issues(meta: dict[str, Any]) -> list[DataFinding]:
    """A vault page's issues (a root page): nested values only."""
    found: list[DataFinding] = []
    for key, value in meta.items():
        found += nested((key,), value)
    return found


def unknown_key(where: Where, known: Iterable[str], aliases: dict[str, str]) -> DataFinding:
    """An unknown key, with the field it most likely means."""
    key = str(where[-1])
    message = f"unknown key {key!r}"
    hint = suggest(key, known, aliases)
    if hint:
        message += f" (did you mean {hint!r}?)"
    return DataFinding("unknown-key", where, message, at_key=True)


def suggest(key: str, known: Iterable[str], aliases: dict[str, str]) -> str | None:
    """The known field a misspelt or aliased key most likely means."""
    names = list(known)
    text = key.strip().lower().replace(" ", "_")
    if text in names:
        return text
    if text in aliases:
        return aliases[text]
    close = difflib.get_close_matches(text, [*names, *aliases], n=1, cutoff=0.75)
    if not close:
        return None
    return aliases.get(close[0], close[0])


def _check_title(meta: dict[str, Any]) -> list[DataFinding]:
    if "title" not in meta:
        return [DataFinding("missing-title", (), "title is missing")]
    if meta["title"] is None:
        return [DataFinding("missing-title", ("title",), "title is empty")]
    value = meta["title"]
    if not isinstance(value, str):
        return [DataFinding("field-type", ("title",), f"title must be text, not {describe(value)}")]
    if not value.strip():
        return [DataFinding("missing-title", ("title",), "title is empty")]
    return _whitespace("title", value, ("title",))


def _whitespace(name: str, value: str, where: Where) -> list[DataFinding]:
    if value.strip() and value != value.strip():
        return [DataFinding("whitespace", where, f"{name} has leading or trailing whitespace")]
    return []


def _check_text(key: str, value: Any, _year: int) -> list[DataFinding]:
    if not isinstance(value, str):
        return [DataFinding("field-type", (key,), f"{key} must be text, not {describe(value)}")]
    return _whitespace(key, value, (key,))


CITEKEY = re.compile(r"^[\w:.+/-]+$")


def _check_citekey(key: str, value: Any, year: int) -> list[DataFinding]:
    found = _check_text(key, value, year)
    if found or CITEKEY.match(value.strip()):
        return found
    message = (
        f"{key} {value!r} cannot be a BibTeX key: use letters, digits and _ : . + / -"
        " (no spaces, braces, commas or quotes)"
    )
    return [DataFinding("citekey", (key,), message)]


def _check_names(key: str, value: Any, _year: int) -> list[DataFinding]:
    if not isinstance(value, list):
        message = f"{key} must be a list of names (one '- Name' line each), not {describe(value)}"
        return [DataFinding("field-type", (key,), message)]
    found: list[DataFinding] = []
    for i, item in enumerate(value):
        where: Where = (key, i)
        if not isinstance(item, str) or not item.strip():
            message = f"{key}[{i}] must be a name, not {describe(item)}"
            found.append(DataFinding("field-type", where, message))
        else:
            found += _whitespace(f"{key}[{i}]", item, where)
    return found


def _check_lead_authors(key: str, value: Any, _year: int) -> list[DataFinding]:
    if not isinstance(value, list):
        message = f"{key} must be a list of 'Name (Affiliation)' texts, not {describe(value)}"
        return [DataFinding("field-type", (key,), message)]
    found: list[DataFinding] = []
    for i, item in enumerate(value):
        where: Where = (key, i)
        if isinstance(item, dict):
            found += _lead_author_mapping(key, i, item)
        elif not isinstance(item, str):
            message = f"{key}[{i}] must be text such as 'Ada Lovelace (Cambridge)', not"
            found.append(DataFinding("field-type", where, f"{message} {describe(item)}"))
        elif not item.strip() or not split_lead_author(item)[0]:
            found.append(DataFinding("lead-author-name", where, f"{key}[{i}] has no name"))
        else:
            found += _whitespace(f"{key}[{i}]", item, where)
    return found


def _lead_author_mapping(key: str, i: int, item: dict[Any, Any]) -> list[DataFinding]:
    """The old `{name, affiliation}` form: fixable when it reads back the same as text."""
    where: Where = (key, i)
    name = item.get("name")
    if name is None or (isinstance(name, str) and not name.strip()):
        return [DataFinding("lead-author-name", where, f"{key}[{i}] has no name")]
    as_text = lead_author_text(item)
    if as_text is not None:
        message = f"{key}[{i}] is a mapping, which Obsidian cannot show: --fix writes {as_text!r}"
        return [DataFinding("lead-authors-form", where, message)]
    message = (
        f"{key}[{i}] is a mapping, which Obsidian cannot show; write it as one text"
        " 'Name (Affiliation)' (--fix cannot: it holds more than a name and an affiliation)"
    )
    return [DataFinding("nested-value", where, message)]


def lead_author(name: str, affiliation: str = "") -> str:
    """A lead author as the vault writes one: `Name (Affiliation)`, or `Name` alone."""
    return f"{name} ({affiliation})" if affiliation else name


def split_lead_author(value: str) -> tuple[str, str]:
    """`'Tess Smidt (University of California (Berkeley))'` -> (name, affiliation).

    The affiliation is the balanced parenthesised group that ends the text (it may hold
    parentheses of its own); without one, the whole text is the name.
    """
    text = value.strip()
    if not text.endswith(")"):
        return text, ""
    depth = 0
    for i in range(len(text) - 1, -1, -1):
        if text[i] == ")":
            depth += 1
        elif text[i] == "(":
            depth -= 1
            if depth == 0:
                name, affiliation = text[:i].strip(), text[i + 1 : -1].strip()
                return (name, affiliation) if name else (text, "")
    return text, ""


def lead_author_text(item: Any) -> str | None:
    """The text form of an old `{name, affiliation}` mapping, when it reads back as the
    same name and affiliation (else None: the mapping is left for a person)."""
    if not isinstance(item, dict) or set(item) - set(LEAD_AUTHOR_FIELDS):
        return None
    name, affiliation = item.get("name"), item.get("affiliation")
    if not isinstance(name, str) or not name.strip():
        return None
    if affiliation is not None and not isinstance(affiliation, str):
        return None
    parts = (name.strip(), (affiliation or "").strip())
    text = lead_author(*parts)
    return text if split_lead_author(text) == parts else None


def lead_author_parts(value: Any) -> tuple[str, str] | None:
    """(name, affiliation) of a `lead_authors` item in either form, None when it has no name."""
    if isinstance(value, dict):
        name, affiliation = value.get("name"), value.get("affiliation")
        name = name.strip() if isinstance(name, str) else ""
        affiliation = affiliation.strip() if isinstance(affiliation, str) else ""
        return (name, affiliation) if name else None
    if isinstance(value, str) and value.strip():
        return split_lead_author(value)
    return None


def _check_year(key: str, value: Any, year_now: int) -> list[DataFinding]:
    if isinstance(value, bool) or not isinstance(value, int):
        message = f"{key} must be a year such as 2023, not {describe(value)}"
        return [DataFinding("bad-year", (key,), message)]
    if not MIN_YEAR <= value <= year_now + 1:
        message = f"{key} {value} is not a plausible year ({MIN_YEAR} to {year_now + 1})"
        return [DataFinding("bad-year", (key,), message)]
    return []


def _check_arxiv(key: str, value: Any, _year: int) -> list[DataFinding]:
    if not isinstance(value, str):
        message = f"{key} must be text such as '2206.11990' (quoted), not {describe(value)}"
        return [DataFinding("field-type", (key,), message)]
    text = value.strip()
    if not ids.is_arxiv(text):
        bare = ids.parse_arxiv(text)
        if bare is not None:
            return [DataFinding("arxiv-form", (key,), f"{key} must be the bare id {bare!r}")]
    problem = ids.arxiv_problem(text)
    if problem is not None:
        return [DataFinding("arxiv-id", (key,), f"{key} {text!r} is not an arXiv id: {problem}")]
    return _whitespace(key, value, (key,))


def _check_doi(key: str, value: Any, _year: int) -> list[DataFinding]:
    if not isinstance(value, str):
        return [DataFinding("field-type", (key,), f"{key} must be text, not {describe(value)}")]
    text = value.strip()
    if not ids.is_doi(text):
        bare = ids.parse_doi(text)
        if bare is not None:
            return [DataFinding("doi-form", (key,), f"{key} must be the bare DOI {bare!r}")]
        message = f"{key} {text!r} is not a DOI (10.<digits>/<suffix>, e.g. 10.1063/5.0155600)"
        return [DataFinding("doi", (key,), message)]
    return _whitespace(key, value, (key,))


def _check_url(key: str, value: Any, _year: int) -> list[DataFinding]:
    if not isinstance(value, str):
        return [DataFinding("field-type", (key,), f"{key} must be text, not {describe(value)}")]
    problem = links.field_problem(value)
    if problem is not None:
        rule, reason = problem
        return [DataFinding(rule, (key,), f"{key} {reason}")]
    found = _whitespace(key, value, (key,))
    canonical = canonical_arxiv_url(value) if key == "url" else None
    if canonical is not None and canonical != value.strip():
        message = f"{key} is not the canonical arXiv address {canonical!r}"
        found.append(DataFinding("arxiv-url", (key,), message))
    return found


def _check_tags(key: str, value: Any, year: int) -> list[DataFinding]:
    if isinstance(value, str):
        message = f"{key} is text, not a list: --fix makes it {split_tags(value)!r}"
        return [DataFinding("tags-string", (key,), message)]
    found = _check_names(key, value, year)
    if not isinstance(value, list):
        return found
    for i, tag in enumerate(value):
        if not isinstance(tag, str) or not tag.strip():
            continue
        problem = tag_problem(tag)
        if problem is not None:
            rule = "tag-spaces" if problem.startswith("holds spaces") else "tag-format"
            found.append(DataFinding(rule, (key, i), f"{key}[{i}] {tag.strip()!r} {problem}"))
    return found


_GOOD_TAG = re.compile(r"(?=.*[^\d/])[\w/-]+")  # the common case, in one match
_TAG_CHAR = re.compile(r"[\w/-]")  # Obsidian: letters, digits, _, - and / (nested tags)


def tag_problem(tag: str) -> str | None:
    """Why Obsidian would not take `tag` as a tag (None when it does)."""
    text = tag.strip().removeprefix("#")
    if _GOOD_TAG.fullmatch(text):
        return None
    if _SPACE.search(text):
        return f"holds spaces, which Obsidian tags cannot: --fix makes it {obsidian_tag(tag)!r}"
    bad = sorted({c for c in text if not _TAG_CHAR.match(c) and not _is_emoji(c)})
    if bad:
        shown = " ".join(bad)
        return f"holds {shown}: Obsidian tags hold letters, digits, _, - and / only"
    if text.replace("/", "").isdigit():
        return "is only digits: an Obsidian tag needs one other character (y1984, not 1984)"
    return None


def _is_emoji(char: str) -> bool:
    return ord(char) >= 0x2190 and not char.isspace()


def obsidian_tag(tag: str) -> str:
    """A tag with its runs of spaces as hyphens: `'Point defects'` -> `'Point-defects'`."""
    return "-".join(tag.split())


def _check_texts(key: str, value: Any, year: int) -> list[DataFinding]:
    if isinstance(value, str):
        message = f"{key} must be a list (one '- {value.strip()}' line), not text"
        return [DataFinding("field-type", (key,), message)]
    return _check_names(key, value, year)


def _check_sections(key: str, value: Any, year: int) -> list[DataFinding]:
    if isinstance(value, str):
        return _whitespace(key, value, (key,))
    if not isinstance(value, list):
        message = f"{key} must be a list of section folders, not {describe(value)}"
        return [DataFinding("field-type", (key,), message)]
    return _check_names(key, value, year)


def _check_number(key: str, value: Any, _year: int) -> list[DataFinding]:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return []
    if isinstance(value, str):
        try:
            float(value)
        except ValueError:
            pass
        else:
            return []
    return [DataFinding("field-type", (key,), f"{key} must be a number, not {describe(value)}")]


_CHECKS = {
    "text": _check_text,
    "citekey": _check_citekey,
    "names": _check_names,
    "lead_authors": _check_lead_authors,
    "year": _check_year,
    "arxiv": _check_arxiv,
    "doi": _check_doi,
    "url": _check_url,
    "tags": _check_tags,
    "sections": _check_sections,
    "number": _check_number,
    "texts": _check_texts,
}


def _check_agreement(meta: dict[str, Any]) -> list[DataFinding]:
    """The url's arXiv id or DOI against the fields; the year against the arXiv id."""
    found: list[DataFinding] = []
    arxiv = meta.get("arxiv")
    arxiv = arxiv.strip() if isinstance(arxiv, str) else None
    url = meta.get("url")
    if isinstance(url, str) and arxiv and ids.is_arxiv(arxiv):
        in_url = arxiv_in_url(url)
        if in_url is not None and ids.arxiv_base(in_url) != ids.arxiv_base(arxiv):
            message = f"url names arXiv {in_url} but arxiv is {arxiv}: one of them is wrong"
            found.append(DataFinding("arxiv-mismatch", ("url",), message))
    doi = meta.get("doi")
    doi = doi.strip() if isinstance(doi, str) else None
    if isinstance(url, str) and doi and ids.is_doi(doi):
        in_url = ids.doi_from_url(url)
        if in_url is not None and in_url.lower() != doi.lower():
            message = f"url names DOI {in_url} but doi is {doi}: one of them is wrong"
            found.append(DataFinding("doi-mismatch", ("url",), message))
    year = meta.get("year")
    if isinstance(year, int) and not isinstance(year, bool):
        named = [(arxiv, "arxiv")] if arxiv and ids.is_arxiv(arxiv) else []
        in_url = arxiv_in_url(url) if isinstance(url, str) else None
        named += [(in_url, "url")] if in_url is not None else []
        for arxiv_id, source in named:
            when = ids.arxiv_date(arxiv_id)
            if when is not None and year < when[0]:
                message = (
                    f"year {year} is earlier than arXiv {arxiv_id} says"
                    f" ({MONTHS[when[1] - 1]} {when[0]}, from its {source})"
                )
                found.append(DataFinding("year-before-arxiv", ("year",), message))
                break
    return found


def _check_order(meta: dict[str, Any]) -> list[DataFinding]:
    keys = list(meta)
    wanted = list(canonical_order(meta))
    if keys == wanted:
        return []
    first = next(k for k, w in zip(keys, wanted, strict=True) if k != w)
    known = ", ".join(k for k in wanted if k in BY_NAME)
    message = f"{first!r} is out of the schema's order ({known}, then others): --fix reorders"
    return [DataFinding("field-order", (first,), message, at_key=True)]


def _check_completeness(meta: dict[str, Any], body: str | None) -> list[DataFinding]:
    if is_stub(meta, body):
        message = "a stub: only a title so far (add authors, venue, year, a link, a summary)"
        return [DataFinding("stub", (), message)]
    found = []
    if is_blank(meta.get("venue")):
        found.append(DataFinding("missing-venue", (), "no venue (journal or conference)"))
    if is_blank(meta.get("year")):
        found.append(DataFinding("missing-year", (), "no year"))
    if all(is_blank(meta.get(k)) for k in ("arxiv", "doi", "url")):
        found.append(DataFinding("missing-link", (), "no arxiv, doi or url to find the paper by"))
    return found


def is_stub(meta: dict[str, Any], body: str | None = None) -> bool:
    """A title and nothing else (filing fields `order` and `also_in` aside)."""
    if body is not None and body.strip():
        return False
    return all(k in ("title", "order", "also_in") or is_blank(v) for k, v in meta.items())


# --- fixes ---------------------------------------------------------------------------------


def split_tags(text: str) -> list[str]:
    """Tags from a comma string: `'Point defects, MD,'` -> `['Point defects', 'MD']`."""
    return [t.strip() for t in text.split(",") if t.strip()]


def canonical_order(meta: dict[str, Any]) -> dict[str, Any]:
    """The known fields in schema order, then every other key in its own order."""
    known = {k: meta[k] for k in ORDER if k in meta}
    return known | {k: v for k, v in meta.items() if k not in known}


def fixed(meta: dict[str, Any], rules: Collection[str] = FIXABLE) -> dict[str, Any]:
    """`meta` with the safe fixes of `rules` applied (a new dict; `meta` is not changed)."""
    out = dict(meta)
    if "whitespace" in rules:
        for key in out:
            out[key] = _trimmed(key, out[key])
    tags = out.get("tags")
    if "tags-string" in rules and isinstance(tags, str):
        out["tags"] = tags = split_tags(tags)
    if "tag-spaces" in rules and isinstance(tags, list):
        # Only text tags are fixed; anything else is left where it is for field-type to report.
        spaced = [isinstance(t, str) and _SPACE.search(t.strip()) is not None for t in tags]
        if any(spaced):
            new = [obsidian_tag(t) if s else t for t, s in zip(tags, spaced, strict=True)]
            out["tags"] = _unique(new)
    leads = out.get("lead_authors")
    if "lead-authors-form" in rules and isinstance(leads, list):
        out["lead_authors"] = [
            text if (text := lead_author_text(item)) is not None else item for item in leads
        ]
    arxiv = out.get("arxiv")
    if "arxiv-form" in rules and isinstance(arxiv, str) and not ids.is_arxiv(arxiv.strip()):
        bare = ids.parse_arxiv(arxiv)
        if bare is not None:
            out["arxiv"] = bare
    doi = out.get("doi")
    if "doi-form" in rules and isinstance(doi, str) and not ids.is_doi(doi.strip()):
        bare = ids.parse_doi(doi)
        if bare is not None:
            out["doi"] = bare
    url = out.get("url")
    if "arxiv-url" in rules and isinstance(url, str) and links.field_problem(url) is None:
        canonical = canonical_arxiv_url(url)
        if canonical is not None and url == url.strip():
            out["url"] = canonical
    if "field-order" in rules:
        out = canonical_order(out)
    return out


def _unique(items: list[Any]) -> list[Any]:
    """`items` without repeated texts, in order (anything else is kept as it is)."""
    seen: set[str] = set()
    out: list[Any] = []
    for item in items:
        if isinstance(item, str):
            if item in seen:
                continue
            seen.add(item)
        out.append(item)
    return out


def _trimmed(key: str, value: Any) -> Any:
    """A known field's text trimmed (whitespace-only text is left as it is)."""
    if key in LIST_FIELDS and isinstance(value, list):
        return [_trim(v) for v in value]
    if key in TEXT_FIELDS or key == "also_in":
        return _trim(value)
    return value


def _trim(value: Any) -> Any:
    if isinstance(value, str) and value.strip():
        return value.strip()
    return value
