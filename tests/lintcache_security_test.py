"""The lint cache cannot hide a finding: in a clone it lives in the git directory, where no
commit (say, a pull request's) can put a forged answer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from papervault import lint
from papervault import lintcache
from papervault.cli import main
from tests.conftest import git

BAD = "---\ntitle: Bad\nyear: 20\n---\n<script>alert(1)</script>\n"


def forge(repo: Path, where: Path) -> None:
    """A cache claiming the bad note has no finding, as a change could commit it."""
    data = (repo / "vault/md/bad.md").read_bytes()
    cfg = lint.load_config({})
    stamp = lintcache.fingerprint(cfg)
    files: dict[str, list[object]] = {"md/bad.md": [lintcache.digest(data), lint.PAPER, [], None]}
    where.parent.mkdir(parents=True, exist_ok=True)
    where.write_text(json.dumps({"stamp": stamp, "files": files}))


def test_a_committed_cache_cannot_make_lint_pass(
    git_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (git_repo / "vault/md").mkdir(parents=True)
    (git_repo / "vault/md/index.md").write_text("---\ntitle: MD\norder: 1\n---\n")
    (git_repo / "vault/md/bad.md").write_text(BAD)
    vault = (git_repo / "vault").resolve()
    name = lintcache.cache_path(vault).name
    forge(git_repo, git_repo / lintcache.CACHE_DIR / name)  # where the cache used to be
    git(git_repo, "add", "-A", "-f")
    git(git_repo, "commit", "-q", "--no-verify", "-m", "a forged cache")
    for _ in range(2):  # cold, then warm from the real cache
        assert main(["lint", "vault/md/bad.md"]) == 1
        out = capsys.readouterr().out
        assert "vault/md/bad.md:3:7: bad-year" in out
        assert "vault/md/bad.md:5:1: unsafe-html raw <script> tag" in out
    real = lintcache.cache_path(vault)
    assert real.parent == (git_repo / ".git/papervault").resolve()
    assert real.exists()
    assert git(git_repo, "status", "--porcelain", "--ignored") == ""


def test_a_linked_work_tree_keeps_its_cache_in_its_own_git_dir(git_repo: Path) -> None:
    (git_repo / "vault").mkdir()
    (git_repo / "vault/index.md").write_text("---\ntitle: Home\n---\n")
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "--no-verify", "-m", "base")
    git(git_repo, "worktree", "add", "-q", str(git_repo.parent / "other"), "-b", "other")
    where = lintcache.cache_path((git_repo.parent / "other/vault").resolve())
    assert where.parent == (git_repo / ".git/worktrees/other/papervault").resolve()
