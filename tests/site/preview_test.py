from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from papervault.site import preview
from tests.site.sitekit import NOTES
from tests.site.sitekit import make_project

BROKEN = "---\ntitle: [unclosed\n---\nBody.\n"
REBUILT = "Reloading browsers"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def get(url: str) -> tuple[int, str, float]:
    start = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            return r.status, r.read().decode(), time.monotonic() - start
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(), time.monotonic() - start


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str, Path]]:
    project = make_project(tmp_path / "project", NOTES)
    log = tmp_path / "serve.log"
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=project,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 120  # the first build on a loaded machine
        while b"Serving on" not in log.read_bytes():
            assert proc.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        yield project, f"http://127.0.0.1:{port}", log
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_a_note_broken_while_serving_shows_its_error_and_every_page_answers(
    served: tuple[Path, str, Path],
) -> None:
    project, url, log = served
    # One "Reloading browsers" per rebuild (MkDocs' own "Documentation built in 0.86
    # seconds" is dropped by its duplicate filter when a rebuild takes as long as the last).
    builds = log.read_text().count(REBUILT)
    (project / "vault" / "md" / "potentials" / "deepmd.md").write_text(BROKEN)
    deadline = time.monotonic() + 120
    while log.read_text().count(REBUILT) <= builds:
        assert "stuck" not in log.read_text(), log.read_text()
        assert time.monotonic() < deadline, log.read_text()
        time.sleep(0.2)
    status, page, seconds = get(f"{url}/md/potentials/deepmd/")
    assert (status, seconds < 2) == (200, True)
    assert (
        "<pre><code>vault/md/potentials/deepmd.md:3: invalid front matter: "
        "did not find expected ',' or ']'</code></pre>"
    ) in page
    for path in ("/", "/md/potentials/mace/", "/llm/equiformer/equiformer/", "/missing/"):
        status, _, seconds = get(url + path)
        assert (status, seconds < 2) == (404 if path == "/missing/" else 200, True), path
    assert preview.NOT_STRICT in log.read_text()
    assert "ERROR   -  vault/md/potentials/deepmd.md:" in log.read_text()


def test_the_build_stays_strict_on_a_broken_note(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", {**NOTES, "md/potentials/deepmd.md": BROKEN})
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q"],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert "vault/md/potentials/deepmd.md:" in proc.stderr
    assert "Aborted with 1 errors in strict mode!" in proc.stdout + proc.stderr


def test_a_busy_address_is_one_line_naming_host() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        proc = subprocess.run(
            [sys.executable, "-m", "papervault.site.preview", f"127.0.0.1:{port}"],
            capture_output=True,
            text=True,
            check=False,
        )
    assert proc.returncode == 2
    assert proc.stderr == (
        f"make serve: 127.0.0.1:{port} is not free (Address already in use): "
        f"choose another, e.g. make serve HOST=127.0.0.1:{port + 1}\n"
    )
    assert preview.address_problem("8000") == (
        "HOST='8000' is not HOST:PORT (like HOST=127.0.0.1:8000)"
    )
    assert preview.address_problem("127.0.0.1:0") == ""
