"""The merge server: one Python process merges every note of a merge.

git runs the note driver once per file, and each run would pay Python's start-up *and* the
imports (PyYAML, the note model): 40-60 ms a note, seconds for a merge of 200 notes. The
shim instead runs a tiny client (`driver.client`, standard library only, `python -S`) that
hands the file names to this server over a Unix socket; the server, started by the first
client, keeps the imports loaded and leaves after `IDLE` seconds without work.

The server merges with the very function the shim's fallback runs (`driver.drive.drive`),
writes only %A, and answers with the run's `Status` and the report line. Anything wrong (no
socket, a refused connection, a bad answer) makes the client answer `Status.NO_SERVER`, and
the shim runs the driver directly: the server is an optimisation, never a requirement.

The socket lives in a private folder (mode 0700, owned by the user) under the runtime or
temporary directory, named after the clone's git directory; the socket itself is 0600.
"""

from __future__ import annotations

import contextlib
import io
import os
import socket
import sys
from collections.abc import Callable

from papervault.driver.status import Status

IDLE = 10.0  # seconds without a request before the server leaves
MAX_REQUEST = 1 << 20


def serve(path: str) -> None:
    """Answer merge requests on `path` until idle; return at once if another server runs."""
    listener = _bind(path)
    if listener is None:
        return
    from papervault.driver.drive import drive  # the note model: imported once, here

    identity = os.stat(path).st_ino
    listener.settimeout(IDLE)
    try:
        while True:
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                break
            with conn:
                conn.settimeout(30)
                try:
                    _answer(conn, drive)
                except (OSError, ValueError):
                    continue
    finally:
        listener.close()
        with contextlib.suppress(OSError):
            if os.stat(path).st_ino == identity:
                os.unlink(path)


def _bind(path: str) -> socket.socket | None:
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    old = os.umask(0o177)
    try:
        try:
            listener.bind(path)
        except OSError:
            if _alive(path):
                listener.close()
                return None
            with contextlib.suppress(OSError):
                os.unlink(path)  # a socket left by a server that died
            listener.bind(path)
    except OSError:
        listener.close()
        return None
    finally:
        os.umask(old)
    listener.listen(8)
    return listener


def _alive(path: str) -> bool:
    probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        probe.connect(path)
    except OSError:
        return False
    finally:
        probe.close()
    return True


def _answer(conn: socket.socket, run: Callable[[list[str]], Status]) -> None:
    chunks = []
    size = 0
    while True:
        chunk = conn.recv(65536)
        if not chunk:
            break
        size += len(chunk)
        if size > MAX_REQUEST:
            raise ValueError("request too large")
        chunks.append(chunk)
    args = [os.fsdecode(a) for a in b"".join(chunks).split(b"\0")]
    if len(args) < 3:
        raise ValueError("bad request")
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        status = run(args)
    conn.sendall(b"%d\n" % status.value + err.getvalue().encode("utf-8", "replace"))


if __name__ == "__main__":
    serve(sys.argv[1])
