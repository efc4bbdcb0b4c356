from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from papervault import notes
from papervault.cli import main
from papervault.vault import load_vault

ROOT = Path(__file__).resolve().parent.parent.parent
BIB = """@article{zeng2023deepmd,
  title = {{DeePMD-kit} v2: A software package for deep potential models},
  author = {Zeng, Jinzhe and Zhang, Duo},
  journal = {The Journal of Chemical Physics},
  year = {2023},
  doi = {10.1063/5.0155600},
  abstract = {DeePMD-kit is a package \\& more.},
}

@misc{liao2022equiformer,
  title = {Equiformer: Equivariant Graph Attention Transformer for {3D} Atomistic Graphs},
  author = {Yi-Lun Liao and Tess Smidt},
  year = {2022},
  eprint = {2206.11990},
  archiveprefix = {arXiv},
  keywords = {equivariance; transformers},
}
"""


def _ids(vault: Path) -> set[tuple[str, str | None, str | None]]:
    return {(n.title, n.meta.get("arxiv"), n.meta.get("doi")) for n in load_vault(vault).notes}


def test_bib_into_an_empty_vault_goes_to_the_inbox(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "refs.bib").write_text(BIB)
    assert main(["import", "refs.bib", "--vault", "v"]) == 0
    out = capsys.readouterr().out
    assert "refs.bib: bibtex, 2 paper entries" in out
    assert "lines accounted for: 17 of 17" in out
    note = notes.load("v/inbox/deepmd-kit-v2-a-software-package-for-deep-potential-models.md")
    assert note.meta["authors"] == ["Jinzhe Zeng", "Duo Zhang"]
    assert note.meta["doi"] == "10.1063/5.0155600"
    assert note.meta["citekey"] == "zeng2023deepmd"
    assert note.body == "## Abstract\n\nDeePMD-kit is a package & more.\n"
    assert _ids(tmp_path / "v") == {
        ("DeePMD-kit v2: A software package for deep potential models", None, "10.1063/5.0155600"),
        (
            "Equiformer: Equivariant Graph Attention Transformer for 3D Atomistic Graphs",
            "2206.11990",
            None,
        ),
    }


def test_bib_into_a_section_merges_duplicates_by_id(
    sample_vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (sample_vault.parent / "refs.bib").write_text(BIB)
    equiformer = sample_vault / "llm" / "equiformer" / "equiformer.md"
    before = equiformer.read_bytes()
    assert main(["import", "refs.bib", "--section", "2.2"]) == 0
    out = capsys.readouterr().out
    assert "1 already in the vault" in out
    vault = load_vault(sample_vault)
    titles = [n.title for n in vault.by_number("2.2").papers]
    assert "DeePMD-kit v2: A software package for deep potential models" in titles
    assert equiformer.read_bytes() != before  # gained the fields it lacked, nothing else
    merged = notes.load(equiformer)
    assert merged.meta["title"] == "Equiformer"
    assert merged.meta["tags"] == ["equivariance", "transformers"]
    assert merged.meta["also_in"] == ["md/potentials"]
    assert main(["import", "refs.bib", "--section", "2.2"]) == 0  # again: nothing changes
    assert "wrote 0 (0 new, 0 updated)" in capsys.readouterr().out


def test_export_then_import_gives_the_same_titles_ids_and_dois(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(ROOT / "vault", tmp_path / "vault")
    monkeypatch.chdir(tmp_path)
    for fmt, name in (("bibtex", "refs.bib"), ("csl-json", "refs.json")):
        assert main(["export", "--format", fmt, "-o", name]) == 0
        assert main(["export", "--format", fmt, "-o", name + ".again"]) == 0
        assert (tmp_path / name).read_bytes() == (tmp_path / (name + ".again")).read_bytes()
        assert main(["import", name, "--vault", f"empty-{fmt}"]) == 0
        assert _ids(tmp_path / f"empty-{fmt}") == _ids(tmp_path / "vault")
    capsys.readouterr()


def test_broken_bib_is_refused_with_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "refs.bib").write_text(BIB + "\n@article{broken,\n  title = {Unclosed\n")
    assert main(["import", "refs.bib", "--vault", "v"]) == 2
    assert (
        "refs.bib:19: cannot read this BibTeX entry: its braces or quotes do not close"
        in capsys.readouterr().err
    )
    assert not (tmp_path / "v").exists()


def test_csl_that_is_not_a_list_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "refs.json").write_text('["not an item"]')
    assert main(["import", "refs.json", "--vault", "v"]) == 2
    assert "CSL-JSON must be a list of items" in capsys.readouterr().err
