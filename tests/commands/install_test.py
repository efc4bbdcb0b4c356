from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

from papervault.cli import main
from papervault.commands import install
from tests.commands.gitrepo import PROJECT
from tests.commands.gitrepo import Repo
from tests.commands.gitrepo import new_repo

NOTE = "vault/llm/gpt.md"
HOOKS = """\
repos:
  - repo: local
    hooks:
      - id: papervault-conflicts
        name: papervault conflict markers
        entry: {entry}
        language: unsupported
        types: [text]
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    monkeypatch.setenv("PRE_COMMIT_HOME", str(tmp_path / "pre-commit-home"))
    repo = new_repo(tmp_path / "repo", drivers=False)
    monkeypatch.chdir(repo.path)
    return repo


def local_config(repo: Repo) -> str:
    return repo.git("config", "--local", "--get-regexp", "^merge\\.").stdout


def test_install_writes_the_drivers_once(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["install"]) == 0
    assert capsys.readouterr().out == (
        "papervault install: merge drivers written to the clone's git config\n"
        "papervault install: no .pre-commit-config.yaml here; git hooks skipped\n"
    )
    shim = repo.path / ".git" / "papervault" / "merge-driver"
    assert os.access(shim, os.X_OK)
    assert f"PY={sys.executable}\n" in shim.read_text()
    assert local_config(repo) == (
        "merge.papervault-note.name papervault: notes merged field by field\n"
        f"merge.papervault-note.driver {shim} note %O %A %B %L %P %S %X %Y\n"
        "merge.papervault-note.recursive papervault-inner\n"
        "merge.papervault-inner.name papervault: common ancestors merged without markers\n"
        f"merge.papervault-inner.driver {shim} inner %O %A %B %L %P\n"
    )
    config = (repo.path / ".git" / "config").read_bytes()
    assert main(["install"]) == 0
    assert "merge drivers already set up" in capsys.readouterr().out
    assert (repo.path / ".git" / "config").read_bytes() == config
    assert repo.git("status", "--porcelain").stdout == ""
    assert "include" not in config.decode()


OLD_CONTENTS = {  # what an install before the contents were generated wrote
    "merge.papervault-contents.name": "papervault: contents regenerated from the notes",
    "merge.papervault-contents.driver": "/x/.git/papervault/merge-driver contents %O %A %B %L %P",
}


def test_install_removes_the_stale_contents_driver_once(
    repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["install", "--no-hooks"]) == 0
    for key, value in OLD_CONTENTS.items():
        repo.git("config", "--local", key, value)
    capsys.readouterr()
    assert main(["install", "--no-hooks"]) == 0
    assert capsys.readouterr().out == (
        "papervault install: merge drivers already set up\n"
        "papervault install: merge.papervault-contents removed from the clone's git config"
        " (no such driver)\n"
    )
    assert "papervault-contents" not in local_config(repo)
    assert "papervault-contents" not in (repo.path / ".git" / "config").read_text()
    config = (repo.path / ".git" / "config").read_bytes()
    assert main(["install", "--no-hooks"]) == 0
    assert capsys.readouterr().out == "papervault install: merge drivers already set up\n"
    assert (repo.path / ".git" / "config").read_bytes() == config


def test_install_writes_the_aliases_exactly_as_given(repo: Repo) -> None:
    assert main(["install", "--no-hooks"]) == 0
    for key, value in install.ALIASES.items():  # quotes, `;` and `$`: git's own quoting
        assert repo.git("config", "--local", "--get", key).stdout == value + "\n"


def test_a_config_git_refuses_is_exit_2_with_gits_words(
    repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    for value in ("one", "two"):
        repo.git("config", "--local", "--add", "merge.papervault-note.name", value)
    assert main(["install", "--no-hooks"]) == 2
    assert capsys.readouterr().err == (
        "papervault install: git config: warning: merge.papervault-note.name has multiple values\n"
        "error: cannot overwrite multiple values with a single value\n"
        "       Use a regexp, --add or --replace-all to change merge.papervault-note.name.\n"
    )


def test_install_reads_and_writes_config_through_gitpython() -> None:
    """install is a command a person runs: its config goes through GitPython (`git.Repo`)."""
    tree = ast.parse(Path(install.__file__).read_text(encoding="utf-8"))
    called = {ast.unparse(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
    assert not {"gitutil.run", "gitutil.config_get"} & called
    assert "git.Repo" in called


def test_install_outside_git_is_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path / "plain"
    outside.mkdir()
    monkeypatch.chdir(outside)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    assert main(["install"]) == 2
    assert capsys.readouterr().err == "papervault install: not inside a git work tree\n"


def test_install_says_when_gitattributes_misses_the_vault(
    repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.git("rm", "-q", ".gitattributes")
    assert main(["install", "--no-hooks"]) == 0
    assert capsys.readouterr().out.endswith(
        "papervault install: .gitattributes does not send vault/ to the drivers; add:\n"
        "  vault/**/*.md merge=papervault-note\n"
    )


def test_a_true_conflict_is_blocked_by_the_installed_hooks(repo: Repo) -> None:
    entry = Path(sys.executable).parent / "papervault-conflicts"
    repo.write(".pre-commit-config.yaml", HOOKS.format(entry=entry))
    repo.commit("hooks")
    proc = repo.papervault("install")
    assert proc.returncode == 0, proc.stderr
    assert "pre-commit installed at .git/hooks/pre-commit" in proc.stdout
    assert (repo.path / ".git" / "hooks" / "pre-commit").is_file()
    assert repo.papervault("install").returncode == 0  # again: nothing breaks
    repo.git("checkout", "-q", "-b", "topic")
    repo.edit(NOTE, "title: GPT\n", "title: GPT-2\n")
    repo.commit("theirs")
    repo.git("checkout", "-q", "main")
    repo.edit(NOTE, "title: GPT\n", "title: GPT-1\n")
    repo.commit("ours")
    assert repo.git("merge", "--no-edit", "topic", check=False).returncode == 1
    repo.git("add", NOTE)
    proc = repo.git("commit", "--no-edit", check=False)
    assert proc.returncode == 1
    assert "vault/llm/gpt.md:2:1:" in proc.stdout + proc.stderr
    assert repo.git("rev-parse", "-q", "--verify", "MERGE_HEAD", check=False).returncode == 0


@pytest.fixture(scope="module")
def fresh_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A venv that is not the project's .venv, with papervault pip-installed from the clone."""
    venv = tmp_path_factory.mktemp("fresh") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / ("Scripts" if os.name == "nt" else "bin") / "python"
    proc = subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "-q",
            "--disable-pip-version-check",
            f"{PROJECT}[all]",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return python


def test_any_install_commits_a_new_paper_at_the_first_try(fresh_venv: Path, tmp_path: Path) -> None:
    bindir = fresh_venv.parent
    here = Path(sys.executable).parent  # the project's .venv: not on the PATH of this user
    env = {
        **os.environ,
        "PATH": os.pathsep.join(p for p in os.environ["PATH"].split(os.pathsep) if Path(p) != here),
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
    }
    env.pop("VIRTUAL_ENV", None)
    repo = new_repo(tmp_path / "repo", drivers=False)
    repo.write(".pre-commit-config.yaml", (PROJECT / ".pre-commit-config.yaml").read_text())
    repo.commit("hooks")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            args, cwd=repo.path, env=env, capture_output=True, text=True, check=False
        )

    proc = run(str(bindir / "papervault"), "install")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "cannot start: no module 'ruff'" in proc.stderr  # the dev tools: named, not fatal
    assert "papervault-conflicts" not in proc.stderr
    proc = run(str(bindir / "papervault"), "new", "--title", "Attention Is All You Need")
    assert proc.returncode == 0, proc.stderr
    assert run("git", "add", "-A").returncode == 0
    proc = run("git", "commit", "-q", "-m", "a new paper")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    repo.edit("vault/llm/gpt.md", "# Summary\n", "# Summary\n<<<<<<< HEAD\n")
    proc = run("git", "commit", "-q", "-am", "a marker")
    assert proc.returncode == 1
    assert "vault/llm/gpt.md:8:1: unterminated-conflict" in proc.stderr, proc.stderr


def test_install_says_what_to_do_when_the_hooks_cannot_start(
    repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.write(".pre-commit-config.yaml", (PROJECT / ".pre-commit-config.yaml").read_text())
    repo.write(".git/papervault/python", "#!/bin/sh\nexit 3\n")
    assert main(["install"]) == 0
    capsys.readouterr()
    shim = Path(repo.git("rev-parse", "--git-path", "papervault/python").stdout.strip())
    (repo.path / shim).write_text("#!/bin/sh\necho 'No module named papervault' >&2; exit 1\n")
    blocking, _ = install.hook_problems(repo.path)
    python = Path(sys.executable).as_posix()
    assert blocking == [
        f"hook {hook!r} cannot start: No module named papervault; "
        f"run papervault install with the papervault you use ({python})"
        for hook in ("papervault-conflicts", "papervault-lint", "papervault-toc")
    ]
