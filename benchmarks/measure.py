"""What the benchmarks share: the bare-parse baseline and timing a child process."""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

# The baseline the lint and contents goals are set against: python-frontmatter's own parse
# of every Markdown file of a vault, run as `python -c BARE_PARSE VAULT`.
BARE_PARSE = """
import sys
from pathlib import Path
import frontmatter
for path in sorted(Path(sys.argv[1]).rglob("*.md")):
    frontmatter.load(path)
"""


def child(cmd: list[str], cwd: Path, expect: int) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one run of `cmd`, which must exit `expect`."""
    import time

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != expect:
        sys.exit(f"{' '.join(cmd)} exited {proc.returncode}:\n{proc.stdout}{proc.stderr}")
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def best(runs: list[tuple[float, float]], i: int) -> float:
    """The best of `child`'s (wall, cpu) pairs: `i` 0 for wall seconds, 1 for CPU."""
    return min(r[i] for r in runs)
