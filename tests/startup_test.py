"""What the hooks and drivers import at start-up, measured with `python -X importtime`:
never GitPython (tens of milliseconds); the commands a person runs use it for git."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import git
from tests.conftest import write_files

ROOT = Path(__file__).resolve().parents[1]
NOTE = "---\ntitle: A paper\n---\nSummary.\n"


def imported(args: list[str], cwd: Path) -> set[str]:
    """The modules `python -X importtime -m papervault ARGS` imports (it runs for real)."""
    cmd = [sys.executable, "-X", "importtime", "-m", "papervault", *args]
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False)
    assert proc.returncode in (0, 1), proc.stderr[-2000:]
    names = set()
    for line in proc.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip())
    assert "papervault.cli" in names, proc.stderr[-2000:]
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


def test_the_driver_process_modules_do_not_import_gitpython() -> None:
    code = (
        "import papervault.merge.server, papervault.merge.client, sys; print('git' in sys.modules)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert proc.stdout.strip() == "False"


def test_review_reads_git_through_gitpython(repo: Path) -> None:
    assert "git" in imported(["review", "HEAD", "HEAD"], repo)
