"""`papervault lint [--fix] [--strict] [--format text|json|github] [--vault DIR] [FILES...]`.

Checks the notes' front matter against the schema, their bodies for unsafe HTML, and the
vault for duplicate papers and unknown sections. Without FILES the whole vault; with
FILES (as pre-commit passes them) those files, cross-checked against the rest of the
vault through the lint cache. Findings print as `path:line:col: rule message`, sorted
(warnings end in `[warning]`); `--format json` prints
`[{path, line, col, severity, rule, message}]`, `--format github` workflow annotations.

`--fix` applies the safe fixes and prints `Fixing PATH (rules)` for each file written.
Exit: 0 clean (warnings alone pass unless `--strict`), 1 errors or files fixed, 2 usage.
Rule severities: `[tool.papervault.rules]` in pyproject.toml (`rule = "error" | "warning" |
"off"`); keys the vault uses on purpose: `[tool.papervault.lint] extra-keys = [...]`; rules
off for some notes (globs in the vault): `[tool.papervault.lint.per-file-ignores]`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

from papervault import config
from papervault import findings
from papervault import lint
from papervault import notes
from papervault import publish
from papervault.commands import add_vault_option
from papervault.commands import parser
from papervault.errors import NoteError
from papervault.errors import VaultError
from papervault.files import write_text
from papervault.findings import Finding
from papervault.lintcache import Cache
from papervault.lintcache import Scan
from papervault.lintcache import cache_path
from papervault.lintcache import fingerprint
from papervault.lintcache import scan
from papervault.walk import markdown_files

FORMATS = findings.FORMATS


def main(argv: Sequence[str] | None = None) -> int:
    p = parser("lint", "Check the notes' metadata and bodies (and --fix what is safe to fix).")
    p.add_argument("files", nargs="*", metavar="FILES", help="notes to check (default: all)")
    p.add_argument("--fix", action="store_true", help="apply the safe fixes in place")
    p.add_argument("--strict", action="store_true", help="warnings fail too (exit 1)")
    p.add_argument("--format", choices=FORMATS, default="text", help="output format")
    p.add_argument("--no-cache", action="store_true", help="read no cache and write none")
    p.add_argument(
        "--list-rules", action="store_true", help="print each rule's id and severity, then exit"
    )
    add_vault_option(p)
    args = p.parse_args(argv)
    pyproject = config.find_pyproject()
    cfg = lint.load_config(config.settings(), str(pyproject or "pyproject.toml"))
    if args.list_rules:
        for rule in lint.RULES.values():
            fix = " (--fix)" if rule.fixable else ""
            print(f"{rule.id:18} {cfg.severity(rule.id):7} {rule.description}{fix}")
        return 0
    vault: Path | None = config.vault_dir(args.vault)
    files = expand(args.files) if args.files else None
    if vault is not None and not vault.is_dir():
        if files is None:
            raise VaultError(f"{vault}: no vault folder here (use --vault DIR)")
        vault = None
    cache = None
    if vault is not None and not args.no_cache:
        cache = Cache.load(cache_path(vault), fingerprint(cfg))
    result = scan(vault, files, cfg, cache)
    fixed: list[tuple[str, tuple[str, ...]]] = []
    failed: list[Finding] = []
    if args.fix:
        fixed, failed = apply_fixes(result, cfg)
        if fixed:
            result = scan(vault, files, cfg, cache)
    if cache is not None:
        cache.save()
    found = [
        finding
        for path, each in result.found.items()
        for finding in lint.configured(each, cfg, result.rels.get(path))
    ]
    found += failed + unpublished(vault, args.files or None, cfg)
    report(found, fixed, args.format)
    errors = any(f.severity == lint.ERROR for f in found)
    warnings = any(f.severity == lint.WARNING for f in found)
    return 1 if errors or fixed or (args.strict and warnings) else 0


def unpublished(vault: Path | None, names: list[str] | None, cfg: lint.Config) -> list[Finding]:
    """The vault's files that the site must not publish (`publish`), as findings: all of
    them, or those among `names` (files, or folders and what is below them)."""
    if vault is None:
        return []
    found = publish.refusals(vault)
    if names is not None:
        wanted = [os.path.relpath(os.path.abspath(n), os.path.abspath(vault)) for n in names]
        prefixes = [w.replace(os.sep, "/") for w in wanted if not w.startswith(os.pardir)]
        found = [
            r
            for r in found
            if any(p == os.curdir or r.rel == p or r.rel.startswith(p + "/") for p in prefixes)
        ]
    out = []
    for refusal in found:
        path = os.path.join(str(vault), *refusal.rel.split("/"))
        out += lint.configured(
            [lint.finding(path, 1, 1, refusal.rule, refusal.message)], cfg, refusal.rel
        )
    return out


def expand(names: list[str]) -> list[str]:
    """FILES as given, folders replaced by the Markdown files below them (a link to a
    folder is not entered: it is a finding of its own)."""
    out: list[str] = []
    for name in names:
        path = Path(name)
        if path.is_dir() and not path.is_symlink():
            out += [str(p) for p in markdown_files(path)]
        elif path.is_symlink():
            continue
        elif path.exists():
            out.append(name)
        else:
            raise VaultError(f"{name}: no such file")
    return list(dict.fromkeys(out))


def apply_fixes(
    result: Scan, cfg: lint.Config
) -> tuple[list[tuple[str, tuple[str, ...]]], list[Finding]]:
    """Fix every file with a fixable finding; (files written with their rules, failures)."""
    fixed: list[tuple[str, tuple[str, ...]]] = []
    failed: list[Finding] = []
    for path, found in sorted(result.found.items()):
        rules = cfg.fixes() - cfg.ignored(result.rels.get(path))
        if not any(f.rule in rules for f in found):
            continue
        try:
            note = notes.load(path)
        except NoteError:
            continue
        kind = result.kinds.get(path, lint.PAPER)
        fix = lint.fix_note(note, kind, rules, cfg.extra_keys)
        problem = fix.problem
        if fix.text is not None:
            try:
                write_text(Path(path), fix.text)
            except OSError as e:
                problem = f"cannot write the file ({e.strerror or e})"
            else:
                fixed.append((path, fix.rules))
        if problem is not None:
            message = f"{', '.join(fix.rules)} not fixed: {problem}; fix it by hand"
            failed += lint.configured([lint.finding(path, 1, 1, "fix-failed", message)], cfg)
    return fixed, failed


def report(found: list[Finding], fixed: list[tuple[str, tuple[str, ...]]], fmt: str) -> None:
    fix_lines = [f"Fixing {path} ({', '.join(rules)})" for path, rules in fixed]
    if fixed:  # a commit hook that changed files: say what to do next
        them = "it" if len(fixed) == 1 else "them"
        print(
            f"papervault lint: fixed {len(fixed)} file{'s' if len(fixed) > 1 else ''}:"
            f" review and `git add` {them} (then commit again)",
            file=sys.stderr,
        )
    out = sys.stderr if fmt != findings.TEXT else sys.stdout
    for line in fix_lines:
        print(line, file=out)
    sys.stdout.write(findings.render(found, fmt))


if __name__ == "__main__":
    raise SystemExit(main())
