"""A one-note commit on a 10,000-note vault: the three hooks, against a bare parse.

What pre-commit runs when one note changed: `papervault check-conflicts NOTE`,
`papervault lint --fix NOTE` (its cache warm from an earlier commit) and `papervault toc
--check`, as fresh processes; the baseline is the bare python-frontmatter parse of the
whole vault (`benchmarks.measure.BARE_PARSE`), interleaved in the same run.
Goal (issue 18): the three together take at most 0.5x the baseline's CPU. Exits 1 when missed.

    .venv/bin/python benchmarks/bench_commit.py [NOTES]   (make bench)
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # `python benchmarks/bench_commit.py`, as `make bench` runs it

from benchmarks.generate import make_vault  # noqa: E402
from benchmarks.measure import BARE_PARSE  # noqa: E402
from benchmarks.measure import child  # noqa: E402

GOAL = 0.5
RUNS = 3


def main(argv: list[str]) -> int:
    n = int(argv[0]) if argv else 10_000
    papervault = str(Path(sys.executable).parent / "papervault")
    with tempfile.TemporaryDirectory(prefix="bench_commit_") as tmp:
        root = Path(tmp)
        subprocess.run(["git", "init", "-q"], cwd=root, check=True)
        paths = make_vault(root / "vault", n)
        note = str(paths[len(paths) // 2].relative_to(root))
        hooks = [
            ([papervault, "check-conflicts", note], 0),
            ([papervault, "lint", "--fix", note], None),
            ([papervault, "toc", "--check"], None),
        ]
        subprocess.run([papervault, "lint", "--fix", note], cwd=root, capture_output=True)
        bare: list[float] = []
        commit: list[float] = []
        times: list[list[float]] = [[] for _ in hooks]
        for _ in range(RUNS):
            bare.append(child([sys.executable, "-c", BARE_PARSE, "vault"], root, 0)[1])
            total = 0.0
            for i, (cmd, _) in enumerate(hooks):
                expect = subprocess.run(cmd, cwd=root, capture_output=True).returncode
                cpu = child(cmd, root, expect)[1]
                times[i].append(cpu)
                total += cpu
            commit.append(total)
    print(f"notes: {n}, best of {RUNS} interleaved runs (cpu seconds)")
    print(f"bare frontmatter.load parse: {min(bare):6.3f} s")
    for (cmd, _), cpu in zip(hooks, times, strict=True):
        shown = " ".join(word for word in cmd[1:] if not word.endswith(".md"))
        print(f"  {shown:<27} {min(cpu):6.3f} s")
    ratio = min(commit) / min(bare)
    print(f"one-note commit (3 hooks): {min(commit):6.3f} s = {ratio:.2f}x (goal <= {GOAL}x)")
    if ratio > GOAL:
        print("goal missed")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
