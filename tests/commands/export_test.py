from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from papervault.cli import main
from tests.ptykit import pty_run


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


def _papervault(*args: str) -> list[str]:
    return [sys.executable, "-m", "papervault", *args]


NOW = {**os.environ, "PAPERVAULT_PROGRESS_DELAY": "0"}  # progress at once, however quick
BAR = re.compile(r"(\rexport: (reading notes|writing entries) \d+/\d+\x1b\[K)+\r\x1b\[K")


def test_progress_on_a_terminal_and_never_on_a_pipe(sample_vault: Path) -> None:
    code, shown, out = pty_run(_papervault("export", "-o", "a.bib"), sample_vault.parent, NOW)
    assert (code, out) == (0, b"")
    assert BAR.fullmatch(shown), shown
    assert shown.startswith("\rexport: reading notes 0/")
    piped = subprocess.run(
        _papervault("export", "-o", "b.bib"), cwd=sample_vault.parent, env=NOW, capture_output=True
    )
    assert (piped.returncode, piped.stdout, piped.stderr) == (0, b"", b"")
    assert Path("a.bib").read_bytes() == Path("b.bib").read_bytes()


def test_quiet_shows_nothing_and_keeps_the_export_whole(sample_vault: Path) -> None:
    for kind in ("bibtex", "csl-json"):
        loud = subprocess.run(
            _papervault("export", "--format", kind), env=NOW, capture_output=True, check=True
        )
        for to in ([], ["-o", "-"]):
            quiet = pty_run(
                _papervault("export", "--format", kind, "-q", *to), sample_vault.parent, NOW
            )
            assert quiet == (0, "", loud.stdout)
    assert pty_run(_papervault("export", "-q", "-o", "c.bib"), sample_vault.parent, NOW) == (
        0,
        "",
        b"",
    )
    assert Path("c.bib").read_bytes().startswith(b"@")


def test_quiet_never_hides_an_error(sample_vault: Path) -> None:
    Path("vault/md/broken.md").write_text("---\ntitle: [x\n---\n")
    code, shown, out = pty_run(_papervault("export", "-q"), sample_vault.parent, NOW)
    assert (code, out) == (2, b"")
    assert shown.endswith("papervault export: nothing exported; fix the notes above\r\n")
    assert shown.startswith("papervault export: vault/md/broken.md:")
