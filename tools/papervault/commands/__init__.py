"""One module per command, each with `main(argv) -> int` (0 clean, 1 findings, 2 errors)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # argparse is imported when used: the merge drivers start without it
    import argparse


def parser(command: str, description: str) -> argparse.ArgumentParser:
    """An argument parser named `papervault COMMAND` that suggests a near option."""
    import argparse
    import difflib

    class Parser(argparse.ArgumentParser):
        def parse_known_args(  # type: ignore[override]
            self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
        ) -> tuple[argparse.Namespace, list[str]]:
            # a mistyped option first: argparse would otherwise ask for a required one
            flags = [f for a in self._actions for f in a.option_strings]
            for word in args or []:
                if word == "--":
                    break
                name = word.split("=")[0]
                if name.startswith("--") and not any(f.startswith(name) for f in flags):
                    close = difflib.get_close_matches(name, flags, n=1)
                    if close:
                        self.error(f"unrecognized arguments: {name} (did you mean {close[0]}?)")
            return super().parse_known_args(args, namespace)

    return Parser(prog=f"papervault {command}", description=description)


def add_vault_option(p: argparse.ArgumentParser) -> None:
    """`--vault DIR`: defaults to `[tool.papervault] vault`, else `vault/`."""
    p.add_argument("--vault", metavar="DIR", help="the vault folder (default: from pyproject)")
