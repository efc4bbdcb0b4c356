"""The note merge driver's cost per file, against `git merge-file` on the same files.

A 200-note vault in a fresh repository; one branch adds a tag and rewrites a paragraph of
every note, the other changes every note's venue: git calls the driver once per note.

- per file: the installed driver (shim + Python), run as git runs it, on each note's three
  versions, against `git merge-file -p` on the same three files (the baseline); and again
  with theirs editing only the body (the quick merge: no YAML imported);
- the whole `git merge` with the drivers, against the same merge without them;
- the driver process's imports (`python -X importtime`): no GitPython, MkDocs or
  python-frontmatter, and the import time.

Goals (a Python process is never as cheap as git's C; the ratio is reported, the goals
bound what a user waits for, with room for a loaded machine): a driver call at most 120 ms
(median) when fields are merged and 60 ms for the quick merge; imports at most 60 ms / 25 ms
beyond a bare `python -I`, none of the heavy modules; the 200-note `git merge` at most 40 s.
The merge itself takes under 1 ms a note: the rest is Python starting and importing PyYAML
and dataclasses (notes.py), which a process per file pays every time.
Exits 1 when one is missed. The machine's load shows in every figure: compare within a run.

    .venv/bin/python benchmarks/bench_merge.py [NOTES]
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # `python benchmarks/bench_merge.py`, as `make bench` runs it

from benchmarks.generate import make_vault  # noqa: E402

NOTES = 200
GOAL_MS = 120.0
GOAL_MERGE_S = 40.0
GOAL_IMPORT_MS = 60.0
GOAL_QUICK_MS = 60.0
GOAL_QUICK_IMPORT_MS = 25.0
RUNS = 7
RUN = "import sys; from papervault.cli import main; sys.exit(main(sys.argv[1:]))"  # as the shim
HEAVY = ("git", "mkdocs", "frontmatter", "material")
ATTRIBUTES = "vault/**/*.md merge=papervault-note\nvault/contents.md merge=papervault-contents\n"


def git(repo: Path, *args: str) -> str:
    out = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=False)
    if out.returncode not in (0, 1):
        raise SystemExit(f"git {' '.join(args)} failed: {out.stderr}")
    return out.stdout


def papervault(repo: Path, *args: str) -> None:
    subprocess.run([sys.executable, "-m", "papervault", *args], cwd=repo, check=False)


def setup(root: Path, notes: int) -> Path:
    repo = root / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    for key, value in (("user.name", "B"), ("user.email", "b@example.invalid")):
        git(repo, "config", key, value)
    (repo / ".gitattributes").write_text(ATTRIBUTES)
    (repo / "pyproject.toml").write_text('[tool.papervault]\nvault = "vault"\n')
    paths = make_vault(repo / "vault", notes)
    papervault(repo, "toc")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    git(repo, "checkout", "-q", "-b", "topic")
    for path in paths:
        text = path.read_text()
        text = text.replace("tags:\n", "tags:\n  - reviewed\n", 1)
        text = text.rstrip("\n") + " Read again.\n"
        path.write_text(text)
    git(repo, "commit", "-q", "-am", "theirs")
    git(repo, "checkout", "-q", "main")
    for path in paths:
        text = path.read_text()
        path.write_text(text.replace("venue: Journal", "venue: Proceedings", 1))
    git(repo, "commit", "-q", "-am", "ours")
    return repo


def per_file(repo: Path, work: Path, shim: Path) -> tuple[list[float], list[float], list[float]]:
    """Wall time of the driver and of `git merge-file` for each changed note."""
    names = git(repo, "diff", "--name-only", "main...topic", "--", "vault/").split()
    driver: list[float] = []
    quick: list[float] = []
    baseline: list[float] = []
    for name in names:
        if name.endswith("contents.md"):
            continue
        files = []
        for label, rev in (("O", "main~1"), ("A", "main"), ("B", "topic")):
            path = work / f".merge_file_{label}"
            path.write_bytes(
                subprocess.run(
                    ["git", "show", f"{rev}:{name}"], cwd=repo, capture_output=True, check=True
                ).stdout
            )
            files.append(str(path))
        o, a, b = files
        ours = Path(a).read_bytes()
        start = time.perf_counter()
        subprocess.run(
            ["git", "merge-file", "-p", a, o, b], cwd=repo, capture_output=True, check=False
        )
        baseline.append(time.perf_counter() - start)
        start = time.perf_counter()
        proc = subprocess.run(
            [str(shim), "note", o, a, b, "7", name], cwd=repo, capture_output=True, check=False
        )
        driver.append(time.perf_counter() - start)
        if proc.returncode != 0:
            raise SystemExit(f"the driver did not merge {name} cleanly: {proc.stderr!r}")
        Path(a).write_bytes(ours)
        # theirs edits only the body: the quick merge, no YAML parsed or imported
        Path(b).write_bytes(Path(o).read_bytes().rstrip(b"\n") + b" Read again.\n")
        start = time.perf_counter()
        proc = subprocess.run(
            [str(shim), "note", o, a, b, "7", name], cwd=repo, capture_output=True, check=False
        )
        quick.append(time.perf_counter() - start)
        if proc.returncode != 0 or b"front matter from ours" not in proc.stderr:
            raise SystemExit(f"the quick merge did not merge {name}: {proc.stderr!r}")
        Path(a).write_bytes(ours)
    return driver, quick, baseline


def whole_merge(repo: Path, root: Path, drivers: bool) -> float:
    clone = root / ("with" if drivers else "without")
    shutil.copytree(repo, clone)
    if not drivers:
        for section in ("papervault-note", "papervault-inner", "papervault-contents"):
            subprocess.run(
                ["git", "config", "--remove-section", f"merge.{section}"],
                cwd=clone,
                capture_output=True,
                check=False,
            )
    start = time.perf_counter()
    subprocess.run(
        ["git", "merge", "-q", "--no-edit", "topic"], cwd=clone, capture_output=True, check=False
    )
    return time.perf_counter() - start


def import_times(cmd: list[str], cwd: Path) -> tuple[float, list[str]]:
    """Sum of the modules' own import times (ms) of one process, and the heavy ones."""
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False)
    total = 0
    heavy = []
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, _, name = line.split(":", 1)[1].split("|")
        total += int(self_us)
        if name.strip().split(".")[0] in HEAVY:
            heavy.append(name.strip())
    return total / 1000, heavy


def imports(repo: Path, work: Path, quick: bool) -> tuple[float, list[str], float]:
    """Import time the driver adds to a bare `python -I` (ms, median of runs), heavy modules."""
    name = "vault/chapter-0/section-0/paper-0.md"
    blobs = {rev: git_show(repo, rev, name) for rev in ("main~1", "main", "topic")}
    if quick:
        blobs["topic"] = blobs["main~1"].rstrip(b"\n") + b" Read again.\n"
    files = [work / f".import_{label}" for label in "OAB"]
    driver = [sys.executable, "-X", "importtime", "-I", "-c", RUN, "merge-driver"]
    driver += [*map(str, files), "7", name]
    bare = [sys.executable, "-X", "importtime", "-I", "-c", "pass"]
    added: list[float] = []
    bare_ms: list[float] = []
    heavy: list[str] = []
    for _ in range(RUNS):
        for path, rev in zip(files, blobs, strict=True):
            path.write_bytes(blobs[rev])
        ms, heavy = import_times(driver, repo)
        base, _ = import_times(bare, repo)
        added.append(ms - base)
        bare_ms.append(base)
    return statistics.median(added), heavy, statistics.median(bare_ms)


def git_show(repo: Path, rev: str, name: str) -> bytes:
    return subprocess.run(
        ["git", "show", f"{rev}:{name}"], cwd=repo, capture_output=True, check=True
    ).stdout


def main() -> int:
    notes = int(sys.argv[1]) if len(sys.argv) > 1 else NOTES
    with tempfile.TemporaryDirectory(prefix="bench-merge-") as tmp:
        root = Path(tmp)
        repo = setup(root, notes)
        papervault(repo, "install", "--no-hooks")
        shim = (
            Path(git(repo, "rev-parse", "--absolute-git-dir").strip())
            / "papervault"
            / "merge-driver"
        )
        work = root / "work"
        work.mkdir()
        driver, quick, baseline = per_file(repo, work, shim)
        with_drivers = whole_merge(repo, root, True)
        without = whole_merge(repo, root, False)
        import_ms, heavy, bare_ms = imports(repo, work, quick=False)
        quick_import_ms, quick_heavy, _ = imports(repo, work, quick=True)
    d_ms = statistics.median(driver) * 1000
    b_ms = statistics.median(baseline) * 1000
    ratio = d_ms / b_ms
    print(f"notes merged: {len(driver)}")
    q_ms = statistics.median(quick) * 1000
    print(f"driver per file, fields merged (median): {d_ms:.1f} ms")
    print(f"driver per file, quick merge (median): {q_ms:.1f} ms")
    print(f"git merge-file per file (median): {b_ms:.1f} ms")
    print(f"ratio: {ratio:.1f}x fields merged, {q_ms / b_ms:.1f}x quick")
    print(f"git merge of {len(driver)} notes: {with_drivers:.2f} s with the drivers")
    print(f"git merge of {len(driver)} notes: {without:.2f} s without them (line merge)")
    print(f"driver imports, fields merged: {import_ms:.1f} ms beyond a bare python -I")
    print(f"driver imports, quick merge: {quick_import_ms:.1f} ms beyond a bare python -I")
    print(f"bare python -I imports: {bare_ms:.1f} ms")
    heavy += quick_heavy
    print(f"heavy modules imported: {', '.join(heavy) or 'none'}")
    missed = []
    if d_ms > GOAL_MS:
        missed.append(f"driver {d_ms:.1f} ms > {GOAL_MS} ms")
    if with_drivers > GOAL_MERGE_S:
        missed.append(f"git merge {with_drivers:.1f} s > {GOAL_MERGE_S} s")
    if import_ms > GOAL_IMPORT_MS:
        missed.append(f"imports {import_ms:.1f} ms > {GOAL_IMPORT_MS} ms")
    if quick_import_ms > GOAL_QUICK_IMPORT_MS:
        missed.append(f"quick imports {quick_import_ms:.1f} ms > {GOAL_QUICK_IMPORT_MS} ms")
    if q_ms > GOAL_QUICK_MS:
        missed.append(f"quick merge {q_ms:.1f} ms > {GOAL_QUICK_MS} ms")
    if heavy:
        missed.append(f"heavy imports: {', '.join(heavy)}")
    for line in missed:
        print(f"goal missed: {line}")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
