"""The labels git did not pass a driver, read from where git leaves them during a merge:
its environment (`GITHEAD_<sha>`) and the work tree's git directory (`rebase-merge/done`).
The naming is `papervault.merge.labels`'s (pure); this reads (standard library only: the
merge client, python -I -S, starts on this module).
"""

from __future__ import annotations

import os

from papervault.merge import labels


def fill(args: list[str], env: dict[str, str], top: str) -> list[str]:
    """Driver arguments `O A B L P [S X Y]` with the labels git did not pass filled in."""
    return labels.fill(args, during_merge(env, top)) if labels.missing(args) else args


def during_merge(env: dict[str, str], top: str) -> labels.Names | None:
    """(ours, base, theirs) while git is merging, from what git leaves for a driver."""
    heads = [value for key, value in env.items() if key.startswith("GITHEAD_") and value]
    named = labels.merging(heads)
    if named is not None:
        return named
    git_dir = _git_dir(top)
    if git_dir is None:
        return None
    try:
        with open(os.path.join(git_dir, "rebase-merge", "done"), encoding="utf-8") as f:
            return labels.replayed(f.read())
    except (OSError, UnicodeDecodeError):
        return None


def _git_dir(top: str) -> str | None:
    """The work tree's git directory (`.git`, or where a `.git` file points): git runs a
    driver at the top of the work tree, so this is `cachedir.find_git_dir` without its walk
    up, GIT_DIR and pathlib (the client starts on this module, standard library only)."""
    dot = os.path.join(top, ".git")
    if os.path.isdir(dot):
        return dot
    try:
        with open(dot, encoding="utf-8") as f:
            line = f.readline().strip()
    except (OSError, UnicodeDecodeError):
        return None
    if not line.startswith("gitdir:"):
        return None
    path = line.removeprefix("gitdir:").strip()
    return path if os.path.isabs(path) else os.path.join(top, path)
