"""BibTeX import and export (`bib.read_bibtex`, `bib.to_bibtex`) against bibtexparser's own
round trip in the same run.

The entries are the test fixtures' (tests/data/bib: BibTeX and biblatex, accents, case
protection, abstracts), repeated under new keys to N entries. Two goals:

- linear: N entries, then 2N; the time ratio stays under 2.5 (quadratic would be 4);
- cost: at 2N entries, import + export no slower than bibtexparser's bare parse + write of
  the same text with its LaTeX decoding and encoding middlewares, best of RUNS (text that
  needs no codec skips it; names and words are decoded once).

Exits 1 when a goal is missed.

    .venv/bin/python benchmarks/bench_bib.py [N]   (make bench)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bibtexparser import middlewares  # noqa: E402
from bibtexparser.entrypoint import parse_string  # noqa: E402
from bibtexparser.entrypoint import write_string  # noqa: E402

from papervault import bib  # noqa: E402

LINEAR = 2.5
COST = 1.0
RUNS = 3


def source(n: int) -> str:
    """N entries: the fixtures' entries again and again, each copy under its own key."""
    entries = []
    for path in sorted((ROOT / "tests" / "data" / "bib").glob("*.bib")):
        entries += [e.raw for e in parse_string(path.read_text(encoding="utf-8")).entries]
    out = []
    for i in range(n):
        entry = entries[i % len(entries)]
        key = bib.entry_key(entry)
        out.append(entry.replace(f"{{{key},", f"{{{key}x{i},", 1) + "\n")
    return "\n".join(out)


def ours(text: str) -> None:
    bib.to_bibtex([ref.meta for ref in bib.read_bibtex(text)])


def baseline(text: str) -> None:
    library = parse_string(text, append_middleware=[middlewares.LatexDecodingMiddleware()])
    write_string(library, prepend_middleware=[middlewares.LatexEncodingMiddleware()])


def best(fn: object, text: str) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        fn(text)  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    small, large = source(n), source(2 * n)
    t_small, t_large = best(ours, small), best(ours, large)
    t_base = best(baseline, large)
    linear, cost = t_large / t_small, t_large / t_base
    print(f"bib: {n} entries {t_small:.3f}s, {2 * n} entries {t_large:.3f}s (x{linear:.2f})")
    print(f"bib: bibtexparser's decode+encode round trip {t_base:.3f}s; ours {cost:.2f}x it")
    ok = linear < LINEAR and cost < COST
    print(f"bib: {'ok' if ok else 'MISSED'} (linear < {LINEAR}, cost < {COST}x)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
