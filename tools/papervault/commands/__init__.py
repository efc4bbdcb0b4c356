"""One module per command, each with `main(argv) -> int` (0 clean, 1 findings, 2 errors)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # argparse is imported when used: the merge drivers start without it
    import argparse


def parser(command: str, description: str) -> argparse.ArgumentParser:
    """An argument parser named `papervault COMMAND`."""
    import argparse

    return argparse.ArgumentParser(prog=f"papervault {command}", description=description)


def add_vault_option(p: argparse.ArgumentParser) -> None:
    """`--vault DIR`: defaults to `[tool.papervault] vault`, else `vault/`."""
    p.add_argument("--vault", metavar="DIR", help="the vault folder (default: from pyproject)")
