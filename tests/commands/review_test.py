from __future__ import annotations

import json
from pathlib import Path

import pytest

from papervault.cli import main
from tests.conftest import git
from tests.conftest import write_files


def _commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--no-verify", "-m", message)


BASE = {
    "vault/index.md": "---\ntitle: Home\n---\n",
    "vault/md/index.md": "---\ntitle: Deep MD\norder: 1\n---\n",
    "vault/md/dp/index.md": "---\ntitle: DeePMD\norder: 1\n---\n",
    "vault/md/mlp/index.md": "---\ntitle: Potentials\norder: 2\n---\n",
    "vault/md/dp/mace.md": "---\ntitle: MACE\nvenue: Arxiv\n---\nMACE summary\n",
    "vault/md/dp/gone.md": "---\ntitle: Gone\n---\n",
    "vault/md/dp/edit.md": "---\ntitle: Edited\nyear: 2018\n---\nOld\n",
    "vault/md/dp/untouched.md": "---\ntitle: Untouched\n---\n",
}


def test_review_of_a_branch(git_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_files(git_repo, BASE)
    _commit(git_repo, "base")
    git(git_repo, "checkout", "-q", "-b", "topic")
    git(git_repo, "mv", "vault/md/dp/mace.md", "vault/md/mlp/mace.md")
    (git_repo / "vault/md/dp/gone.md").unlink()
    write_files(
        git_repo,
        {
            "vault/md/dp/edit.md": "---\ntitle: Edited\nyear: 2019\n---\nOld\n",
            "vault/md/mlp/new.md": "---\ntitle: New one\nurl: javascript:alert(1)\n---\n",
            "vault/md/mlp/figure.png": b"\x89PNG\r\n\x1a\n\x00\x00",
        },
    )
    _commit(git_repo, "topic")
    assert main(["review", "main", "topic"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("## papervault review: `main` → `topic`\n")
    assert "**Papers:** 1 added, 1 deleted, 1 moved, 1 edited." in text
    assert "- **New one** in 1.2 Potentials (`md/mlp/new.md`)" in text
    assert "- **Gone** from 1.1 DeePMD (`md/dp/gone.md`)" in text
    assert "- **MACE**: 1.1 DeePMD → 1.2 Potentials" in text
    assert "  - `year`: `2018` → `2019`" in text
    assert "### Lint findings on changed notes" in text
    assert "md/mlp/new.md:3:6: url-scheme" in text
    assert "md/mlp/new.md:1:1: missing-venue no venue (journal or conference) [warning]`" in text
    assert "md/dp/untouched.md" not in text  # its warnings are not this change's
    assert main(["review", "main", "topic", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [p["title"] for p in data["added"]] == ["New one"]
    assert {  # as `lint --format json` writes a finding
        "path": "md/mlp/new.md",
        "line": 1,
        "col": 1,
        "severity": "warning",
        "rule": "missing-venue",
        "message": "no venue (journal or conference)",
    } in data["findings"]
    assert sorted((c["paper"]["title"], c["moved"]) for c in data["changed"]) == [
        ("Edited", False),
        ("MACE", True),
    ]


def test_first_commit_broken_note_and_bad_revision(
    git_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_files(git_repo, {"README.md": "x\n"})
    _commit(git_repo, "no vault yet")
    write_files(git_repo, {**BASE, "vault/md/dp/broken.md": "---\ntitle: [\n---\n"})
    _commit(git_repo, "vault")
    assert main(["review", "HEAD~1"]) == 0
    text = capsys.readouterr().out
    assert "**Papers:** 4 added" in text
    assert "### Broken notes" in text
    assert (
        "### Broken notes\n\n"
        "- `md/dp/broken.md:3:1: broken-note invalid front matter:"
        " did not find expected node content`\n"
    ) in text
    assert main(["review", "HEAD~1", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["broken"] == [
        {
            "path": "md/dp/broken.md",
            "line": 3,
            "col": 1,
            "severity": "error",
            "rule": "broken-note",
            "message": "invalid front matter: did not find expected node content",
        }
    ]
    assert main(["review", "nope"]) == 2
    assert "papervault review: 'nope' is not a commit in this repository" in capsys.readouterr().err


def test_empty_change(git_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_files(git_repo, BASE)
    _commit(git_repo, "base")
    assert main(["review", "HEAD", "HEAD"]) == 0
    assert "No papers or sections changed." in capsys.readouterr().out
