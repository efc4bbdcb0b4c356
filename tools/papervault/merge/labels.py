"""The names git gives the sides of a merge, for markers and messages (standard library only).

git >= 2.44 passes them to a driver as %S (base), %X (ours) and %Y (theirs); older gits pass
the literal placeholders. Then they are worked out as git's own line merge names them:

- `git merge topic`: `HEAD` and `topic` (git sets `GITHEAD_<sha>=topic` for the merge);
- `git rebase`: `HEAD` (the branch rebased onto: in a rebase "ours" is upstream) and the
  commit being replayed, `1a2b3c4 (its subject)`, from `rebase-merge/done`;
- anything else (a cherry-pick on an old git): `ours` and `theirs`.

`after_stop` does the same for `papervault resolve`, once git has stopped and written its
state (MERGE_HEAD, REBASE_HEAD, CHERRY_PICK_HEAD, REVERT_HEAD).
"""

from __future__ import annotations

import os  # the only import: the merge client (python -I -S) starts on this module too

OURS, BASE, THEIRS = "ours", "base", "theirs"
PICKS = frozenset({"pick", "p", "reword", "r", "edit", "e", "squash", "s", "fixup", "f"})
MERGE_MSG = r"^Merge (?:remote-tracking )?(?:branch|tag|commit) '([^'\n]+)'"


def _is_commit_id(text: str) -> bool:
    return 7 <= len(text) <= 64 and all(c in "0123456789abcdef" for c in text)


def given(value: str) -> bool:
    """Whether git passed a label (not the literal `%X` of an old git, not empty)."""
    return bool(value) and not (len(value) == 2 and value.startswith("%"))


def fill(args: list[str], env: dict[str, str], top: str) -> list[str]:
    """Driver arguments `O A B L P [S X Y]` with the labels git did not pass filled in."""
    if len(args) < 5 or (len(args) >= 8 and all(given(a) for a in args[5:8])):
        return args
    found = during_merge(env, top)
    if found is None:
        return args
    ours, base, theirs = found
    rest = [*args[5:8], "", "", ""][:3]
    labels = [a if given(a) else new for a, new in zip(rest, (base, ours, theirs), strict=True)]
    return [*args[:5], *labels, *args[8:]]


def during_merge(env: dict[str, str], top: str) -> tuple[str, str, str] | None:
    """(ours, base, theirs) while git is merging, from what git leaves for a driver."""
    heads = [value for key, value in env.items() if key.startswith("GITHEAD_") and value]
    if len(heads) == 1:
        return "HEAD", BASE, heads[0]
    git_dir = _git_dir(top)
    if git_dir is None:
        return None
    try:
        with open(os.path.join(git_dir, "rebase-merge", "done"), encoding="utf-8") as f:
            last = f.read().rstrip("\n").rpartition("\n")[2]
    except (OSError, UnicodeDecodeError):
        return None
    words = last.split(maxsplit=1)
    if not words or words[0] not in PICKS or len(words) < 2:
        return None
    rest = words[1].split()
    while rest and rest[0].startswith("-"):  # fixup -C <sha>
        rest.pop(0)
    if not rest or not _is_commit_id(rest[0]):
        return None
    subject = words[1].split(rest[0], 1)[1].strip()
    theirs = commit_label(rest[0][:7], subject)
    return "HEAD", f"parent of {theirs}", theirs


def commit_label(short: str, subject: str) -> str:
    """A commit as git names it in markers: `1a2b3c4 (subject)`."""
    return f"{short} ({subject})" if subject else short


def _git_dir(top: str) -> str | None:
    """The work tree's git directory (`.git`, or where a `.git` file points)."""
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


def after_stop(where: os.PathLike[str]) -> tuple[str, str, str]:
    """(ours, base, theirs) for `papervault resolve`: git's names for a stopped operation."""
    import re
    from pathlib import Path

    from papervault import gitutil

    top = Path(where)

    def path(name: str) -> Path:
        return gitutil.git_path(name, top)

    def commit(ref: str) -> str:
        return gitutil.text("log", "-1", "--format=%h (%s)", ref, "--", cwd=top)

    try:
        if path("MERGE_HEAD").exists():
            message = path("MERGE_MSG").read_text(encoding="utf-8", errors="replace")
            match = re.match(MERGE_MSG, message)
            return "HEAD", BASE, match.group(1) if match else commit("MERGE_HEAD").split()[0]
        for head in ("REBASE_HEAD", "CHERRY_PICK_HEAD"):
            if path(head).exists():
                theirs = commit(head)
                return "HEAD", f"parent of {theirs}", theirs
        if path("REVERT_HEAD").exists():
            return "HEAD", commit("REVERT_HEAD"), f"parent of {commit('REVERT_HEAD')}"
    except Exception:  # labels are a courtesy: never a reason to fail
        pass
    return OURS, BASE, THEIRS
