"""`papervault init [DIR]`: a new vault repository, then `papervault install` in it.

`git init` when DIR is not yet in a work tree; then the settings (`[tool.papervault]` in
pyproject.toml), mkdocs.yml, .gitattributes, .pre-commit-config.yaml, .gitignore,
vault/index.md and the workflows. A file that exists is never overwritten: the lines or the
table it lacks are added, and init says what it left. Running it again changes nothing.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

from papervault import gitutil
from papervault import scaffold
from papervault.commands import install
from papervault.commands import parser
from papervault.errors import VaultError
from papervault.files import write_text


def read(path: Path) -> str | None:
    """A file's text, or None when it is missing; a VaultError when it cannot be read."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as e:
        raise VaultError(f"{path}: cannot be read ({e})") from None


def work_tree(folder: Path) -> Path:
    """The top of the work tree holding `folder`, made by `git init` when there is none."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise VaultError(f"{folder}: cannot create the folder ({e.strerror})") from None
    try:
        return gitutil.toplevel(folder)
    except VaultError:
        gitutil.run("init", "-q", cwd=folder)
        print(f"papervault init: git repository created in {os.path.relpath(folder)}")
        return gitutil.toplevel(folder)


def main(argv: Sequence[str] | None = None) -> int:
    p = parser("init", "Start a vault repository here (or in DIR) and set up its hooks.")
    p.add_argument("dir", nargs="?", default=".", metavar="DIR")
    p.add_argument("--no-hooks", action="store_true", help="skip `pre-commit install`")
    args = p.parse_args(argv)
    folder = Path(args.dir)
    top = work_tree(folder)
    current = {name: read(folder / name) for name in scaffold.PATHS}
    for change in scaffold.plan(current, install.ATTRIBUTES):
        shown = os.path.relpath(folder / change.path)
        if change.text is not None:
            try:
                write_text(folder / change.path, change.text)
            except OSError as e:
                raise VaultError(f"{shown}: cannot be written ({e.strerror})") from None
        print(f"papervault init: {shown}: {change.note}")
    sys.stdout.flush()
    return install.setup(top, hooks=not args.no_hooks)
