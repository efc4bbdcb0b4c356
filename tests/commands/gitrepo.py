"""Real git repositories for the merge tests: a small vault, the drivers installed for real."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import run_git
from tests.conftest import write_files

PROJECT = Path(__file__).resolve().parents[2]

SECTION = "---\ntitle: {title}\norder: {order}\n---\n"
PAPER = "---\ntitle: {title}\nyear: {year}\ntags:\n  - {tag}\n---\n# Summary\n\n{title} in brief.\n"


class Repo:
    """A work tree in tmp_path, driven through git and papervault subprocesses."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def git(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return run_git(self.path, *args, check=check)

    def papervault(self, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        """`papervault ARGS` run in the clone's top folder, or in `cwd` below it."""
        return subprocess.run(
            [sys.executable, "-m", "papervault", *args],
            cwd=cwd or self.path,
            capture_output=True,
            text=True,
            check=False,
        )

    def write(self, name: str, text: str) -> None:
        write_files(self.path, {name: text})

    def read(self, name: str) -> str:
        return (self.path / name).read_bytes().decode()

    def edit(self, name: str, old: str, new: str) -> None:
        text = self.read(name)
        assert old in text, (old, text)
        self.write(name, text.replace(old, new, 1))

    def commit(self, message: str) -> None:
        self.git("add", "-A")
        self.git("commit", "-q", "--no-verify", "--allow-empty", "-m", message)

    def show(self, rev: str, name: str) -> str:
        return self.git("show", f"{rev}:{name}").stdout

    def unmerged(self) -> list[str]:
        return self.git("diff", "--name-only", "--diff-filter=U").stdout.split()


def new_repo(root: Path, drivers: bool = True) -> Repo:
    """A repository with a two-section vault on `main`; drivers set up by `papervault install`."""
    repo = Repo(root)
    root.mkdir(parents=True, exist_ok=True)
    repo.git("init", "-q", "-b", "main")
    for key, value in (
        ("user.name", "Test"),
        ("user.email", "test@example.invalid"),
        ("commit.gpgsign", "false"),
    ):
        repo.git("config", key, value)
    repo.write(".gitattributes", (PROJECT / ".gitattributes").read_text(encoding="utf-8"))
    repo.write("pyproject.toml", '[tool.papervault]\nvault = "vault"\n')
    repo.write("vault/index.md", "---\ntitle: Home\n---\n# Home\n")
    repo.write("vault/llm/index.md", SECTION.format(title="Large Language Models", order=1))
    repo.write("vault/md/index.md", SECTION.format(title="Molecular Dynamics", order=2))
    repo.write("vault/llm/gpt.md", PAPER.format(title="GPT", year=2018, tag="llm"))
    repo.write("vault/md/mace.md", PAPER.format(title="MACE", year=2022, tag="potentials"))
    repo.commit("base")
    if drivers:
        proc = repo.papervault("install", "--no-hooks")
        assert proc.returncode == 0, proc.stderr
    return repo


def diverge(
    repo: Repo, theirs: list[tuple[str, str]], ours: list[tuple[str, str]], name: str
) -> None:
    """Edit `name` on the current branch (theirs), commit, then on main (ours), commit."""
    for old, new in theirs:
        repo.edit(name, old, new)
    repo.commit("theirs")
    repo.git("checkout", "-q", "main")
    for old, new in ours:
        repo.edit(name, old, new)
    repo.commit("ours")
