"""`papervault lint` on a 10,000-note vault against a bare python-frontmatter parse.

Two goals, each measured in one run against a baseline measured in the same run:

- whole vault, cold (no lint cache): at most 2x the bare parse;
- a commit that changes one note (the hook gets that one file; the cross-note checks read
  the cache, which is checked against every file's content): at most 0.5x the bare parse.

Both are measured twice: in this process (`frontmatter.load` of every file against the
lint's own `scan`), and as users run it (a fresh `python -c` that loads every file with
frontmatter against the venv's `papervault-lint` console script). Runs are interleaved
and the best of RUNS is kept; ratios are judged on CPU time (user + system: the machine
is shared), wall time is printed too. Exits 1 when a goal is missed.

    .venv/bin/python benchmarks/bench_lint.py [NOTES]   (make bench)
"""

from __future__ import annotations

import functools
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # `python benchmarks/bench_lint.py`, as `make bench` runs it

import frontmatter  # noqa: E402

from benchmarks.generate import make_vault  # noqa: E402
from benchmarks.measure import BARE_PARSE  # noqa: E402
from benchmarks.measure import child  # noqa: E402
from papervault import lint  # noqa: E402
from papervault import lintcache  # noqa: E402

WHOLE = 2.0  # goal: whole-vault lint / bare parse
ONE = 0.5  # goal: one-note lint / bare parse
RUNS = 3


Timing = tuple[float, float]  # wall, cpu


def here(fn: Callable[[], object]) -> Timing:
    """Wall and CPU seconds of `fn()` in this process."""
    start, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - start, time.process_time() - cpu


def bare_parse(vault: Path) -> None:
    for path in sorted(vault.rglob("*.md")):
        frontmatter.load(path)


def lint_vault(vault: Path, files: list[str] | None, cached: bool) -> None:
    cfg = lint.Config()
    cache = lintcache.Cache.load(lintcache.cache_path(vault), lintcache.fingerprint(cfg))
    result = lintcache.scan(vault, files, cfg, cache if cached else None)
    for path, found in result.found.items():
        lint.configured(found, cfg, result.rels.get(path))
    if cached:
        cache.save()


def touch(note: Path, i: int) -> None:
    """Change one note's content, as an edit before a commit does."""
    with note.open("a", encoding="utf-8") as f:
        f.write(f"\nEdit {i}.\n")


def main(argv: list[str]) -> int:
    n = int(argv[0]) if argv else 10_000
    script = str(Path(sys.executable).parent / "papervault-lint")
    results: dict[str, list[Timing]] = {}

    def add(name: str, timing: Timing) -> None:
        results.setdefault(name, []).append(timing)

    start = Path.cwd()
    with tempfile.TemporaryDirectory(prefix="bench_lint_") as tmp:
        root = Path(tmp)
        os.chdir(root)  # where the console script runs too: the same cache for both
        vault = Path("vault")
        notes = make_vault(vault, n)
        cache = root / lintcache.CACHE_DIR
        for i in range(RUNS):  # interleaved, so a busy moment hits all alike
            add("bare, this process", here(lambda: bare_parse(vault)))
            add("bare, python -c", child([sys.executable, "-c", BARE_PARSE, "vault"], root, 0))
            for old in cache.glob("lint-*.json"):
                old.unlink()
            add("whole vault cold, this process", here(lambda: lint_vault(vault, None, False)))
            for old in cache.glob("lint-*.json"):
                old.unlink()
            add("whole vault cold, papervault-lint", child([script], root, 0))
            add("whole vault warm, papervault-lint", child([script], root, 0))
            one = notes[(7 * i + 1) % n]
            touch(one, i)
            one_note = functools.partial(lint_vault, vault, [str(one)], True)
            add("one note, this process", here(one_note))
            touch(one, i)
            add("one note, papervault-lint", child([script, str(one)], root, 0))
        os.chdir(start)
    print(f"notes: {n}, best of {RUNS} interleaved runs each")
    print(f"{'':36} {'wall':>8} {'cpu':>8}")
    for name, timings in results.items():
        print(f"{name:36} {best(timings, 0):7.3f}s {best(timings, 1):7.3f}s")
    checks = [
        ("whole vault, in process", "whole vault cold, this process", "bare, this process", WHOLE),
        ("whole vault, as run", "whole vault cold, papervault-lint", "bare, python -c", WHOLE),
        ("one note, in process", "one note, this process", "bare, this process", ONE),
        ("one note, as run", "one note, papervault-lint", "bare, python -c", ONE),
    ]
    missed = False
    for label, name, base, goal in checks:
        wall = best(results[name], 0) / best(results[base], 0)
        cpu = best(results[name], 1) / best(results[base], 1)
        verdict = "ok" if cpu <= goal else "MISSED"
        print(f"ratio {label:24} wall {wall:5.2f}x  cpu {cpu:5.2f}x  (goal <= {goal}x) {verdict}")
        missed = missed or cpu > goal
    if missed:
        print("goal missed")
        return 1
    return 0


def best(runs: list[Timing], i: int) -> float:
    return min(r[i] for r in runs)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
