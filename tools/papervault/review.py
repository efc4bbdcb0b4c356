"""What a change did to the vault, in papers: added, deleted, moved, changed field by field.

Pure: two loaded vaults in (before and after), a `Review` out. A paper is followed across the
change by its path, else by its identity (arXiv id, DOI or normalised title), so a renamed
or moved note is a move, not a delete plus an add.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from typing import Any

import yaml

from papervault import identity
from papervault import publish
from papervault import resolution
from papervault.findings import Finding
from papervault.findings import render
from papervault.lint import broken
from papervault.notes import Note
from papervault.notes import same
from papervault.vault import Section
from papervault.vault import Vault


@dataclass
class FieldChange:
    field: str
    old: Any
    new: Any


@dataclass
class Paper:
    path: str  # vault-relative
    title: str
    sections: list[str]  # "2.5 Machine Learning Potentials"


@dataclass
class Changed:
    paper: Paper
    old_path: str
    old_sections: list[str]
    fields: list[FieldChange]
    body_changed: bool

    @property
    def moved(self) -> bool:
        return self.old_path != self.paper.path or self.old_sections != self.paper.sections


@dataclass
class FileChange:
    """A changed file that is not a note: what it is, so a maintainer looks at it."""

    path: str  # in the repository, posix
    status: str  # added | deleted | modified | type changed
    what: str


@dataclass
class Review:
    added: list[Paper] = field(default_factory=list)
    deleted: list[Paper] = field(default_factory=list)
    changed: list[Changed] = field(default_factory=list)  # moved and/or edited
    sections_added: list[str] = field(default_factory=list)
    sections_removed: list[str] = field(default_factory=list)
    sections_renamed: list[tuple[str, str]] = field(default_factory=list)
    broken: list[Finding] = field(default_factory=list)  # notes that no longer read
    duplicates: list[Finding] = field(default_factory=list)  # new identity clashes
    findings: list[Finding] = field(default_factory=list)  # lint findings on changed notes
    files: list[FileChange] = field(default_factory=list)  # for a maintainer's eye

    @property
    def empty(self) -> bool:
        return not any(
            (
                self.added,
                self.deleted,
                self.changed,
                self.sections_added,
                self.sections_removed,
                self.sections_renamed,
                self.broken,
                self.files,
            )
        )


def _label(section: Section) -> str:
    return f"{section.number} {section.title}"


def _paper(vault: Vault, note: Note) -> Paper:
    return Paper(vault.rel(note), note.title, [_label(s) for s in vault.sections_of(note)])


def _pair(before: Vault, after: Vault) -> tuple[list[tuple[Note, Note]], list[Note], list[Note]]:
    old = {before.rel(n): n for n in before.notes}
    new = {after.rel(n): n for n in after.notes}
    pairs = [(old[p], new[p]) for p in sorted(old.keys() & new.keys())]
    gone = [old[p] for p in sorted(old.keys() - new.keys())]
    came = [new[p] for p in sorted(new.keys() - old.keys())]
    index: dict[str, Note] = {}
    for note in gone:
        for key in identity.index_keys(note.meta):
            index.setdefault(key, note)
    deleted = list(gone)
    added = []
    for note in came:
        match = next(
            (
                index[k]
                for k in identity.index_keys(note.meta)
                if index.get(k) in deleted and _same(index[k], note)
            ),
            None,
        )
        if match is None:
            added.append(note)
        else:
            deleted.remove(match)
            pairs.append((match, note))
    return pairs, deleted, added


def _same(old: Note, new: Note) -> bool:
    """A note gone and a note come are one paper moved (or a candidate sharing an id)."""
    a, b = identity.identity(old.meta), identity.identity(new.meta)
    return identity.same_identity(a, b) or identity.shares_id(a, b)


def field_changes(old: dict[str, Any], new: dict[str, Any]) -> list[FieldChange]:
    """Each field added, removed or changed, in the new note's order, then removed ones."""
    changes = [
        FieldChange(k, old.get(k), v) for k, v in new.items() if k not in old or not same(old[k], v)
    ]
    changes += [FieldChange(k, v, None) for k, v in old.items() if k not in new]
    return changes


def review(before: Vault, after: Vault) -> Review:
    """Compare two states of a vault."""
    result = Review()
    pairs, deleted, added = _pair(before, after)
    result.added = [_paper(after, n) for n in added]
    result.deleted = [_paper(before, n) for n in deleted]
    for old, new in pairs:
        change = Changed(
            _paper(after, new),
            before.rel(old),
            [_label(s) for s in before.sections_of(old)],
            field_changes(old.meta, new.meta),
            old.body != new.body,
        )
        if change.moved or change.fields or change.body_changed:
            result.changed.append(change)
    result.changed.sort(key=lambda c: c.paper.path)
    _sections(before, after, result)
    result.broken = sorted(
        broken(Path(e.path).relative_to(after.root).as_posix(), e.message, e.line)
        for e in after.errors
    )
    result.duplicates = _new_duplicates(before, after)
    return result


def _sections(before: Vault, after: Vault, result: Review) -> None:
    old, new = before.sections, after.sections
    result.sections_added = [_label(new[p]) for p in sorted(new.keys() - old.keys())]
    result.sections_removed = [_label(old[p]) for p in sorted(old.keys() - new.keys())]
    for path in sorted(old.keys() & new.keys()):
        if old[path].title != new[path].title:
            result.sections_renamed.append((old[path].title, new[path].title))


def duplicate_keys(vault: Vault) -> dict[str, list[str]]:
    """`identity.shared_keys` of the vault's notes, by vault-relative path."""
    return identity.shared_keys((vault.rel(n), n.meta) for n in vault.notes)


def _new_duplicates(before: Vault, after: Vault) -> list[Finding]:
    """`duplicate-paper` at each note the change brought or changed that now shares an
    identity key with another: `resolution.duplicates`, the one maker of that finding."""
    old = {before.rel(n): n.meta for n in before.notes}
    touched = {after.rel(n) for n in after.notes if old.get(after.rel(n)) != n.meta}
    return resolution.duplicates(duplicate_keys(after), touched)


# ---- every other file ------------------------------------------------------------------

LINK_MODE = "120000"
STATUS = {"A": "added", "D": "deleted", "M": "modified", "T": "type changed"}
SITE_CONFIG = ("mkdocs.yml", "mkdocs.yaml", "zensical.toml")
HOOKS_CONFIG = (".pre-commit-config.yaml", ".pre-commit-hooks.yaml")
TOOL_CONFIG = ("pyproject.toml", "Makefile", "setup.cfg", "setup.py", "requirements.txt")
RawChange = tuple[str, str, str, str]  # old mode, new mode, status letter, path


def file_changes(changes: list[RawChange], vault: str) -> list[FileChange]:
    """Every changed file that is not a note of the vault (`vault`: its folder in the
    repository, posix), with what it is: the site configuration, workflows, hooks
    configuration, merge drivers, build configuration, links, the vault's other files
    (as `publish` sees them), code and everything else."""
    prefix = vault.strip("/") + "/" if vault.strip("/") not in ("", ".") else ""
    out = []
    for old_mode, new_mode, letter, path in changes:
        status = STATUS.get(letter[:1], letter)
        what = _what(path, LINK_MODE in (old_mode, new_mode), prefix)
        if what is not None:
            out.append(FileChange(path, status, what))
    return sorted(out, key=lambda f: f.path)


CODE_KEYS = {
    "hooks": "hooks: (Python run by every build)",
    "extra_javascript": "extra_javascript: (script on every page)",
    "extra_templates": "extra_templates: (templates rendered as they are)",
}
PYTHON_TAG = "tag:yaml.org,2002:python/"


def site_config_risks(text: str) -> list[str]:
    """What in a site configuration runs code or puts script on the site: `hooks:`,
    `extra_javascript:`, `extra_templates:`, `theme: custom_dir:` and `!!python/` tags,
    with their lines. The YAML is only composed (no value is made, so no tag runs)."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as e:
        return [f"not YAML ({e})"]
    found: list[str] = []
    stack: list[yaml.Node] = [root] if root is not None else []
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if node.tag.startswith(PYTHON_TAG):
            tag = node.tag.removeprefix("tag:yaml.org,2002:")
            found.append(f"!!{tag} tag (line {node.start_mark.line + 1})")
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                name = key.value if isinstance(key, yaml.ScalarNode) else ""
                line = key.start_mark.line + 1
                if node is root and name in CODE_KEYS:
                    found.append(f"{CODE_KEYS[name]} (line {line})")
                if node is root and name == "theme" and isinstance(value, yaml.MappingNode):
                    for sub, _ in value.value:
                        if isinstance(sub, yaml.ScalarNode) and sub.value == "custom_dir":
                            where = sub.start_mark.line + 1
                            found.append(f"theme custom_dir: (templates of its own) (line {where})")
                stack += [key, value]
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value
    return sorted(found, key=lambda f: int(f.rsplit("line ", 1)[1].rstrip(")")))


def _what(path: str, link: bool, prefix: str) -> str | None:
    if link:
        return "a symbolic link: the site and the tools may follow it anywhere"
    name = path.rsplit("/", 1)[-1]
    if path.startswith(".github/"):
        return "GitHub workflows and settings: run in CI with its permissions"
    if path in SITE_CONFIG:
        return "site configuration: plugins, hooks and theme of every build"
    if path in HOOKS_CONFIG:
        return "hooks configuration: runs on every commit"
    if name == ".gitattributes":
        return "merge drivers and attributes: run on every merge"
    if path in TOOL_CONFIG:
        return "build and tool configuration"
    if prefix and not path.startswith(prefix):
        return "outside the vault (code, tests, documentation)"
    rel = path[len(prefix) :]
    refused = publish.check(rel)
    if refused is not None:
        return f"in the vault, refused by the lint and the build: {refused.message}"
    if rel.endswith(publish.NOTE):
        return None  # a note or page: the parts above show what changed
    return "an image in the vault: published as it is"


# ---- rendering -------------------------------------------------------------------------


def name(text: str) -> str:
    """A file or field name as an inline code span that shows it exactly: the fence is
    longer than any run of backticks in it, control characters are shown escaped, so a
    name cannot end the span early, start a link or break the line."""
    shown = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
    runs = [len(run) for run in re.findall(r"`+", shown)]
    fence = "`" * (max(runs, default=0) + 1)
    pad = " " if shown.startswith(("`", " ")) or shown.endswith(("`", " ")) else ""
    return f"{fence}{pad}{shown}{pad}{fence}"


def _value(value: Any) -> str:
    if value is None:
        return "—"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = " ".join(text.split())
    if len(text) > 120:
        text = text[:117] + "…"
    return "`" + text.replace("`", "'") + "`"


def _code(text: str) -> str:
    """Text shown whole inside an inline code span (no backtick can close it early)."""
    return " ".join(text.replace("`", "'").split())


def _md(text: str) -> str:
    """Plain text made safe inside Markdown (no HTML, no links, no tables broken)."""
    out = text.replace("\\", "\\\\").replace("|", "\\|")
    for ch in "<>[]*_`":
        out = out.replace(ch, "\\" + ch)
    return " ".join(out.split())


def to_markdown(result: Review, base: str, head: str) -> str:
    """The pull-request comment."""
    lines = [f"## papervault review: {name(base)} → {name(head)}", ""]
    if result.files:
        lines += ["### For a maintainer's eye", ""]
        lines += [f"- {name(f.path)} ({f.status}): {_md(f.what)}" for f in result.files]
        lines.append("")
    if _papers_empty(result):
        lines.append("No papers or sections changed.")
        return "\n".join(lines) + "\n"
    counts = (
        f"{len(result.added)} added, {len(result.deleted)} deleted, "
        f"{sum(c.moved for c in result.changed)} moved, "
        f"{sum(bool(c.fields or c.body_changed) for c in result.changed)} edited"
    )
    lines += [f"**Papers:** {counts}.", ""]
    if result.added:
        lines += ["### Added", ""]
        lines += [
            f"- **{_md(p.title)}** in {_sections_text(p.sections)} ({name(p.path)})"
            for p in result.added
        ]
        lines.append("")
    if result.deleted:
        lines += ["### Deleted", ""]
        lines += [
            f"- **{_md(p.title)}** from {_sections_text(p.sections)} ({name(p.path)})"
            for p in result.deleted
        ]
        lines.append("")
    moved = [c for c in result.changed if c.moved]
    if moved:
        lines += ["### Moved", ""]
        for c in moved:
            lines.append(
                f"- **{_md(c.paper.title)}**: {_sections_text(c.old_sections)} → "
                f"{_sections_text(c.paper.sections)} ({name(c.old_path)} → {name(c.paper.path)})"
            )
        lines.append("")
    edited = [c for c in result.changed if c.fields or c.body_changed]
    if edited:
        lines += ["### Changed", ""]
        for c in edited:
            lines.append(f"- **{_md(c.paper.title)}** ({name(c.paper.path)})")
            for f in c.fields:
                lines.append(f"  - {name(f.field)}: {_value(f.old)} → {_value(f.new)}")
            if c.body_changed:
                lines.append("  - summary changed")
        lines.append("")
    if result.sections_added or result.sections_removed or result.sections_renamed:
        lines += ["### Sections", ""]
        lines += [f"- added: {_md(s)}" for s in result.sections_added]
        lines += [f"- removed: {_md(s)}" for s in result.sections_removed]
        lines += [f"- renamed: {_md(a)} → {_md(b)}" for a, b in result.sections_renamed]
        lines.append("")
    for title, items in (
        ("Broken notes", render(result.broken).splitlines()),
        ("Duplicates introduced", render(result.duplicates).splitlines()),
        ("Lint findings on changed notes", render(result.findings).splitlines()),
    ):
        if items:
            lines += [f"### {title}", "", *(f"- `{_code(i)}`" for i in items), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _papers_empty(result: Review) -> bool:
    return not any(
        (
            result.added,
            result.deleted,
            result.changed,
            result.sections_added,
            result.sections_removed,
            result.sections_renamed,
            result.broken,
        )
    )


def _sections_text(sections: list[str]) -> str:
    return ", ".join(_md(s) for s in sections) or "no section"


def to_json(result: Review) -> str:
    """The review for tools."""
    data = asdict(result)
    for change, item in zip(result.changed, data["changed"], strict=True):
        item["moved"] = change.moved
    for key in ("broken", "duplicates", "findings"):  # as `lint --format json` writes them
        data[key] = [f._asdict() for f in getattr(result, key)]
    return json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n"
