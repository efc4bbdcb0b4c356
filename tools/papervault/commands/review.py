"""`papervault review BASE [HEAD] [--format markdown|json]`: a change, in papers."""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from papervault import config
from papervault import lint
from papervault import lintcache
from papervault import review
from papervault import snapshot
from papervault.commands import add_vault_option
from papervault.commands import parser
from papervault.findings import Finding
from papervault.vault import Vault
from papervault.vault import load_vault


def changed_findings(after: Vault, result: review.Review) -> list[Finding]:
    """Lint findings on the notes the change added or changed, paths vault-relative."""
    targets = [after.root / p.path for p in result.added]
    targets += [after.root / c.paper.path for c in result.changed]
    if not targets:
        return []
    cfg = lint.load_config(config.settings())
    scanned = lintcache.scan(after.root, [str(t) for t in targets], cfg)
    found = []
    for path, each in scanned.found.items():
        rel = Path(path).relative_to(after.root).as_posix()
        found += [f._replace(path=rel) for f in lint.configured(each, cfg, scanned.rels.get(path))]
    return sorted(found)


def raw_changes(base: str, head: str) -> list[review.RawChange]:
    """Every file changed from `base` to `head` in the whole repository (no renames)."""
    return snapshot.changes(base, head)


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
        result.findings = changed_findings(after, result)
    result.files = review.file_changes(raw_changes(base, head), subdir)
    for change in result.files:
        if change.path in review.SITE_CONFIG and change.status != "deleted":
            text = snapshot.read(head, change.path).decode("utf-8", "replace")
            risks = review.site_config_risks(text)
            if risks:
                change.what += "; runs code or script: " + ", ".join(risks)
    if args.format == "json":
        sys.stdout.write(review.to_json(result))
    else:
        sys.stdout.write(review.to_markdown(result, args.base, args.head))
    return 0
