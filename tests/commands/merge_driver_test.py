from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from papervault.cli import main
from papervault.commands.install import install_drivers
from papervault.driver import drive as direct
from papervault.driver.drive import drive
from papervault.driver.status import Status
from papervault.merge.note import merge_note
from papervault.merge.text import Labels
from tests.commands.gitrepo import PAPER
from tests.commands.gitrepo import Repo
from tests.commands.gitrepo import diverge
from tests.commands.gitrepo import new_repo

BASE = "---\ntitle: T\nyear: 2017\ntags: [a]\n---\nBody.\n"


def files(tmp_path: Path, base: str | bytes, ours: str | bytes, theirs: str | bytes) -> list[str]:
    paths = []
    for name, text in (("O", base), ("A", ours), ("B", theirs)):
        path = tmp_path / f".merge_file_{name}"
        path.write_bytes(text.encode() if isinstance(text, str) else text)
        paths.append(str(path))
    return paths


def test_a_clean_merge_writes_a_and_exits_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    o, a, b = files(tmp_path, BASE, BASE.replace("2017", "2018"), BASE.replace("[a]", "[a, b]"))
    assert main(["merge-driver", o, a, b, "7", "vault/x.md", "%S", "%X", "%Y"]) == 0
    assert Path(a).read_text() == "---\ntitle: T\nyear: 2018\ntags: [a, b]\n---\nBody.\n"
    assert capsys.readouterr().err == "papervault: vault/x.md: fields merged: tags (theirs)\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".merge_file_A",
        ".merge_file_B",
        ".merge_file_O",
    ]


def test_a_conflict_is_marked_with_gits_labels_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    o, a, b = files(tmp_path, BASE, BASE.replace("T\n", "U\n"), BASE.replace("T\n", "V\n"))
    assert (
        main(["merge-driver", o, a, b, "7", "x.md", "merged common ancestors", "HEAD", "topic"])
        == 1
    )
    assert Path(a).read_text() == (
        "---\n<<<<<<< HEAD\ntitle: U\n||||||| merged common ancestors\ntitle: T\n"
        "=======\ntitle: V\n>>>>>>> topic\nyear: 2017\ntags: [a]\n---\nBody.\n"
    )
    assert capsys.readouterr().err == "papervault: x.md: fields merged; conflict: title\n"


def test_the_inner_merge_never_writes_markers(tmp_path: Path) -> None:
    o, a, b = files(tmp_path, BASE, BASE.replace("T\n", "U\n"), BASE.replace("T\n", "V\n"))
    assert main(["merge-driver", "--inner", o, a, b, "9", "x.md"]) == 0
    assert Path(a).read_text() == BASE


def test_the_shims_direct_driver_answers_with_the_status_codes(tmp_path: Path) -> None:
    o, a, b = files(tmp_path, BASE, BASE, BASE.replace("T\n", "V\n"))
    assert direct.main([o, a, b, "7", "x.md"]) == Status.CLEAN
    o, a, b = files(tmp_path, BASE, BASE.replace("T\n", "U\n"), BASE.replace("T\n", "V\n"))
    assert direct.main([o, a, b, "7", "x.md"]) == Status.CONFLICT
    assert direct.main([o]) == Status.FAILED


def test_a_shim_of_an_older_install_still_reads_the_status_codes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An older shim runs `merge-driver` with PAPERVAULT_DRIVER_SHIM=1 until install runs."""
    monkeypatch.setenv("PAPERVAULT_DRIVER_SHIM", "1")
    o, a, b = files(tmp_path, BASE, BASE, BASE.replace("T\n", "V\n"))
    assert main(["merge-driver", o, a, b, "7", "x.md"]) == 10
    o, a, b = files(tmp_path, BASE, BASE.replace("T\n", "U\n"), BASE.replace("T\n", "V\n"))
    assert main(["merge-driver", o, a, b, "7", "x.md"]) == 11
    assert main(["merge-driver", o]) == 2


def test_bad_arguments_never_exit_above_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["merge-driver"]) == 1
    assert "usage: papervault merge-driver" in capsys.readouterr().err
    assert main(["merge-driver", "no-O", "no-A", "no-B", "7", "x.md"]) == 1


def test_binary_input_keeps_both_sides(tmp_path: Path) -> None:
    o, a, b = files(tmp_path, b"x\0\n", b"ours\0\n", b"theirs\0\n")
    assert main(["merge-driver", o, a, b, "7", "x.md"]) == 1
    assert Path(a).read_bytes() == b"<<<<<<< ours\nours\0\n=======\ntheirs\0\n>>>>>>> theirs\n"


# ---- real git ---------------------------------------------------------------------------

NOTE = "vault/llm/gpt.md"


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    repo = new_repo(tmp_path / "repo")
    repo.git("checkout", "-q", "-b", "topic")
    return repo


def branches(
    repo: Repo, theirs: list[tuple[str, str]], ours: list[tuple[str, str]], name: str = NOTE
) -> None:
    diverge(repo, theirs, ours, name)


@pytest.mark.parametrize("server", ["1", "0"])
def test_git_merges_different_tags_on_one_note(
    repo: Repo, server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAPERVAULT_MERGE_SERVER", server)  # 0: the driver runs directly
    branches(
        repo, [("  - llm\n", "  - llm\n  - transformers\n")], [("  - llm\n", "  - llm\n  - gpt\n")]
    )
    proc = repo.git("merge", "-q", "--no-edit", "topic")
    assert "fields merged: tags (both)" in proc.stderr
    assert repo.show("HEAD", NOTE) == PAPER.format(title="GPT", year=2018, tag="llm").replace(
        "  - llm\n", "  - llm\n  - gpt\n  - transformers\n"
    )


def test_git_merges_different_fields_and_body_plus_field(repo: Repo) -> None:
    branches(
        repo,
        [("year: 2018\n", "year: 2019\n"), ("GPT in brief.", "GPT, briefly.")],
        [("title: GPT\n", "title: GPT-1\n")],
    )
    repo.git("merge", "-q", "--no-edit", "topic")
    assert repo.show("HEAD", NOTE) == PAPER.format(title="GPT", year=2019, tag="llm").replace(
        "title: GPT\n", "title: GPT-1\n"
    ).replace("GPT in brief.", "GPT, briefly.")


def test_git_rebase_merges_fields_with_the_roles_swapped(repo: Repo) -> None:
    branches(repo, [("year: 2018\n", "year: 2019\n")], [("  - llm\n", "  - llm\n  - gpt\n")])
    repo.git("checkout", "-q", "topic")
    repo.git("rebase", "-q", "main")
    text = repo.show("HEAD", NOTE)
    assert "year: 2019\n" in text
    assert "  - gpt\n" in text


def test_the_same_title_changed_differently_stays_a_conflict(repo: Repo) -> None:
    branches(repo, [("title: GPT\n", "title: GPT-2\n")], [("title: GPT\n", "title: GPT-1\n")])
    proc = repo.git("merge", "--no-edit", "topic", check=False)
    assert proc.returncode == 1
    assert repo.unmerged() == [NOTE]
    assert repo.read(NOTE).startswith(  # git's names for the sides, as its own merge gives
        "---\n<<<<<<< HEAD\ntitle: GPT-1\n||||||| base\ntitle: GPT\n=======\ntitle: GPT-2\n"
        ">>>>>>> topic\nyear: 2018\n"
    )


def test_in_a_rebase_the_markers_name_gits_sides(repo: Repo) -> None:
    branches(repo, [("title: GPT\n", "title: GPT-2\n")], [("title: GPT\n", "title: GPT-1\n")])
    repo.git("checkout", "-q", "topic")
    short = repo.git("rev-parse", "--short=7", "topic").stdout.strip()
    proc = repo.git("rebase", "main", check=False)
    assert proc.returncode == 1
    subject = repo.git("log", "-1", "--format=%s", short).stdout.strip()
    theirs = f"{short} ({subject})"  # the commit being replayed; "HEAD" is upstream here
    assert repo.read(NOTE).startswith(
        f"---\n<<<<<<< HEAD\ntitle: GPT-1\n||||||| parent of {theirs}\ntitle: GPT\n=======\n"
        f"title: GPT-2\n>>>>>>> {theirs}\n"
    )
    resolved = repo.papervault("resolve")  # re-merged from the stages: the same names
    assert resolved.returncode == 1
    assert f">>>>>>> {theirs}\n" in repo.read(NOTE)
    repo.git("rebase", "--abort")


def test_a_criss_cross_merge_leaves_no_inner_markers(repo: Repo) -> None:
    repo.edit(NOTE, "title: GPT\n", "title: GPT-2\n")
    repo.commit("t1")
    repo.git("checkout", "-q", "main")
    repo.edit(NOTE, "title: GPT\n", "title: GPT-1\n")
    repo.commit("o1")
    repo.git("merge", "-q", "-s", "ours", "--no-edit", "topic")  # main keeps GPT-1
    repo.git("checkout", "-q", "topic")
    repo.git("merge", "-q", "-s", "ours", "--no-edit", "main~1")  # topic keeps GPT-2
    repo.edit(NOTE, "year: 2018\n", "year: 2019\n")
    repo.commit("t2")
    repo.git("checkout", "-q", "main")
    proc = repo.git("merge", "--no-edit", "topic", check=False)
    text = repo.read(NOTE)
    assert "<<<<<<<<<" not in text
    assert "year: 2019\n" in text
    assert proc.returncode == 1
    assert "title: GPT-1\n" in text
    assert "title: GPT-2\n" in text


def test_a_path_with_shell_characters_reaches_the_driver_whole(repo: Repo) -> None:
    name = "vault/llm/n o;te$(touch pwned).md"
    repo.git("checkout", "-q", "main")
    repo.write(name, PAPER.format(title="Odd", year=2000, tag="x"))
    repo.commit("odd")
    repo.git("checkout", "-q", "-b", "odd")
    branches(repo, [("year: 2000\n", "year: 2001\n")], [("  - x\n", "  - x\n  - y\n")], name=name)
    proc = repo.git("merge", "-q", "--no-edit", "odd")
    assert f"papervault: {name}: fields merged" in proc.stderr
    assert "year: 2001\n  tags" not in repo.read(name)
    assert "  - y\n" in repo.read(name)
    assert "year: 2001\n" in repo.read(name)
    assert not (repo.path / "pwned").exists()


def test_the_shim_falls_back_to_gits_line_merge_when_python_is_gone(repo: Repo) -> None:
    install_drivers(repo.path, Path("/nonexistent/python"))
    branches(repo, [("year: 2018\n", "year: 2019\n")], [("title: GPT\n", "title: GPT-1\n")])
    proc = repo.git("merge", "--no-edit", "topic", check=False)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "the merge driver failed on vault/llm/gpt.md" in proc.stderr
    text = repo.read(NOTE)
    assert "<<<<<<< ours\ntitle: GPT-1\nyear: 2018\n||||||| base\n" in text
    assert "=======\ntitle: GPT\nyear: 2019\n>>>>>>> theirs\n" in text


def test_the_shim_falls_back_when_the_driver_crashes(repo: Repo, tmp_path: Path) -> None:
    fake = tmp_path / "python"
    fake.write_text("#!/bin/sh\nexit 1\n")  # a traceback's exit status, nothing written
    fake.chmod(0o755)
    install_drivers(repo.path, fake)
    branches(repo, [("year: 2018\n", "year: 2019\n")], [("GPT in brief.", "GPT.")])
    proc = repo.git("merge", "--no-edit", "topic", check=False)
    assert proc.returncode == 0, proc.stderr  # git's line merge was clean here
    assert "year: 2019\n" in repo.show("HEAD", NOTE)
    assert "GPT.\n" in repo.show("HEAD", NOTE)


def test_the_driver_process_starts_without_gitpython_or_mkdocs(tmp_path: Path) -> None:
    o, a, b = files(tmp_path, BASE, BASE.replace("2017", "2018"), BASE.replace("[a]", "[a, b]"))
    code = (
        "import sys, runpy; sys.argv = ['papervault', 'merge-driver', *sys.argv[1:]]\n"
        "try:\n    runpy.run_module('papervault', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "heavy = ('git', 'mkdocs', 'frontmatter')\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in heavy)\n"
        "print(bad)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    out = subprocess.run(
        [sys.executable, "-c", code, o, a, b, "7", "x.md"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert out.stdout == "[]\n"
    assert "year: 2018" in Path(a).read_text()


# ---- the git-integration law: what git does is what merge_note says ---------------------

field_edits = st.lists(
    st.sampled_from(
        [
            ("title: GPT\n", "title: GPT-1\n"),
            ("title: GPT\n", "title: GPT-2\n"),
            ("year: 2018\n", "year: 2019\n"),
            ("year: 2018\n", "year: 2020\n"),
            ("  - llm\n", "  - llm\n  - transformers\n"),
            ("  - llm\n", "  - llm\n  - gpt\n"),
            ("tags:\n  - llm\n", "tags:\n  - gpt\n"),
            ("GPT in brief.", "GPT, briefly."),
            ("GPT in brief.", "GPT in short."),
            ("---\n# Summary", "doi: 10.1/x\n---\n# Summary"),
        ]
    ),
    max_size=3,
    unique=True,
)


def apply(text: str, edits: list[tuple[str, str]]) -> str:
    for old, new in edits:
        if old in text:
            text = text.replace(old, new, 1)
    return text


def test_git_merges_exactly_as_merge_note_says(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo")
    base = repo.read(NOTE)
    runs = iter(range(1000))

    @settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
    @given(field_edits, field_edits)
    def check(ours_edits: list[tuple[str, str]], theirs_edits: list[tuple[str, str]]) -> None:
        n = next(runs)
        ours, theirs = apply(base, ours_edits), apply(base, theirs_edits)
        repo.git("checkout", "-q", "-b", f"theirs-{n}", "main")
        repo.write(NOTE, theirs)
        repo.commit("theirs")
        repo.git("checkout", "-q", "-b", f"ours-{n}", "main")
        repo.write(NOTE, ours)
        repo.commit("ours")
        labels = Labels("HEAD", "base", f"theirs-{n}")  # git's names for the sides
        expected = merge_note(base.encode(), ours.encode(), theirs.encode(), labels)
        proc = repo.git("merge", "--no-edit", f"theirs-{n}", check=False)
        if expected.clean:
            assert proc.returncode == 0, proc.stdout + proc.stderr
            assert repo.show("HEAD", NOTE).encode() == expected.data
            assert repo.papervault("toc", "--check").returncode == 0
        else:
            assert proc.returncode == 1
            assert repo.unmerged() == [NOTE]
            assert (repo.path / NOTE).read_bytes() == expected.data
            repo.git("merge", "--abort")
        repo.git("checkout", "-q", "main")

    check()


def test_an_empty_result_is_replaced_by_the_line_merge(tmp_path: Path) -> None:
    def empty(*_: object) -> tuple[bytes, list[str], str]:
        return b"", [], "broken"

    o, a, b = files(tmp_path, "base\n", "ours\n", "theirs\n")
    assert drive([o, a, b, "7", "x.md"], empty, "usage") == Status.CONFLICT
    assert (
        Path(a).read_text()
        == "<<<<<<< ours\nours\n||||||| base\nbase\n=======\ntheirs\n>>>>>>> theirs\n"
    )


def test_a_crash_inside_the_merge_still_writes_both_sides(tmp_path: Path) -> None:
    def crash(*_: object) -> tuple[bytes, list[str], str]:
        raise KeyboardInterrupt

    o, a, b = files(tmp_path, "base\n", "ours\n", "theirs\n")
    assert drive([o, a, b, "7", "x.md"], crash, "usage") == Status.CONFLICT
    assert "ours\n" in Path(a).read_text()
    assert "theirs\n" in Path(a).read_text()
