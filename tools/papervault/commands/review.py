"""`papervault review BASE [HEAD] [--format markdown|json]`: a change, in papers."""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from papervault import config
from papervault import review
from papervault import snapshot
from papervault.commands import add_vault_option
from papervault.commands import parser
from papervault.vault import load_vault


def main(argv: Sequence[str] | None = None) -> int:
    p = parser("review", "Summarise the vault changes from BASE to HEAD for a pull request.")
    p.add_argument("base", metavar="BASE")
    p.add_argument("head", metavar="HEAD", nargs="?", default="HEAD")
    p.add_argument("--format", choices=("markdown", "json"), default="markdown")
    add_vault_option(p)
    args = p.parse_args(argv)
    subdir = snapshot.vault_subdir(config.vault_dir(args.vault))
    base, head = snapshot.commit_of(args.base), snapshot.commit_of(args.head)
    with tempfile.TemporaryDirectory(prefix="papervault-review-") as tmp:
        before = load_vault(snapshot.extract(base, subdir, Path(tmp) / "base"))
        after = load_vault(snapshot.extract(head, subdir, Path(tmp) / "head"))
        result = review.review(before, after)
    if args.format == "json":
        sys.stdout.write(review.to_json(result))
    else:
        sys.stdout.write(review.to_markdown(result, args.base, args.head))
    return 0
