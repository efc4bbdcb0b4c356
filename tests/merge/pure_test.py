"""The law of `papervault.merge`: merging logic only, no process machinery.

The driver's processes (shim, client, server, status codes) live in `papervault.driver`;
nothing in `merge/` imports it or a command, serves, exits, prints or reads the environment.
The one process it runs is git's own line merge (`text.merge_file`, `git merge-file`); what
git leaves for naming the sides is read by the adapters (`driver.labels`, `resolve`).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import papervault.merge

MERGE = Path(papervault.merge.__file__).parent
MODULES = sorted(MERGE.glob("*.py"))
UPWARD = ("papervault.commands", "papervault.driver", "papervault.cli", "papervault.__main__")
GIT = ("papervault.gitutil", "papervault.snapshot")  # what git left is read by the adapters
MACHINERY = {"socket", "_socket", "selectors", "signal", "multiprocessing", "threading", "argparse"}
MACHINERY |= {"git"}  # GitPython
LINE_MERGE = {"text.py": {"subprocess", "tempfile"}}  # git merge-file: the line merge itself
IMPURE = {"os.environ", "os.getenv", "os.putenv", "os.umask", "sys.exit", "sys.argv"}
IMPURE |= {"sys.stdin", "sys.stdout", "sys.stderr", "print", "input", "exit", "quit"}


def imports(tree: ast.AST) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def uses(tree: ast.AST) -> set[str]:
    """The dotted names and bare names read anywhere in `tree`."""
    return {ast.unparse(n) for n in ast.walk(tree) if isinstance(n, ast.Attribute | ast.Name)}


def test_the_law_sees_every_module() -> None:
    assert {p.name for p in MODULES} >= {"fields.py", "labels.py", "note.py", "quick.py"}


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_merge_imports_no_adapter_and_no_process_machinery(path: Path) -> None:
    names = imports(ast.parse(path.read_text(encoding="utf-8")))
    assert [n for n in sorted(names) if n.startswith(UPWARD + GIT)] == []
    allowed = LINE_MERGE.get(path.name, set())
    roots = {n.split(".")[0] for n in names}
    assert sorted((roots & (MACHINERY | {"subprocess"})) - allowed) == []


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_merge_never_prints_exits_or_reads_the_environment(path: Path) -> None:
    assert sorted(uses(ast.parse(path.read_text(encoding="utf-8"))) & IMPURE) == []
