"""The lint's rules engine (pure): notes in, findings out; safe fixes as new text.

- `RULES`: every rule id with its default severity (`error`, `warning`, `off`) and whether
  `--fix` can repair it. `Config` changes severities (`[tool.papervault.rules]`) and
  names extra front-matter keys the vault uses on purpose (`[tool.papervault.lint]`).
- `check_bytes` / `check_note`: one file's findings (`findings.Finding`, at their positions
  in the file, each with its rule's default severity; `configured` applies the vault's
  settings); `record` is what the cross-note checks need from it.
- `cross_check`: the same arXiv id, DOI or normalised title in two papers, and an
  `also_in` naming no section, over the records of a whole vault.
- `fix_note`: the note's text with the safe fixes applied, verified by parsing it again.

Positions of front-matter findings come from the YAML node tree, composed again only
for notes that have findings, so the clean path costs one parse; in a TOML (`+++`) note,
from the line of the top-level `key =` the finding is about.
"""

from __future__ import annotations

import difflib
import fnmatch
import re
from collections.abc import Collection
from collections.abc import Iterable
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from typing import Any

import yaml

from papervault import front_matter
from papervault import identity
from papervault import links
from papervault import notes
from papervault import publish
from papervault import schema
from papervault import wikilinks
from papervault.errors import NoteError
from papervault.errors import VaultError
from papervault.findings import Finding
from papervault.notes import Note

ERROR = "error"
WARNING = "warning"
OFF = "off"
SEVERITIES = (ERROR, WARNING, OFF)
PAPER = "paper"
SECTION = "section"
PAGE = "page"

LinkAt = tuple[int, int, str, str, str]  # line, col, kind, target, heading


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    fixable: bool
    description: str


def _rules(*rows: tuple[str, str, str]) -> dict[str, Rule]:
    return {r: Rule(r, sev, r in schema.FIXABLE, text) for r, sev, text in rows}


RULES: dict[str, Rule] = _rules(
    ("broken-note", ERROR, "not UTF-8, empty, invalid YAML, unclosed front matter, duplicate key"),
    ("missing-title", ERROR, "a paper or section without a title"),
    ("field-type", ERROR, "a known field with the wrong type (a list given as text...)"),
    ("bad-year", ERROR, "year is not a plausible integer"),
    ("lead-author-name", ERROR, "a lead_authors entry without a name"),
    ("lead-authors-form", ERROR, "a lead_authors entry as a {name, affiliation} mapping"),
    ("nested-value", ERROR, "a mapping or nested list: not an Obsidian property"),
    ("tag-spaces", ERROR, "a tag holding spaces, which Obsidian tags cannot"),
    ("tag-format", ERROR, "a tag Obsidian rejects (punctuation, only digits)"),
    ("unknown-key", WARNING, "a key the schema does not know (a typo such as 'jornal'?)"),
    ("arxiv-id", ERROR, "arxiv is not a valid arXiv id (new or old style)"),
    ("arxiv-form", ERROR, "arxiv written as an address or 'arXiv:' id"),
    ("doi", ERROR, "doi is not a valid DOI"),
    ("doi-form", ERROR, "doi written as an address or 'doi:' DOI"),
    ("citekey", ERROR, "citekey cannot be a BibTeX key (spaces, braces, commas...)"),
    ("url-scheme", ERROR, "url/code is not http(s): javascript:, data: and others"),
    ("url-syntax", ERROR, "url/code is not a well-formed address"),
    ("arxiv-url", WARNING, "an arXiv address that is not the canonical abs one"),
    ("arxiv-mismatch", ERROR, "url names another arXiv id than arxiv"),
    ("doi-mismatch", ERROR, "url names another DOI than doi"),
    ("year-before-arxiv", ERROR, "year earlier than the arXiv id's month"),
    ("tags-string", WARNING, "tags given as a comma string (Obsidian reads it; a list is better)"),
    ("whitespace", WARNING, "leading or trailing whitespace in a field"),
    ("field-order", OFF, "fields not in the schema's order (opt-in)"),
    ("stub", WARNING, "a title and nothing else"),
    ("missing-venue", WARNING, "no venue"),
    ("missing-year", WARNING, "no year"),
    ("missing-link", WARNING, "no arxiv, doi or url"),
    ("duplicate-arxiv", ERROR, "the same arXiv id in two papers"),
    ("duplicate-doi", ERROR, "the same DOI in two papers"),
    ("duplicate-title", ERROR, "the same normalised title in two papers"),
    ("duplicate-url", ERROR, "the same address (url, scheme aside) in two papers"),
    ("same-title", WARNING, "the same title in two papers whose ids differ: two papers?"),
    ("duplicate-citekey", ERROR, "the same citation key in two papers"),
    ("unknown-section", ERROR, "also_in names a folder that is not a section"),
    ("unsafe-html", ERROR, "raw <script>, <iframe>, <object>... in the body"),
    ("event-handler", ERROR, "an on*= handler in the body's HTML"),
    ("unsafe-link", ERROR, "a body link the site drops: a scheme but http(s) or mailto"),
    ("broken-link", ERROR, "a wikilink or link to a note that names no note (or no heading)"),
    ("fix-failed", ERROR, "a fix that would not have kept the data (nothing written)"),
    *((rule, ERROR, text) for rule, text in publish.RULES.items()),
)


@dataclass(frozen=True)
class Config:
    """Rule severities and the vault's own extra keys."""

    severities: Mapping[str, str] = field(default_factory=dict)
    extra_keys: tuple[str, ...] = ()
    ignores: tuple[tuple[str, frozenset[str]], ...] = ()  # (glob in the vault, rules)

    def severity(self, rule: str) -> str:
        return self.severities.get(rule) or RULES[rule].severity

    def ignored(self, rel: str | None) -> frozenset[str]:
        """The rules turned off for one file (its vault-relative posix path)."""
        if rel is None or not self.ignores:
            return frozenset()
        out: set[str] = set()
        for pattern, rules in self.ignores:
            if fnmatch.fnmatchcase(rel, pattern):
                out |= rules
        return frozenset(out)

    def off(self) -> frozenset[str]:
        """The rules that are off: not even checked."""
        return frozenset(r for r in RULES if self.severity(r) == OFF)

    def fixes(self) -> frozenset[str]:
        """The fixable rules that are on."""
        return frozenset(r for r in schema.FIXABLE if self.severity(r) != OFF)


def load_config(table: Mapping[str, Any], source: str = "pyproject.toml") -> Config:
    """A `Config` from the `[tool.papervault]` table; bad settings raise `VaultError`."""
    rules = table.get("rules", {})
    if not isinstance(rules, dict):
        raise VaultError(f"{source}: [tool.papervault.rules] must be a table of rule = severity")
    severities: dict[str, str] = {}
    for rule, severity in rules.items():
        if rule not in RULES:
            hint = difflib.get_close_matches(rule, list(RULES), n=1)
            also = f" (did you mean {hint[0]!r}?)" if hint else ""
            raise VaultError(f"{source}: [tool.papervault.rules] unknown rule {rule!r}{also}")
        if severity not in SEVERITIES:
            raise VaultError(
                f"{source}: [tool.papervault.rules] {rule} = {severity!r}:"
                f" use one of {', '.join(SEVERITIES)}"
            )
        severities[rule] = severity
    settings = table.get("lint", {})
    if not isinstance(settings, dict):
        raise VaultError(f"{source}: [tool.papervault.lint] must be a table")
    extra = settings.get("extra-keys", [])
    if not isinstance(extra, list) or not all(isinstance(k, str) for k in extra):
        raise VaultError(f"{source}: [tool.papervault.lint] extra-keys must be a list of names")
    unknown = set(settings) - {"extra-keys", "per-file-ignores"}
    if unknown:
        raise VaultError(f"{source}: [tool.papervault.lint] unknown setting {min(unknown)!r}")
    return Config(severities, tuple(extra), _ignores(settings.get("per-file-ignores", {}), source))


def _ignores(table: Any, source: str) -> tuple[tuple[str, frozenset[str]], ...]:
    where = f"{source}: [tool.papervault.lint.per-file-ignores]"
    if not isinstance(table, dict):
        raise VaultError(f'{where} must be a table of "glob" = [rules]')
    out = []
    for pattern, rules in table.items():
        if not isinstance(rules, list) or not all(isinstance(r, str) for r in rules):
            raise VaultError(f"{where} {pattern!r} must name a list of rules")
        unknown = [r for r in rules if r not in RULES]
        if unknown:
            raise VaultError(f"{where} {pattern!r}: unknown rule {unknown[0]!r}")
        out.append((pattern.strip("/"), frozenset(rules)))
    return tuple(out)


def finding(path: str, line: int, col: int, rule: str, message: str) -> Finding:
    """A finding of one of the lint's rules, with the rule's default severity."""
    return Finding(path, line, col, RULES[rule].severity, rule, message)


def broken(path: str, message: str, line: int = 1) -> Finding:
    """A file that cannot be read as a note (`broken-note`): not UTF-8, invalid YAML..."""
    return finding(path, line, 1, "broken-note", message)


def configured(found: Iterable[Finding], config: Config, rel: str | None = None) -> list[Finding]:
    """One file's findings with their configured severities (rules that are off go, and so
    do the rules `per-file-ignores` turns off for the file at `rel` in the vault)."""
    ignored = config.ignored(rel)
    out = []
    for f in found:
        severity = config.severity(f.rule)
        if severity != OFF and f.rule not in ignored:
            out.append(f if severity == f.severity else f._replace(severity=severity))
    return out


# --- one note ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Record:
    """What the cross-note checks need from one file."""

    kind: str
    title: str
    key: str  # normalised title
    arxiv: tuple[tuple[str, str], ...]  # (id without version, field)
    doi: tuple[tuple[str, str], ...]  # (lower-case DOI, field)
    also_in: tuple[tuple[str, int], ...]  # (section folder, index in the list; -1 for text)
    aliases: tuple[str, ...] = ()  # Obsidian's other names of the note
    headings: tuple[str, ...] = ()  # its body's headings, for [[note#Heading]]
    links: tuple[LinkAt, ...] = ()  # the links in its body, at their file positions
    url: str = ""  # `identity.url_key`: the address when it is no arXiv or DOI one
    citekey: str = ""  # the note's citation key, casefolded ("" when it has none)


def without(rec: Record, ignored: Collection[str]) -> Record:
    """A record that takes no part in the cross-note rules `ignored` for its file: a note
    that ignores `duplicate-arxiv` says its arXiv id is not its own (a citation)."""
    if not ignored:
        return rec
    return Record(
        rec.kind,
        rec.title,
        "" if "duplicate-title" in ignored else rec.key,
        () if "duplicate-arxiv" in ignored else rec.arxiv,
        () if "duplicate-doi" in ignored else rec.doi,
        () if "unknown-section" in ignored else rec.also_in,
        rec.aliases,
        rec.headings,
        () if "broken-link" in ignored else rec.links,
        "" if "duplicate-url" in ignored else rec.url,
        "" if "duplicate-citekey" in ignored else rec.citekey,
    )


def kind_of(rel: str | None) -> str:
    """A file's kind from its vault-relative posix path (None: outside the vault)."""
    if rel is None:
        return PAPER
    if "/" not in rel:
        return PAGE
    return SECTION if rel.rsplit("/", 1)[1] == "index.md" else PAPER


def check_bytes(
    data: bytes,
    path: str,
    kind: str,
    extra_keys: Collection[str] = (),
    skip: Collection[str] = (),
) -> tuple[list[Finding], Record | None]:
    """A file's findings and record from its bytes; a broken note is one finding."""
    try:
        note = notes.loads(notes.decode(data, path), path)
    except NoteError as e:
        return [broken(path, e.message, e.line)], None
    return check_note(note, kind, extra_keys, skip), record(note, kind)


def check_note(
    note: Note, kind: str, extra_keys: Collection[str] = (), skip: Collection[str] = ()
) -> list[Finding]:
    """One note's findings (but those of the rules in `skip`): its front matter by the
    schema for its kind, and its body."""
    if kind == PAPER:
        issues = schema.check_paper(note.meta, extra_keys, body=note.body, skip=skip)
    elif kind == SECTION:
        issues = schema.check_section(note.meta, extra_keys)
    else:
        issues = schema.page_issues(note.meta)
    if skip:
        issues = [i for i in issues if i.rule not in skip]
    found = place(note, issues) if issues else []
    if note.body:
        body = body_problems(note.body, note.path, note.body_line())
        found += [f for f in body if f.rule not in skip]
    return found


def record(note: Note, kind: str) -> Record:
    """The cross-note record of a parsed note."""
    ident = identity.identity(note.meta)
    value = note.meta.get("also_in")
    also: list[tuple[str, int]] = []
    if isinstance(value, str):
        also.append((value.strip().strip("/"), -1))
    elif isinstance(value, list):
        also += [(v.strip().strip("/"), i) for i, v in enumerate(value) if isinstance(v, str)]
    aliases = note.meta.get("aliases")
    names = tuple(a for a in aliases if isinstance(a, str)) if isinstance(aliases, list) else ()
    heads, links = _links(note)
    url = identity.url_key(note.meta)
    key = note.meta.get("citekey")
    cite = key.strip().casefold() if isinstance(key, str) else ""
    return Record(
        kind,
        ident.title,
        ident.key,
        ident.arxiv,
        ident.doi,
        tuple(also),
        names,
        heads,
        links,
        url,
        cite,
    )


def _links(note: Note) -> tuple[tuple[str, ...], tuple[LinkAt, ...]]:
    """A note's headings and its links to notes (file positions), for `link_check`."""
    body = note.body
    if "#" not in body and "[[" not in body and "](" not in body:
        return (), ()
    masked = mask_code(body)
    first = note.body_line()
    links = tuple(
        (first + x.line - 1, x.col, x.kind, x.target, x.heading)
        for x in wikilinks.find(body, masked)
    )
    return tuple(wikilinks.headings(body, masked)), links


def link_check(records: Mapping[str, Record], rels: Mapping[str, str]) -> dict[str, list[Finding]]:
    """Broken links of every note in `records` (by shown path; `rels`: each file of the
    vault, shown path -> vault-relative path), resolved as Obsidian resolves them.

    Every note is checked, not only the targets: a renamed or deleted note breaks the
    links of notes that did not change, and each of them gets its finding.
    """
    if not any(rec.links for rec in records.values()):
        return {}  # a vault without links between notes costs nothing here
    index = wikilinks.Index.of(
        (
            rel,
            records[shown].aliases if shown in records else (),
            records[shown].headings if shown in records else (),
        )
        for shown, rel in rels.items()
    )
    out: dict[str, list[Finding]] = {}
    for shown, rec in records.items():
        rel = rels.get(shown)
        if rel is None or not rec.links:
            continue
        for line, col, kind, target, heading in rec.links:
            link = wikilinks.Link(0, 0, line, col, kind, target, heading, "")
            problem = index.problem(link, rel)
            if problem is not None:
                out.setdefault(shown, []).append(finding(shown, line, col, "broken-link", problem))
    return out


def place(note: Note, issues: Iterable[schema.DataFinding]) -> list[Finding]:
    """The schema's and the cross-note checks' issues of a note (places in its data) as
    findings at their positions in its file."""
    locate = Locator(note)
    out = []
    for issue in issues:
        line, col = locate(issue.where, issue.at_key)
        out.append(finding(note.path, line, col, issue.rule, issue.message))
    return out


class Locator:
    """File positions (line, col) of places in a note's front matter."""

    def __init__(self, note: Note) -> None:
        self.note = note
        self._node: yaml.Node | None = None
        self._composed = False

    def node(self) -> yaml.Node | None:
        if not self._composed:
            self._composed = True
            self._node = notes.front_matter_node(self.note)
        return self._node

    def __call__(self, where: schema.Where, at_key: bool = False) -> tuple[int, int]:
        current = self.node()
        if current is None and where and isinstance(where[0], str):
            return self.toml_key(where[0], at_key)
        if current is None or not where:
            return 1, 1
        key_node: yaml.Node | None = None
        for step in where:
            if isinstance(current, yaml.MappingNode) and isinstance(step, str):
                pair = next((p for p in current.value if _is_key(p[0], step)), None)
                if pair is None:
                    break
                key_node, current = pair
            elif isinstance(current, yaml.SequenceNode) and isinstance(step, int):
                if not 0 <= step < len(current.value):
                    break
                key_node, current = None, current.value[step]
            else:
                break
        target = key_node if at_key and key_node is not None else current
        mark = target.start_mark
        return mark.line + 2, mark.column + 1  # the YAML starts on the file's line 2

    def toml_key(self, key: str, at_key: bool) -> tuple[int, int]:
        """The position of a top-level `key = value` (its key, else its value) in a TOML
        note's front matter; 1:1 in any other note, or where the key is not written so."""
        src = self.note.source
        if src is None or src.block is None or src.block.format != front_matter.TOML:
            return 1, 1
        first = src.text.count("\n", 0, src.block.inner) + 1
        lines = src.text[src.block.inner : src.block.closer].split("\n")
        top = True  # above the first [table] header, where the top-level keys are
        for number, line in enumerate(lines, first):
            table = line.lstrip().startswith("[")
            top = top and not table
            found = _TOML_TABLE.match(line) if table else _TOML_KEY.match(line) if top else None
            if found and found["key"].strip("\"'") == key:  # a [table] is a top-level key too
                return number, (found.start("key") if at_key or table else found.end()) + 1
        return 1, 1


_TOML_NAME = r"""(?P<key>[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*')"""
_TOML_KEY = re.compile(rf"[ \t]*{_TOML_NAME}[ \t]*=[ \t]*")
_TOML_TABLE = re.compile(rf"[ \t]*\[\[?[ \t]*{_TOML_NAME}[ \t]*\]")


def _is_key(node: yaml.Node, name: str) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.value == name


# --- the body ------------------------------------------------------------------------------

_DANGER_TAG = re.compile(
    r"<(script|iframe|frame|frameset|object|embed|applet|base)(?=[\s/>]|$)", re.IGNORECASE
)
_TAG_START = re.compile(r"<[A-Za-z][A-Za-z0-9:-]*(?=[\s/>])")
_TAG_REST = re.compile(r"""(?:[^>"']++|"[^"]*+"|'[^']*+')*+>""")  # quotes may hold a '>'

_ATTR = re.compile(r"""([^\s"'<>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
_MD_LINK = re.compile(r"\]\(\s*<?([^\s>)]+)")
_REF_DEF = re.compile(r"^[ \t>]*\[[^\]\n]+\]:[ \t]*<?(\S+)", re.MULTILINE)
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*)>")
_ATTR_LIST = re.compile(r"\{:?([^{}\n]*)\}")
_FENCE_OPEN = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
_FENCE_CLOSE = re.compile(r"^ {0,3}(`{3,}|~{3,})[ \t]*$")
_BACKTICKS = re.compile(r"`+")
_BLANK_LINE = re.compile(r"\n[ \t]*\r?\n")


def body_problems(body: str, path: str = "", first_line: int = 1) -> list[Finding]:
    """Unsafe HTML and links in a Markdown body, outside fenced code and inline code.

    Positions are (line, col) in the file of `path` whose body starts on `first_line`
    (by default within the body), both 1-based.
    """
    if "<" not in body and "](" not in body and "]:" not in body and "{" not in body:
        return []
    found = _scan(body)
    if not found:
        return []
    masked = mask_code(body)
    found = _scan(masked) if masked != body else found
    out: list[Finding] = []
    for offset, rule, message in sorted(set(found)):
        line = first_line + body.count("\n", 0, offset)
        col = offset - (body.rfind("\n", 0, offset) + 1) + 1
        out.append(finding(path, line, col, rule, message))
    return out


def _scan(text: str) -> list[tuple[int, str, str]]:
    found: list[tuple[int, str, str]] = []
    for m in _DANGER_TAG.finditer(text):
        name = m.group(1).lower()
        message = f"raw <{name}> tag: the site publishes the body as HTML"
        found.append((m.start(), "unsafe-html", message))
    found += _tags(text)
    for m in _ATTR_LIST.finditer(text):
        if "=" in m.group(1):
            found += _attributes(m.group(1), m.start(1))
    for pattern in (_MD_LINK, _REF_DEF, _AUTOLINK):
        for m in pattern.finditer(text):
            scheme = links.body_scheme_problem(m.group(1), markdown=True)
            if scheme is not None:
                found.append((m.start(1), "unsafe-link", f"{scheme}: link in the body"))
    return found


def _tags(text: str) -> list[tuple[int, str, str]]:
    """Problems in the attributes of HTML start tags, read as a browser would: a tag runs
    to the first '>' outside quotes, and what it swallows is not a tag of its own."""
    found: list[tuple[int, str, str]] = []
    end = 0
    for m in _TAG_START.finditer(text):
        if m.start() < end:
            continue
        rest = _TAG_REST.match(text, m.end())
        if rest is None:  # never closed: the browser drops it and the rest with it
            break
        end = rest.end()
        found += _attributes(text[m.end() : end - 1], m.end())
    return found


def _attributes(text: str, start: int) -> list[tuple[int, str, str]]:
    found: list[tuple[int, str, str]] = []
    for m in _ATTR.finditer(text):
        name, value = m.group(1), m.group(2)
        if value is None:
            continue
        lower = name.lower()
        if lower.startswith("on") and len(lower) > 2 and lower[2:].isalpha():
            message = f"{lower}= event handler in HTML: the site publishes the body as HTML"
            found.append((start + m.start(1), "event-handler", message))
            continue
        scheme = (
            links.body_scheme_problem(value.strip("\"'")) if lower in links.URL_ATTRIBUTES else None
        )
        if scheme is not None:
            message = f"{scheme}: address in the HTML attribute {lower}="
            found.append((start + m.start(2), "unsafe-link", message))
    return found


def mask_code(body: str) -> str:
    """`body` with fenced code blocks and inline code spans blanked (offsets kept)."""
    out: list[str] = []
    fence: str | None = None
    for line in body.splitlines(keepends=True):
        bare = line.rstrip("\r\n")
        if fence is None:
            m = _FENCE_OPEN.match(bare)
            if m and not (m.group(1)[0] == "`" and "`" in m.group(2)):
                fence = m.group(1)
                out.append(_blank(line))
            else:
                out.append(line)
            continue
        m = _FENCE_CLOSE.match(bare)
        if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
            fence = None
        out.append(_blank(line))
    return _mask_inline("".join(out))


def _blank(text: str) -> str:
    return re.sub(r"[^\r\n]", " ", text)


def _mask_inline(text: str) -> str:
    runs = list(_BACKTICKS.finditer(text))
    if len(runs) < 2:
        return text
    parts: list[str] = []
    done = 0
    i = 0
    while i < len(runs):
        opener = runs[i]
        size = len(opener.group())
        close = next((j for j in range(i + 1, len(runs)) if len(runs[j].group()) == size), None)
        if close is None or _BLANK_LINE.search(text, opener.end(), runs[close].start()):
            i += 1
            continue
        parts.append(text[done : opener.start()])
        parts.append(_blank(text[opener.start() : runs[close].end()]))
        done = runs[close].end()
        i = close + 1
    parts.append(text[done:])
    return "".join(parts)


# --- across the vault ----------------------------------------------------------------------


def cross_check(
    records: Mapping[str, Record], sections: Collection[str], targets: Iterable[str]
) -> dict[str, list[schema.DataFinding]]:
    """Cross-note issues of the `targets` (paths, keys of `records`) against all records."""
    by_arxiv: dict[str, list[str]] = {}
    by_doi: dict[str, list[str]] = {}
    by_title: dict[str, list[str]] = {}
    by_url: dict[str, list[str]] = {}
    by_key: dict[str, list[str]] = {}
    for path, rec in records.items():
        if rec.kind != PAPER:
            continue
        if rec.url:
            by_url.setdefault(rec.url, []).append(path)
        for arxiv_id, _ in rec.arxiv:
            by_arxiv.setdefault(arxiv_id, []).append(path)
        for doi, _ in rec.doi:
            by_doi.setdefault(doi, []).append(path)
        if rec.key:
            by_title.setdefault(rec.key, []).append(path)
        if rec.citekey:
            by_key.setdefault(rec.citekey, []).append(path)
    titled: dict[str, list[str]] = {}  # a section's title -> its folder, for did-you-mean
    for path, rec in records.items():
        folder, _, name = path.rpartition("/")
        if rec.kind == SECTION and name == "index.md" and rec.title:
            known = [s for s in sections if folder == s or folder.endswith("/" + s)]
            titled.setdefault(rec.title.casefold(), []).extend(known[:1])
    out: dict[str, list[schema.DataFinding]] = {}
    for path in targets:
        target = records.get(path)
        if target is None or target.kind != PAPER:
            continue
        rec = target
        found: list[schema.DataFinding] = []
        for arxiv_id, source in rec.arxiv:
            for other in by_arxiv[arxiv_id]:
                if other != path:
                    what = f"arXiv {arxiv_id} is also the id of {other} ({records[other].title!r})"
                    found.append(_duplicate("duplicate-arxiv", source, what))
        for doi, source in rec.doi:
            for other in by_doi[doi]:
                if other != path:
                    what = f"DOI {doi} is also the DOI of {other} ({records[other].title!r})"
                    found.append(_duplicate("duplicate-doi", source, what))
        for other in by_url.get(rec.url, []) if rec.url else []:
            if other != path and records[other].key != rec.key:  # same title: said below
                address = rec.url.removeprefix("url:")
                what = f"{other} ({records[other].title!r}) has the same url {address!r}"
                message = f"{what}: one paper under two titles? a person decides"
                found.append(schema.DataFinding("duplicate-url", ("url",), message))
        if rec.key:
            for other in by_title[rec.key]:
                if other == path:
                    continue
                what = f"{other} has the same title ({records[other].title!r})"
                if not identity.contradicts(rec, records[other]):
                    message = f"{what}: one paper, one note (list it elsewhere with also_in)"
                    found.append(schema.DataFinding("duplicate-title", ("title",), message))
                else:
                    message = f"{what} but another arXiv id or DOI: two papers with one title?"
                    found.append(schema.DataFinding("same-title", ("title",), message))
        for other in by_key.get(rec.citekey, []) if rec.citekey else []:
            if other != path:
                what = (
                    f"citekey {rec.citekey!r} is also the key of {other} ({records[other].title!r})"
                )
                message = f"{what}: a key names one paper; a person decides which keeps it"
                found.append(schema.DataFinding("duplicate-citekey", ("citekey",), message))
        for name, index in rec.also_in:
            if name in sections:
                continue
            where: schema.Where = ("also_in",) if index < 0 else ("also_in", index)
            message = f"also_in names {name!r}, which is not a section folder of the vault"
            hint = difflib.get_close_matches(name, list(sections), n=1, cutoff=0.6)
            hint = hint or [s for s in sections if s.rsplit("/", 1)[-1] == name][:1]
            hint = hint or titled.get(name.strip("/").casefold(), [])[:1]
            if hint:
                message += f" (did you mean {hint[0]!r}?)"
            found.append(schema.DataFinding("unknown-section", where, message))
        if found:
            out[path] = found
    return out


def _duplicate(rule: str, source: str, what: str) -> schema.DataFinding:
    return schema.DataFinding(rule, (source,), f"{what}: two papers cannot share it, one is wrong")


def sections_of(rels: Iterable[str]) -> set[str]:
    """Section folders (vault-relative) from the vault-relative paths of its files."""
    out = set()
    for rel in rels:
        folder, _, name = rel.rpartition("/")
        if folder and name == "index.md":
            out.add(folder)
    return out


# --- fixes ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fix:
    """The outcome of fixing a note: its new text (None: nothing to do), what was fixed."""

    text: str | None
    rules: tuple[str, ...] = ()
    problem: str | None = None


def fix_note(
    note: Note, kind: str, rules: Collection[str], extra_keys: Collection[str] = ()
) -> Fix:
    """The safe fixes of `rules` applied to the note's text (only changed fields rewritten).

    The new text is parsed again: its data must equal the data before plus the fixes, and
    its body must not change; otherwise nothing is written (`problem` says why).
    """
    if kind == PAPER:
        issues = schema.check_paper(note.meta, extra_keys, body=note.body)
    elif kind == SECTION:
        issues = schema.check_section(note.meta, extra_keys)
        rules = set(rules) & {"whitespace"}
    else:
        return Fix(None)
    wanted = sorted({i.rule for i in issues if i.rule in rules and i.rule in schema.FIXABLE})
    src = note.source
    if not wanted or src is None:
        return Fix(None)
    if src.chunks is None:  # flow style or odd layout: never reorder what cannot move whole
        rules = set(rules) - {"field-order"}
        wanted = [r for r in wanted if r in rules]
    meta = schema.fixed(note.meta, wanted)
    if kind == PAPER:  # a fix may reveal another (tags from text, then spaces in a tag)
        for _ in range(len(schema.FIXABLE)):
            issues = schema.check_paper(meta, extra_keys, body=note.body)
            more = {i.rule for i in issues if i.rule in rules and i.rule in schema.FIXABLE}
            if more <= set(wanted):
                break
            wanted = sorted(set(wanted) | more)
            meta = schema.fixed(note.meta, wanted)
    if list(meta.items()) == list(note.meta.items()) and notes.same(meta, note.meta):
        return Fix(None)
    try:
        text = notes.dumps(Note(note.path, meta, note.body, src))
    except NoteError as e:  # a TOML note: papervault writes YAML only
        return Fix(None, tuple(wanted), e.message)
    try:
        again = notes.loads(text, note.path)
    except NoteError as e:
        return Fix(None, tuple(wanted), f"the fixed text would not parse ({e.message})")
    if (
        not notes.same(again.meta, meta)
        or list(again.meta) != list(meta)
        or again.body != note.body
    ):
        return Fix(None, tuple(wanted), "the fixed text would not read back as the fixed data")
    return Fix(text, tuple(wanted))
