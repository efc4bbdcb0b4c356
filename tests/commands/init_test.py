from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from papervault import scaffold
from papervault.cli import main
from tests.commands.gitrepo import PROJECT

LIST = PROJECT / "tests" / "data" / "import" / "small-list.md"  # the original style


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PRE_COMMIT_HOME", str(tmp_path / "pre-commit-home"))
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    for key in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{key}_NAME", "Test")
        monkeypatch.setenv(f"GIT_{key}_EMAIL", "test@example.invalid")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)


def test_init_import_commit_and_a_strict_site_build(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["init", "review"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        "papervault init: git repository created in review\n"
        "papervault init: review/pyproject.toml: written\n"
        "papervault init: review/mkdocs.yml: written\n"
    )
    assert "papervault install: pre-commit installed at .git/hooks/pre-commit\n" in out
    vault = home / "review"
    proc = run(vault, sys.executable, "-m", "papervault", "import", str(LIST))
    assert proc.returncode == 0, proc.stderr
    assert run(vault, "git", "add", "-A").returncode == 0
    proc = run(vault, "git", "commit", "-q", "-m", "the list, imported")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert re.findall(r"^(papervault [a-z ]+)\.+(\w+)$", proc.stderr, re.M) == [
        ("papervault conflict markers", "Passed"),
        ("papervault metadata lint", "Passed"),
        ("papervault contents", "Passed"),
    ]
    # every papervault command leaves a vault whose next commit passes at the first try
    proc = run(vault, sys.executable, "-m", "papervault", "new", "--title", "A new paper")
    assert proc.returncode == 0, proc.stderr
    assert run(vault, "git", "add", "-A").returncode == 0
    proc = run(vault, "git", "commit", "-q", "-m", "a new paper")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    index = next((vault / "vault").glob("*/index.md"))
    index.write_text(index.read_text().replace("title: ", "title: Renamed ", 1))
    proc = run(vault, "git", "commit", "-q", "-am", "a section renamed")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    proc = run(vault, sys.executable, "-m", "mkdocs", "build", "--strict", "-q")
    assert proc.returncode == 0, proc.stderr
    assert (vault / "site" / "index.html").is_file()
    assert run(vault, "git", "status", "--porcelain").stdout == ""  # site/ is ignored


def test_init_adds_what_is_missing_and_never_overwrites(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (home / "pyproject.toml").write_text('[project]\nname = "mine"\n')
    (home / "mkdocs.yml").write_text("site_name: Mine\n")
    (home / ".gitignore").write_text("notes.tmp\n/site/")
    assert main(["init", "--no-hooks"]) == 0
    assert capsys.readouterr().out.splitlines()[:9] == [
        "papervault init: git repository created in .",
        "papervault init: pyproject.toml: added [tool.papervault]",
        "papervault init: mkdocs.yml: left as it is",
        "papervault init: .gitattributes: written",
        "papervault init: .pre-commit-config.yaml: written",
        "papervault init: .gitignore: added 3 line(s)",
        "papervault init: vault/index.md: written",
        "papervault init: .github/workflows/pull-request.yml: written",
        "papervault init: .github/workflows/publish.yml: written",
    ]
    assert (home / "pyproject.toml").read_text() == (
        '[project]\nname = "mine"\n\n[tool.papervault]\nvault = "vault"\n'
    )
    assert (home / "mkdocs.yml").read_text() == "site_name: Mine\n"
    assert (home / ".gitignore").read_text() == (
        "notes.tmp\n/site/\n.papervault-cache/\n.venv/\n__pycache__/\n"
    )
    before = {name: (home / name).read_bytes() for name in scaffold.PATHS}
    assert main(["init", "--no-hooks"]) == 0
    out = capsys.readouterr().out
    assert "written" not in out.replace("written to the clone", "")
    assert "added" not in out
    assert {name: (home / name).read_bytes() for name in scaffold.PATHS} == before


def test_init_where_a_file_blocks_the_folder(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (home / "review").write_text("a file, not a folder\n")
    assert main(["init", "review"]) == 2
    assert capsys.readouterr().err == (
        "papervault init: review: cannot create the folder (File exists)\n"
    )
