"""The names git gives the sides of a merge, for markers and messages (standard library only).

git >= 2.44 passes them to a driver as %S (base), %X (ours) and %Y (theirs); older gits pass
the literal placeholders. Then they are worked out as git's own line merge names them:

- `git merge topic`: `HEAD` and `topic` (git sets `GITHEAD_<sha>=topic` for the merge);
- `git rebase`: `HEAD` (the branch rebased onto: in a rebase "ours" is upstream) and the
  commit being replayed, `1a2b3c4 (its subject)`, from `rebase-merge/done`;
- anything else (a cherry-pick on an old git): `ours` and `theirs`.

`stopped` does the same for `papervault resolve`, once git has stopped and written its
state (MERGE_HEAD, REBASE_HEAD, CHERRY_PICK_HEAD, REVERT_HEAD).

Pure: the driver (`papervault.driver.labels`) and `resolve` read what git left and pass it
in. Nothing imported at start-up: the merge client (python -I -S) starts on this module too.
"""

from __future__ import annotations

OURS, BASE, THEIRS = "ours", "base", "theirs"
PICKS = frozenset({"pick", "p", "reword", "r", "edit", "e", "squash", "s", "fixup", "f"})
MERGE_MSG = r"^Merge (?:remote-tracking )?(?:branch|tag|commit) '([^'\n]+)'"
STOPPED = ("MERGE_HEAD", "REBASE_HEAD", "CHERRY_PICK_HEAD", "REVERT_HEAD")
Names = tuple[str, str, str]  # (ours, base, theirs)


def _is_commit_id(text: str) -> bool:
    return 7 <= len(text) <= 64 and all(c in "0123456789abcdef" for c in text)


def given(value: str) -> bool:
    """Whether git passed a label (not the literal `%X` of an old git, not empty)."""
    return bool(value) and not (len(value) == 2 and value.startswith("%"))


def missing(args: list[str]) -> bool:
    """Whether driver arguments `O A B L P [S X Y]` lack a label git did not pass."""
    return len(args) >= 5 and not (len(args) >= 8 and all(given(a) for a in args[5:8]))


def fill(args: list[str], names: Names | None) -> list[str]:
    """Driver arguments `O A B L P [S X Y]` with the labels git did not pass from `names`."""
    if names is None or not missing(args):
        return args
    ours, base, theirs = names
    rest = [*args[5:8], "", "", ""][:3]
    labels = [a if given(a) else new for a, new in zip(rest, (base, ours, theirs), strict=True)]
    return [*args[:5], *labels, *args[8:]]


def merging(heads: list[str]) -> Names | None:
    """The names during `git merge topic`: its one `GITHEAD_<sha>` variable's value."""
    return ("HEAD", BASE, heads[0]) if len(heads) == 1 and heads[0] else None


def replayed(done: str) -> Names | None:
    """The names during a rebase, from its `rebase-merge/done` (the last line is the commit
    being replayed: `pick <sha> <subject>`, `fixup -C <sha> <subject>`, ...)."""
    last = done.rstrip("\n").rpartition("\n")[2]
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


def stopped(heads: dict[str, str], merge_msg: str = "") -> Names:
    """The names for `papervault resolve`: `heads` maps each of STOPPED git left to its commit
    as `commit_label` names it; `merge_msg` is MERGE_MSG's text (the merged branch's name)."""
    if "MERGE_HEAD" in heads:
        import re  # here: the merge client never needs it

        match = re.match(MERGE_MSG, merge_msg)
        return "HEAD", BASE, match.group(1) if match else heads["MERGE_HEAD"].split()[0]
    for head in ("REBASE_HEAD", "CHERRY_PICK_HEAD"):
        if head in heads:
            return "HEAD", f"parent of {heads[head]}", heads[head]
    if "REVERT_HEAD" in heads:
        return "HEAD", heads["REVERT_HEAD"], f"parent of {heads['REVERT_HEAD']}"
    return OURS, BASE, THEIRS
