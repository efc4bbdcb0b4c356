from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from papervault.commands.check_conflicts import main
from tests.conftest import WriteNote
from tests.conftest import git

DATA = Path(__file__).parent.parent / "data" / "conflicts"
HOOK = Path(sys.executable).parent / "papervault-conflicts"
NOTE = "---\ntitle: MACE\nyear: 2022\n---\nSummary.\n"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_clean_files_pass_silently(write: WriteNote, capsys: pytest.CaptureFixture[str]) -> None:
    a = write("a.md", NOTE)
    b = write("b.md", "Roadmap\n=======\n\n> quote\n>>> 1 << 7\n")
    assert run(capsys, str(a), str(b)) == (0, "", "")


def test_no_files_checks_the_files_git_tracks_in_the_vault(
    git_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (git_repo / "vault").mkdir()
    (git_repo / "vault" / "a.md").write_text(NOTE + "<<<<<<< HEAD\n")
    (git_repo / "vault" / "b.md").write_text(NOTE)
    (git_repo / "vault" / "untracked.md").write_text("<<<<<<< HEAD\n")
    (git_repo / "elsewhere.md").write_text("<<<<<<< HEAD\n")
    git(git_repo, "add", "vault/a.md", "vault/b.md", "elsewhere.md")
    assert run(capsys) == (
        1,
        "vault/a.md:6:1: unterminated-conflict <<<<<<< HEAD (line 6)\n",
        "papervault check-conflicts: no files named: checking the 2 file(s) of vault/\n",
    )


def test_no_files_and_no_vault_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run(capsys) == (
        2,
        "",
        "papervault check-conflicts: no files named and no vault folder 'vault': name the files\n",
    )


def test_reports_each_region_with_its_extent(
    write: WriteNote, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write("n.md", NOTE + "<<<<<<< HEAD\nmine\n=======\ntheirs\n>>>>>>> feature\n")
    code, out, err = run(capsys, str(path))
    assert code == 1
    assert out == f"{path}:6:1: conflict <<<<<<< HEAD (lines 6-10, markers on 6, 8, 10)\n"
    assert err == ""


def test_original_list(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(DATA / "paper-list.md")
    code, out, _ = run(capsys, path)
    assert code == 1
    assert out.splitlines() == [
        f"{path}:5:1: mangled-conflict «««< HEAD (line 5)",
        f"{path}:5:76: mangled-conflict «««< HEAD (lines 5-6, markers on 5, 6)",
        f"{path}:6:52: mangled-conflict «««< HEAD (line 6)",
        f"{path}:33:1: mangled-conflict »»»»< HEAD (lines 33-50, markers on 33, 40, 50)",
    ]


def test_warnings_alone_do_not_block(write: WriteNote, capsys: pytest.CaptureFixture[str]) -> None:
    path = write("w.md", "Text.\n\n=======\n\nMore.\n")
    assert run(capsys, str(path)) == (
        0,
        f"{path}:3:1: lone-separator ======= (line 3) [warning]\n",
        "",
    )


def test_label_whitespace_is_shown_plainly(
    write: WriteNote, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write("m.md", "»»»>\u00a0\u00a035ed8ce\n")
    code, out, _ = run(capsys, str(path))
    assert (code, out) == (1, f"{path}:1:1: unmatched-close »»»> 35ed8ce (line 1)\n")


def test_control_characters_are_escaped(
    write: WriteNote, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write("esc.md", "<<<<<<< HEAD\x1b[2J\nx\n=======\ny\n>>>>>>> b\n")
    code, out, _ = run(capsys, str(path))
    assert (code, out) == (
        1,
        f"{path}:1:1: conflict <<<<<<< HEAD\\x1b[2J (lines 1-5, markers on 1, 3, 5)\n",
    )


def test_crlf_file(write: WriteNote, capsys: pytest.CaptureFixture[str]) -> None:
    path = write("crlf.md", "a\r\n<<<<<<< HEAD\r\nb\r\n=======\r\nc\r\n>>>>>>> x\r\n")
    code, out, _ = run(capsys, str(path))
    assert (code, out) == (
        1,
        f"{path}:2:1: conflict <<<<<<< HEAD (lines 2-6, markers on 2, 4, 6)\n",
    )


def test_latin1_file_is_still_checked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Résumé\n«««< HEAD\nà\n=====\nè\n»»»> 35ed8ce\n".encode("latin-1"))
    code, out, err = run(capsys, str(path))
    assert (code, err) == (1, "")
    assert out == f"{path}:2:1: mangled-conflict «««< HEAD (lines 2-6, markers on 2, 4, 6)\n"


def test_utf16_file_with_bom(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "utf16.md"
    path.write_bytes("<<<<<<< HEAD\na\n=======\nb\n>>>>>>> x\n".encode("utf-16"))
    code, out, _ = run(capsys, str(path))
    assert (code, out) == (
        1,
        f"{path}:1:1: conflict <<<<<<< HEAD (lines 1-5, markers on 1, 3, 5)\n",
    )


def test_binary_file_is_skipped_with_a_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "figure.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\0\0<<<<<<< HEAD\n=======\n>>>>>>> x\n")
    assert run(capsys, str(path)) == (
        0,
        "",
        f"papervault check-conflicts: {path}: skipped: binary file (NUL byte)\n",
    )


def test_unreadable_paths_exit_2_and_the_rest_is_checked(
    write: WriteNote, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = write("bad.md", ">>>>>>> x\n")
    missing = tmp_path / "missing.md"
    code, out, err = run(capsys, str(missing), str(tmp_path), str(bad))
    assert code == 2
    assert out == f"{bad}:1:1: unmatched-close >>>>>>> x (line 1)\n"
    assert err == (
        f"papervault check-conflicts: {missing}: cannot read: No such file or directory\n"
        f"papervault check-conflicts: {tmp_path}: cannot read: Is a directory\n"
    )


def test_usage(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    assert out.startswith("usage: papervault check-conflicts [-h] [FILES ...]\n")
    code, out, err = run(capsys, "--bogus")
    assert (code, out) == (2, "")
    assert err.endswith("papervault check-conflicts: error: unrecognized arguments: --bogus\n")


def test_dash_dash_before_a_file_named_like_an_option(
    write: WriteNote, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    write("-x.md", ">>>>>>> x\n")
    os.chdir(tmp_path)
    code, out, _ = run(capsys, "--", "-x.md")
    assert (code, out) == (1, "-x.md:1:1: unmatched-close >>>>>>> x (line 1)\n")


def test_asciidoc_examples_by_suffix(write: WriteNote, capsys: pytest.CaptureFixture[str]) -> None:
    text = "[source]\n----\n<<<<<<< HEAD\na\n=======\nb\n>>>>>>> x\n----\n"
    adoc = write("merge.adoc", text)
    md = write("merge.md", text)
    code, out, _ = run(capsys, str(adoc), str(md))
    assert (code, out) == (1, f"{md}:3:1: conflict <<<<<<< HEAD (lines 3-7, markers on 3, 5, 7)\n")


def test_samples_from_the_wild(capsys: pytest.CaptureFixture[str]) -> None:
    names = ["git-tutorial.md", "readme-setext.md", "python-doc.md", "french.md"]
    names += ["mail-archive.txt", "tables.rst"]
    assert run(capsys, *(str(DATA / n) for n in names)) == (0, "", "")


# --- the console script, as pre-commit runs it ------------------------------------------


def test_console_script_imports_nothing_heavy(write: WriteNote) -> None:
    path = write("n.md", "«««< HEAD\na\n=====\nb\n»»»> x\n")
    code = (
        "import sys\n"
        "from papervault.cli import conflicts_hook\n"
        f"sys.argv = ['papervault-conflicts', {str(path)!r}]\n"
        "rc = conflicts_hook()\n"
        "heavy = {'yaml', 'frontmatter', 'git', 'mkdocs', 'dataclasses', 'argparse'}\n"
        "loaded = sorted(heavy & set(sys.modules))\n"
        "assert rc == 1 and not loaded, (rc, loaded)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_console_script(write: WriteNote) -> None:
    path = write("n.md", "x\n>>>>>>> 35ed8ce\n")
    proc = subprocess.run([HOOK, str(path)], capture_output=True, text=True)
    assert (proc.returncode, proc.stdout) == (
        1,
        f"{path}:2:1: unmatched-close >>>>>>> 35ed8ce (line 2)\n",
    )
    assert proc.stderr == ""


def _merge(repo: Path, style: str | None) -> Path:
    note = repo / "vault" / "mace.md"
    note.parent.mkdir()
    note.write_text(NOTE)
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "base")
    git(repo, "checkout", "-qb", "feature")
    note.write_text(NOTE.replace("2022", "2023"))
    git(repo, "commit", "-qam", "feature year")
    git(repo, "checkout", "-q", "main")
    note.write_text(NOTE.replace("2022", "2024"))
    git(repo, "commit", "-qam", "main year")
    args = ["-c", f"merge.conflictStyle={style}"] if style else []
    proc = subprocess.run(["git", *args, "merge", "-q", "feature"], cwd=repo, capture_output=True)
    assert proc.returncode == 1  # a real conflict
    return note


@pytest.mark.parametrize(
    ("style", "end"),
    [(None, 7), ("diff3", 9), ("zdiff3", 9)],
)
def test_a_real_merge_conflict(
    git_repo: Path, capsys: pytest.CaptureFixture[str], style: str | None, end: int
) -> None:
    _merge(git_repo, style)
    code, out, _ = run(capsys, "vault/mace.md")
    assert code == 1
    assert out.startswith(
        f"vault/mace.md:3:1: conflict-in-front-matter <<<<<<< HEAD (lines 3-{end},"
    )


def test_pre_commit_blocks_the_commit_outside_a_merge(git_repo: Path) -> None:
    """Through pre-commit itself: every commit is checked, not only merges."""
    if shutil.which("git") is None:
        pytest.skip("needs git")
    config = (
        "repos:\n  - repo: local\n    hooks:\n      - id: papervault-conflicts\n"
        f"        name: conflicts\n        entry: {HOOK}\n        language: unsupported\n"
        "        types: [text]\n"
    )
    (git_repo / ".pre-commit-config.yaml").write_text(config)
    (git_repo / "note.md").write_text("# A\n\n«««< HEAD\u00a0=====\u00a0»»»> 35ed8ce\n")
    git(git_repo, "add", ".")
    env = {**os.environ, "PRE_COMMIT_HOME": str(git_repo.parent / "pre-commit-home")}
    proc = subprocess.run(
        [Path(sys.executable).parent / "pre-commit", "run", "--all-files"],
        cwd=git_repo,
        capture_output=True,
        text=True,
        env=env,
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "note.md:3:1: mangled-conflict «««< HEAD (line 3)" in proc.stdout


@pytest.mark.parametrize(
    ("text", "found"),
    [
        pytest.param(
            "a\n<<<<<<<HEAD\nx\n", "2:1: unterminated-conflict <<<<<<<HEAD", id="no-space"
        ),
        pytest.param(
            "text<<<<<<< HEAD\nx\n", "1:5: unterminated-conflict <<<<<<< HEAD", id="glued"
        ),
        pytest.param("x\n>>>>>>>1a2b3c4\n", "2:1: unmatched-close >>>>>>>1a2b3c4", id="close-sha"),
    ],
)
def test_glued_markers_are_found(
    write: WriteNote, capsys: pytest.CaptureFixture[str], text: str, found: str
) -> None:
    path = write("n.md", text)
    code, out, _ = run(capsys, str(path))
    assert code == 1
    assert out.startswith(f"{path}:{found} (")


def test_a_glued_word_after_a_run_is_no_marker(
    write: WriteNote, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write("n.md", ">>>>>>>foo\n<<<<<<<Header\n")
    assert run(capsys, str(path)) == (0, "", "")
