"""`papervault toc [--check] [-o FILE] [--vault DIR]`: the numbered contents of the vault.

The contents are made from the notes on demand and never committed. Without `--check` the
command prints them on stdout, or writes them to FILE with `-o` (atomically; `-o -` is
stdout); structure problems go to stderr and make the exit 1. With `--check` it prints
only the structure problems (a note outside any section: `toc-unfiled`; an `also_in` naming
no section is the lint's `unknown-section`), as findings (`papervault.findings`), and exits
1 when there are any. It never rewrites a file of the vault: a commit never fails because
contents were regenerated. Ties in `order` are broken by year, then title,
and are no problem. Notes that cannot be read make the exit 2 and nothing is written.
`--check` on a vault whose cached facts show nothing to report reads only the notes that
changed (`papervault.structure`); `--no-cache` reads them all.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from papervault import config
from papervault import structure
from papervault.commands import add_vault_option
from papervault.commands import parser
from papervault.errors import VaultError

if TYPE_CHECKING:
    from papervault.vault import Vault


def main(argv: Sequence[str] | None = None) -> int:
    p = parser("toc", "Print the vault's numbered contents, made from the notes.")
    p.add_argument(
        "--check", action="store_true", help="print only structure problems; exit 1 if any"
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write the contents to FILE")
    add_vault_option(p)
    p.add_argument("--no-cache", action="store_true", help="read no cache and write none")
    args = p.parse_args(argv)
    root = config.vault_dir(args.vault)
    if args.check and not args.no_cache and structure.clean(root):
        return 0  # the cached facts of every note show nothing to report (`structure`)
    from papervault.vault import load_vault  # only now: a clean check never reads YAML

    vault = load_vault(root)
    gc.freeze()  # the notes live until the end: spare them the collector's rescans (~7%)
    try:
        return run(vault, check=args.check, output=args.output)
    finally:
        gc.unfreeze()


def run(vault: Vault, *, check: bool, output: str | None = None) -> int:
    from papervault import findings
    from papervault import toc
    from papervault.files import write_text

    if vault.errors:
        for error in vault.errors:
            print(f"papervault toc: {error}", file=sys.stderr)
        print("papervault toc: no contents while these notes cannot be read", file=sys.stderr)
        return 2
    problems = toc.structure_problems(vault)
    if check:
        sys.stdout.write(findings.render(problems))
        return 1 if problems else 0
    sys.stderr.write(findings.render(problems))
    text = toc.render(vault)
    if output is None or output == "-":
        sys.stdout.write(text)
    else:
        try:
            write_text(Path(output), text)
        except OSError as e:
            raise VaultError(f"{output}: cannot write the contents: {e.strerror or e}") from None
    return 1 if problems else 0
