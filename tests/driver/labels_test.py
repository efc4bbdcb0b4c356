from __future__ import annotations

from pathlib import Path

from papervault.driver.labels import fill
from papervault.merge.labels import stopped

ARGS = [".merge_file_O", ".merge_file_A", ".merge_file_B", "7", "vault/n.md"]


def test_labels_git_passed_are_kept(tmp_path: Path) -> None:
    args = [*ARGS, "main~1", "main", "topic"]
    assert fill(args, {"GITHEAD_ab12": "other"}, str(tmp_path)) == args


def test_an_old_gits_placeholders_become_the_merged_branch(tmp_path: Path) -> None:
    args = [*ARGS, "%S", "%X", "%Y"]
    env = {"GITHEAD_4bed433da805bd7ba8523aa338c53dc1951f3f69": "topic"}
    assert fill(args, env, str(tmp_path)) == [*ARGS, "base", "HEAD", "topic"]
    assert fill(ARGS, env, str(tmp_path)) == [*ARGS, "base", "HEAD", "topic"]


def test_a_rebase_names_the_commit_being_replayed(tmp_path: Path) -> None:
    git_dir = tmp_path / "elsewhere" / "worktrees" / "w"
    (git_dir / "rebase-merge").mkdir(parents=True)
    (git_dir / "rebase-merge" / "done").write_text(
        "pick 1111111111111111111111111111111111111111 first\n"
        "fixup -C 4bed433da805bd7ba8523aa338c53dc1951f3f69 theirs subject\n"
    )
    (tmp_path / ".git").write_text(f"gitdir: {git_dir}\n")  # a linked work tree
    assert fill([*ARGS, "%S", "%X", "%Y"], {}, str(tmp_path)) == [
        *ARGS,
        "parent of 4bed433 (theirs subject)",
        "HEAD",
        "4bed433 (theirs subject)",
    ]


def test_nothing_known_keeps_ours_and_theirs(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    args = [*ARGS, "%S", "%X", "%Y"]
    assert fill(args, {}, str(tmp_path)) == args


def test_a_stopped_operation_is_named_as_git_names_it() -> None:
    assert stopped({"MERGE_HEAD": "4bed433 (x)"}, "Merge branch 'topic' into main\n") == (
        "HEAD",
        "base",
        "topic",
    )
    assert stopped({"MERGE_HEAD": "4bed433 (x)"}, "") == ("HEAD", "base", "4bed433")
    for head in ("REBASE_HEAD", "CHERRY_PICK_HEAD"):
        assert stopped({head: "4bed433 (x)"}) == ("HEAD", "parent of 4bed433 (x)", "4bed433 (x)")
    assert stopped({"REVERT_HEAD": "4bed433 (x)"}) == (
        "HEAD",
        "4bed433 (x)",
        "parent of 4bed433 (x)",
    )
    assert stopped({}) == ("ours", "base", "theirs")
