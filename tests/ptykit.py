"""Run a command with its stderr on a real pseudo-terminal, as a person's shell does."""

from __future__ import annotations

import os
import pty
import subprocess
import tempfile
from pathlib import Path


def drain(master: int) -> bytes:
    """Everything a pseudo-terminal showed until its other end closed, then close it."""
    shown = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # EIO: every writer has closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    os.close(master)
    return shown


def pty_run(
    command: list[str], cwd: Path, env: dict[str, str] | None = None
) -> tuple[int, str, bytes]:
    """(exit, what the terminal showed on stderr, stdout): the terminal is read while the
    command runs, so a command that writes much to it never waits for its reader."""
    master, slave = pty.openpty()
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=out, stderr=slave, stdin=subprocess.DEVNULL
        )
        os.close(slave)
        shown = drain(master)
        code = proc.wait()
        out.seek(0)
        return code, shown.decode(), out.read()
