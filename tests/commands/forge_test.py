"""The forge's merge button runs no merge driver: a clone without drivers stands for it.

Two pull requests that each add one paper to the same section must merge with plain git,
in either order: the contents are generated, never committed, so no file is touched by
both.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.commands.gitrepo import PAPER
from tests.commands.gitrepo import Repo
from tests.commands.gitrepo import new_repo


@pytest.mark.parametrize("first", ["bert", "elmo"])
def test_two_pull_requests_adding_papers_to_one_section_merge_without_drivers(
    tmp_path: Path, first: str
) -> None:
    repo = new_repo(tmp_path / "repo", drivers=False)
    assert repo.git("config", "--get-regexp", "^merge\\.", check=False).stdout == ""
    for name, title, year in (("bert", "BERT", 2019), ("elmo", "ELMo", 2018)):
        repo.git("checkout", "-q", "-b", name, "main")
        proc = repo.papervault("new", "--title", title, "--section", "1")
        assert proc.returncode == 0, proc.stderr
        path = proc.stdout.strip()
        repo.write(
            path, repo.read(path).replace(f"title: {title}\n", f"title: {title}\nyear: {year}\n")
        )
        repo.commit(f"add {title}")
        changed = repo.git("diff", "--name-only", "main", name).stdout.split()
        assert changed == [path]  # nothing else: no contents file every change touches
    second = "elmo" if first == "bert" else "bert"
    repo.git("checkout", "-q", "main")
    for branch in (first, second):
        proc = repo.git("merge", "--no-ff", "--no-edit", branch, check=False)
        assert proc.returncode == 0, proc.stdout + proc.stderr
    assert repo.git("ls-files", "vault/llm").stdout.split() == [
        "vault/llm/bert.md",
        "vault/llm/elmo.md",
        "vault/llm/gpt.md",
        "vault/llm/index.md",
    ]
    check = repo.papervault("toc", "--check")
    assert (check.returncode, check.stdout, check.stderr) == (0, "", "")
    contents = repo.papervault("toc").stdout
    # each was put at a free place after the section's last ordered paper: both order 10, a
    # tie that is broken by year, then title (GPT has no order: after them)
    assert "- [1.1 ELMo](llm/elmo.md)\n- [1.2 BERT](llm/bert.md)\n- [1.3 GPT](llm/gpt.md)\n" in (
        contents
    )
    assert repo.git("status", "--porcelain").stdout == ""


def test_merge_tree_as_the_forge_computes_it(tmp_path: Path) -> None:
    """`git merge-tree --write-tree` in a bare clone: no work tree, no attributes, no drivers."""
    repo = new_repo(tmp_path / "repo", drivers=False)
    for name in ("a", "b"):
        repo.git("checkout", "-q", "-b", name, "main")
        repo.write(f"vault/llm/{name}.md", PAPER.format(title=name.upper(), year=2020, tag=name))
        repo.commit(name)
    bare = Repo(tmp_path / "bare.git")
    repo.git("clone", "-q", "--bare", str(repo.path), str(bare.path))
    proc = bare.git("merge-tree", "--write-tree", "a", "b", check=False)
    assert proc.returncode == 0, proc.stdout
