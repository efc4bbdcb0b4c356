"""`papervault import` of a 10,000-entry list in the original style, against a bare split.

Both are measured here, in one run, as fresh processes: the baseline is `python -c` that
reads the list, cuts it at its paper headings and writes each piece to a file of its own
(the reading and writing any import has to do); the command is the venv's `papervault
import LIST --vault DIR` into an empty folder. Goal: the import takes under 15 s (judged on
cpu, user + system: the wall time on this shared machine is mostly other people's work),
and the ratio to the baseline is shown beside it. Exits 1 when the goal is missed.

    .venv/bin/python benchmarks/bench_import.py [ENTRIES]   (make bench)
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # `python benchmarks/bench_import.py`, as `make bench` runs it

from benchmarks.generate import list_text  # noqa: E402
from benchmarks.measure import best  # noqa: E402
from benchmarks.measure import child  # noqa: E402

GOAL = 15.0  # seconds
RUNS = 3

# The baseline: read the list, one file per paper heading (`### `), written as text.
BARE_SPLIT = """
import sys
from pathlib import Path
text = Path(sys.argv[1]).read_text(encoding="utf-8")
out = Path(sys.argv[2])
out.mkdir()
for i, piece in enumerate(text.split("\\n### ")):
    (out / f"{i}.md").write_text(piece, encoding="utf-8")
"""


def main(argv: list[str]) -> int:
    n = int(argv[0]) if argv else 10_000
    bindir = Path(sys.executable).parent
    bare: list[tuple[float, float]] = []
    run: list[tuple[float, float]] = []
    with tempfile.TemporaryDirectory(prefix="bench_import_") as tmp:
        root = Path(tmp)
        (root / "list.md").write_text(list_text(n), encoding="utf-8")
        for i in range(RUNS):  # interleaved, so a busy moment hits both alike
            bare.append(child([sys.executable, "-c", BARE_SPLIT, "list.md", f"bare{i}"], root, 0))
            cmd = [str(bindir / "papervault"), "import", "list.md", "--vault", f"v{i}"]
            run.append(child(cmd, root, 0))
            written = sum(1 for _ in (root / f"v{i}").rglob("*.md"))
            shutil.rmtree(root / f"v{i}")
            shutil.rmtree(root / f"bare{i}")
    print(f"entries: {n}, files written: {written}, best of {RUNS} interleaved runs each")
    print("                                wall      cpu")
    print(f"bare split and write:      {best(bare, 0):7.3f} s {best(bare, 1):7.3f} s")
    print(f"papervault import:         {best(run, 0):7.3f} s {best(run, 1):7.3f} s")
    wall = best(run, 0) / best(bare, 0)
    cpu = best(run, 1) / best(bare, 1)
    print(f"ratio to the baseline: wall {wall:.1f}x, cpu {cpu:.1f}x")
    print(f"goal: under {GOAL:.0f} s (judged on cpu): {best(run, 1):.2f} s")
    if best(run, 1) >= GOAL:
        print("goal missed")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
