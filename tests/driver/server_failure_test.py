"""The merge server's failure paths: no nested markers, no file left behind, no 5 s wait."""

from __future__ import annotations

import os
import socket
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from papervault.commands import merge_driver
from papervault.driver import client
from papervault.driver import drive
from papervault.driver.client import socket_path
from papervault.driver.status import Status
from tests.driver.server_test import BASE
from tests.driver.server_test import files
from tests.driver.server_test import runtime  # noqa: F401 (a fixture)

OURS = BASE.replace("T\n", "U\n")
THEIRS = BASE.replace("T\n", "V\n")


def fake_server(
    tmp_path: Path, handle: Callable[[socket.socket, bytes], None]
) -> tuple[str, threading.Thread]:
    """A server at the clone's socket that reads one request whole and hands it to `handle`
    (its key for the client, and the thread serving it, started)."""
    key = str(tmp_path / ".git")
    path = socket_path(f"{key}\0{sys.executable}")
    assert path is not None
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(1)

    def serve() -> None:
        conn, _ = listener.accept()
        request = b""
        while chunk := conn.recv(65536):
            request += chunk
        handle(conn, request)
        conn.close()
        listener.close()

    thread = threading.Thread(target=serve)
    thread.start()
    return key, thread


def test_a_server_that_dies_after_writing_leaves_ours_as_git_wrote_it(
    runtime: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    """The server writes its merge into %A, then dies before answering: the client puts
    %A back, so the driver it falls back to merges the sides once (no nested markers)."""

    def dying_server(conn: socket.socket, request: bytes) -> None:
        ours_path = os.fsdecode(request.split(b"\0")[1])
        Path(ours_path).write_text("<<<<<<< ours\ntitle: U\n=======\ntitle: V\n>>>>>>> theirs\n")
        # dies: no answer

    key, thread = fake_server(tmp_path, dying_server)
    o, a, b = files(tmp_path, BASE, OURS, THEIRS)
    assert client.main([key, sys.executable, o, a, b, "7", "x.md"]) == Status.NO_SERVER
    thread.join(10)
    assert Path(a).read_text() == OURS
    assert drive.main([o, a, b, "7", "x.md"]) == Status.CONFLICT  # the shim's fallback
    merged = Path(a).read_text()
    assert merged.count("<<<<<<<") == 1


@pytest.mark.parametrize("answer", [b"0", b"1", b"3", b"99", b"x"])
def test_an_answer_that_is_no_servers_status_is_no_server(
    runtime: Path,  # noqa: F811
    tmp_path: Path,
    answer: bytes,
) -> None:
    def odd_server(conn: socket.socket, request: bytes) -> None:
        conn.sendall(answer + b"\nwhat\n")

    key, thread = fake_server(tmp_path, odd_server)
    o, a, b = files(tmp_path, BASE, OURS, THEIRS)
    assert client.main([key, sys.executable, o, a, b, "7", "x.md"]) == Status.NO_SERVER
    thread.join(10)
    assert Path(a).read_text() == OURS


def test_the_driver_leaves_no_file_of_its_own(tmp_path: Path) -> None:
    o, a, b = files(tmp_path, BASE, OURS, BASE.replace("[a]", "[a, b]"))
    before = sorted(p.name for p in tmp_path.iterdir())
    assert merge_driver.main([o, a, b, "7", "x.md"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert "tags: [a, b]" in Path(a).read_text()


def test_no_wait_when_the_socket_cannot_be_created(
    runtime: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    key = str(tmp_path / ".git")
    path = socket_path(f"{key}\0{sys.executable}")
    assert path is not None
    Path(path).mkdir()  # the server cannot bind there, nor remove it
    Path(path, "x").write_text("keep")
    o, a, b = files(tmp_path, BASE, OURS, BASE)
    for _ in range(3):
        start = time.monotonic()
        assert client.main([key, sys.executable, o, a, b, "7", "x.md"]) == Status.NO_SERVER
        assert time.monotonic() - start < client.START_WAIT / 2
    assert Path(a).read_text() == OURS
