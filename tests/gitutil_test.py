"""The small runner of the hooks and drivers: git's NUL-separated listings read one way."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from papervault import gitutil
from papervault.errors import VaultError
from tests.conftest import git
from tests.conftest import write_files


def test_paths_lists_every_name_git_would_quote(git_repo: Path) -> None:
    names = ["v/plain.md", "v/with space.md", 'v/"quoted".md', "v/line\nbreak.md", "v/é.md"]
    write_files(git_repo, dict.fromkeys(names, "x\n"))
    (git_repo / os.fsdecode(b"v/latin-\xe9.md")).write_text("x\n")
    git(git_repo, "add", "-A")
    listed = gitutil.paths("ls-files", "--", "v", cwd=git_repo)
    assert sorted(listed) == sorted([*names, os.fsdecode(b"v/latin-\xe9.md")])
    assert all((git_repo / name).is_file() for name in listed)  # each one opens


def test_records_are_what_lies_between_the_separators() -> None:
    assert gitutil.records(b"a\0b c\0") == ["a", "b c"]
    assert gitutil.records(b"") == []


def test_a_failure_is_git_s_own_words(git_repo: Path) -> None:
    with pytest.raises(VaultError) as caught:
        gitutil.paths("ls-files", "--", "/", cwd=git_repo)
    assert str(caught.value) == f"git ls-files: fatal: /: '/' is outside repository at '{git_repo}'"
