"""Duplicates a merge makes are findings: resolve, review and lint name both paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from papervault.identity import url_key
from tests.commands.gitrepo import PAPER
from tests.commands.gitrepo import new_repo

LONG = "---\ntitle: {title}\nyear: 2018\nurl: {url}\n---\n# Summary\n"


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("https://example.org/gn/", "url:example.org/gn"),
        ("http://www.Example.org/gn#top", "url:example.org/gn"),
        ("example.org/gn", "url:example.org/gn"),  # a scheme-less link is one address too
        ("https://arxiv.org/abs/1806.01261", ""),  # an arXiv id: identity's own id
        ("https://doi.org/10.1063/5.0155600", ""),
        ("not a link", ""),
        (None, ""),
    ],
)
def test_url_key(url: str | None, key: str) -> None:
    assert url_key({"title": "T", "url": url}) == key


def test_a_merge_that_makes_one_paper_two_notes_is_reported_everywhere(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo", drivers=False)
    repo.git("checkout", "-q", "-b", "topic")
    repo.write(
        "vault/md/relational.md",
        LONG.format(title="Relational inductive biases and graph networks", url="example.org/gn"),
    )
    repo.edit("vault/llm/gpt.md", "title: GPT\n", "title: GPT-2\n")
    repo.commit("theirs: the paper under a short title, a scheme-less link")
    repo.git("checkout", "-q", "main")
    repo.write(
        "vault/md/relational-inductive-biases.md",
        LONG.format(
            title="Relational inductive biases, deep learning, and graph networks",
            url="https://example.org/gn/",
        ),
    )
    repo.edit("vault/llm/gpt.md", "title: GPT\n", "title: GPT-1\n")
    repo.commit("ours: the paper under its full title")
    assert repo.git("merge", "--no-edit", "topic", check=False).returncode == 1
    proc = repo.papervault("resolve")
    assert proc.returncode == 1  # the title conflict; the duplicate does not change the exit
    assert (
        "vault/md/relational.md:1:1: duplicate-paper one paper in two notes?"
        " vault/md/relational-inductive-biases.md has the same url (example.org/gn):"
        " a person decides, nothing was deleted\n"
    ) in proc.stdout
    assert (repo.path / "vault/md/relational.md").is_file()
    assert (repo.path / "vault/md/relational-inductive-biases.md").is_file()
    repo.write("vault/llm/gpt.md", PAPER.format(title="GPT-1", year=2018, tag="llm"))
    repo.git("add", "vault/llm/gpt.md")
    repo.git("commit", "-q", "--no-edit", "--no-verify")
    lint = repo.papervault("lint")
    assert lint.returncode == 1
    lines = [line for line in lint.stdout.splitlines() if "duplicate-url" in line]
    assert len(lines) == 2  # each note names the other
    assert lines[0].startswith("vault/md/relational-inductive-biases.md:4:")
    assert "vault/md/relational.md ('Relational inductive biases and graph networks')" in lines[0]
    assert lines[1].startswith("vault/md/relational.md:4:")
    review = repo.papervault("review", "HEAD~1", "HEAD")
    assert (
        "- `md/relational.md:1:1: duplicate-paper one paper in two notes?"
        " md/relational-inductive-biases.md has the same url (example.org/gn):"
        " a person decides, nothing was deleted`\n"
    ) in review.stdout
