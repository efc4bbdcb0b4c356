"""`mkdocs serve` never hangs: a broken note gets a page naming its error; the rest serves.

MkDocs' live server keeps answering with the last good build only while builds succeed; in
strict mode one error aborts every rebuild and the server "will appear stuck until build
errors are resolved" (mkdocs/livereload). So while serving, papervault shows each broken
note's `path:line: message` on that note's own page and the preview is not strict. `mkdocs
build` (`make site`, `papervault site`, CI) stays strict and fails on the same errors.
"""

from __future__ import annotations

import html
import logging

from mkdocs.utils import CountHandler

NOT_STRICT = (
    "papervault: the preview is not strict (pages keep serving while a note is broken);"
    " `make site` and CI build strictly"
)


def error_page(where: str, message: str) -> str:
    """The Markdown of a broken note's page while previewing."""
    return (
        "# This note cannot be published yet\n\n"
        f"<pre><code>{html.escape(f'{where}: {message}')}</code></pre>\n\n"
        "Fix it and save: this page reloads. `make site` and CI refuse to build until then.\n"
    )


def stop_counting(logger: logging.Logger) -> bool:
    """Take strict mode's warning counter off MkDocs' logger; whether there was one."""
    counters = [h for h in logger.handlers if isinstance(h, CountHandler)]
    for handler in counters:
        logger.removeHandler(handler)
    return bool(counters)


def address_problem(address: str) -> str:
    """Why `mkdocs serve -a ADDRESS` could not listen there ('' when it can), in one line."""
    import socket

    host, _, port = address.rpartition(":")
    host = host.strip("[]")
    if not host or not port.isdigit():
        return f"HOST={address!r} is not HOST:PORT (like HOST=127.0.0.1:8000)"
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as MkDocs' server does
        try:
            s.bind((host, int(port)))
        except OSError as e:
            return (
                f"{address} is not free ({e.strerror}): "
                f"choose another, e.g. make serve HOST={host}:{int(port) + 1}"
            )
    return ""


if __name__ == "__main__":  # `make serve`: a busy address is one line, not a traceback
    import sys

    problem = address_problem(sys.argv[1])
    if problem:
        print(f"make serve: {problem}", file=sys.stderr)
    raise SystemExit(2 if problem else 0)
