"""What the hooks and drivers import at start-up, measured with `python -X importtime`:
never GitPython (tens of milliseconds); the commands a person runs use it for git."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import papervault
from papervault.driver.shim import CLIENT_CODE
from papervault.driver.shim import DRIVER_CODE
from tests.conftest import git
from tests.conftest import write_files

ROOT = Path(__file__).resolve().parents[1]
NOTE = "---\ntitle: A paper\n---\nSummary.\n"
PACKAGE = str(Path(papervault.__file__).resolve().parent.parent)
DRIVER_ARGS = ["base.md", "ours.md", "theirs.md", "7", "vault/s/a.md"]


def imported(args: list[str], cwd: Path) -> set[str]:
    """The modules `python -X importtime -m papervault ARGS` imports (it runs for real)."""
    names = imports([sys.executable, "-X", "importtime", "-m", "papervault", *args], cwd)
    assert "papervault.cli" in names
    return names


def imports(cmd: list[str], cwd: Path, ok: tuple[int, ...] = (0, 1)) -> set[str]:
    """The modules a `python -X importtime ...` command imports (it runs for real)."""
    env = {**os.environ, "PAPERVAULT_MERGE_SERVER": "0"}  # the client: no server started
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False, env=env)
    assert proc.returncode in ok, proc.stderr[-2000:]
    names = set()
    for line in proc.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip())
    assert names, proc.stderr[-2000:]
    return names


@pytest.fixture
def repo(git_repo: Path) -> Path:
    files = {
        "vault/index.md": "---\ntitle: Home\n---\n",
        "vault/s/index.md": "---\ntitle: S\norder: 1\n---\n",
        "vault/s/a.md": NOTE,
        "base.md": NOTE,
        "ours.md": NOTE.replace("Summary", "Ours"),
        "theirs.md": NOTE.replace("title: A paper", "title: A paper\nyear: 2024"),
    }
    write_files(git_repo, files)
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-qm", "vault")
    return git_repo


@pytest.mark.parametrize(
    "args",
    [
        ["check-conflicts", "vault/s/a.md"],
        ["lint", "--no-cache", "vault/s/a.md"],
        ["toc", "--check"],
        ["merge-driver", "base.md", "ours.md", "theirs.md", "7", "vault/s/a.md"],
    ],
    ids=["conflicts-hook", "lint-hook", "toc-hook", "note-driver"],
)
def test_no_hook_or_driver_imports_gitpython(repo: Path, args: list[str]) -> None:
    names = imported(args, repo)
    assert "git" not in names
    assert not any(name.startswith("git.") for name in names)


def test_the_shims_direct_driver_does_not_import_gitpython(repo: Path) -> None:
    cmd = [sys.executable, "-X", "importtime", "-I", "-c", DRIVER_CODE, *DRIVER_ARGS]
    names = imports(cmd, repo, ok=(10, 11))
    assert "papervault.driver.drive" in names
    assert not {"git", "papervault.cli", "papervault.commands"} & names


def test_the_client_imports_the_standard_library_and_its_own_modules_only(repo: Path) -> None:
    cmd = [sys.executable, "-X", "importtime", "-I", "-S", "-c", CLIENT_CODE, PACKAGE]
    names = imports([*cmd, str(repo / ".git"), sys.executable, *DRIVER_ARGS], repo, ok=(3,))
    assert "papervault.driver.client" in names
    assert {n for n in names if n.startswith("papervault")} <= {
        "papervault",
        "papervault.driver",
        "papervault.driver.client",
        "papervault.driver.labels",  # when git passed no labels
        "papervault.merge",
        "papervault.merge.labels",
    }
    assert not {"enum", "re", "json", "socket"} & names  # milliseconds each, once per note


DRIVER_MODULES = [
    "papervault.commands.merge_driver",
    "papervault.driver.client",
    "papervault.driver.drive",
    "papervault.driver.server",
    "papervault.driver.shim",
    "papervault.driver.status",
]


@pytest.mark.parametrize("module", DRIVER_MODULES)
def test_the_driver_process_modules_do_not_import_gitpython(module: str) -> None:
    code = f"import {module}, sys; print('git' in sys.modules)"
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert proc.stdout.strip() == "False"


def test_review_reads_git_through_gitpython(repo: Path) -> None:
    assert "git" in imported(["review", "HEAD", "HEAD"], repo)
