from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from papervault.cli import main as cli
from papervault.commands.toc import main

BIN = Path(sys.executable).parent
GOLDEN = Path(__file__).parent.parent / "data" / "toc"


def tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_prints_the_contents_and_writes_nothing(
    sample_vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = tree(sample_vault)
    assert main([]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out.startswith("---\n# Generated from the notes by papervault")
    assert "    - [2.2.1 MACE](md/potentials/mace.md)\n" in out
    assert main(["--check"]) == 0
    assert capsys.readouterr() == ("", "")
    assert tree(sample_vault) == before
    assert not (sample_vault / "contents.md").exists()


def test_output_file(sample_vault: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["-o", "out/contents.md"]) == 0
    assert capsys.readouterr() == ("", "")
    text = Path("out/contents.md").read_text(encoding="utf-8")
    assert main(["-o", "-"]) == 0
    assert capsys.readouterr().out == text
    assert list(Path("out").iterdir()) == [Path("out/contents.md")]  # no temporary file left


def test_check_is_structure_only_and_never_rewrites(
    sample_vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stale = "---\ntitle: Contents\n---\n# an old committed contents file\n"
    (sample_vault / "contents.md").write_text(stale)
    (sample_vault / "md/potentials/deepmd.md").write_text("---\ntitle: DeePMD-kit v2\n---\n")
    assert main(["--check"]) == 0
    assert capsys.readouterr() == ("", "")
    assert (sample_vault / "contents.md").read_text() == stale


def test_ties_in_order_are_no_problem(
    sample_vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (sample_vault / "md/potentials/a.md").write_text("---\ntitle: B paper\norder: 1\n---\n")
    (sample_vault / "md/potentials/b.md").write_text(
        "---\ntitle: A paper\norder: 1\nyear: 2020\n---\n"
    )
    (sample_vault / "md/extra/index.md").parent.mkdir()
    (sample_vault / "md/extra/index.md").write_text("---\ntitle: Extra\norder: 2\n---\n")
    assert main(["--check"]) == 0
    assert capsys.readouterr() == ("", "")
    assert main([]) == 0
    out = capsys.readouterr().out
    # order 1 each: year first (2020 before none), then title
    assert out.index("[2.3.1 A paper]") < out.index("[2.3.2 B paper]") < out.index("2.3.3 MACE")
    assert "- [2.2 Extra](md/extra/index.md)" in out


def test_structure_problems(sample_vault: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A note outside any section is the contents' problem; an also_in naming no section is
    the lint's (unknown-section), so toc does not print it a second time."""
    (sample_vault / "md/potentials/mace.md").write_text(
        "---\ntitle: MACE\nalso_in: [md/nowhere]\n---\n"
    )
    (sample_vault / "loose").mkdir()
    (sample_vault / "loose/note.md").write_text("---\ntitle: Lost\n---\n")
    problem = (
        "vault/loose/note.md:1:1: toc-unfiled note is outside any section: its folder 'loose'"
        " has no index.md (move it into a section's folder, or give the folder an index.md)\n"
    )
    assert main(["--check"]) == 1
    assert capsys.readouterr() == (problem, "")
    assert main([]) == 1
    out, err = capsys.readouterr()
    assert err == problem
    assert out.startswith("---\n")


def test_unreadable_notes_stop_it_before_writing(
    sample_vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (sample_vault / "md/potentials/mace.md").write_text("---\ntitle: [MACE\n---\n")
    for argv in ([], ["--check"], ["-o", "contents.md"]):
        assert main(argv) == 2
        assert capsys.readouterr() == (
            "",
            "papervault toc: vault/md/potentials/mace.md:3: invalid front matter:"
            " did not find expected ',' or ']'\n"
            "papervault toc: no contents while these notes cannot be read\n",
        )
    assert not Path("contents.md").exists()


def test_an_output_path_that_cannot_be_written(
    sample_vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Path("taken").mkdir()
    assert cli(["toc", "-o", "taken"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == "papervault toc: taken: cannot write the contents: Is a directory\n"


def test_vault_option_and_configured_vault(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / "notes"
    (notes / "ch").mkdir(parents=True)
    (notes / "ch" / "index.md").write_text("---\ntitle: Only chapter\norder: 1\n---\n")
    monkeypatch.chdir(tmp_path)
    assert main(["--vault", "notes"]) == 0
    assert "## [Chapter 1 Only chapter](ch/index.md)\n" in capsys.readouterr().out
    (tmp_path / "pyproject.toml").write_text('[tool.papervault]\nvault = "notes"\n')
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    assert main([]) == 0
    assert "## [Chapter 1 Only chapter](ch/index.md)\n" in capsys.readouterr().out


def test_no_vault_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli(["toc", "--vault", "missing"]) == 2


def test_the_hook_script_checks_and_writes_nothing(sample_vault: Path) -> None:
    def hook(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [BIN / "papervault-toc", *args], capture_output=True, text=True, check=False
        )

    before = tree(sample_vault)
    first = hook()
    assert (first.returncode, first.stdout, first.stderr) == (0, "", "")
    assert tree(sample_vault) == before
    (sample_vault / "stray").mkdir()
    (sample_vault / "stray" / "p.md").write_text("---\ntitle: P\n---\n")
    second = hook()
    assert second.returncode == 1
    assert second.stdout.startswith("vault/stray/p.md:1:1: toc-unfiled note is outside any")
    missing = hook("--vault", "nowhere")
    assert missing.returncode == 2
    assert missing.stderr == "papervault toc: nowhere: no vault folder here (use --vault DIR)\n"
    assert "Traceback" not in missing.stderr


def test_prints_the_golden_contents(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for case in sorted(p.name for p in GOLDEN.iterdir() if p.is_dir()):
        assert main(["--check", "--vault", str(GOLDEN / case / "vault")]) == 0, case
        assert main(["--vault", str(GOLDEN / case / "vault")]) == 0, case
        expected = (GOLDEN / case / "contents.md").read_text(encoding="utf-8")
        assert capsys.readouterr().out == expected, case
