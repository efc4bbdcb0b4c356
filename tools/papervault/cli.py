"""`papervault COMMAND ...`: a thin dispatcher; each command is a module with `main(argv)`.

Only the chosen command's module is imported, so a hook such as `check-conflicts` starts
without loading YAML, git or MkDocs.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable
from collections.abc import Sequence

from papervault import __version__
from papervault.errors import VaultError

COMMANDS: dict[str, tuple[str, str]] = {
    "init": ("init", "start a vault repository (settings, hooks, attributes, site config)"),
    "import": ("importer", "import a paper list, awesome-list Markdown, BibTeX or CSL-JSON"),
    "new": ("new", "write a new note from the reading template"),
    "add": ("add", "add a paper by arxiv:ID or doi:DOI"),
    "list": ("list", "list the papers (--json for tools)"),
    "lint": ("lint", "check (and --fix) the notes' metadata"),
    "check-conflicts": ("check_conflicts", "find conflict markers, mangled ones too"),
    "toc": ("toc", "print the numbered contents (--check: the structure)"),
    "install": ("install", "set up merge drivers and git hooks in this clone"),
    "resolve": ("resolve", "finish a merge in progress"),
    "review": ("review", "summarise vault changes between two revisions"),
    "export": ("export", "export the vault as BibTeX or CSL-JSON"),
    "site": ("site", "build the site strictly (--builder mkdocs|zensical)"),
    "merge-driver": ("merge_driver", "git merge driver for notes (called by git)"),
}

# a command's part that comes with an extra, not with `pip install papervault` (what the hooks
# need): its module -> (the package, the extra that brings it)
EXTRAS = {"git": ("GitPython", "git")}


def missing(module: str) -> str:
    """What to install for a command whose `module` is not here (`EXTRAS`)."""
    package, extra = EXTRAS[module]
    return (
        f"{package} is not installed beside this papervault: pip install 'papervault[all]'"
        f" (or 'papervault[{extra}]' for {package} alone)"
    )


def did_you_mean(name: str) -> str:
    """`; did you mean 'list'?` for a mistyped command (empty when nothing is near)."""
    import difflib

    same_letters = [c for c in COMMANDS if sorted(c) == sorted(name)]  # `lsit`: letters swapped
    close = same_letters or difflib.get_close_matches(name, COMMANDS, n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def usage() -> str:
    width = max(map(len, COMMANDS))
    rows = [f"  {name:<{width}}  {text}" for name, (_, text) in COMMANDS.items()]
    return "usage: papervault COMMAND [ARGS...]\n\ncommands:\n" + "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help"):
        print(usage(), file=sys.stdout if args else sys.stderr)
        return 0 if args else 2
    if args[0] == "--version":
        print(f"papervault {__version__}")
        return 0
    name, rest = args[0], args[1:]
    if name not in COMMANDS:
        print(f"papervault: unknown command {name!r}{did_you_mean(name)}", file=sys.stderr)
        print(f"\n{usage()}", file=sys.stderr)
        return 2
    module_name = f"papervault.commands.{COMMANDS[name][0]}"
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as e:
        if e.name in EXTRAS:
            print(f"papervault {name}: {missing(e.name)}", file=sys.stderr)
            return 2
        if e.name != module_name:
            raise
        print(f"papervault: {name!r} is not available in this version", file=sys.stderr)
        return 2
    return run(name, module.main, rest)


def run(name: str, entry: Callable[[list[str]], int], argv: list[str]) -> int:
    """Call a command's `main`, turning user-level errors into a message and exit 2."""
    try:
        result = entry(argv)
    except VaultError as e:
        print(f"papervault {name}: {e}", file=sys.stderr)
        return 2
    except ModuleNotFoundError as e:  # a part imported on the way (`install`'s GitPython)
        if e.name not in EXTRAS:
            raise
        print(f"papervault {name}: {missing(e.name)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `papervault list | head`: the reader left; say nothing more
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except OSError as e:  # a file that cannot be read or written: its name and why
        print(f"papervault {name}: {os_error(e)}", file=sys.stderr)
        return 2
    return int(result)


def os_error(e: OSError) -> str:
    """`path: reason` for a failed file operation (the target of a rename, not its temp)."""
    where = e.filename2 if e.filename2 is not None else e.filename
    why = e.strerror or str(e)
    if where is None:
        return why
    path = os.fsdecode(where)
    if isinstance(e, (FileExistsError, NotADirectoryError)) and os.path.isfile(path):
        why = "a file is where a folder is needed"
    shown = os.path.relpath(path)
    return f"{path if shown.startswith('..') else shown}: {why}"


def hook(command: str) -> int:
    """Run `papervault COMMAND` with this process's arguments (for console scripts)."""
    return main([command, *sys.argv[1:]])


def conflicts_hook() -> int:
    """`papervault-conflicts`: the pre-commit hook form of `check-conflicts`."""
    return hook("check-conflicts")


def lint_hook() -> int:
    """`papervault-lint`: the pre-commit hook form of `lint`."""
    return hook("lint")


def toc_hook() -> int:
    """`papervault-toc`: the pre-commit hook form of `toc --check` (structure only, writes
    nothing)."""
    return main(["toc", "--check", *sys.argv[1:]])
