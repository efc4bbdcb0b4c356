"""`papervault check-conflicts [FILES...]`: conflict markers, mangled and escaped ones too.

Without files it checks the vault: the files git tracks in it (every file of the folder
outside a work tree).

The pre-commit hook `papervault-conflicts`. It runs on every commit, not only during a
merge, so it stays light: no YAML, git or MkDocs import, and a file is decoded and parsed
(and the parser imported) only when one of the bytes a marker needs occurs in it.

Prints a finding (`papervault.findings`) per region or lone marker, sorted, as `path:line:col:
kind marker (extent)` (a warning ends in ` [warning]`); exit 1 when any error was found
(warnings alone exit 0), 2 when a file could not be read.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable
from collections.abc import Sequence

from papervault.findings import ERROR
from papervault.findings import Finding
from papervault.findings import render

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from papervault.conflicts import Conflict

# Every marker form holds one of these bytes (ASCII, UTF-8 guillemets' last bytes, escapes,
# entities); a NUL sends a binary file down the slow path to be reported as skipped. Deleting
# every other byte (one C loop) tells a clean file fastest.
_TELLTALES = frozenset(b"<>=|\\&\xab\xbb\xb9\xba\0")
_OTHER_BYTES = bytes(b for b in range(256) if b not in _TELLTALES)
_ASCIIDOC = (".adoc", ".asciidoc", ".asc")
_CHUNK = 1 << 18
_SPACES = re.compile(r"\s+")
_MAX_TEXT = 80


class Skipped(Exception):
    """A file that is not checked, with the reason."""


def read_bytes(path: str) -> bytes:
    """A file's bytes, with as few system calls as possible (most notes are a few KB)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        data = os.read(fd, _CHUNK)
        if len(data) == _CHUNK:
            chunks = [data]
            while chunk := os.read(fd, _CHUNK):
                chunks.append(chunk)
            data = b"".join(chunks)
        return data
    finally:
        os.close(fd)


def decode(data: bytes) -> str:
    """Text of a file: UTF-8 (with or without BOM), UTF-16 with a BOM, else Latin-1.

    Raises Skipped for binary data (a NUL byte outside UTF-16).
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise Skipped("binary file (bad UTF-16)") from None
    if b"\0" in data:
        raise Skipped("binary file (NUL byte)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # not UTF-8: ASCII markers, and « » (0xAB, 0xBB), read the same in Latin-1
        return data.decode("latin-1")


def check_bytes(data: bytes, path: str = "") -> list[Conflict]:
    """The conflicts in a file's bytes (Skipped for binary data).

    The path's suffix tells AsciiDoc (whose `----` blocks hold examples) from Markdown.
    """
    if not data.translate(None, _OTHER_BYTES):
        return []
    # imported here: most files never need the parser (and its regular expressions)
    from papervault.conflicts import find_conflicts

    return find_conflicts(decode(data), asciidoc=path.lower().endswith(_ASCIIDOC))


def finding(path: str, c: Conflict) -> Finding:
    """The finding of one region or lone marker: `kind marker (extent)` at its first marker."""
    text = _SPACES.sub(" ", c.text)
    if not text.isprintable():  # no terminal control sequences from a file into the output
        text = "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in text)
    if len(text) > _MAX_TEXT:
        text = text[: _MAX_TEXT - 1] + "…"
    extent = f"line {c.line}" if c.end_line == c.line else f"lines {c.line}-{c.end_line}"
    lines = c.lines
    if len(lines) > 1 or (lines and lines[0] != c.line):
        extent += ", markers on " + ", ".join(map(str, lines))
    return Finding(path, c.line, c.col, c.severity, c.kind, f"{text} ({extent})")


def check_files(paths: Iterable[str]) -> tuple[list[Finding], list[str], int]:
    """(findings, notes for stderr, exit code) for some files."""
    out: list[Finding] = []
    notes: list[str] = []
    code = 0
    for path in paths:
        try:
            conflicts = check_bytes(read_bytes(path), path)
        except Skipped as e:
            notes.append(f"{path}: skipped: {e}")
            continue
        except OSError as e:
            notes.append(f"{path}: cannot read: {e.strerror or e}")
            code = 2
            continue
        for c in conflicts:
            out.append(finding(path, c))
            if c.severity == ERROR and code == 0:
                code = 1
    return out, notes, code


USAGE = "usage: papervault check-conflicts [-h] [FILES ...]"
HELP = f"""{USAGE}

Find conflict markers: git's, indented or glued ones, typographically mangled ones
(«««< HEAD, »»»> 35ed8ce) and escaped ones (\\<\\<…, &lt;&lt;…). Exit 1 when one blocks a
commit, 2 when a file cannot be read.

positional arguments:
  FILES       files to check (`--` before a file whose name starts with `-`);
              none: the vault's files (git ls-files)

options:
  -h, --help  show this help message and exit
"""


def parse_files(argv: Sequence[str]) -> list[str] | str:
    """The file arguments, or the text of a usage error (argparse's, without its import time)."""
    files: list[str] = []
    options = True
    for arg in argv:
        if options and arg == "--":
            options = False
        elif options and arg.startswith("-") and arg != "-":
            return f"unrecognized arguments: {arg}"
        else:
            files.append(arg)
    return files


def vault_files() -> tuple[str, list[str]]:
    """The vault folder and its files: git's tracked ones in a work tree, else all of them."""
    from papervault import config
    from papervault import gitutil
    from papervault.errors import VaultError

    vault = config.vault_dir()
    if not vault.is_dir():
        raise VaultError(f"no files named and no vault folder {str(vault)!r}: name the files")
    try:
        return f"{vault}/", sorted(gitutil.paths("ls-files", "--", str(vault)))
    except VaultError:  # not in a work tree: every file of the folder
        return f"{vault}/", sorted(
            os.path.join(folder, name) for folder, _, names in os.walk(vault) for name in names
        )


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    options = args[: args.index("--")] if "--" in args else args
    if "-h" in options or "--help" in options:
        print(HELP, end="")
        return 0
    files = parse_files(args)
    if isinstance(files, str):
        print(f"{USAGE}\npapervault check-conflicts: error: {files}", file=sys.stderr)
        return 2
    if not files:
        from papervault.errors import VaultError

        try:
            vault, files = vault_files()
        except VaultError as e:
            print(f"papervault check-conflicts: {e}", file=sys.stderr)
            return 2
        print(
            f"papervault check-conflicts: no files named: checking the {len(files)} "
            f"file(s) of {vault}",
            file=sys.stderr,
        )
    out, notes, code = check_files(files)
    sys.stdout.write(render(out))
    for note in notes:
        print(f"papervault check-conflicts: {note}", file=sys.stderr)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
