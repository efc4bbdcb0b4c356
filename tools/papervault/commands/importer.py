"""`papervault import SOURCE [--vault DIR] [--dry-run] [--format F]`: a list into the vault.

Exit 0 when the import (or the dry run) went through, 2 when the source cannot be
imported (unknown format, unreadable, conflicts in its data): then nothing is written.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from papervault import config
from papervault import importer
from papervault.commands import add_vault_option
from papervault.commands import parser
from papervault.importer import plan as planning
from papervault.importer import references
from papervault.importer import report
from papervault.importer.regions import Refused
from papervault.progress import Progress
from papervault.vault import load_vault


def main(argv: Sequence[str] | None = None) -> int:
    p = parser("import", "Import a paper list into the vault, losing nothing.")
    p.add_argument("source", metavar="SOURCE", help="the list to import (Markdown, .bib, CSL-JSON)")
    p.add_argument("--dry-run", action="store_true", help="show what would be written")
    p.add_argument("--format", choices=importer.names(), help="the source's format (guessed)")
    p.add_argument(
        "--section", metavar="N", help="file papers that have no section here (else the inbox)"
    )
    p.add_argument("-q", "--quiet", action="store_true", help="no progress display and no report")
    add_vault_option(p)
    args = p.parse_args(argv)
    progress = Progress("import", sys.stderr, quiet=args.quiet)
    try:
        parsed = importer.read(args.source, args.format, progress.step("reading lines"))
        root = config.vault_dir(args.vault)
        if args.section:
            references.place(parsed, load_vault(root).by_number(args.section))
        plan = planning.plan(parsed, root, progress.step("planning papers"))
        if not args.dry_run:
            importer.apply(plan, progress.step("writing files"))
    except Refused as e:
        progress.done()
        for message in e.messages:
            print(message, file=sys.stderr)
        return 2
    progress.done()
    if args.quiet:
        return 0
    for line in report.lines(parsed, plan, dry_run=args.dry_run):
        print(line)
    return 0
