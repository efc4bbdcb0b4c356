"""A revision's vault, extracted to a folder so the ordinary loaders can read it."""

from __future__ import annotations

import io
import os
import subprocess
import tarfile
from pathlib import Path

from papervault import gitutil
from papervault.errors import VaultError

EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"


def commit_of(rev: str) -> str:
    """The commit (or the empty tree) a revision names; a clear error when it names none."""
    if rev == EMPTY_TREE:
        return rev
    proc = subprocess.run(
        ["git", "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise VaultError(f"{rev!r} is not a commit in this repository")
    return proc.stdout.strip()


def extract(rev: str, subdir: str, dest: Path) -> Path:
    """Write `subdir` as it is at `rev` into `dest`; returns the extracted folder."""
    target = dest / subdir
    target.mkdir(parents=True, exist_ok=True)
    if rev == EMPTY_TREE:
        return target
    listing = gitutil.run("ls-tree", "--name-only", rev, "--", subdir.rstrip("/") or ".")
    if not listing.strip():
        return target  # the vault does not exist yet at this revision
    data = gitutil.run("archive", "--format=tar", rev, "--", subdir)
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        archive.extractall(dest, filter=_files_only)
    return target


def _files_only(member: tarfile.TarInfo, path: str) -> tarfile.TarInfo | None:
    """Files and folders only: a link is never extracted (nor followed), whether it points
    inside, outside or nowhere; `review` lists it for a maintainer instead."""
    if not (member.isreg() or member.isdir()):
        return None
    return tarfile.data_filter(member, path)


def vault_subdir(vault: Path) -> str:
    """The vault folder relative to the repository root, posix separators."""
    rel = os.path.relpath(vault.resolve(), gitutil.toplevel())
    if rel.startswith(".."):
        raise VaultError(f"{vault} is not inside this git repository")
    return Path(rel).as_posix()
