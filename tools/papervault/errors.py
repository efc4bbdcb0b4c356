"""The error types every command turns into a clear message (exit 2), never a traceback."""

from __future__ import annotations


class VaultError(Exception):
    """A user-level error: bad input, a bad vault, a bad argument."""


class NoteError(VaultError):
    """A note that cannot be read: names the file and the line."""

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path = path
        self.line = line
        self.message = message
