"""`papervault resolve`: finish a merge, rebase, cherry-pick or revert caught on conflicts.

For every conflicted note it re-merges the three index stages (base, ours, theirs) with
the note driver's field-by-field merge, so a clone that merged without the drivers (git's
line merge, markers between adjacent fields) ends where a clone with them would have.
Then it stages (`git add`) what is resolved and lists what needs a person,
`path:line:col: rule message`, with exit 1:

- `merge-conflict`: a field changed differently on both sides, or the body changed at the
  same place (the markers stay around that field or hunk alone);
- `modify-delete`: a note deleted on one side and changed on the other (git never calls a
  driver for these; the changed note is in the work tree: `git add` or `git rm` it);
- `add-add`: two different papers added at the same path.

Two notes the merge made one paper (the same title, arXiv id, DOI or address, one of them
brought or changed by the merge) are listed as `duplicate-paper` with both paths; nothing is
deleted, and the exit does not change (the lint blocks committing them).

A person's choice is final: a conflicted note whose markers are gone (`git checkout
--ours/--theirs`, or edited by hand, whatever it now holds) is never re-merged; it is
staged as the person left it, and the conflict guard and lint check it like any note.
A conflicted note still holding markers is rewritten from the stages; what it held before
is kept in `.git/papervault/resolve/<path>`.

Exit 0 when everything is resolved, 2 when no merge is in progress. Running it twice
changes nothing: the stages stay until a note is resolved, and the same stages give the
same bytes.

The policy is `papervault.resolution`'s (pure); this adapter reads and writes git through
GitPython, writes the work tree and prints.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import git

from papervault import gitutil
from papervault import resolution
from papervault.commands import add_vault_option
from papervault.commands import parser
from papervault.commands.install import NOTE_DRIVER
from papervault.config import relative_to_cwd
from papervault.config import vault_dir
from papervault.files import atomic_write
from papervault.findings import Finding
from papervault.findings import render
from papervault.merge import labels
from papervault.merge.text import Labels
from papervault.snapshot import open_repo

Stages = dict[int, str]  # index stage → blob id
OPERATIONS = (
    ("rebase-merge", "rebase"),
    ("rebase-apply", "rebase"),
    ("MERGE_HEAD", "merge"),
    ("CHERRY_PICK_HEAD", "cherry-pick"),
    ("REVERT_HEAD", "revert"),
)
SAID = {resolution.KEPT: "kept as you left it", resolution.RESOLVED: "resolved"}


def main(argv: Sequence[str] | None = None) -> int:
    p = parser("resolve", "Finish a merge, rebase or cherry-pick stopped on conflicts.")
    add_vault_option(p)
    args = p.parse_args(argv)
    repo = open_repo()
    operation = in_progress(repo)
    if operation is None:
        print("papervault resolve: no merge, rebase or cherry-pick in progress", file=sys.stderr)
        return 2
    vault = (Path.cwd() / vault_dir(args.vault)).resolve()
    done, findings = resolve_all(repo, vault)
    if done:
        repo.git.add("--", *done)
    top = work_tree(repo)
    for path in sorted(done):
        print(f"papervault resolve: {shown(top, path)}: {SAID[done[path]]}")
    touched = changed(repo, vault)
    known = {f.path for f in findings}
    findings += [f for path in touched - known for f in leftover_markers(top, path)]
    print(render(f._replace(path=shown(top, f.path)) for f in findings), end="")
    for f in merge_duplicates(top, vault, touched):  # in the order of their identity keys
        print(f)
    if findings:
        count = len({f.path for f in findings})
        print(f"papervault resolve: {count} file(s) need a person; then git add them and continue")
        return 1
    print(f"papervault resolve: nothing left to resolve; continue the {operation}")
    return 0


def resolve_all(repo: git.Repo, vault: Path) -> tuple[dict[str, str], list[Finding]]:
    """Every conflicted path through `resolution.resolve`, its outcome written to the work
    tree: the paths to stage (with their status) and the findings of the others."""
    top = work_tree(repo)
    stages = unmerged(repo)
    names = stopped_labels(repo)
    driven = attributes(repo, list(stages))
    done: dict[str, str] = {}
    findings: list[Finding] = []
    for path, ids in stages.items():
        target = top / path
        note = resolution.is_note(path, driven[path] == NOTE_DRIVER, _inside(target, vault))
        current = target.read_bytes() if target.is_file() else None
        blobs = {stage: blob(repo, sha) for stage, sha in ids.items()}
        outcome = resolution.resolve(path, blobs, current, note, names)
        if outcome.backup is not None:
            atomic_write(Path(repo.git_dir) / "papervault" / "resolve" / path, outcome.backup)
        if outcome.write is not None:
            atomic_write(target, outcome.write)
        if outcome.status in SAID:
            done[path] = outcome.status
        findings += outcome.findings
    return done, findings


def merge_duplicates(top: Path, vault: Path, touched: set[str]) -> list[Finding]:
    """`resolution.duplicates` over the vault as the merge left it, paths as a user types them."""
    from papervault.review import duplicate_keys
    from papervault.vault import load_vault

    if not touched:
        return []
    groups = {
        key: [shown(top, _from_top(vault / rel, top)) for rel in rels]
        for key, rels in duplicate_keys(load_vault(vault)).items()
    }
    return resolution.duplicates(groups, {shown(top, path) for path in touched})


def leftover_markers(top: Path, path: str) -> list[Finding]:
    target = top / path
    return resolution.leftover_markers(path, target.read_bytes()) if target.is_file() else []


def stopped_labels(repo: git.Repo) -> Labels:
    """git's names for the sides of the stopped operation (in a rebase "ours" is upstream);
    `ours`/`base`/`theirs` when git's state cannot be read: names are a courtesy."""
    git_dir = Path(repo.git_dir)
    try:
        heads = {
            head: repo.git.log("-1", "--format=%h (%s)", head, "--")
            for head in labels.STOPPED
            if (git_dir / head).exists()
        }
        message = ""
        if "MERGE_HEAD" in heads:
            message = (git_dir / "MERGE_MSG").read_text(encoding="utf-8", errors="replace")
    except (OSError, git.GitCommandError):
        return Labels()
    return Labels(*labels.stopped(heads, message))


def in_progress(repo: git.Repo) -> str | None:
    """The merge, rebase, cherry-pick or revert in progress, if any."""
    git_dir = Path(repo.git_dir)
    return next((what for name, what in OPERATIONS if (git_dir / name).exists()), None)


def unmerged(repo: git.Repo) -> dict[str, Stages]:
    """Conflicted paths and their index stages: {path: {stage: blob id}}. Listed by git
    itself: GitPython's own index reader refuses an index of version 4 (feature.manyFiles)."""
    found: dict[str, Stages] = {}
    for entry in gitutil.records(repo.git.ls_files("-u", "-z", stdout_as_string=False)):
        meta, _, name = entry.partition("\t")
        _, sha, stage = meta.split()
        found.setdefault(name, {})[int(stage)] = sha
    return dict(sorted(found.items()))


def blob(repo: git.Repo, sha: str) -> bytes:
    data: bytes = git.Blob(repo, bytes.fromhex(sha)).data_stream.read()
    return data


def attributes(repo: git.Repo, paths: list[str]) -> dict[str, str]:
    """The `merge` attribute of each path (git prints one line per path, in order)."""
    if not paths:
        return {}
    out = repo.git.check_attr("merge", "--", *paths, stdout_as_string=False)
    lines = out.decode("utf-8", "replace").splitlines()  # any name: only the values are read
    return dict(zip(paths, (line.rpartition(": ")[2] for line in lines), strict=True))


def changed(repo: git.Repo, vault: Path) -> set[str]:
    """The vault's files the work tree changed from HEAD (the merge's, and a person's)."""
    where = _from_top(vault, work_tree(repo))
    out = repo.git.diff("--name-only", "-z", "HEAD", "--", where, stdout_as_string=False)
    return set(gitutil.records(out))  # GitPython's reader: none if one is not UTF-8


def work_tree(repo: git.Repo) -> Path:
    return Path(repo.working_tree_dir or ".")


def shown(top: Path, path: str) -> str:
    return relative_to_cwd(top / path).as_posix()


def _inside(path: Path, vault: Path) -> bool:
    return path.resolve().is_relative_to(vault)


def _from_top(path: Path, top: Path) -> str:
    try:
        return path.relative_to(top.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
