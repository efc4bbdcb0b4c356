"""The generated contents file, merged without ever needing a person.

git merges one file at a time, in memory, and writes the work tree only at the end: when
the contents driver runs, no merged note exists anywhere yet. So the driver rebuilds the
merge itself:

1. It identifies the three commits: ours is HEAD; theirs is the merged commit (`git merge`
   names it in `GITHEAD_<id>`) or the commit being replayed (`git rebase`: the last line of
   `rebase-merge/done`); the base is their merge base or the replayed commit's parent.
   Each is accepted only if its contents blob is byte for byte the file git handed over.
   A cherry-pick names its commit nowhere: the replayed commit is found among recent
   commits that changed the contents from exactly the base to exactly theirs.
2. It merges the vault's notes of those commits path by path, with the note merge for
   notes changed on both sides, in a temporary folder, and renders the contents of that
   vault with the same renderer as `papervault toc`.

When the commits cannot be identified (a revert, `git merge-tree`, a bare clone) or
anything fails, the contents are merged as lines, every line of both sides kept and never
a marker; `papervault resolve`, and the contents hook at the next commit, regenerate them.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import tempfile
from collections.abc import Callable
from collections.abc import Mapping
from pathlib import Path

from papervault.gitutil import blob_id
from papervault.merge.note import merge_note
from papervault.merge.text import merge_file

SEARCH = 30  # recent commits to look at for a cherry-pick's
Renderer = Callable[[Path], str | None]  # vault folder -> contents (None: cannot)


def merge_lines(base: bytes, ours: bytes, theirs: bytes) -> bytes:
    """Both sides' lines, no markers: the contents when they cannot be regenerated."""
    if ours == theirs or base == theirs:
        return ours
    if base == ours:
        return theirs
    merged = merge_file(ours, base, theirs, style="--union").data
    if b"\0" in merged or not merged.strip():
        return ours if ours.strip() else theirs
    return merged


def _git(*args: str, data: bytes | None = None) -> bytes | None:
    proc = subprocess.run(["git", *args], input=data, capture_output=True, check=False)
    return proc.stdout if proc.returncode == 0 else None


def _rev(rev: str) -> str | None:
    out = _git("rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    return out.decode().strip() if out else None


def _blob_at(commit: str, path: str) -> str | None:
    out = _git("rev-parse", "--verify", "--quiet", f"{commit}:{path}")
    return out.decode().strip() if out else None


def _matches(commit: str, path: str, data: bytes) -> bool:
    blob = _blob_at(commit, path)
    return blob == blob_id(data) if blob is not None else not data


def theirs_candidates(environ: Mapping[str, str], git_dir: Path) -> list[str]:
    """Commits that may be the other side of the merge running now."""
    found = [key[len("GITHEAD_") :] for key in environ if key.startswith("GITHEAD_")]
    done = git_dir / "rebase-merge" / "done"
    try:
        lines = [line.split() for line in done.read_text(encoding="utf-8").splitlines()]
    except OSError:
        lines = []
    found += [
        words[1] for words in reversed(lines) if len(words) > 1 and not words[0].startswith("#")
    ][:1]
    for name in ("rebase-apply/original-commit", "CHERRY_PICK_HEAD", "REVERT_HEAD"):
        with contextlib.suppress(OSError):
            found.append((git_dir / name).read_text(encoding="utf-8").strip())
    return found


def identify(path: str, base: bytes, ours: bytes, theirs: bytes) -> tuple[str, str, str] | None:
    """(base, ours, theirs) commits whose `path` holds exactly these three texts."""
    head = _rev("HEAD")
    git_dir = _git("rev-parse", "--absolute-git-dir")
    if head is None or git_dir is None or not _matches(head, path, ours):
        return None
    for candidate in theirs_candidates(os.environ, Path(git_dir.decode().strip())):
        other = _rev(candidate)
        if other is None or not _matches(other, path, theirs):
            continue
        bases = (_git("merge-base", "--all", head, other) or b"").decode().split()
        parent = _rev(f"{other}^")
        options = bases if len(bases) == 1 else []
        options += [parent] if parent else []
        for b in options:
            if _matches(b, path, base):
                return b, head, other
    return _picked(path, base, theirs, head)


def _picked(path: str, base: bytes, theirs: bytes, head: str) -> tuple[str, str, str] | None:
    """A cherry-pick names its commit nowhere: a recent commit that changed the contents
    from exactly `base` to exactly `theirs` (the replayed commit, or one just like it)."""
    log = _git("log", "--all", f"-n{SEARCH}", "--format=%H", "--", path) or b""
    want = (blob_id(theirs), blob_id(base))
    for commit in log.decode().split():
        out = _git("rev-parse", f"{commit}:{path}", f"{commit}^:{path}")
        if out is not None and tuple(out.decode().split()) == want:
            parent = _rev(f"{commit}^")
            if parent is not None and commit != head:
                return parent, head, commit
    return None


def _tree(commit: str, folder: str) -> dict[str, str]:
    out = _git("ls-tree", "-r", "-z", commit, "--", f"{folder}/" if folder else ".")
    files: dict[str, str] = {}
    for entry in (out or b"").split(b"\0"):
        if b"\t" in entry:
            meta, name = entry.split(b"\t", 1)
            mode, kind, sha = meta.decode().split()
            if kind == "blob" and not mode.startswith("12"):
                files[name.decode("utf-8", "surrogateescape")] = sha
    return files


def _read_blobs(shas: set[str]) -> dict[str, bytes]:
    """Blob contents, all through one `git cat-file --batch`."""
    order = sorted(shas)
    out = _git("cat-file", "--batch", data="".join(f"{s}\n" for s in order).encode()) or b""
    blobs: dict[str, bytes] = {}
    pos = 0
    for sha in order:
        end = out.index(b"\n", pos)
        header = out[pos:end].split()
        size = int(header[2])
        blobs[sha] = out[end + 1 : end + 1 + size]
        pos = end + 1 + size + 1
    return blobs


def _renames(base: str, side: str, folder: str) -> dict[str, str]:
    """Files `side` renamed since `base` (old path -> new path), as git's merge detects them."""
    out = _git(
        "diff", "-z", "--name-status", "-M", base, side, "--", f"{folder}/" if folder else "."
    )
    words = [w.decode("utf-8", "surrogateescape") for w in (out or b"").split(b"\0")]
    renames: dict[str, str] = {}
    i = 0
    while i < len(words) and words[i]:
        status = words[i]
        if status.startswith(("R", "C")):
            if status.startswith("R"):
                renames[words[i + 1]] = words[i + 2]
            i += 3
        else:
            i += 2
    return renames


def merged_vault(commits: tuple[str, str, str], folder: str, skip: str) -> dict[str, bytes]:
    """The vault's Markdown files as the merge leaves them (path -> bytes).

    Files are matched through renames (a note moved to another section on one side and
    edited on the other ends at its new path with both changes), as git's merge does.
    """
    trees = [_tree(c, folder) for c in commits]
    moved = [_renames(commits[0], side, folder) for side in commits[1:]]
    keyed: list[dict[str, str]] = [trees[0]]
    for tree, renames in zip(trees[1:], moved, strict=True):
        back = {new: old for old, new in renames.items()}
        keyed.append({back.get(name, name): sha for name, sha in tree.items()})
    keys = sorted({k for tree in keyed for k in tree if k.endswith(".md") and k != skip})
    blobs = _read_blobs({tree[k] for tree in keyed for k in keys if k in tree})
    result: dict[str, bytes] = {}
    for key in keys:
        name = moved[0].get(key) or moved[1].get(key) or key
        b, o, t = (tree.get(key) for tree in keyed)
        if o == t or b == t:
            chosen = o
        elif b == o:
            chosen = t
        else:
            sides = [blobs[x] if x else b"" for x in (b, o, t)]
            if o is None or t is None:  # modify/delete: the changed note stays
                result[name] = sides[1] or sides[2]
            else:
                result[name] = merge_note(sides[0], sides[1], sides[2]).data
            continue
        if chosen is not None:
            result[name] = blobs[chosen]
    return result


def regenerate(
    path: str, base: bytes, ours: bytes, theirs: bytes, render: Renderer
) -> bytes | None:
    """The contents of the merged notes, or None when the merge cannot be rebuilt here."""
    commits = identify(path, base, ours, theirs)
    if commits is None:
        return None
    folder = path.rsplit("/", 1)[0] if "/" in path else ""
    files = merged_vault(commits, folder, path)
    with tempfile.TemporaryDirectory(prefix="papervault-contents-") as tmp:
        root = Path(tmp) / (folder or "vault")
        root.mkdir(parents=True)
        for name, data in files.items():
            target = Path(tmp) / name if folder else root / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        text = render(root)
        return text.encode("utf-8") if text is not None else None
