"""The status protocol between the shim, the client, the server and the driver.

A driver process git runs must never exit above 128 (that aborts the whole merge on git
>= 2.42), and a Python that crashes exits 1: so the pieces answer the shim with codes that
are neither 0, 1 nor a crash's, and only the shim turns them into git's 0 (clean) and 1
(conflict). `papervault.driver.shim` writes these numbers into the shim's text; the client
(which must not pay for importing `enum`) keeps them as plain ints that a test pins to these.
"""

from __future__ import annotations

from enum import IntEnum


class Status(IntEnum):
    """How a driver run ended, as the shim reads it."""

    CLEAN = 10  # merged into %A: the shim exits 0
    CONFLICT = 11  # %A holds conflict markers: the shim exits 1
    FAILED = 2  # no usable merge: the shim writes git's line merge
    NO_SERVER = 3  # the client could not use a server: the shim runs the driver itself

    def for_git(self) -> int:
        """The exit code for git when git runs the driver itself: 0 clean, else 1."""
        return 0 if self is Status.CLEAN else 1


ANSWERS = frozenset({Status.CLEAN, Status.CONFLICT, Status.FAILED})  # what a server may answer
MERGED = (Status.CLEAN, Status.CONFLICT)  # the shim is done: %A is the driver's
