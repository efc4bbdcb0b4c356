from __future__ import annotations

import json
from pathlib import Path

import pytest

from papervault.cli import main


def test_list_json_shape(sample_vault: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["title"] for r in rows] == ["SE(3)-Transformers", "Equiformer", "MACE", "DeePMD-kit"]
    mace = rows[2]
    assert list(mace)[:3] == ["path", "title", "sections"]
    assert mace["path"] == "vault/md/potentials/mace.md"
    assert mace["sections"] == ["2.2", "2.1"]
    assert mace["also_in"] == ["md/dynamics"]
    assert rows[1]["arxiv"] == "2206.11990"
    assert all(Path(r["path"]).is_file() for r in rows)


def test_list_paths_are_relative_to_where_it_runs(
    sample_vault: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(sample_vault / "md")
    assert main(["list", "--json", "--vault", ".."]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[2]["path"] == "potentials/mace.md"
    assert all(Path(r["path"]).is_file() for r in rows)


def test_list_text(sample_vault: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[2] == "2.2, 2.1\tMACE\tvault/md/potentials/mace.md"


def test_list_reports_broken_note_and_still_lists_the_rest(
    sample_vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (sample_vault / "md" / "potentials" / "bad.md").write_bytes(b"---\ntitle: \xff\n---\n")
    assert main(["list", "--json"]) == 2
    out, err = capsys.readouterr()
    assert len(json.loads(out)) == 4
    assert "vault/md/potentials/bad.md:2: not UTF-8 text" in err
