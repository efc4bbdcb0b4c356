"""`papervault export --format bibtex|csl-json [-o FILE]`: the vault for reference managers."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from papervault import bib
from papervault import config
from papervault import csl
from papervault.commands import add_vault_option
from papervault.commands import parser
from papervault.errors import VaultError
from papervault.files import write_text
from papervault.vault import load_vault

WRITERS = {"bibtex": bib.to_bibtex, "csl-json": csl.to_csl}


def main(argv: Sequence[str] | None = None) -> int:
    p = parser("export", "Export every paper as BibTeX or CSL-JSON.")
    p.add_argument("--format", choices=sorted(WRITERS), default="bibtex")
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    add_vault_option(p)
    args = p.parse_args(argv)
    vault = load_vault(config.vault_dir(args.vault))
    if vault.errors:
        for error in vault.errors:
            print(f"papervault export: {error}", file=sys.stderr)
        print("papervault export: nothing exported; fix the notes above", file=sys.stderr)
        return 2
    text = WRITERS[args.format]([note.meta for note in vault.papers_in_order()])
    if args.output:
        if Path(args.output).is_dir():
            raise VaultError(f"-o {args.output}: is a folder; name a file (like papers.bib)")
        write_text(Path(args.output), text)
    else:
        sys.stdout.write(text)
    return 0
