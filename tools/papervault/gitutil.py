"""Small git helpers over `git` itself (subprocess): nothing heavy on a driver's start-up path.

The one runner of the hooks and drivers (the commands a person runs use GitPython, see
`papervault.snapshot`), and the one reader of git's NUL-separated listings (`records`).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from papervault.errors import VaultError

Completed = subprocess.CompletedProcess[bytes]


def _git(args: tuple[str, ...], cwd: Path | None, data: bytes | None = None) -> Completed:
    return subprocess.run(["git", *args], cwd=cwd, input=data, capture_output=True, check=False)


def run(*args: str, cwd: Path | None = None, data: bytes | None = None) -> bytes:
    """git's stdout as bytes; a failure is a VaultError with git's own words."""
    proc = _git(args, cwd, data)
    if proc.returncode != 0:
        words = proc.stderr.decode("utf-8", "replace").strip() or f"exit {proc.returncode}"
        raise VaultError(f"git {args[0]}: {words}")
    return proc.stdout


def records(out: bytes) -> list[str]:
    """The records of a `-z` listing (a path each, or `ls-files -u`'s `mode id stage<TAB>path`),
    decoded as git's paths are everywhere here (UTF-8, any other byte kept as is)."""
    return [entry for entry in out.decode("utf-8", "surrogateescape").split("\0") if entry]


def paths(*args: str, cwd: Path | None = None) -> list[str]:
    """The paths `git COMMAND -z ARGS...` lists, e.g. `paths("ls-files", "--", "vault")`."""
    return records(run(args[0], "-z", *args[1:], cwd=cwd))


def text(*args: str, cwd: Path | None = None) -> str:
    """git's stdout as text, without the final newline."""
    return run(*args, cwd=cwd).decode("utf-8", "surrogateescape").rstrip("\n")


def toplevel(cwd: Path | None = None) -> Path:
    """The top of the work tree; a VaultError outside a git work tree."""
    try:
        return Path(text("rev-parse", "--show-toplevel", cwd=cwd))
    except VaultError:
        raise VaultError("not inside a git work tree") from None


def git_path(name: str, cwd: Path | None = None) -> Path:
    """`git rev-parse --git-path NAME`, absolute (right in linked work trees too)."""
    path = Path(text("rev-parse", "--git-path", name, cwd=cwd))
    return path if path.is_absolute() else (cwd or Path.cwd()) / path


def common_dir(cwd: Path | None = None) -> Path:
    """The git directory shared by every work tree of the clone (where config lives)."""
    path = Path(text("rev-parse", "--git-common-dir", cwd=cwd))
    return (path if path.is_absolute() else (cwd or Path.cwd()) / path).resolve()


def config_get(key: str, cwd: Path | None = None) -> str | None:
    """A value of the clone's own config (`--local`), or None."""
    proc = _git(("config", "--local", "--get", key), cwd)
    return (
        proc.stdout.decode("utf-8", "surrogateescape").rstrip("\n")
        if proc.returncode == 0
        else None
    )
