"""`review` accounts for every changed file: a part for a maintainer's eye lists the site
configuration, workflows, hooks, the vault's other files and links; names cannot inject."""

from __future__ import annotations

import json
from pathlib import Path

import markdown  # type: ignore[import-untyped]
import pytest

from papervault import review
from papervault.cli import main
from tests.conftest import git
from tests.conftest import write_files

BASE = {
    "vault/index.md": "---\ntitle: Home\n---\n",
    "vault/md/index.md": "---\ntitle: Deep MD\norder: 1\n---\n",
    "vault/md/mace.md": "---\ntitle: MACE\nyear: 2022\n---\nMACE.\n",
    "mkdocs.yml": "site_name: x\ndocs_dir: vault\n",
    "README.md": "# Readme\n",
}
TICKS = "vault/md/a`](javascript:alert(1))`.png"


def commit(repo: Path, files: dict[str, str], message: str) -> None:
    write_files(repo, files)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--no-verify", "-m", message)


def test_every_other_file_is_shown_to_a_maintainer(
    git_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    commit(git_repo, BASE, "base")
    git(git_repo, "checkout", "-q", "-b", "topic")
    (git_repo / "vault/md/env.md").symlink_to("/proc/self/environ")
    (git_repo / "README.md").unlink()
    commit(
        git_repo,
        {
            "mkdocs.yml": (
                "site_name: x\ndocs_dir: vault\nhooks:\n  - evil.py\n"
                "markdown_extensions:\n  - pymdownx.emoji:\n"
                "      emoji_index: !!python/name:os.system\n"
                "theme:\n  name: material\n  custom_dir: overrides\n"
            ),
            ".github/workflows/x.yml": "on: push\n",
            ".pre-commit-config.yaml": "repos: []\n",
            ".gitattributes": "*.md merge=ours\n",
            "vault/x.html": "<script>alert(1)</script>\n",
            "vault/md/figure.png": "png",
            TICKS: "png",
            "vault/md/mace.md": "---\ntitle: MACE\nyear: 2023\n---\nMACE.\n",
            "tools/evil.py": "import os\n",
        },
        "topic",
    )
    assert main(["review", "main", "topic"]) == 0
    text = capsys.readouterr().out
    part = text.split("### For a maintainer's eye\n\n", 1)[1].split("\n\n", 1)[0]
    assert part.splitlines() == [
        "- `.gitattributes` (added): merge drivers and attributes: run on every merge",
        "- `.github/workflows/x.yml` (added): GitHub workflows and settings: run in CI"
        " with its permissions",
        "- `.pre-commit-config.yaml` (added): hooks configuration: runs on every commit",
        "- `README.md` (deleted): outside the vault (code, tests, documentation)",
        "- `mkdocs.yml` (modified): site configuration: plugins, hooks and theme of every"
        " build; runs code or script: hooks: (Python run by every build) (line 3),"
        " !!python/name:os.system tag (line 7), theme custom\\_dir: (templates of its own)"
        " (line 10)",
        "- `tools/evil.py` (added): outside the vault (code, tests, documentation)",
        "- ``vault/md/a`](javascript:alert(1))`.png`` (added): an image in the vault:"
        " published as it is",
        "- `vault/md/env.md` (added): a symbolic link: the site and the tools may follow it"
        " anywhere",
        "- `vault/md/figure.png` (added): an image in the vault: published as it is",
        "- `vault/x.html` (added): in the vault, refused by the lint and the build: not a"
        " note or an image: the vault publishes notes (.md) and .png, .jpg, .jpeg, .gif,"
        " .webp, .avif images only",
    ]
    html = markdown.markdown(text)
    assert "<a " not in html  # no name became a link
    assert "<code>vault/md/a`](javascript:alert(1))`.png</code>" in html
    assert "- **MACE** (`md/mace.md`)" in text


def test_only_other_files_changed_still_says_so(
    git_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    commit(git_repo, BASE, "base")
    commit(git_repo, {"mkdocs.yml": "site_name: y\n"}, "config")
    assert main(["review", "HEAD~1", "HEAD"]) == 0
    assert capsys.readouterr().out == (
        "## papervault review: `HEAD~1` → `HEAD`\n\n"
        "### For a maintainer's eye\n\n"
        "- `mkdocs.yml` (modified): site configuration: plugins, hooks and theme of every build\n"
        "\nNo papers or sections changed.\n"
    )
    assert main(["review", "HEAD~1", "HEAD", "--format", "json"]) == 0
    files = json.loads(capsys.readouterr().out)["files"]
    assert files == [
        {
            "path": "mkdocs.yml",
            "status": "modified",
            "what": "site configuration: plugins, hooks and theme of every build",
        }
    ]


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("a.md", "`a.md`"),
        ("a`b", "``a`b``"),
        ("``x", "``` ``x ```"),
        ("line\nbreak", "`line\\nbreak`"),
    ],
)
def test_names_are_code_spans_that_cannot_end_early(text: str, shown: str) -> None:
    assert review.name(text) == shown
