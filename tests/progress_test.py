"""The one progress display: on a terminal, after its delay, never with quiet."""

from __future__ import annotations

import io
import os
import pty

from papervault.progress import Progress
from tests.ptykit import drain


def test_progress_shows_once_the_work_takes_its_time() -> None:
    """On a terminal, after `delay` seconds of work (1 s by default), never before."""
    master, slave = pty.openpty()
    with os.fdopen(slave, "w") as stream:
        quick = Progress("import", stream, delay=3600)
        step = quick.step("writing files")
        assert step is not None
        step(1, 2)
        step(2, 2)
        quick.done()
        slow = Progress("import", stream, delay=0)
        step = slow.step("writing files")
        assert step is not None
        step(302, 302)
        slow.done()
        quiet = Progress("import", stream, delay=0, quiet=True)
        assert quiet.step("writing files") is None
    assert drain(master).decode() == "\rimport: writing files 302/302\x1b[K\r\x1b[K"


def test_a_count_without_a_total_and_a_message_between() -> None:
    master, slave = pty.openpty()
    with os.fdopen(slave, "w") as stream:
        progress = Progress("site", stream, delay=0, every=0)
        step = progress.step("reading pages")
        assert step is not None
        step(7, 0)
        progress.write("WARNING -  a message\n")
        progress.write("another\n")  # no progress line to clear now
        step(8, 0)
        progress.done()
    assert drain(master).decode() == (
        "\rsite: reading pages 7\x1b[K\r\x1b[KWARNING -  a message\r\n"
        "another\r\n\rsite: reading pages 8\x1b[K\r\x1b[K"
    )


def test_nothing_but_the_messages_off_a_terminal() -> None:
    stream = io.StringIO()
    progress = Progress("export", stream, delay=0)
    assert progress.step("reading notes") is None
    progress.write("a message\n")
    progress.done()
    assert stream.getvalue() == "a message\n"
