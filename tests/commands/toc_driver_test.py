from __future__ import annotations

from pathlib import Path

import pytest

from papervault.cli import main
from papervault.merge.contents import merge_lines
from papervault.merge.contents import theirs_candidates
from tests.commands.gitrepo import PAPER
from tests.commands.gitrepo import Repo
from tests.commands.gitrepo import new_repo

CONTENTS = "vault/contents.md"


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    repo = new_repo(tmp_path / "repo")
    assert repo.papervault("toc", "--check").returncode == 0
    repo.git("checkout", "-q", "-b", "topic")
    return repo


def add_paper(repo: Repo, name: str, title: str, year: int) -> None:
    repo.write(name, PAPER.format(title=title, year=year, tag="llm"))
    assert repo.papervault("toc").returncode == 1  # rewrote the contents
    repo.commit(f"add {title}")


def assert_fresh(repo: Repo) -> None:
    """The committed contents are what `papervault toc` generates from the merged notes."""
    assert repo.git("status", "--porcelain").stdout == ""
    proc = repo.papervault("toc", "--check")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_two_branches_adding_papers_to_one_section_merge_clean(repo: Repo) -> None:
    add_paper(repo, "vault/llm/bert.md", "BERT", 2019)
    repo.git("checkout", "-q", "main")
    add_paper(repo, "vault/llm/attention.md", "Attention Is All You Need", 2017)
    proc = repo.git("merge", "--no-edit", "topic")
    assert "papervault: vault/contents.md: regenerated from the merged notes" in proc.stderr
    assert_fresh(repo)
    text = repo.read(CONTENTS)
    assert text.index("Attention Is All You Need") < text.index("GPT") < text.index("BERT")


def test_a_rebase_regenerates_the_contents_of_every_replayed_commit(repo: Repo) -> None:
    add_paper(repo, "vault/llm/bert.md", "BERT", 2019)
    add_paper(repo, "vault/md/schnet.md", "SchNet", 2017)
    repo.git("checkout", "-q", "main")
    add_paper(repo, "vault/llm/attention.md", "Attention Is All You Need", 2017)
    repo.git("checkout", "-q", "topic")
    repo.git("rebase", "-q", "main")
    assert_fresh(repo)
    repo.git("checkout", "-q", "HEAD~1")
    assert_fresh(repo)


def test_a_title_change_and_a_new_paper_both_reach_the_contents(repo: Repo) -> None:
    repo.edit("vault/md/mace.md", "title: MACE\n", "title: MACE (higher order)\n")
    assert repo.papervault("toc").returncode == 1
    repo.commit("retitle")
    repo.git("checkout", "-q", "main")
    add_paper(repo, "vault/md/nequip.md", "NequIP", 2021)
    repo.git("merge", "-q", "--no-edit", "topic")
    assert_fresh(repo)
    assert "MACE (higher order)" in repo.read(CONTENTS)
    assert "NequIP" in repo.read(CONTENTS)


def test_a_merge_stopped_on_a_note_is_finished_with_fresh_contents(repo: Repo) -> None:
    repo.edit("vault/llm/gpt.md", "title: GPT\n", "title: GPT-2\n")
    add_paper(repo, "vault/llm/bert.md", "BERT", 2019)
    repo.git("checkout", "-q", "main")
    repo.edit("vault/llm/gpt.md", "title: GPT\n", "title: GPT-1\n")
    add_paper(repo, "vault/llm/attention.md", "Attention", 2017)
    assert repo.git("merge", "--no-edit", "topic", check=False).returncode == 1
    assert repo.unmerged() == ["vault/llm/gpt.md"]
    repo.write("vault/llm/gpt.md", PAPER.format(title="GPT-2", year=2018, tag="llm"))
    proc = repo.papervault("resolve")
    assert proc.returncode == 1
    assert "vault/llm/gpt.md:1:1: edited " in proc.stdout
    repo.git("add", "vault/llm/gpt.md")  # the person's resolution
    proc = repo.papervault("resolve")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    repo.git("commit", "-q", "--no-edit")
    assert_fresh(repo)


def test_without_a_rebuildable_merge_both_sides_lines_are_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no repository: the merge cannot be rebuilt
    o, a, b = (tmp_path / n for n in "OAB")
    o.write_text("# Contents\n- one\n- two\n")
    a.write_text("# Contents\n- one\n- ours\n- two\n")
    b.write_text("# Contents\n- one\n- theirs\n- two\n")
    assert main(["toc-driver", str(o), str(a), str(b), "7", "nowhere/contents.md"]) == 0
    assert a.read_text() == "# Contents\n- one\n- ours\n- theirs\n- two\n"


def test_merge_lines_never_writes_markers_or_an_empty_file() -> None:
    assert merge_lines(b"a\n", b"b\n", b"c\n") == b"b\nc\n"
    assert merge_lines(b"a\n", b"", b"") == b""
    assert merge_lines(b"a\n", b"x\0", b"y\0") == b"x\0"
    assert merge_lines(b"a\n", b"a\n", b"c\n") == b"c\n"


def test_theirs_is_named_by_git_merge_or_by_the_rebase(tmp_path: Path) -> None:
    (tmp_path / "rebase-merge").mkdir()
    (tmp_path / "rebase-merge" / "done").write_text("pick aaa one\n# comment\npick bbb two\n")
    assert theirs_candidates({"GITHEAD_ccc": "topic", "HOME": "/"}, tmp_path) == ["ccc", "bbb"]


def test_a_paper_moved_on_one_side_and_retitled_on_the_other(repo: Repo) -> None:
    repo.edit("vault/llm/gpt.md", "title: GPT\n", "title: GPT-1\n")
    assert repo.papervault("toc").returncode == 1
    repo.commit("retitle")
    repo.git("checkout", "-q", "main")
    repo.git("mv", "vault/llm/gpt.md", "vault/md/gpt.md")
    assert repo.papervault("toc").returncode == 1
    add_paper(repo, "vault/llm/bert.md", "BERT", 2019)
    proc = repo.git("merge", "--no-edit", "topic")
    assert "regenerated from the merged notes" in proc.stderr
    assert_fresh(repo)
    assert "GPT-1" in repo.show("HEAD", "vault/md/gpt.md")


def test_a_cherry_pick_regenerates_the_contents(repo: Repo) -> None:
    add_paper(repo, "vault/llm/bert.md", "BERT", 2019)
    repo.git("checkout", "-q", "main")
    add_paper(repo, "vault/llm/attention.md", "Attention Is All You Need", 2017)
    proc = repo.git("cherry-pick", "topic")
    assert "regenerated from the merged notes" in proc.stderr
    assert_fresh(repo)
    assert "BERT" in repo.read(CONTENTS)
