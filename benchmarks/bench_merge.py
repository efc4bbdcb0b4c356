"""The note merge driver's cost per file, against `git merge-file` on the same files.

A 200-note vault in a fresh repository; one branch adds a tag and rewrites a paragraph of
every note, the other changes every note's venue: git calls the driver once per note.

- per file: the installed shim, run as git runs it, on each note's three versions, against
  `git merge-file -p` on the same three files (the baseline): through the merge server (the
  default: a stdlib-only client per file, one server process for the merge) and directly
  (PAPERVAULT_MERGE_SERVER=0: a Python process that imports PyYAML and the note model per
  file), with fields merged and with the quick merge (theirs edits only the body);
- the whole `git merge` through the server, directly, and without the drivers;
- imports (`python -X importtime`) of the client and of the direct driver: never GitPython,
  MkDocs or python-frontmatter.

Goals (a Python process is never as cheap as git's C; the ratio is reported, the goals
bound what a user waits for): through the server a file costs at most half of the direct
driver and at most 60 ms; the client imports at most 15 ms beyond a bare `python -I -S`;
no heavy module anywhere; the 200-note `git merge` at most 20 s. The merge itself takes
under 1 ms a note: the rest is process start-up. Exits 1 when a goal is missed. The
machine's load shows in every figure: compare within a run.

    .venv/bin/python benchmarks/bench_merge.py [NOTES]
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # `python benchmarks/bench_merge.py`, as `make bench` runs it

import papervault  # noqa: E402
from benchmarks.generate import make_vault  # noqa: E402
from papervault.driver.shim import CLIENT_CODE  # noqa: E402  (what the shim runs)
from papervault.driver.shim import DRIVER_CODE  # noqa: E402

NOTES = 200
GOAL_MS = 60.0
GOAL_MERGE_S = 20.0
GOAL_CLIENT_IMPORT_MS = 15.0
RUNS = 7
VARIANTS = {  # name: (PAPERVAULT_MERGE_SERVER, theirs edits only the body)
    "server, fields": ("1", False),
    "server, quick": ("1", True),
    "direct, fields": ("0", False),
    "direct, quick": ("0", True),
}
HEAVY = ("git", "mkdocs", "frontmatter", "material")
ATTRIBUTES = "vault/**/*.md merge=papervault-note\n"


def git(repo: Path, *args: str) -> str:
    out = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=False)
    if out.returncode not in (0, 1):
        raise SystemExit(f"git {' '.join(args)} failed: {out.stderr}")
    return out.stdout


def run_papervault(repo: Path, *args: str) -> None:
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


def per_file(repo: Path, work: Path, shim: Path) -> dict[str, list[float]]:
    """Wall time per changed note: `git merge-file` and the shim in four ways."""
    names = git(repo, "diff", "--name-only", "main...topic", "--", "vault/").split()
    times: dict[str, list[float]] = {k: [] for k in ("baseline", *VARIANTS)}
    for name in names:
        sides = {rev: git_show(repo, rev, name) for rev in ("main~1", "main", "topic")}
        paths = [work / f".merge_file_{label}" for label in "OAB"]
        o, a, b = map(str, paths)
        for variant, (server, quick) in VARIANTS.items():
            theirs = sides["topic"]
            if quick:  # theirs edits only the body: no YAML needed
                theirs = sides["main~1"].rstrip(b"\n") + b" Read again.\n"
            for path, data in zip(paths, (sides["main~1"], sides["main"], theirs), strict=True):
                path.write_bytes(data)
            env = {**os.environ, "PAPERVAULT_MERGE_SERVER": server}
            start = time.perf_counter()
            proc = subprocess.run(
                [str(shim), "note", o, a, b, "7", name], cwd=repo, capture_output=True, env=env
            )
            times[variant].append(time.perf_counter() - start)
            if proc.returncode != 0:
                raise SystemExit(f"{variant}: {name} not merged cleanly: {proc.stderr!r}")
        start = time.perf_counter()
        subprocess.run(["git", "merge-file", "-p", a, o, b], cwd=repo, capture_output=True)
        times["baseline"].append(time.perf_counter() - start)
    return times


def whole_merge(repo: Path, root: Path, mode: str) -> float:
    """Seconds for `git merge` in a copy: through the server, directly, or without drivers."""
    clone = root / mode
    shutil.copytree(repo, clone)
    if mode == "none":
        for section in ("papervault-note", "papervault-inner"):
            git(clone, "config", "--remove-section", f"merge.{section}")
    env = {**os.environ, "PAPERVAULT_MERGE_SERVER": "0" if mode == "direct" else "1"}
    start = time.perf_counter()
    subprocess.run(
        ["git", "merge", "-q", "--no-edit", "topic"], cwd=clone, capture_output=True, env=env
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


def imports(repo: Path, work: Path, shim: Path) -> dict[str, float | list[str]]:
    """Import times beyond a bare interpreter (ms, medians) and any heavy module."""
    name = "vault/chapter-0/section-0/paper-0.md"
    sides = [git_show(repo, rev, name) for rev in ("main~1", "main", "topic")]
    files = [work / f".import_{label}" for label in "OAB"]
    args = [*map(str, files), "7", name]
    key = str(shim.parent.parent)
    package = str(Path(papervault.__file__).resolve().parent.parent)
    commands = {
        "client": [sys.executable, "-X", "importtime", "-I", "-S", "-c", CLIENT_CODE, package, key],
        "bare -S": [sys.executable, "-X", "importtime", "-I", "-S", "-c", "pass"],
        "direct": [sys.executable, "-X", "importtime", "-I", "-c", DRIVER_CODE, *args],
        "bare": [sys.executable, "-X", "importtime", "-I", "-c", "pass"],
    }
    commands["client"] += [sys.executable, *args]
    found: dict[str, list[float]] = {k: [] for k in commands}
    heavy: list[str] = []
    for _ in range(RUNS):
        for name_, cmd in commands.items():
            for path, data in zip(files, sides, strict=True):
                path.write_bytes(data)
            ms, more = import_times(cmd, repo)
            found[name_].append(ms)
            heavy += more
    med = {k: statistics.median(v) for k, v in found.items()}
    return {
        "client": med["client"] - med["bare -S"],
        "direct": med["direct"] - med["bare"],
        "bare": med["bare"],
        "heavy": sorted(set(heavy)),
    }


def git_show(repo: Path, rev: str, name: str) -> bytes:
    return subprocess.run(
        ["git", "show", f"{rev}:{name}"], cwd=repo, capture_output=True, check=True
    ).stdout


def main() -> int:
    notes = int(sys.argv[1]) if len(sys.argv) > 1 else NOTES
    with tempfile.TemporaryDirectory(prefix="bench-merge-") as tmp:
        root = Path(tmp)
        repo = setup(root, notes)
        run_papervault(repo, "install", "--no-hooks")
        git_dir = Path(git(repo, "rev-parse", "--absolute-git-dir").strip())
        shim = git_dir / "papervault" / "merge-driver"
        work = root / "work"
        work.mkdir()
        times = per_file(repo, work, shim)
        merges = {mode: whole_merge(repo, root, mode) for mode in ("server", "direct", "none")}
        found = imports(repo, work, shim)
    ms = {k: statistics.median(v) * 1000 for k, v in times.items()}
    base = ms["baseline"]
    print(f"notes merged: {len(times['baseline'])}")
    print(f"git merge-file per file (median): {base:.1f} ms")
    for variant in VARIANTS:
        print(
            f"driver per file, {variant} (median): {ms[variant]:.1f} ms ({ms[variant] / base:.1f}x)"
        )
    print(f"git merge of {notes} notes through the server: {merges['server']:.2f} s")
    print(f"git merge of {notes} notes, driver run directly: {merges['direct']:.2f} s")
    print(f"git merge of {notes} notes without the drivers: {merges['none']:.2f} s")
    print(f"client imports beyond a bare python -I -S: {found['client']:.1f} ms")
    print(f"direct driver imports beyond a bare python -I: {found['direct']:.1f} ms")
    print(f"heavy modules imported: {', '.join(found['heavy']) or 'none'}")  # type: ignore[arg-type]
    missed = []
    served, direct = ms["server, fields"], ms["direct, fields"]
    if served > GOAL_MS or served > direct / 2:
        missed.append(f"server {served:.1f} ms (goal {GOAL_MS} ms, half of direct {direct:.1f} ms)")
    if float(found["client"]) > GOAL_CLIENT_IMPORT_MS:  # type: ignore[arg-type]
        missed.append(f"client imports {found['client']:.1f} ms > {GOAL_CLIENT_IMPORT_MS} ms")
    if found["heavy"]:
        missed.append("heavy imports")
    if merges["server"] > GOAL_MERGE_S:
        missed.append(f"git merge {merges['server']:.1f} s > {GOAL_MERGE_S} s")
    for line in missed:
        print(f"goal missed: {line}")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
