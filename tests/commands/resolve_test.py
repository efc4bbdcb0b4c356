from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.commands import gitrepo
from tests.commands.gitrepo import PAPER
from tests.commands.gitrepo import Repo
from tests.commands.gitrepo import new_repo

NOTE = "vault/llm/gpt.md"
GPT = PAPER.format(title="GPT", year=2018, tag="llm")


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    """A clone without the drivers: git's own line merge."""
    repo = new_repo(tmp_path / "repo", drivers=False)
    repo.git("checkout", "-q", "-b", "topic")
    return repo


def diverge(repo: Repo, theirs: list[tuple[str, str]], ours: list[tuple[str, str]]) -> None:
    gitrepo.diverge(repo, theirs, ours, NOTE)


def snapshot(repo: Repo) -> tuple[str, str, str]:
    return (
        repo.git("status", "--porcelain").stdout,
        repo.read(NOTE),
        repo.git("ls-files", "-s").stdout,
    )


def test_no_merge_in_progress_is_exit_2(repo: Repo) -> None:
    proc = repo.papervault("resolve")
    assert proc.returncode == 2
    assert proc.stderr == "papervault resolve: no merge, rebase or cherry-pick in progress\n"


def test_a_clone_without_drivers_stopped_on_adjacent_fields_is_finished(repo: Repo) -> None:
    diverge(repo, [("year: 2018\n", "year: 2019\n")], [("title: GPT\n", "title: GPT-1\n")])
    assert repo.git("merge", "--no-edit", "topic", check=False).returncode == 1
    assert "<<<<<<<" in repo.read(NOTE)  # git's line merge: adjacent lines conflict
    proc = repo.papervault("resolve")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout == (
        "papervault resolve: vault/llm/gpt.md: resolved\n"
        "papervault resolve: nothing left to resolve; continue the merge\n"
    )
    assert repo.read(NOTE) == GPT.replace("GPT\n", "GPT-1\n", 1).replace("2018", "2019")
    before = snapshot(repo)
    again = repo.papervault("resolve")
    assert again.returncode == 0
    assert snapshot(repo) == before
    repo.git("commit", "-q", "--no-edit")
    assert repo.papervault("toc", "--check").returncode == 0


def test_a_true_conflict_is_listed_with_markers_around_the_field(repo: Repo) -> None:
    diverge(
        repo,
        [("title: GPT\n", "title: GPT-2\n"), ("  - llm\n", "  - llm\n  - t\n")],
        [("title: GPT\n", "title: GPT-1\n"), ("year: 2018\n", "year: 2020\n")],
    )
    repo.git("merge", "--no-edit", "topic", check=False)
    proc = repo.papervault("resolve")
    assert proc.returncode == 1
    assert proc.stdout == (
        "vault/llm/gpt.md:2:1: merge-conflict field 'title' changed differently on both sides\n"
        "papervault resolve: 1 file(s) need a person; then git add them and continue\n"
    )
    assert repo.read(NOTE).startswith(
        "---\n<<<<<<< HEAD\ntitle: GPT-1\n||||||| base\ntitle: GPT\n=======\ntitle: GPT-2\n"
        ">>>>>>> topic\nyear: 2020\ntags:\n  - llm\n  - t\n---\n"
    )
    assert repo.unmerged() == [NOTE]
    before = snapshot(repo)
    again = repo.papervault("resolve")
    assert (again.returncode, again.stdout) == (1, proc.stdout)
    assert snapshot(repo) == before


@pytest.mark.parametrize("command", ["rebase", "cherry-pick", "revert"])
def test_the_markers_name_the_sides_as_git_does_in_a_stopped_operation(
    repo: Repo, command: str
) -> None:
    diverge(repo, [("title: GPT\n", "title: GPT-2\n")], [("title: GPT\n", "title: GPT-1\n")])
    if command == "revert":  # revert the title change under another one
        repo.edit(NOTE, "title: GPT-1\n", "title: GPT-3\n")
        repo.commit("again")
        stop = repo.git("revert", "--no-edit", "HEAD~1", check=False)
        replayed = repo.git("log", "-1", "--format=%h (%s)", "HEAD~1").stdout.strip()
        ours, base, theirs = "HEAD", replayed, f"parent of {replayed}"
    else:
        if command == "rebase":
            repo.git("checkout", "-q", "topic")
            stop = repo.git("rebase", "main", check=False)
        else:
            stop = repo.git("cherry-pick", "topic", check=False)
        replayed = repo.git("log", "-1", "--format=%h (%s)", "topic").stdout.strip()
        ours, base, theirs = "HEAD", f"parent of {replayed}", replayed
    assert stop.returncode == 1
    proc = repo.papervault("resolve")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert f"<<<<<<< {ours}\n" in repo.read(NOTE)
    assert f"\n||||||| {base}\n" in repo.read(NOTE)
    assert f"\n>>>>>>> {theirs}\n" in repo.read(NOTE)


def test_modify_delete_is_listed_and_the_changed_note_kept(repo: Repo) -> None:
    repo.git("rm", "-q", NOTE)
    repo.commit("delete")
    repo.git("checkout", "-q", "main")
    repo.edit(NOTE, "year: 2018\n", "year: 2019\n")
    repo.commit("change")
    assert repo.git("merge", "--no-edit", "topic", check=False).returncode == 1
    proc = repo.papervault("resolve")
    assert proc.returncode == 1
    assert (
        "vault/llm/gpt.md:1:1: modify-delete deleted by theirs, changed on the other side: "
        "keep it (git add) or delete it (git rm)\n"
    ) in proc.stdout
    assert "year: 2019\n" in repo.read(NOTE)


def test_add_add_of_different_papers_is_listed(repo: Repo) -> None:
    repo.write("vault/llm/new.md", PAPER.format(title="BERT", year=2019, tag="a"))
    repo.commit("bert")
    repo.git("checkout", "-q", "main")
    repo.write("vault/llm/new.md", PAPER.format(title="ELMo", year=2018, tag="b"))
    repo.commit("elmo")
    repo.git("merge", "--no-edit", "topic", check=False)
    proc = repo.papervault("resolve")
    assert proc.returncode == 1
    assert "vault/llm/new.md:1:1: add-add two different papers added here: 'BERT' and 'ELMo'\n" in (
        proc.stdout
    )


def test_add_add_of_the_same_paper_is_merged(repo: Repo) -> None:
    repo.write("vault/llm/new.md", PAPER.format(title="BERT", year=2019, tag="a"))
    repo.commit("bert")
    repo.git("checkout", "-q", "main")
    repo.write("vault/llm/new.md", PAPER.format(title="BERT", year=2019, tag="b"))
    repo.commit("bert too")
    repo.git("merge", "--no-edit", "topic", check=False)
    proc = repo.papervault("resolve")
    assert proc.returncode == 0, proc.stdout
    assert "tags:\n  - b\n  - a\n" in repo.read("vault/llm/new.md")


@pytest.mark.parametrize("command", ["rebase", "cherry-pick"])
def test_a_stopped_rebase_or_cherry_pick_is_finished(repo: Repo, command: str) -> None:
    diverge(repo, [("year: 2018\n", "year: 2019\n")], [("title: GPT\n", "title: GPT-1\n")])
    if command == "rebase":
        repo.git("checkout", "-q", "topic")
        assert repo.git("rebase", "main", check=False).returncode == 1
    else:
        assert repo.git("cherry-pick", "topic", check=False).returncode == 1
    proc = repo.papervault("resolve")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"continue the {command}" in proc.stdout
    assert repo.read(NOTE) == GPT.replace("GPT\n", "GPT-1\n", 1).replace("2018", "2019")
    env_continue = ["-c", "core.editor=true", command, "--continue"]
    repo.git(*env_continue)
    assert repo.papervault("toc", "--check").returncode == 0


@pytest.mark.parametrize("side", ["--ours", "--theirs"])
def test_a_side_a_person_checked_out_is_final(repo: Repo, side: str) -> None:
    diverge(repo, [("year: 2018\n", "year: 2019\n")], [("title: GPT\n", "title: GPT-1\n")])
    repo.git("merge", "--no-edit", "topic", check=False)
    repo.git("checkout", side, "--", NOTE)
    chosen = repo.read(NOTE)
    assert "<<<<<<<" not in chosen
    proc = repo.papervault("resolve")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout == (
        "papervault resolve: vault/llm/gpt.md: kept as you left it\n"
        "papervault resolve: nothing left to resolve; continue the merge\n"
    )
    assert repo.read(NOTE) == chosen
    assert repo.unmerged() == []
    assert repo.git("show", f":{NOTE}").stdout == chosen  # staged as left
    again = repo.papervault("resolve")
    assert again.returncode == 0
    assert repo.read(NOTE) == chosen


@pytest.mark.parametrize("how", ["equal to ours", "by hand"])
def test_a_hand_resolution_is_final(repo: Repo, how: str) -> None:
    diverge(repo, [("title: GPT\n", "title: GPT-2\n")], [("title: GPT\n", "title: GPT-1\n")])
    repo.git("merge", "--no-edit", "topic", check=False)
    ours = repo.show("HEAD", NOTE)
    text = ours if how == "equal to ours" else ours.replace("GPT-1\n", "GPT (1 and 2)\n", 1)
    repo.write(NOTE, text)
    proc = repo.papervault("resolve")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "vault/llm/gpt.md: kept as you left it\n" in proc.stdout
    assert repo.read(NOTE) == text
    assert repo.git("show", f":{NOTE}").stdout == text


def test_the_replaced_text_is_kept_in_the_git_directory(repo: Repo) -> None:
    diverge(repo, [("year: 2018\n", "year: 2019\n")], [("title: GPT\n", "title: GPT-1\n")])
    repo.git("merge", "--no-edit", "topic", check=False)
    repo.write(NOTE, repo.read(NOTE) + "A half-done edit.\n")  # markers still there
    before = repo.read(NOTE)
    assert repo.papervault("resolve").returncode == 0
    assert (repo.path / ".git" / "papervault" / "resolve" / NOTE).read_text() == before


def test_a_conflicted_file_that_is_not_a_note_is_listed(repo: Repo) -> None:
    repo.write("notes.txt", "topic\n")
    repo.commit("txt")
    repo.git("checkout", "-q", "main")
    repo.write("notes.txt", "main\n")
    repo.commit("txt too")
    repo.git("merge", "--no-edit", "topic", check=False)
    proc = repo.papervault("resolve")
    assert proc.returncode == 1
    assert "notes.txt:1:1: merge-conflict not a note: resolve it by hand\n" in proc.stdout


def test_a_field_deleted_on_one_side_and_changed_on_the_other_is_named(repo: Repo) -> None:
    diverge(repo, [("year: 2018\n", "year: 2019\n")], [("year: 2018\n", "")])
    repo.git("merge", "--no-edit", "topic", check=False)
    proc = repo.papervault("resolve")
    assert proc.returncode == 1
    assert "vault/llm/gpt.md:3:1: merge-conflict field 'year' changed differently" in proc.stdout


def test_paths_are_shown_from_the_current_directory(repo: Repo) -> None:
    diverge(repo, [("title: GPT\n", "title: GPT-2\n")], [("title: GPT\n", "title: GPT-1\n")])
    repo.git("merge", "--no-edit", "topic", check=False)
    proc = repo.papervault("resolve", cwd=repo.path / "vault" / "llm")
    assert proc.returncode == 1
    assert proc.stdout.startswith(
        "gpt.md:2:1: merge-conflict field 'title' changed differently on both sides\n"
    )


def test_a_note_staged_with_its_markers_still_needs_a_person(repo: Repo) -> None:
    diverge(repo, [("title: GPT\n", "title: GPT-2\n")], [("title: GPT\n", "title: GPT-1\n")])
    repo.git("merge", "--no-edit", "topic", check=False)
    repo.git("add", NOTE)  # staged before the edit: git no longer calls it unmerged
    assert repo.unmerged() == []
    proc = repo.papervault("resolve")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "vault/llm/gpt.md:2:1: merge-conflict markers left (<<<<<<< " in proc.stdout
    assert proc.stdout.endswith(
        "papervault resolve: 1 file(s) need a person; then git add them and continue\n"
    )


def test_markers_left_are_shown_from_the_current_directory(repo: Repo) -> None:
    diverge(repo, [("title: GPT\n", "title: GPT-2\n")], [("title: GPT\n", "title: GPT-1\n")])
    repo.git("merge", "--no-edit", "topic", check=False)
    repo.git("add", NOTE)
    proc = repo.papervault("resolve", cwd=repo.path / "vault" / "llm")
    assert proc.returncode == 1
    assert proc.stdout.startswith("gpt.md:2:1: merge-conflict markers left (<<<<<<< HEAD)")


def test_an_index_of_version_4_is_read(repo: Repo) -> None:
    repo.git("update-index", "--index-version", "4")  # as feature.manyFiles makes it
    diverge(repo, [("year: 2018\n", "year: 2019\n")], [("title: GPT\n", "title: GPT-1\n")])
    repo.git("merge", "--no-edit", "topic", check=False)
    assert (repo.path / ".git" / "index").read_bytes()[4:8] == b"\0\0\0\4"
    proc = repo.papervault("resolve")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert repo.read(NOTE) == GPT.replace("GPT\n", "GPT-1\n", 1).replace("2018", "2019")
    assert repo.unmerged() == []


def test_paths_git_would_quote_are_resolved_and_named(repo: Repo) -> None:
    note, other = 'vault/llm/gpt "é" one.md', 'notes "é".txt'
    repo.git("checkout", "-q", "main")
    repo.write(note, GPT)
    repo.write(other, "base\n")
    repo.commit("quoted names")
    repo.git("checkout", "-q", "-b", "quoted")
    repo.edit(note, "year: 2018\n", "year: 2019\n")
    repo.write(other, "topic\n")
    repo.commit("theirs")
    repo.git("checkout", "-q", "main")
    repo.edit(note, "title: GPT\n", "title: GPT-1\n")
    repo.write(other, "main\n")
    repo.commit("ours")
    assert repo.git("merge", "--no-edit", "quoted", check=False).returncode == 1
    proc = repo.papervault("resolve")
    assert proc.returncode == 1
    assert proc.stdout == (
        f"papervault resolve: {note}: resolved\n"
        f"{other}:1:1: merge-conflict not a note: resolve it by hand\n"
        "papervault resolve: 1 file(s) need a person; then git add them and continue\n"
    )
    assert repo.read(note) == GPT.replace("GPT\n", "GPT-1\n", 1).replace("2018", "2019")


def test_markers_left_are_found_beside_a_name_that_is_not_utf8(repo: Repo) -> None:
    diverge(repo, [("title: GPT\n", "title: GPT-2\n")], [("title: GPT\n", "title: GPT-1\n")])
    repo.git("merge", "--no-edit", "topic", check=False)
    odd = repo.path / os.fsdecode(b"vault/llm/latin-\xe9.md")
    odd.write_text(PAPER.format(title="Odd", year=2020, tag="o"))
    repo.git("add", "vault")  # the note with its markers, and a name git lists as bytes
    proc = repo.papervault("resolve")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert proc.stdout == (
        "vault/llm/gpt.md:2:1: merge-conflict markers left (<<<<<<< HEAD): edit the file\n"
        "papervault resolve: 1 file(s) need a person; then git add them and continue\n"
    )
