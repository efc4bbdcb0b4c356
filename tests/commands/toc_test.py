from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from papervault.cli import main as cli
from papervault.commands.toc import main
from tests.conftest import git

BIN = Path(sys.executable).parent
GOLDEN = Path(__file__).parent.parent / "data" / "toc"


def test_writes_then_is_current(sample_vault: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 1
    assert capsys.readouterr() == ("papervault toc: wrote vault/contents.md\n", "")
    text = (sample_vault / "contents.md").read_text(encoding="utf-8")
    assert "- [2.2.1 MACE](md/potentials/mace.md)\n" in text
    assert main([]) == 0
    assert capsys.readouterr() == ("", "")
    assert main(["--check"]) == 0
    assert capsys.readouterr() == ("", "")


def test_check_writes_nothing_and_names_the_stale_entries(
    sample_vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--check"]) == 1
    assert capsys.readouterr().out == (
        "vault/contents.md:1:1: toc-missing the contents file does not exist"
        " (run papervault toc)\n"
        "vault/contents.md is stale: run papervault toc\n"
    )
    assert not (sample_vault / "contents.md").exists()
    main([])
    capsys.readouterr()
    (sample_vault / "md/potentials/deepmd.md").write_text("---\ntitle: DeePMD-kit v2\n---\n")
    before = (sample_vault / "contents.md").read_bytes()
    assert main(["--check"]) == 1
    assert capsys.readouterr().out == (
        "vault/contents.md:21:1: toc-stale paper 2.2.2 'DeePMD-kit v2'"
        " (md/potentials/deepmd.md) should read"
        " '    - [2.2.2 DeePMD-kit v2](md/potentials/deepmd.md)',"
        " not '    - [2.2.2 DeePMD-kit](md/potentials/deepmd.md)'\n"
        "vault/contents.md is stale: run papervault toc\n"
    )
    assert (sample_vault / "contents.md").read_bytes() == before


def test_structure_problems_fail_both_modes(
    sample_vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (sample_vault / "md/potentials/mace.md").write_text(
        "---\ntitle: MACE\nalso_in: [md/nowhere]\n---\n"
    )
    problem = (
        "vault/md/potentials/mace.md:3:1: toc-unknown-section also_in names 'md/nowhere',"
        " which is not a section folder of the vault\n"
    )
    assert main([]) == 1
    assert capsys.readouterr().out == problem + "papervault toc: wrote vault/contents.md\n"
    assert main([]) == 1  # the file is current, the vault is not right
    assert capsys.readouterr().out == problem
    assert main(["--check"]) == 1
    assert capsys.readouterr().out == problem


def test_unreadable_notes_stop_it_before_writing(
    sample_vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (sample_vault / "md/potentials/mace.md").write_text("---\ntitle: [MACE\n---\n")
    for argv in ([], ["--check"]):
        assert main(argv) == 2
        assert capsys.readouterr() == (
            "",
            "papervault toc: vault/md/potentials/mace.md:3: invalid front matter:"
            " did not find expected ',' or ']'\n"
            "papervault toc: the contents were not written: fix these notes first\n",
        )
    assert not (sample_vault / "contents.md").exists()


def test_a_broken_contents_file_is_simply_rewritten(
    sample_vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    contents = sample_vault / "contents.md"
    contents.write_text("---\n«««< HEAD\ntitle: [Contents\n---\n")
    assert main(["--check"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[:2] == [
        "vault/contents.md:2:1: toc-stale line should read '# Generated from the notes by"
        " `papervault toc`: do not edit by hand.', not '«««< HEAD'",
        'vault/contents.md:3:1: toc-stale line should read "# Change the notes (or a'
        " section's index.md) and run `papervault toc`.\", not 'title: [Contents'",
    ]
    assert out[-2:] == [
        "vault/contents.md:5:1: toc-stale paper 2.2.2 'DeePMD-kit' (md/potentials/deepmd.md)"
        " is missing",
        "vault/contents.md is stale: run papervault toc",
    ]
    assert main([]) == 1
    assert capsys.readouterr() == ("papervault toc: wrote vault/contents.md\n", "")
    assert main(["--check"]) == 0


def test_a_contents_path_that_cannot_be_written(
    sample_vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (sample_vault / "contents.md").mkdir()
    assert cli(["toc"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == ("papervault toc: vault/contents.md: cannot write the contents: Is a directory\n")


def test_vault_option_and_configured_vault(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / "notes"
    (notes / "ch").mkdir(parents=True)
    (notes / "ch" / "index.md").write_text("---\ntitle: Only chapter\norder: 1\n---\n")
    monkeypatch.chdir(tmp_path)
    assert main(["--vault", "notes"]) == 1
    assert capsys.readouterr().out == "papervault toc: wrote notes/contents.md\n"
    (tmp_path / "pyproject.toml").write_text('[tool.papervault]\nvault = "notes"\n')
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    assert main(["--check"]) == 0
    (notes / "ch" / "index.md").write_text("---\ntitle: Renamed\norder: 1\n---\n")
    assert main([]) == 1
    assert capsys.readouterr().out == "papervault toc: wrote ../notes/contents.md\n"


def test_no_vault_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli(["toc", "--vault", "missing"]) == 2


def test_the_hook_script_is_a_fixer(sample_vault: Path) -> None:
    def hook(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [BIN / "papervault-toc", *args], capture_output=True, text=True, check=False
        )

    first = hook()
    assert (first.returncode, first.stdout, first.stderr) == (
        1,
        "papervault toc: wrote vault/contents.md\n",
        "",
    )
    second = hook()
    assert (second.returncode, second.stdout, second.stderr) == (0, "", "")
    missing = hook("--vault", "nowhere")
    assert missing.returncode == 2
    assert missing.stderr == "papervault toc: nowhere: no vault folder here (use --vault DIR)\n"
    assert "Traceback" not in missing.stderr


def test_checks_the_golden_contents_as_committed(tmp_path: Path) -> None:
    for case in sorted(p.name for p in GOLDEN.iterdir() if p.is_dir()):
        copy = tmp_path / case
        shutil.copytree(GOLDEN / case / "vault", copy)
        shutil.copy(GOLDEN / case / "contents.md", copy / "contents.md")
        assert main(["--check", "--vault", str(copy)]) == 0, case
        assert main(["--vault", str(copy)]) == 0, case


def test_in_a_git_repository_a_fresh_clone_agrees(
    git_repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (git_repo / "vault" / "ch" / "sec").mkdir(parents=True)
    (git_repo / "vault" / "ch" / "index.md").write_text("---\ntitle: Ch\norder: 1\n---\n")
    (git_repo / "vault" / "ch" / "sec" / "index.md").write_text("---\ntitle: S\norder: 1\n---\n")
    (git_repo / "vault" / "ch" / "sec" / "p.md").write_text("---\ntitle: Paper\n---\n")
    assert main([]) == 1
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "-m", "vault")
    clone = git_repo.parent / "clone"
    git(git_repo.parent, "clone", "-q", str(git_repo), str(clone))
    monkeypatch.chdir(clone)
    assert main(["--check"]) == 0
    capsys.readouterr()
