"""`papervault site` on a terminal (progress), on a pipe (MkDocs' own lines) and with -q."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.ptykit import pty_run
from tests.site.sitekit import NOTES
from tests.site.sitekit import make_project

NOW = {**os.environ, "PAPERVAULT_PROGRESS_DELAY": "0"}  # progress at once, however quick
SITE = [sys.executable, "-m", "papervault", "site"]
INFO = re.compile(
    r"INFO    -  Cleaning site directory\r?\n"
    r"INFO    -  Building documentation to directory: .*site\r?\n"
    r"(?P<bar>.*)"
    r"INFO    -  Documentation built in [0-9.]+ seconds\r?\n",
    re.DOTALL,
)
BAR = re.compile(
    r"\rsite: reading the vault\x1b\[K"
    r"(\rsite: reading pages \d+\x1b\[K)*"
    r"(\rsite: building pages \d+/15\x1b\[K)*\rsite: building pages 15/15\x1b\[K"
    r"\r\x1b\[K"
)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project", dict(NOTES))


def test_progress_on_a_terminal_and_mkdocs_own_lines_on_a_pipe(project: Path) -> None:
    code, shown, out = pty_run(SITE, project, NOW)
    assert (code, out) == (0, b"")
    found = INFO.fullmatch(shown)
    assert found, shown
    assert BAR.fullmatch(found["bar"]), found["bar"]
    assert (project / "site/md/potentials/mace/index.html").is_file()
    piped = subprocess.run(SITE, cwd=project, env=NOW, capture_output=True, text=True)
    assert (piped.returncode, piped.stdout) == (0, "")
    found = INFO.fullmatch(piped.stderr)
    assert found, piped.stderr
    assert found["bar"] == ""


@pytest.mark.parametrize("builder", ["mkdocs", "zensical"])
def test_quiet_says_nothing_when_the_build_goes_well(project: Path, builder: str) -> None:
    assert pty_run([*SITE, "-q", "--builder", builder], project, NOW) == (0, "", b"")
    assert (project / "site/md/potentials/mace/index.html").is_file()


def test_quiet_never_hides_an_error_or_a_warning(project: Path) -> None:
    (project / "vault/md/broken.md").write_text("---\ntitle: [x\n---\n")
    with (project / "vault/md/potentials/deepmd.md").open("a") as f:
        f.write("See [nothing](nowhere.md).\n")
    code, shown, out = pty_run([*SITE, "-q"], project, NOW)
    assert (code, out) == (1, b"\nAborted with 2 errors, 1 warnings in strict mode!\n")  # MkDocs'
    lines = shown.splitlines()
    assert lines[:2] == [
        "ERROR   -  vault/md/broken.md:3: invalid front matter: did not find expected ',' or ']'",
        "ERROR   -  vault/md/potentials/deepmd.md:5:5: broken-link (nowhere.md) names no note of"
        " the vault",
    ]
    assert "WARNING -  Doc file 'md/potentials/deepmd.md' contains a link 'nowhere.md'" in shown
    assert "INFO" not in shown
