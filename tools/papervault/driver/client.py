"""The merge client the shim runs with `python -I -S`: the standard library only, no imports
of papervault beyond this module and the labels, so a driver call costs little more than
Python starting.

`main([KEY, PYTHON, driver arguments...])` sends the driver arguments (file names made
absolute) to the clone's merge server (`driver.server`), starting it with PYTHON when none
answers, prints the server's report and returns its status (`Status.CLEAN`, `CONFLICT` or
`FAILED`, as the shim expects); `NO_SERVER` whenever the server cannot be used: the shim
then runs the driver directly.
"""

from __future__ import annotations

import os
import stat
import sys
import time
import zlib

# `_socket`, not `socket`: the latter imports enum (and json would import re): each costs
# milliseconds, paid once per note of a merge. Any failure here only means "no server".
from _socket import AF_UNIX
from _socket import SHUT_WR
from _socket import SOCK_STREAM
from _socket import socket

# `papervault.driver.status.Status`'s numbers as plain ints, for the same reason: `enum`
# costs this process 5 ms (functools, collections, operator). tests/driver pins them to it.
NO_SERVER = 3  # Status.NO_SERVER
ANSWERS = (10, 11, 2)  # Status.CLEAN, CONFLICT, FAILED: what a server may answer
START_WAIT = 5.0  # seconds for a new server to come up
ANSWER_WAIT = 120.0
MAX_PATH = 104  # a Unix socket's name is short (108 bytes on Linux, 104 on macOS)


def socket_path(key: str) -> str | None:
    """The clone's socket, in a folder only this user can enter; None if that is not so."""
    base = os.environ.get("XDG_RUNTIME_DIR") or os.environ.get("TMPDIR") or "/tmp"
    folder = os.path.join(base, f"papervault-{os.getuid()}")
    try:
        os.mkdir(folder, 0o700)
    except FileExistsError:
        pass
    except OSError:
        return None
    info = os.lstat(folder)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077:
        return None
    name = zlib.crc32(os.fsencode(key)) ^ (len(key) << 32)  # clones apart; a clash is harmless
    path = os.path.join(folder, f"{name:012x}.sock")
    return path if len(os.fsencode(path)) < MAX_PATH else None


def request_args(args: list[str]) -> list[str]:
    """The driver arguments with %O %A %B absolute (the server runs elsewhere), and the
    labels git did not pass worked out here, where git's environment and work tree are."""
    flags = [a for a in args if a == "--inner"]
    rest = [a for a in args if a != "--inner"]
    if not flags:
        from papervault.driver.labels import fill

        rest = fill(rest, dict(os.environ), os.getcwd())
    return [*flags, *(os.path.abspath(a) for a in rest[:3]), *rest[3:]]


def main(argv: list[str]) -> int:
    if len(argv) < 5 or os.environ.get("PAPERVAULT_MERGE_SERVER") == "0":
        return NO_SERVER
    key, python, args = argv[0], argv[1], argv[2:]
    path = socket_path(f"{key}\0{python}")  # one server per clone and Python
    if path is None:
        return NO_SERVER
    request = b"\0".join(os.fsencode(a) for a in request_args(args))
    ours = Ours([a for a in args if a != "--inner"][1])
    try:
        return ask(path, request)
    except (FileNotFoundError, ConnectionRefusedError):
        pass
    except (OSError, ValueError):
        return ours.restored()
    if not start(python, path):
        return ours.restored()
    try:
        return ask(path, request)
    except (OSError, ValueError):
        return ours.restored()


class Ours:
    """%A as git wrote it, put back when the server gave no answer: a server that died
    after writing its result would otherwise have the fallback merge that result again
    (markers inside markers)."""

    def __init__(self, path: str) -> None:
        self.path = path
        try:
            with open(path, "rb") as f:
                self.data: bytes | None = f.read()
        except OSError:
            self.data = None

    def restored(self) -> int:
        if self.data is not None:
            try:
                with open(self.path, "rb") as f:
                    changed = f.read() != self.data
                if changed:
                    with open(self.path, "wb") as f:
                        f.write(self.data)
            except OSError:
                pass
        return NO_SERVER


def ask(path: str, request: bytes) -> int:
    """Send the driver arguments (NUL-separated); the answer is `STATUS\\n` and the report."""
    conn = socket(AF_UNIX, SOCK_STREAM)
    try:
        conn.settimeout(ANSWER_WAIT)
        conn.connect(path)
        conn.sendall(request)
        conn.shutdown(SHUT_WR)
        chunks = []
        while chunk := conn.recv(65536):
            chunks.append(chunk)
    finally:
        conn.close()
    status_line, _, report = b"".join(chunks).partition(b"\n")
    status = int(status_line)
    if status not in ANSWERS:
        raise ValueError(f"unexpected status {status}")
    sys.stderr.write(report.decode("utf-8", "replace"))
    return status


def start(python: str, path: str) -> bool:
    """Start a server for `path`; whether one answers within START_WAIT."""
    import subprocess

    try:
        server = subprocess.Popen(
            [python, "-I", "-m", "papervault.driver.server", path],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd="/",
            start_new_session=True,
        )
    except OSError:
        return False
    deadline = time.monotonic() + START_WAIT
    while time.monotonic() < deadline:
        gone = server.poll() is not None  # it could not bind (or another one runs)
        probe = socket(AF_UNIX, SOCK_STREAM)
        try:
            probe.connect(path)
            return True
        except OSError:
            if gone:
                return False  # no wait of START_WAIT for a socket that will never be
            time.sleep(0.005)
        finally:
            probe.close()
    return False


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
