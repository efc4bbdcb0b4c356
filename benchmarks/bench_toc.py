"""`papervault toc --check` on a 10,000-note vault against a bare python-frontmatter parse.

Both are measured here, in one run, as fresh processes (what a user or a hook runs): the
baseline is `python -c` that imports frontmatter and calls `frontmatter.load` on every
note; the command is the venv's `papervault toc --check` (the structure the contents
stand on; nothing is written, the contents are never committed).
Goal: the command takes at most 1.5x the baseline. Exits 1 when it is missed.

    .venv/bin/python benchmarks/bench_toc.py [NOTES]   (make bench)
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # `python benchmarks/bench_toc.py`, as `make bench` runs it

from benchmarks.generate import make_vault  # noqa: E402
from benchmarks.measure import BARE_PARSE  # noqa: E402
from benchmarks.measure import best  # noqa: E402
from benchmarks.measure import child  # noqa: E402

GOAL = 1.5
RUNS = 7


def main(argv: list[str]) -> int:
    n = int(argv[0]) if argv else 10_000
    bindir = Path(sys.executable).parent
    bare_cmd = [sys.executable, "-c", BARE_PARSE, "vault"]
    check_cmd = [str(bindir / "papervault"), "toc", "--check"]
    bare: list[tuple[float, float]] = []
    check: list[tuple[float, float]] = []
    with tempfile.TemporaryDirectory(prefix="bench_toc_") as tmp:
        root = Path(tmp)
        make_vault(root / "vault", n)
        printed = subprocess.run(check_cmd[:2], cwd=root, capture_output=True, check=False)
        for _ in range(RUNS):  # interleaved, so a busy moment hits both alike
            bare.append(child(bare_cmd, root, 0))
            check.append(child(check_cmd, root, 0))
        lines = printed.stdout.count(b"\n")
    print(f"notes: {n}, contents lines: {lines}, best of {RUNS} interleaved runs each")
    print("                              wall      cpu")
    print(f"bare frontmatter.load parse: {best(bare, 0):6.3f} s {best(bare, 1):6.3f} s")
    print(f"papervault toc --check:      {best(check, 0):6.3f} s {best(check, 1):6.3f} s")
    wall = best(check, 0) / best(bare, 0)
    cpu = best(check, 1) / best(bare, 1)
    print(f"ratio: wall {wall:.2f}x, cpu {cpu:.2f}x (goal <= {GOAL}x, judged on cpu)")
    if cpu > GOAL:
        print("goal missed")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
