"""Atomic file writes: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as e:  # name the file being written, not the temporary one
        raise OSError(e.errno, e.strerror, str(path)) from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        with contextlib.suppress(FileNotFoundError):
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_text(path: Path, text: str) -> None:
    """Atomically write UTF-8 text exactly as given (no newline translation)."""
    atomic_write(path, text.encode("utf-8"))


def write_all(files: list[tuple[Path, str]]) -> None:
    """Write every (path, text) or none: each is first staged in a temporary file beside
    its target, then all are renamed into place; when staging or a rename fails, every
    file already replaced gets its old bytes back, every new one (and new folder) goes,
    and the OSError names the file that failed."""
    made: list[Path] = []  # folders this call created, outermost first
    staged: list[tuple[Path, str]] = []  # (target, temporary)
    done: list[tuple[Path, bytes | None]] = []  # (target, old bytes or None when new)
    try:
        for path, text in files:
            _make_folders(path.parent, made)
            try:
                fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            except OSError as e:
                raise OSError(e.errno, e.strerror, str(path)) from None
            staged.append((path, tmp))
            with os.fdopen(fd, "wb") as f:
                f.write(text.encode("utf-8"))
        for path, tmp in staged:
            try:
                old: bytes | None = path.read_bytes()
            except FileNotFoundError:
                old = None
            with contextlib.suppress(FileNotFoundError):
                os.chmod(tmp, path.stat().st_mode & 0o7777)
            os.replace(tmp, path)
            done.append((path, old))
    except BaseException:
        for path, old in reversed(done):
            with contextlib.suppress(OSError):
                if old is None:
                    path.unlink()
                else:
                    atomic_write(path, old)
        for _, tmp in staged:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        for folder in reversed(made):
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise


def _make_folders(folder: Path, made: list[Path]) -> None:
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        try:
            path.mkdir()
        except FileExistsError:
            continue
        except OSError as e:
            raise OSError(e.errno, e.strerror, str(path)) from None
        made.append(path)
