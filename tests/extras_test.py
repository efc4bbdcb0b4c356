"""`pip install papervault` is what the hooks need (pre-commit installs exactly that); what
only a command a person runs needs comes with an extra, which that command names."""

from __future__ import annotations

import functools
import re
import subprocess
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

from tests.conftest import git
from tests.conftest import write_files

ROOT = Path(__file__).resolve().parent.parent
NOTE = "---\ntitle: A paper\n---\nSummary.\n"
HOOKS = [
    ["check-conflicts", "vault/s/a.md"],
    ["lint", "--fix", "--no-cache", "vault/s/a.md", "vault/s/b.md"],
    ["toc", "--check"],
    ["merge-driver", "base.md", "ours.md", "theirs.md", "7", "vault/s/a.md"],
]


def name(requirement: str) -> str:
    return re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def distributions(args: list[str], cwd: Path) -> set[str]:
    """The installed distributions whose modules `papervault ARGS` imports (run for real)."""
    code = (
        "import sys\nfrom papervault.cli import main\ncode = main(sys.argv[1:])\n"
        "print(' '.join(sorted({m.partition('.')[0] for m in sys.modules})))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, *args], cwd=cwd, capture_output=True, text=True, check=True
    )
    modules = set(proc.stdout.splitlines()[-1].split()) - at_start()
    return {name(d) for m in modules for d in owners().get(m, [])} - {"papervault"}


@functools.cache
def owners() -> dict[str, list[str]]:
    return dict(packages_distributions())


@functools.cache
def at_start() -> set[str]:
    """What Python imports before any code (a `.pth` file's module: setuptools' hack)."""
    code = "import sys; print(' '.join({m.partition('.')[0] for m in sys.modules}))"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(proc.stdout.split())


@pytest.fixture
def repo(git_repo: Path) -> Path:
    write_files(
        git_repo,
        {
            "vault/index.md": "---\ntitle: Home\n---\n",
            "vault/s/index.md": "---\ntitle: S\norder: 1\n---\n",
            "vault/s/a.md": NOTE,
            "vault/s/b.md": '+++\ntitle = "A TOML note"\n+++\nSummary.\n',  # read through
            "base.md": NOTE,
            "ours.md": NOTE.replace("Summary", "Ours"),
            "theirs.md": NOTE.replace("title: A paper", "title: A paper\nyear: 2024"),
        },
    )
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-qm", "vault")
    return git_repo


def test_the_hooks_and_the_driver_need_nothing_beyond_the_core(repo: Path) -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    core = {name(r) for r in project["dependencies"]}
    assert core == {"python-frontmatter", "pyyaml", "bibtexparser", "pylatexenc"}
    for args in HOOKS:
        assert distributions(args, repo) <= core, args
    assert "bibtexparser" in distributions(["export", "-o", "papers.bib"], repo)
    assert "gitpython" in distributions(["review", "HEAD", "HEAD"], repo)  # from [git]
    extras = project["optional-dependencies"]
    assert extras["git"] == ["gitpython>=3.1"]
    assert "papervault[site,git]" in extras["all"]


@pytest.mark.parametrize("command", [["review", "HEAD"], ["resolve"], ["install", "--no-hooks"]])
def test_a_command_without_gitpython_names_the_extra(repo: Path, command: list[str]) -> None:
    """On importing the command (review, resolve) or on its way (install)."""
    code = (
        "import sys\nsys.modules['git'] = None  # as where GitPython is not installed\n"
        f"from papervault.cli import main\nsys.exit(main({command!r}))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=repo, capture_output=True, text=True)
    assert (proc.returncode, proc.stdout, proc.stderr) == (
        2,
        "",
        f"papervault {command[0]}: GitPython is not installed beside this papervault:"
        " pip install 'papervault[all]' (or 'papervault[git]' for GitPython alone)\n",
    )
