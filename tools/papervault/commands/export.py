"""`papervault export --format bibtex|csl-json [-o FILE] [-q]`: the vault for reference managers.

On a terminal, a long export shows its progress on stderr (`-q`: never); the exported text
itself is the same either way, on stdout or (`-o FILE`) in the file; `-o -` is stdout.
"""

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
from papervault.progress import Progress
from papervault.vault import load_vault

WRITERS = {"bibtex": bib.to_bibtex, "csl-json": csl.to_csl}


def main(argv: Sequence[str] | None = None) -> int:
    p = parser("export", "Export every paper as BibTeX or CSL-JSON.")
    p.add_argument("--format", choices=sorted(WRITERS), default="bibtex")
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress display")
    add_vault_option(p)
    args = p.parse_args(argv)
    progress = Progress("export", sys.stderr, quiet=args.quiet)
    try:
        text = export(args.vault, args.format, progress)
    finally:
        progress.done()
    if text is None:
        return 2
    if args.output and args.output != "-":
        if Path(args.output).is_dir():
            raise VaultError(f"-o {args.output}: is a folder; name a file (like papers.bib)")
        write_text(Path(args.output), text)
    else:
        sys.stdout.write(text)
    return 0


def export(vault_option: str | None, kind: str, progress: Progress) -> str | None:
    """The vault as `kind`, or None when a note cannot be read (said on stderr)."""
    vault = load_vault(config.vault_dir(vault_option), progress.step("reading notes"))
    if vault.errors:
        progress.done()
        for error in vault.errors:
            print(f"papervault export: {error}", file=sys.stderr)
        print("papervault export: nothing exported; fix the notes above", file=sys.stderr)
        return None
    metas = [note.meta for note in vault.papers_in_order()]
    return WRITERS[kind](metas, progress.step("writing entries"))
