"""`papervault toc [--check] [--vault DIR]`: write (or check) the generated contents.

Without `--check` it writes `contents.md` when it is not what the vault generates and exits
1 when it changed the file (the pre-commit fixer convention), 0 when it was current. With
`--check` it writes nothing and exits 1, naming each entry that differs, when the file is
stale. Structure problems (a note outside any section, sibling sections with the same
order, an `also_in` naming no section) are printed and make the exit 1 in both modes;
notes that cannot be read make it 2 and nothing is written (a broken contents file itself
is just rewritten).
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence

from papervault import config
from papervault import toc
from papervault.commands import add_vault_option
from papervault.commands import parser
from papervault.vault import Vault
from papervault.vault import load_vault


def main(argv: Sequence[str] | None = None) -> int:
    p = parser("toc", "Write the vault's generated contents (contents.md).")
    p.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if the contents are stale"
    )
    add_vault_option(p)
    args = p.parse_args(argv)
    vault = load_vault(config.vault_dir(args.vault))
    gc.freeze()  # the notes live until the end: spare them the collector's rescans (~7%)
    try:
        return run(vault, check=args.check)
    finally:
        gc.unfreeze()


def run(vault: Vault, *, check: bool) -> int:
    errors = toc.blocking_errors(vault)
    if errors:
        for error in errors:
            print(f"papervault toc: {error}", file=sys.stderr)
        print(
            "papervault toc: the contents were not written: fix these notes first", file=sys.stderr
        )
        return 2
    problems = toc.structure_problems(vault)
    for problem in problems:
        print(problem)
    path = toc.contents_path(vault)
    if check:
        differences = toc.stale(vault)
        for difference in differences:
            print(difference)
        if differences:
            print(f"{path} is stale: run papervault toc")
        return 1 if differences or problems else 0
    changed = toc.write(vault)
    if changed:
        print(f"papervault toc: wrote {path}")
    return 1 if changed or problems else 0
