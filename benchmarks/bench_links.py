"""Wikilinks and backlinks for the site (`wikilinks.site_links`): linear in the vault.

Pages of ~3 KB, each with headings and 6 links (wikilinks by name, by alias, to a heading,
with shown text, a Markdown link) to other pages. Two goals, each against a baseline in
the same run:

- linear: N pages, then 2N pages; the time ratio stays under 2.5 (quadratic would be 4);
- cost: at 2N pages, at most 0.25x rendering the same bodies with Python-Markdown (what
  every build does to every page anyway), best of RUNS.

Exits 1 when a goal is missed.

    .venv/bin/python benchmarks/bench_links.py [N]   (make bench)
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from papervault import wikilinks  # noqa: E402

LINEAR = 2.5
COST = 0.25
RUNS = 3
WORDS = ["graph", "attention", "equivariant", "potential", "energy", "molecular", "tensor"]


def vault(n: int) -> tuple[dict[str, str], dict[str, list[str]], dict[str, str]]:
    rng = random.Random(n)
    bodies: dict[str, str] = {}
    aliases: dict[str, list[str]] = {}
    titles: dict[str, str] = {}
    for i in range(n):
        uri = f"ch{i % 20}/sec{i % 97}/paper-{i}.md"
        aliases[uri] = [f"Paper number {i}"]
        titles[uri] = f"Paper {i}"
        others = [rng.randrange(n) for _ in range(6)]
        text = " ".join(rng.choice(WORDS) for _ in range(60))
        bodies[uri] = (
            f"## Summary\n\n{text}\n\nSee [[paper-{others[0]}]], [[Paper number {others[1]}]],"
            f" [[paper-{others[2]}#Summary]], [[paper-{others[3]}|that one]],"
            f" [[#Method]] and [[paper-{others[4]}]].\n\n## Method\n\n{text}\n" * 3
        )
    return bodies, aliases, titles


def best(fn: object, *args: object) -> float:
    times = []
    for _ in range(RUNS):
        start = time.process_time()
        fn(*args)  # type: ignore[operator]
        times.append(time.process_time() - start)
    return min(times)


def links(data: tuple[dict[str, str], dict[str, list[str]], dict[str, str]]) -> None:
    bodies, aliases, titles = data
    wikilinks.site_links(bodies, aliases, titles, list(bodies))


def render(data: tuple[dict[str, str], dict[str, list[str]], dict[str, str]]) -> None:
    import markdown

    md = markdown.Markdown(extensions=["toc", "tables", "attr_list"])
    for body in data[0].values():
        md.reset().convert(body)


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    small, large = vault(n), vault(2 * n)
    t_small, t_large, t_bare = best(links, small), best(links, large), best(render, large)
    linear, cost = t_large / t_small, t_large / t_bare
    print(f"site_links: {n} pages {t_small:.3f} s, {2 * n} pages {t_large:.3f} s CPU")
    print(
        f"  2N/N = {linear:.2f} (goal < {LINEAR});"
        f" vs rendering the pages {cost:.2f}x (goal <= {COST})"
    )
    return 0 if linear < LINEAR and cost <= COST else 1


if __name__ == "__main__":
    raise SystemExit(main())
