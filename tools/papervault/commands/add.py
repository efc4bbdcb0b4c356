"""`papervault add arxiv:ID | doi:DOI [--section N]`: a note from arXiv's or Crossref's data."""

from __future__ import annotations

import html
import os
import sys
from collections.abc import Sequence
from typing import Any

from papervault import citekey
from papervault import config
from papervault import fetch
from papervault import identity
from papervault.commands import add_vault_option
from papervault.commands import parser
from papervault.commands.new import write_new
from papervault.notes import Note
from papervault.template import READING_TEMPLATE
from papervault.vault import Vault
from papervault.vault import ensure_inbox
from papervault.vault import load_vault


def existing(vault: Vault, meta: dict[str, Any]) -> Note | None:
    """A note already in the vault for the same paper, or one that shares its arXiv id or DOI."""
    wanted = identity.identity(meta)
    for note in vault.notes:
        found = identity.identity(note.meta)
        if identity.same_identity(found, wanted) or identity.shares_id(found, wanted):
            return note
    return None


def body(abstract: str) -> str:
    """The reading template, after the abstract (escaped: it is the service's text)."""
    if not abstract:
        return READING_TEMPLATE
    return f"## Abstract\n\n{html.escape(abstract, quote=False)}\n\n{READING_TEMPLATE}"


def main(argv: Sequence[str] | None = None) -> int:
    p = parser("add", "Add a paper by id: fetch its metadata and write its note.")
    p.add_argument("ref", metavar="arxiv:ID|doi:DOI")
    p.add_argument("--section", metavar="N", help="section number as in the contents (2.5)")
    add_vault_option(p)
    args = p.parse_args(argv)
    kind, value = fetch.parse_ref(args.ref)
    root = config.vault_dir(args.vault)
    vault = load_vault(root)
    section = vault.by_number(args.section) if args.section else None
    meta, abstract = fetch.lookup(kind, value)
    duplicate = existing(vault, meta)
    if duplicate is not None:
        print(f"already in the vault: {os.path.relpath(duplicate.path)}", file=sys.stderr)
        return 1
    taken = citekey.taken(n.meta for n in vault.notes)
    path = write_new(root, section or ensure_inbox(vault), meta, body(abstract), taken)
    print(os.path.relpath(path))
    return 0
