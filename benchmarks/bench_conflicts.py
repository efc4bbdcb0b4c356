"""Benchmark: `papervault-conflicts` on a 10,000-note vault against two baselines.

Goals (issue 4): within 4x of `git grep` for the ASCII markers over the same files, and
faster than pre-commit-hooks' `check-merge-conflict`.

Both hooks run as the user runs them: their console scripts in fresh processes, the file
list shuffled and split into command lines by pre-commit's own `xargs`, as many processes at
once as there are CPUs (a hook without `require_serial`); `git grep` uses its threads.
pre-commit-hooks' check only reads files during a merge, so the repository is put in one
(MERGE_HEAD and MERGE_MSG written) and it really checks. Figures are the best of several
interleaved rounds (these machines are shared).

    .venv/bin/python benchmarks/bench_conflicts.py [NOTES] [ROUNDS]

Prints the figures and both ratios; exits 1 when a goal is missed or a tool misses a marker.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from pre_commit.xargs import cpu_count  # type: ignore[import-untyped]
from pre_commit.xargs import partition
from pre_commit.xargs import xargs

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate import make_vault

GIT_GOAL = 4.0  # at most this many times git grep's time
PCH_GOAL = 1.0  # below pre-commit-hooks' time
BIN = Path(sys.executable).parent
JOBS = int(cpu_count())

# Planted conflicts: (note index, text appended to the note, the line our tool reports)
ASCII_REGION = "\n<<<<<<< HEAD\nyear: 2023\n=======\nyear: 2024\n>>>>>>> feature\n"
PLANTED = {
    7: ASCII_REGION,
    1234: "\n«««< HEAD\u00a0\u00a0=====\u00a0\u00a0»»»> 35ed8ce\n",
    5000: "\n\\<\\<\\<\\<\\<\\<\\< HEAD\nx\n\\=======\ny\n\\>>>>>>> 35ed8ce\n",
    9999: "\nSummary.>>>>>>> 35ed8ce\n",
}
ASCII_PATTERN = r"^(<{7}|\|{7}|={7}|>{7})( |$)"


def plant(paths: list[Path]) -> None:
    for index, extra in PLANTED.items():
        with paths[index].open("a", encoding="utf-8") as f:
            f.write(extra)


def git(repo: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, check=False)


def hook_env(tmp: Path) -> dict[str, str]:
    """The environment hooks run in: byte-code cached, as on a user's machine.

    (These machines set PYTHONDONTWRITEBYTECODE, which would make every process compile
    the editable package's sources while pre-commit-hooks' installed ones are compiled
    already. The cache goes to a temporary folder, not into the source tree.)
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
    return env


def run_batches(
    repo: Path, cmd: list[str], files: list[str], env: dict[str, str]
) -> tuple[int, bytes]:
    """Run a hook over the files as pre-commit does; (worst exit, output).

    pre-commit's own `xargs`: the (shuffled) file list split into command lines, run on as
    many processes at once as there are CPUs (a hook without `require_serial`).
    """
    code, out = xargs(tuple(cmd), files, target_concurrency=JOBS, cwd=repo, env=env)
    return int(code), bytes(out)


def best(rounds: int, runs: dict[str, Callable[[], object]]) -> dict[str, float]:
    """The best time of each run over interleaved rounds, after one untimed warm-up."""
    for fn in runs.values():
        fn()
    times = {name: float("inf") for name in runs}
    for _ in range(rounds):
        for name, fn in runs.items():
            start = time.perf_counter()
            fn()
            times[name] = min(times[name], time.perf_counter() - start)
    return times


def main(notes: int = 10_000, rounds: int = 11) -> int:
    with tempfile.TemporaryDirectory(prefix="bench-conflicts-") as tmp:
        repo = Path(tmp) / "repo"
        paths = make_vault(repo / "vault", notes)
        plant(paths)
        git(repo, "init", "-q")
        git(repo, "add", "vault")
        files = sorted(str(p.relative_to(repo)) for p in (repo / "vault").rglob("*.md"))
        random.Random(1542676187).shuffle(files)  # pre-commit's fixed shuffle
        git_dir = repo / ".git"
        (git_dir / "MERGE_HEAD").write_text("0" * 40 + "\n")
        (git_dir / "MERGE_MSG").write_text("Merge branch 'feature'\n")
        ours = [str(BIN / "papervault-conflicts")]
        pch = [str(BIN / "check-merge-conflict")]
        grep = ["git", "grep", "-n", "-I", "-E", "-e", ASCII_PATTERN]

        env = hook_env(Path(tmp))
        results: dict[str, tuple[int, bytes]] = {}

        def record(name: str, result: tuple[int, bytes]) -> None:
            results[name] = result

        runs: dict[str, Callable[[], object]] = {
            "git grep": lambda: record("git grep", _grep(repo, grep)),
            "pre-commit-hooks check-merge-conflict": lambda: record(
                "pch", run_batches(repo, pch, files, env)
            ),
            "papervault-conflicts": lambda: record("ours", run_batches(repo, ours, files, env)),
        }
        times = best(rounds, runs)

        size = sum(os.path.getsize(repo / f) for f in files)
        batches = len(partition(tuple(ours), files, JOBS))
        print(
            f"{len(files)} files, {size / 1e6:.1f} MB; each hook: {batches} command lines "
            f"on {JOBS} processes at once (as pre-commit runs it); best of {rounds}"
        )
        for name, seconds in times.items():
            print(f"  {name:<40} {seconds * 1000:8.1f} ms")
        ours_out = results["ours"][1].decode()
        found = sorted({line.split(":")[0] for line in ours_out.splitlines()})
        expected = sorted(files[files.index(str(paths[i].relative_to(repo)))] for i in PLANTED)
        print(f"  papervault-conflicts flagged {len(found)} of {len(PLANTED)} planted notes")
        print(f"  pre-commit-hooks flagged {len(results['pch'][1].splitlines())} lines")
        print(f"  git grep flagged {len(results['git grep'][1].splitlines())} lines")

        ratio_git = times["papervault-conflicts"] / times["git grep"]
        ratio_pch = times["papervault-conflicts"] / times["pre-commit-hooks check-merge-conflict"]
        print(f"ratio to git grep:          {ratio_git:5.2f}x (goal <= {GIT_GOAL:.0f}x)")
        print(f"ratio to pre-commit-hooks:  {ratio_pch:5.2f}x (goal < {PCH_GOAL:.0f}x)")
        failed = []
        if ratio_git > GIT_GOAL:
            failed.append("slower than 4x git grep")
        if ratio_pch >= PCH_GOAL:
            failed.append("not faster than pre-commit-hooks")
        if found != expected or results["ours"][0] != 1:
            failed.append(f"planted markers missed: found {found}")
        if results["pch"][0] != 1:
            failed.append("pre-commit-hooks did not check (not in a merge?)")
        for reason in failed:
            print(f"FAIL: {reason}")
        return 1 if failed else 0


def _grep(repo: Path, cmd: list[str]) -> tuple[int, bytes]:
    proc = subprocess.run(cmd, cwd=repo, capture_output=True, check=False)
    return proc.returncode, proc.stdout


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:3]]
    raise SystemExit(main(*args))
