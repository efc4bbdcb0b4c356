"""`papervault list [--json]`: the papers in contents order, with their sections."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from typing import Any

from papervault import config
from papervault.commands import add_vault_option
from papervault.commands import parser
from papervault.vault import Vault
from papervault.vault import load_vault


def records(vault: Vault) -> list[dict[str, Any]]:
    """The JSON shape: `{path, title, sections, <front matter>}` per paper."""
    out = []
    for note in vault.papers_in_order():
        record: dict[str, Any] = {
            "path": os.path.relpath(note.path),
            "title": note.title,
            "sections": [s.number for s in vault.sections_of(note)],
        }
        record.update((k, v) for k, v in note.meta.items() if k not in record)
        out.append(record)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    p = parser("list", "List the vault's papers.")
    p.add_argument("--json", action="store_true", help="print JSON for tools")
    add_vault_option(p)
    args = p.parse_args(argv)
    vault = load_vault(config.vault_dir(args.vault))
    rows = records(vault)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
    else:
        for row in rows:
            where = ", ".join(row["sections"]) or "-"
            print(f"{where}\t{row['title']}\t{row['path']}")
    for error in vault.errors:
        print(f"papervault list: {error}", file=sys.stderr)
    return 2 if vault.errors else 0
