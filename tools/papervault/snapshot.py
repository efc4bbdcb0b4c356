"""A revision's vault, read through GitPython: the git layer of the commands a person runs.

`review` (and any command that reads a revision) opens the repository with GitPython, names
commits, reads trees and lists the changes between two revisions here. Hooks and merge
drivers never import this module: GitPython costs tens of milliseconds at import, so their
start-up paths use the small runner in `gitutil`.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import git

from papervault.errors import VaultError

EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
RawChange = tuple[str, str, str, str]  # (old mode, new mode, status, path), as `git diff --raw`


def open_repo(cwd: Path | None = None) -> git.Repo:
    """The repository around `cwd` (default: the current directory)."""
    try:
        return git.Repo(cwd or Path.cwd(), search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise VaultError("not inside a git work tree") from None


def commit_of(rev: str, repo: git.Repo | None = None) -> str:
    """The commit (or the empty tree) a revision names; a clear error when it names none."""
    if rev == EMPTY_TREE:
        return rev
    try:
        return (repo or open_repo()).commit(rev).hexsha
    except (git.BadName, git.BadObject, ValueError, git.GitCommandError):
        raise VaultError(f"{rev!r} is not a commit in this repository") from None


def _tree(repo: git.Repo, rev: str) -> git.Tree:
    return repo.tree(EMPTY_TREE) if rev == EMPTY_TREE else repo.commit(rev).tree


def extract(rev: str, subdir: str, dest: Path, repo: git.Repo | None = None) -> Path:
    """Write `subdir` as it is at `rev` into `dest`; returns the extracted folder. Files and
    folders only: a link is never written (nor followed), whether it points inside, outside
    or nowhere, nor a submodule; `review` lists them for a maintainer instead."""
    target = dest / subdir
    target.mkdir(parents=True, exist_ok=True)
    if rev == EMPTY_TREE:
        return target
    tree = _tree(repo or open_repo(), rev)
    name = subdir.strip("/")
    try:
        folder = tree / name if name and name != "." else tree
    except KeyError:
        return target  # the vault does not exist yet at this revision
    if not isinstance(folder, git.Tree):
        return target
    for item in folder.traverse():
        if not isinstance(item, git.Blob) or not stat.S_ISREG(item.mode):
            continue
        path = dest / item.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(item.data_stream.read())
        if item.mode & 0o111:
            path.chmod(0o755)
    return target


def read(rev: str, path: str, repo: git.Repo | None = None) -> bytes:
    """A file's bytes as it is at `rev` (b"" when it is no file there)."""
    try:
        item = _tree(repo or open_repo(), rev) / path
    except KeyError:
        return b""
    return item.data_stream.read() if isinstance(item, git.Blob) else b""


def changes(base: str, head: str, repo: git.Repo | None = None) -> list[RawChange]:
    """Every file changed from `base` to `head` in the whole repository (no renames: a
    rename is a file deleted and one added), as (old mode, new mode, status, path)."""
    repo = repo or open_repo()
    out: list[RawChange] = []
    for diff in _tree(repo, base).diff(_tree(repo, head), no_renames=True):
        old, new = diff.a_mode or 0, diff.b_mode or 0
        status = "A" if diff.new_file else "D" if diff.deleted_file else "M"
        if old and new and stat.S_IFMT(old) != stat.S_IFMT(new):
            status = "T"
        path = diff.b_path if diff.b_path is not None else diff.a_path
        out.append((f"{old:06o}", f"{new:06o}", status, path or ""))
    return sorted(out, key=lambda change: change[3])


def vault_subdir(vault: Path, repo: git.Repo | None = None) -> str:
    """The vault folder relative to the repository root, posix separators."""
    top = (repo or open_repo()).working_tree_dir
    if top is None:
        raise VaultError("not inside a git work tree")
    rel = os.path.relpath(vault.resolve(), Path(top).resolve())
    if rel.startswith(".."):
        raise VaultError(f"{vault} is not inside this git repository")
    return Path(rel).as_posix()
