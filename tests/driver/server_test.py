from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from papervault.driver import client
from papervault.driver.client import request_args
from papervault.driver.client import socket_path
from papervault.driver.status import Status

BASE = "---\ntitle: T\nyear: 2017\ntags: [a]\n---\nBody.\n"


@pytest.fixture
def runtime(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A short runtime folder: a socket's name must stay under 104 bytes."""
    folder = Path(tempfile.mkdtemp(prefix="pv-", dir="/tmp"))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder))
    monkeypatch.delenv("PAPERVAULT_MERGE_SERVER", raising=False)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def files(tmp_path: Path, base: str, ours: str, theirs: str) -> list[str]:
    paths = []
    for name, text in (("O", base), ("A", ours), ("B", theirs)):
        path = tmp_path / f".merge_file_{name}"
        path.write_text(text)
        paths.append(str(path))
    return paths


def stop(path: str | None) -> None:
    """Stop the server listening on `path` (the one this test started), if any."""
    assert path is not None
    out = subprocess.run(
        ["pgrep", "-f", f"papervault.driver.server {path}$"],
        capture_output=True,
        text=True,
        check=False,
    )
    for pid in out.stdout.split():
        os.kill(int(pid), 15)


def test_the_socket_folder_is_private(runtime: Path) -> None:
    path = socket_path("/some/clone/.git")
    assert path is not None
    folder = Path(path).parent
    assert folder == runtime / f"papervault-{os.getuid()}"
    assert folder.stat().st_mode & 0o777 == 0o700
    assert socket_path("/some/clone/.git") == path
    assert socket_path("/other/.git") != path
    folder.chmod(0o755)  # anyone else could place a socket here: not used
    assert socket_path("/some/clone/.git") is None


def test_a_socket_name_too_long_for_the_system_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / ("x" * 80)))
    (tmp_path / ("x" * 80)).mkdir()
    assert socket_path("/clone/.git") is None


def test_file_names_are_made_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert request_args(["--inner", "o", "a", "b", "7", "x.md"]) == [
        "--inner",
        str(tmp_path / "o"),
        str(tmp_path / "a"),
        str(tmp_path / "b"),
        "7",
        "x.md",
    ]


def test_the_client_starts_a_server_and_merges_through_it(
    runtime: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = str(tmp_path / ".git")
    o, a, b = files(tmp_path, BASE, BASE.replace("2017", "2018"), BASE.replace("[a]", "[a, b]"))
    try:
        assert client.main([key, sys.executable, o, a, b, "7", "x.md"]) == Status.CLEAN
        assert Path(a).read_text() == "---\ntitle: T\nyear: 2018\ntags: [a, b]\n---\nBody.\n"
        assert capsys.readouterr().err == "papervault: x.md: fields merged: tags (theirs)\n"
        o, a, b = files(tmp_path, BASE, BASE.replace("T\n", "U\n"), BASE.replace("T\n", "V\n"))
        start = time.monotonic()
        same_server = client.main([key, sys.executable, o, a, b, "7", "x.md"])
        assert same_server == Status.CONFLICT
        assert time.monotonic() - start < 2
        assert "<<<<<<< ours\ntitle: U\n" in Path(a).read_text()
        o, a, b = files(tmp_path, BASE, BASE.replace("T\n", "U\n"), BASE.replace("T\n", "V\n"))
        assert client.main([key, sys.executable, "--inner", o, a, b, "9", "x.md"]) == Status.CLEAN
        assert Path(a).read_text() == BASE
    finally:
        stop(socket_path(f"{key}\0{sys.executable}"))


def test_a_socket_left_by_a_dead_server_is_replaced(runtime: Path, tmp_path: Path) -> None:
    key = str(tmp_path / ".git")
    path = socket_path(f"{key}\0{sys.executable}")
    assert path is not None
    dead = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    dead.bind(path)
    dead.close()  # the file stays, nobody listens
    o, a, b = files(tmp_path, BASE, BASE.replace("2017", "2018"), BASE)
    try:
        assert client.main([key, sys.executable, o, a, b, "7", "x.md"]) == Status.CLEAN
    finally:
        stop(path)


def test_without_a_usable_server_the_shim_runs_the_driver_itself(
    runtime: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    o, a, b = files(tmp_path, BASE, BASE, BASE)
    gone = "/nonexistent/python"
    assert client.main([str(tmp_path), gone, o, a, b, "7", "x.md"]) == Status.NO_SERVER
    monkeypatch.setenv("PAPERVAULT_MERGE_SERVER", "0")
    assert client.main([str(tmp_path), sys.executable, o, a, b, "7", "x.md"]) == Status.NO_SERVER
    assert client.main([str(tmp_path)]) == Status.NO_SERVER
