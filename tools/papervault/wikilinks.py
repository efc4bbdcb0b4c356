"""Links between notes, found and resolved the way Obsidian resolves them (pure).

- `find(body)`: the links in a note's body, outside code: wikilinks `[[name]]`,
  `[[name|shown]]`, `[[name#Heading]]`, `[[#Heading]]` (embeds `![[...]]` are left
  alone) and Markdown links to another `.md` file (`[text](../other.md#part)`), with their
  1-based (line, col) in the body.
- `Index(notes)`: every note of a vault by its path, file name and aliases.
  `resolve(target, source)` finds a wikilink's note as Obsidian does: a path (from the vault
  root, then from the linking note's folder, then any path ending so), else the file name
  without `.md` (case ignored), else an alias; where several notes share the name, the one
  in the linking note's folder, then the shortest path, then the first in path order.
  A Markdown link is a relative path (from the linking note's folder; `/` from the root).
- `problems(...)`: a broken link's message with a did-you-mean, for the lint.
- `rewrite(...)` / `SiteLinks`: bodies with wikilinks as relative Markdown links (which
  MkDocs checks and turns into page addresses; Zensical gets the same Markdown) and each
  paper's "Linked from" list, all in one pass over the links (linear in the vault).
"""

from __future__ import annotations

import bisect
import difflib
import html
import posixpath
import re
import unicodedata
import urllib.parse
from collections.abc import Iterable
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field

WIKI = "wiki"
MARKDOWN = "md"

_WIKI = re.compile(r"(?<!!)\[\[([^\[\]\n]+?)\]\]")
_MD = re.compile(r"(?<![!\\])\[([^\[\]\n]*)\]\(\s*<?([^()\s<>]+?)>?(?:\s+\"[^\"\n]*\")?\s*\)")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$", re.MULTILINE)
ATTACHMENTS = frozenset(
    {"png", "jpg", "jpeg", "gif", "svg", "webp", "avif", "bmp", "pdf", "mp3", "mp4", "webm"}
    | {"ogg", "wav", "m4a", "mov", "canvas", "base", "csv", "json", "txt", "bib"}
)
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]#+\-.!|$])")  # not ( ): `\(` would read as maths


@dataclass(frozen=True)
class Link:
    """A link in a body: where (offsets and 1-based line/col), what it names, how."""

    start: int
    end: int
    line: int
    col: int
    kind: str  # WIKI or MARKDOWN
    target: str  # the note as written ('' for a heading of the same note)
    heading: str  # '' for none
    shown: str  # the text to show ('' for Obsidian's default)

    @property
    def written(self) -> str:
        """The link as a message quotes it."""
        if self.kind == WIKI:
            inner = self.target + (f"#{self.heading}" if self.heading else "")
            return f"[[{inner}]]"
        return f"({self.target}{'#' + self.heading if self.heading else ''})"


def find(body: str, masked: str | None = None) -> list[Link]:
    """The note links of `body` (`masked`: the body with its code blanked, same offsets)."""
    if "[[" not in body and "](" not in body:
        return []
    if masked is None:
        from papervault.lint import mask_code

        masked = mask_code(body)
    found: list[Link] = []
    lines = _Lines(body)
    for m in _WIKI.finditer(masked):
        inner = body[m.start(1) : m.end(1)].replace("\\|", "|")
        target, _, shown = inner.partition("|")
        target, _, heading = target.partition("#")
        target = target.strip()
        if not target and not heading.strip():
            continue
        if target.rpartition(".")[2].lower() in ATTACHMENTS:
            continue  # a link to an attachment, not to a note
        found.append(_link(lines, m.start(), m.end(), WIKI, target, heading, shown))
    for m in _MD.finditer(masked):
        address = body[m.start(2) : m.end(2)]
        if _SCHEME.match(address) or address.startswith(("//", "#")):
            continue
        path, _, fragment = address.partition("#")
        path = urllib.parse.unquote(path)
        if not path.lower().endswith(".md"):
            continue
        shown = body[m.start(1) : m.end(1)]
        fragment = urllib.parse.unquote(fragment)
        found.append(_link(lines, m.start(), m.end(), MARKDOWN, path, fragment, shown))
    found.sort(key=lambda link: link.start)
    return found


class _Lines:
    """(line, col) of offsets in a text, by bisection over its line starts."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def at(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1


def _link(
    lines: _Lines, start: int, end: int, kind: str, target: str, heading: str, shown: str
) -> Link:
    line, col = lines.at(start)
    heading = heading.rsplit("#", 1)[-1].strip()  # [[note#A#B]] is B under A
    return Link(start, end, line, col, kind, target, heading, shown.strip())


def headings(body: str, masked: str | None = None) -> list[str]:
    """The text of the body's ATX headings (`## Methods` -> `Methods`), outside code."""
    if "#" not in body:
        return []
    if masked is None:
        from papervault.lint import mask_code

        masked = mask_code(body)
    return [m.group(2).strip() for m in _HEADING.finditer(masked)]


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def stem(path: str) -> str:
    """A note's name as Obsidian shows it: its file name without `.md`."""
    return posixpath.basename(path).removesuffix(".md")


@dataclass
class Index:
    """The notes of a vault by path, name and alias (paths vault-relative, posix)."""

    paths: dict[str, str] = field(default_factory=dict)  # folded path without .md -> path
    names: dict[str, list[str]] = field(default_factory=dict)  # folded file name -> paths
    aliases: dict[str, list[str]] = field(default_factory=dict)  # folded alias -> paths
    shown: dict[str, str] = field(default_factory=dict)  # folded name or alias -> as written
    heads: dict[str, tuple[str, ...]] = field(default_factory=dict)  # path -> its headings

    @classmethod
    def of(cls, notes: Iterable[tuple[str, Sequence[str], Sequence[str]]]) -> Index:
        """From (path, aliases, headings) of every note."""
        index = cls()
        for path, aliases, heads in notes:
            index.paths[_fold(path.removesuffix(".md"))] = path
            name = _fold(stem(path))
            index.names.setdefault(name, []).append(path)
            index.shown.setdefault(name, stem(path))
            for alias in aliases:
                key = _fold(alias)
                if key:
                    index.aliases.setdefault(key, []).append(path)
                    index.shown.setdefault(key, alias)
            index.heads[path] = tuple(heads)
        return index

    def resolve(self, link: Link, source: str) -> str | None:
        """The path of the note `link` (in the note at `source`) names, or None."""
        if not link.target:
            return source
        if link.kind == MARKDOWN:
            return self._relative(link.target, source)
        target = link.target.strip()
        if target.lower().endswith(".md"):
            target = target[:-3]
        key = _fold(target.strip("/"))
        if "/" in key:
            if key in self.paths:
                return self.paths[key]
            near = _fold(posixpath.normpath(posixpath.join(posixpath.dirname(source), target)))
            if near in self.paths:
                return self.paths[near]
            ending = [p for k, p in self.paths.items() if k.endswith("/" + key)]
            return _best(ending, source)
        found = _best(self.names.get(key, []), source)
        return found if found is not None else _best(self.aliases.get(key, []), source)

    def _relative(self, target: str, source: str) -> str | None:
        base = "" if target.startswith("/") else posixpath.dirname(source)
        path = posixpath.normpath(posixpath.join(base, target.lstrip("/")))
        found = self.paths.get(_fold(path.removesuffix(".md")))
        return found if found is not None and found == path else None

    def has_heading(self, path: str, heading: str) -> bool:
        """Whether the note at `path` has the heading (case and spacing ignored; a block
        reference `^id` is not checked)."""
        if heading.startswith("^"):
            return True
        wanted = _fold(heading)
        return any(_fold(h) == wanted for h in self.heads.get(path, ()))

    def problem(self, link: Link, source: str) -> str | None:
        """Why `link` in the note at `source` is broken (None: it is not)."""
        found = self.resolve(link, source)
        if found is None:
            message = f"{link.written} names no note of the vault"
            hint = self._suggest(link)
            return message + (f" (did you mean {hint!r}?)" if hint else "")
        if link.heading and not self.has_heading(found, link.heading):
            where = "this note" if found == source else found
            message = f"{link.written}: {where} has no heading {link.heading!r}"
            close = difflib.get_close_matches(link.heading, self.heads.get(found, ()), n=1)
            return message + (f" (did you mean {close[0]!r}?)" if close else "")
        return None

    def _suggest(self, link: Link) -> str | None:
        if link.kind == MARKDOWN:
            name = _fold(stem(link.target))
            paths = self.names.get(name)
            if paths:
                return paths[0]
            close = difflib.get_close_matches(name, list(self.names), n=1, cutoff=0.6)
            return self.names[close[0]][0] if close else None
        key = _fold(stem(link.target))
        close = difflib.get_close_matches(key, [*self.names, *self.aliases], n=1, cutoff=0.6)
        return self.shown.get(close[0]) if close else None


def _best(paths: list[str], source: str) -> str | None:
    if not paths:
        return None
    if len(paths) == 1:
        return paths[0]
    folder = posixpath.dirname(source)
    return min(paths, key=lambda p: (posixpath.dirname(p) != folder, p.count("/"), len(p), p))


# --- the site ------------------------------------------------------------------------------


def anchor(heading: str) -> str:
    """The id Python-Markdown's `toc` gives a heading (its default `slugify`)."""
    text = re.sub(r"[*_`]", "", heading)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^\w\s-]", "", text).strip().lower()
    return re.sub(r"[-\s]+", "-", text)


def _text(value: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", html.escape(" ".join(value.split()), quote=False))


def shown(link: Link) -> str:
    """What Obsidian shows for a link: its own text, else the name (`name > Heading`)."""
    if link.shown:
        return link.shown
    if not link.target:
        return link.heading
    return f"{link.target} > {link.heading}" if link.heading else link.target


@dataclass(frozen=True)
class Broken:
    """A broken link on the site: the page, where in its body, why."""

    uri: str
    line: int
    col: int
    message: str


@dataclass
class SiteLinks:
    """The bodies rewritten, each paper's sources, the broken links (one pass)."""

    bodies: dict[str, str] = field(default_factory=dict)
    linked_from: dict[str, list[str]] = field(default_factory=dict)
    broken: list[Broken] = field(default_factory=list)


def site_links(
    bodies: Mapping[str, str],
    aliases: Mapping[str, Sequence[str]],
    titles: Mapping[str, str],
    papers: Iterable[str],
    first_lines: Mapping[str, int] | None = None,
    sections: Mapping[str, str] | None = None,
) -> SiteLinks:
    """Every page's body with its wikilinks as Markdown links and, on a paper's page, the
    list of the pages that link to it. `bodies` by vault-relative path, in site order;
    `first_lines`: the file line each body starts on (broken links are told by file line);
    `sections`: generated Markdown to put after a page's own text, before "Linked from"
    (its links are not the page's: they make no backlinks)."""
    from papervault.lint import mask_code

    masked = {uri: mask_code(body) for uri, body in bodies.items()}
    index = Index.of(
        (uri, aliases.get(uri, ()), headings(body, masked[uri])) for uri, body in bodies.items()
    )
    out = SiteLinks()
    sources: dict[str, dict[str, None]] = {}
    for uri, body in bodies.items():
        parts: list[str] = []
        done = 0
        for link in find(body, masked[uri]):
            target = index.resolve(link, uri)
            problem = index.problem(link, uri)
            if problem is not None:
                line = link.line + (first_lines or {}).get(uri, 1) - 1
                out.broken.append(Broken(uri, line, link.col, problem))
            if target is not None and target != uri:
                sources.setdefault(target, {})[uri] = None
            if link.kind != WIKI:
                continue
            parts.append(body[done : link.start])
            parts.append(_markdown_link(link, target, uri))
            done = link.end
        out.bodies[uri] = ("".join(parts) + body[done:] if parts else body) + (
            (sections or {}).get(uri, "")
        )
    for uri in papers:
        linking = list(sources.get(uri, {}))
        if linking:
            out.linked_from[uri] = linking
            out.bodies[uri] = out.bodies.get(uri, "") + linked_from(linking, titles, uri)
    return out


def _markdown_link(link: Link, target: str | None, source: str) -> str:
    if target is None:
        return _text(shown(link))
    fragment = f"#{anchor(link.heading)}" if link.heading else ""
    if target == source:
        address = fragment or "#"
    else:
        address = urllib.parse.quote(relative(target, source)) + fragment
    return f"[{_text(shown(link))}]({address})"


def relative(target: str, source: str) -> str:
    """The relative path from the page `source` to `target` (both vault-relative, posix,
    normalised): a string walk, not `posixpath.relpath` (which asks the OS per call)."""
    here = source.split("/")[:-1]
    there = target.split("/")
    same = 0
    while same < len(here) and same < len(there) - 1 and here[same] == there[same]:
        same += 1
    return "../" * (len(here) - same) + "/".join(there[same:])


LINKED_FROM = "Linked from"


def linked_from(sources: Sequence[str], titles: Mapping[str, str], page: str) -> str:
    """The "Linked from" list of a page: a Markdown heading and a link to each source."""
    return listing(LINKED_FROM, sources, titles, page)


def listing(heading: str, sources: Sequence[str], titles: Mapping[str, str], page: str) -> str:
    """A Markdown section after a page's text: `## heading` and a link to each page."""
    lines = ["", "", f"## {heading}", ""]
    for uri in sources:
        rel = relative(uri, page)
        label = titles.get(uri) or stem(uri)
        lines.append(f"- [{_text(label)}]({urllib.parse.quote(rel)})")
    return "\n".join(lines) + "\n"
