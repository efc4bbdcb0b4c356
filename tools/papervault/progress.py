"""The one progress display of the commands (import, export, site): a line on stderr.

Shown only when the stream is a terminal, once the work has taken longer than `delay`
seconds (1, or `PAPERVAULT_PROGRESS_DELAY`), and never with `quiet`: pipes, CI logs and
quick runs see nothing of it. The core takes a plain `Step` callback (`step(done, total)`)
and never prints.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import TextIO

Step = Callable[[int, int], None]  # (done, total); total 0: not known (done 0: no count)
DELAY = 1.0


class Progress:
    """`name: phase done/total` on one line of a terminal's stderr, rewritten in place."""

    def __init__(
        self,
        name: str,
        stream: TextIO,
        every: float = 0.1,
        delay: float | None = None,
        quiet: bool = False,
    ) -> None:
        self.name = name
        self.stream = stream
        self.active = not quiet and stream.isatty()
        self.every = every
        self.start = time.monotonic()
        self.delay = default_delay() if delay is None else delay
        self.last = 0.0
        self.shown = False

    def step(self, phase: str) -> Step | None:
        """The callback for one phase of the work (None when nothing is shown)."""
        if not self.active:
            return None

        def show(done: int, total: int) -> None:
            now = time.monotonic()
            if now - self.start < self.delay:
                return  # quick work shows no progress
            if (done < total or not total) and now - self.last < self.every:
                return
            self.last = now
            count = f" {done}/{total}" if total else f" {done}" if done else ""
            self.stream.write(f"\r{self.name}: {phase}{count}\x1b[K")
            self.stream.flush()
            self.shown = True

        return show

    def write(self, text: str) -> None:
        """Other output for the same stream (a message): on a line of its own."""
        self.done()
        self.stream.write(text)
        self.stream.flush()

    def done(self) -> None:
        """Clear the progress line (when one is shown)."""
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False


def default_delay() -> float:
    """Seconds of work before progress shows: `PAPERVAULT_PROGRESS_DELAY`, else 1."""
    try:
        return max(0.0, float(os.environ.get("PAPERVAULT_PROGRESS_DELAY", DELAY)))
    except ValueError:
        return DELAY
