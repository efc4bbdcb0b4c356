from __future__ import annotations

from pathlib import Path

import pytest

from papervault import notes
from papervault.cli import main


def test_add_arxiv_writes_note_with_abstract_and_template(
    sample_vault: Path, services: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (sample_vault / "llm" / "equiformer" / "equiformer.md").unlink()
    assert main(["add", "arxiv:2206.11990", "--section", "2.1"]) == 0
    path = capsys.readouterr().out.strip()
    assert path.startswith("vault/md/dynamics/equiformer-equivariant-graph-attention")
    note = notes.load(path)
    assert note.meta["arxiv"] == "2206.11990"
    assert note.meta["authors"] == ["Yi-Lun Liao", "Tess Smidt"]
    assert note.body.startswith("## Abstract\n\nDespite their widespread success")
    assert "graphs &amp; present" in note.body
    assert "## Research entry point" in note.body


def test_add_doi_into_inbox(
    sample_vault: Path, services: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["add", "doi:10.1063/5.0155600"]) == 0
    path = capsys.readouterr().out.strip()
    assert path == "vault/inbox/deepmd-kit-v2-a-software-package-for-deep-potential-models.md"
    assert notes.load(path).meta["venue"] == "The Journal of Chemical Physics"


def test_add_existing_paper_writes_nothing(
    sample_vault: Path, services: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = sorted(sample_vault.rglob("*"))
    assert main(["add", "arxiv:2206.11990"]) == 1
    assert capsys.readouterr().err == "already in the vault: vault/llm/equiformer/equiformer.md\n"
    assert sorted(sample_vault.rglob("*")) == before


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ("arxiv:2206.99999", "arXiv has no paper 2206.99999"),
        ("doi:10.1000/malformed", "Crossref answered something unexpected"),
        ("isbn:12", "neither arxiv:ID nor doi:DOI"),
    ],
)
def test_add_failures_write_nothing(
    sample_vault: Path, services: str, capsys: pytest.CaptureFixture[str], ref: str, message: str
) -> None:
    before = sorted(sample_vault.rglob("*"))
    assert main(["add", ref]) == 2
    assert message in capsys.readouterr().err
    assert sorted(sample_vault.rglob("*")) == before


def test_add_offline_writes_nothing(
    sample_vault: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PAPERVAULT_CROSSREF_API", "http://127.0.0.1:9/works")
    before = sorted(sample_vault.rglob("*"))
    assert main(["add", "doi:10.1063/5.0155600"]) == 2
    assert "cannot reach Crossref" in capsys.readouterr().err
    assert sorted(sample_vault.rglob("*")) == before
