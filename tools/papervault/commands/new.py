"""`papervault new --title T [--section N] [--arxiv ID] [--doi DOI]`: write a new note."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from papervault import citekey
from papervault import config
from papervault import ids
from papervault import notes
from papervault.commands import add_vault_option
from papervault.commands import parser
from papervault.errors import NoteError
from papervault.errors import VaultError
from papervault.identity import same_paper
from papervault.names import slugify
from papervault.names import title_aliases
from papervault.template import READING_TEMPLATE
from papervault.vault import Section
from papervault.vault import Vault
from papervault.vault import ensure_inbox
from papervault.vault import free_order
from papervault.vault import load_vault


def new_meta(title: str, arxiv: str | None, doi: str | None) -> dict[str, Any]:
    """The front matter of a new note; identifiers are checked, addresses derived."""
    title = " ".join(title.split())
    if not title:
        raise VaultError("--title must not be empty")
    meta: dict[str, Any] = {"title": title}
    if arxiv:
        found = ids.parse_arxiv(arxiv)
        if found is None:
            raise VaultError(f"--arxiv {arxiv.strip()!r} is not an arXiv id (like 2206.11990)")
        meta["arxiv"] = found
    if doi:
        found = ids.parse_doi(doi)
        if found is None:
            raise VaultError(f"--doi {doi.strip()!r} is not a DOI (like 10.1063/5.0155600)")
        meta["doi"] = found
    if arxiv:
        meta["url"] = ids.arxiv_url(meta["arxiv"])
    elif doi:
        meta["url"] = ids.doi_url(meta["doi"])
    return meta


def write_new(
    root: Path, section: Section, meta: dict[str, Any], body: str, taken: set[str]
) -> Path:
    """Write a new note into `section`; refuses to overwrite an existing file.

    The note goes at the end of the section: a free `order` after its last ordered paper.
    A title too long for the file name is kept whole as the note's Obsidian alias. Its
    citation key is written once, here: one that no key in `taken` has.
    """
    path = root / section.path / f"{slugify(meta['title'])}.md"
    aliases = title_aliases(meta["title"])
    if aliases and "aliases" not in meta:
        meta = {"title": meta["title"], "aliases": aliases} | meta
    if "order" not in meta:
        head = {k: meta[k] for k in ("title", "aliases") if k in meta}
        meta = head | {"order": free_order(section)} | meta
    path = free_path(path, meta)
    meta = citekey.assign(meta, taken)
    notes.save(notes.Note(str(path), meta, body), path)
    return path


def free_path(path: Path, meta: dict[str, Any]) -> Path:
    """`path`, or `stem-2.md`, `-3`, ... when another paper holds it (long titles that share
    their first 80 characters); a VaultError when the same paper does."""
    for n in range(1, 1000):
        candidate = path if n == 1 else path.with_name(f"{path.stem}-{n}{path.suffix}")
        if not candidate.exists():
            return candidate
        if candidate.is_dir() or same_file_paper(candidate, meta):
            raise VaultError(f"{os.path.relpath(candidate)} already exists; edit it instead")
    raise VaultError(f"{os.path.relpath(path)}: too many papers under one name")


def same_file_paper(path: Path, meta: dict[str, Any]) -> bool:
    """Whether the note at `path` is the paper `meta` describes (unreadable: assume so)."""
    try:
        return same_paper(notes.load(path).meta, meta)
    except (NoteError, OSError):
        return True


def duplicates(vault: Vault, meta: dict[str, Any]) -> list[str]:
    """The notes of the vault that are the paper `meta` describes."""
    return [note.path for note in vault.notes if same_paper(note.meta, meta)]


def main(argv: Sequence[str] | None = None) -> int:
    p = parser("new", "Write a new note from the reading template; prints its path.")
    p.add_argument("--title", required=True)
    p.add_argument("--section", metavar="N", help="section number as in the contents (2.5)")
    p.add_argument("--arxiv", metavar="ID")
    p.add_argument("--doi", metavar="DOI")
    add_vault_option(p)
    args = p.parse_args(argv)
    meta = new_meta(args.title, args.arxiv, args.doi)
    root = config.vault_dir(args.vault)
    vault = load_vault(root)
    section = vault.by_number(args.section) if args.section else ensure_inbox(vault)
    twins = duplicates(vault, meta)
    taken = citekey.taken(n.meta for n in vault.notes)
    path = write_new(root, section, meta, READING_TEMPLATE, taken)
    for twin in twins:
        print(
            f"papervault new: warning: {os.path.relpath(twin)} is the same paper"
            " (papervault lint will report both until one goes)",
            file=sys.stderr,
        )
    print(os.path.relpath(path))
    return 0
