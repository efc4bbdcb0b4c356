from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from bibtexparser.entrypoint import parse_string

from papervault import bib
from papervault import notes
from papervault.cli import main
from papervault.vault import load_vault
from tests.commands.gitrepo import new_repo

ROOT = Path(__file__).resolve().parent.parent.parent
DATA = ROOT / "tests" / "data" / "bib"
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


def _decoded(text: str) -> dict[str, tuple[str, dict[str, Any]]]:
    """Each entry's type and fields as BibTeX means them (LaTeX decoded, names parsed)."""
    out = {}
    for entry in parse_string(text).entries:
        fields: dict[str, Any] = {}
        for f in entry.fields:
            name, value = f.key.lower(), str(f.value)
            if name in bib.NAME_FIELDS:
                fields[name] = bib.read_names(value)
            elif name in bib.VERBATIM:
                fields[name] = value
            else:
                fields[name] = (bib.decode({"v": value})["v"], bib.protected_groups(value))
        out[entry.key] = (entry.entry_type.lower(), fields)
    return out


def test_bib_into_an_empty_vault_goes_to_the_inbox(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "refs.bib").write_text(BIB)
    assert main(["import", "refs.bib", "--vault", "v"]) == 0
    out = capsys.readouterr().out
    assert "refs.bib: bibtex, 2 paper entries" in out
    assert "lines accounted for: 17 of 17" in out
    assert "not kept" not in out
    note = notes.load("v/inbox/deepmd-kit-v2-a-software-package-for-deep-potential-models.md")
    assert note.meta["authors"] == ["Zeng, Jinzhe", "Zhang, Duo"]
    assert note.meta["doi"] == "10.1063/5.0155600"
    assert note.meta["citekey"] == "zeng2023deepmd"
    assert note.meta["entrytype"] == "article"
    assert note.meta["abstract"] == "DeePMD-kit is a package & more."
    assert note.meta["title_bibtex"].startswith("{DeePMD-kit} v2")
    assert note.body == ""
    assert _ids(tmp_path / "v") == {
        ("DeePMD-kit v2: A software package for deep potential models", None, "10.1063/5.0155600"),
        (
            "Equiformer: Equivariant Graph Attention Transformer for 3D Atomistic Graphs",
            "2206.11990",
            None,
        ),
    }
    assert main(["lint", "--vault", "v", "--format", "json"]) in (0, 1)
    assert '"severity": "error"' not in capsys.readouterr().out


@pytest.mark.parametrize("name", ["joss.bib", "zotero-biblatex.bib"])
def test_import_then_export_gives_the_file_back(
    name: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copy(DATA / name, tmp_path / name)
    assert main(["import", name, "--vault", "v"]) == 0
    assert "not kept" not in capsys.readouterr().out
    assert main(["export", "--format", "bibtex", "--vault", "v", "-o", "out.bib"]) == 0
    source = (DATA / name).read_text(encoding="utf-8")
    assert _decoded((tmp_path / "out.bib").read_text(encoding="utf-8")) == _decoded(source)
    assert main(["lint", "--vault", "v", "--format", "json"]) in (0, 1)
    assert '"severity": "error"' not in capsys.readouterr().out  # BibTeX fields are known


def test_a_duplicate_pair_is_one_note_with_one_author_list(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copy(DATA / "duplicates.bib", tmp_path / "dups.bib")
    assert main(["import", "dups.bib", "--vault", "v"]) == 0
    out = capsys.readouterr().out
    assert "2 paper entries" in out
    assert "1 paper merged" in out
    assert (
        "  note: line 11: authors: kept the first entry's 3 names; the other lists"
        " ['Zeng, Jinzhe', 'Castelli, Ivano E', 'Zhang, Duo']"
    ) in out.splitlines()
    assert "  note: line 11: citekey: kept 'castelli2023one', also listed as 'zeng2023two'" in out
    [note] = [n for n in load_vault(tmp_path / "v").notes if n.meta.get("doi")]
    assert note.meta["authors"] == ["Zeng, Jinzhe", "Castelli, Ivano E.", "Zhang, Duo"]
    assert (note.meta["volume"], note.meta["number"], note.meta["pages"]) == ("159", "5", "054801")
    assert note.meta["citekey"] == "castelli2023one"


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


def test_export_then_import_gives_the_same_titles_ids_dois_and_keys(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(ROOT / "vault", tmp_path / "vault")
    monkeypatch.chdir(tmp_path)
    keys = {
        n.meta["citekey"] for n in load_vault(tmp_path / "vault").notes if n.meta.get("citekey")
    }
    for fmt, name in (("bibtex", "refs.bib"), ("csl-json", "refs.json")):
        assert main(["export", "--format", fmt, "-o", name]) == 0
        assert main(["export", "--format", fmt, "-o", name + ".again"]) == 0
        assert (tmp_path / name).read_bytes() == (tmp_path / (name + ".again")).read_bytes()
        assert main(["import", name, "--vault", f"empty-{fmt}"]) == 0
        assert _ids(tmp_path / f"empty-{fmt}") == _ids(tmp_path / "vault")
        back = {n.meta.get("citekey") for n in load_vault(tmp_path / f"empty-{fmt}").notes}
        assert keys <= back
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


# ---- keys are written once ------------------------------------------------------------------


def _key(path: Path) -> str:
    return str(notes.load(path).meta["citekey"])


def test_keys_survive_a_new_year_a_fixed_title_and_a_colliding_paper(
    sample_vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", "--title", "What is an equivariant network?", "--arxiv", "2006.10503"]) == 0
    path = Path(capsys.readouterr().out.strip())
    assert _key(path) == "anon2020equivariant"  # the year from the arXiv id, not "nd"
    note = notes.load(path)
    edited = {**note.meta, "year": 2021, "title": "What is an equivariant neural network?"}
    notes.save(notes.Note(note.path, edited, note.body, note.source), path)
    assert main(["new", "--title", "Equivariant networks, a review", "--arxiv", "2006.00001"]) == 0
    other = Path(capsys.readouterr().out.strip())
    assert _key(path) == "anon2020equivariant"
    assert _key(other) == "anon2020equivarianta"  # the newcomer gets the suffix
    assert main(["export", "--format", "bibtex"]) == 0
    exported = {bib.entry_key(e) for e in bib.entries(capsys.readouterr().out)}
    assert {"anon2020equivariant", "anon2020equivarianta"} <= exported


def test_an_imported_key_that_is_taken_is_kept_and_reported(
    sample_vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mace = sample_vault / "md" / "potentials" / "mace.md"
    mace.write_text(mace.read_text().replace("order: 1\n", "order: 1\ncitekey: zeng2023deepmd\n"))
    (sample_vault.parent / "refs.bib").write_text(BIB)
    assert main(["import", "refs.bib", "--section", "2.2"]) == 0
    out = capsys.readouterr().out
    assert (
        "citekey 'zeng2023deepmd' is also the key of md/potentials/mace.md; kept it"
        " (a key a manuscript cites is never renamed): a person decides"
    ) in out
    assert main(["lint", "--format", "json"]) == 1
    assert '"rule": "duplicate-citekey"' in capsys.readouterr().out


def test_two_branches_that_each_add_a_paper_keep_both_keys(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo")
    repo.git("checkout", "-q", "-b", "one")
    made = repo.papervault("new", "--title", "Graph networks", "--arxiv", "2101.00001")
    assert made.returncode == 0, made.stderr
    first = made.stdout.strip()
    repo.commit("one: a paper")
    repo.git("checkout", "-q", "main")
    repo.git("checkout", "-q", "-b", "two")
    made = repo.papervault("new", "--title", "Graph networks again", "--arxiv", "2101.00002")
    second = made.stdout.strip()
    also = repo.papervault("new", "--title", "Other networks", "--arxiv", "2101.00003")
    third = also.stdout.strip()
    repo.commit("two: two papers")
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--no-edit", "one")
    repo.git("merge", "-q", "--no-edit", "two")
    keys = {name: notes.load(repo.path / name).meta["citekey"] for name in (first, second, third)}
    assert keys == {
        first: "anon2021graph",
        second: "anon2021graph",  # both branches took the free key: kept, never renamed
        third: "anon2021other",
    }
    lint = repo.papervault("lint")
    assert lint.returncode == 1
    assert "duplicate-citekey citekey 'anon2021graph' is also the key of" in lint.stdout
