"""One module per command, each with `main(argv) -> int` (0 clean, 1 findings, 2 errors)."""

from __future__ import annotations

import argparse


def parser(command: str, description: str) -> argparse.ArgumentParser:
    """An argument parser named `papervault COMMAND`."""
    return argparse.ArgumentParser(prog=f"papervault {command}", description=description)


def add_vault_option(p: argparse.ArgumentParser) -> None:
    """`--vault DIR`: defaults to `[tool.papervault] vault`, else `vault/`."""
    p.add_argument("--vault", metavar="DIR", help="the vault folder (default: from pyproject)")
