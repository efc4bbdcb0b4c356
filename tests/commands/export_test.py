from __future__ import annotations

from pathlib import Path

import pytest

from papervault.cli import main


def test_export_to_a_folder_is_a_clear_error(
    sample_vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "-o", "vault"]) == 2
    assert capsys.readouterr().err == (
        "papervault export: -o vault: is a folder; name a file (like papers.bib)\n"
    )


def test_export_where_nothing_can_be_written_is_a_clear_error(
    sample_vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "-o", "/proc/x"]) == 2
    assert capsys.readouterr().err == "papervault export: /proc/x: No such file or directory\n"


def test_export_writes_the_file(sample_vault: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "-o", "out/papers.bib"]) == 0
    assert capsys.readouterr() == ("", "")
    assert "title = {MACE}" in Path("out/papers.bib").read_text()
