"""Site build at scale: ours (cards, tags, index pages) against plain Material + prune.

    python benchmarks/bench_site.py            # 2,000 and 4,000 notes (a few minutes)
    python benchmarks/bench_site.py --big      # also 10,000 notes in one section (minutes)
    python benchmarks/bench_site.py --zensical # also the Zensical build of 2,000 (reference)

Goals (issues 10 and 19), measured on the same generated notes in one run, the notes in
sections of 500 (an Inbox after a large `.bib` import):
- ours (the repository's mkdocs.yml: cards, tags, index pages) on 2,000 notes at most 1.2x
  a plain Material build with `navigation.prune` of the same notes;
- at most 40 KB per HTML page on average, and no page of a paper above it;
- 4,000 notes at most 2.2x the time of 2,000 (linear growth);
- with --big: 10,000 notes in one section build, with the same page size.
Exits 1 when a goal is missed.

Times are the best of `--runs` interleaved builds, in CPU seconds of the build process
(wall seconds are printed too): one build is one single-threaded process, so on an idle
machine the two agree, and CPU time stays comparable when other work shares the cores.
The whole-vault BibTeX download is not in the issue's goal configuration; its cost (the
export module's writer) is printed on its own.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # `python benchmarks/bench_site.py`, as `make bench` runs it

from benchmarks.generate import make_vault  # noqa: E402

MKDOCS = Path(sys.executable).parent / "mkdocs"
PLAIN = """site_name: Bench
docs_dir: vault
theme:
  name: material
  features:
    - navigation.prune
plugins:
  - search
"""
PER_SECTION = 500
MAX_RATIO = 1.2
MAX_PAGE_KB = 40.0
MAX_GROWTH = 2.2


def build(config: Path, site: Path) -> tuple[float, float]:
    """CPU and wall seconds of one strict build (a fresh process, as `make site` runs it).

    The build is one single-threaded process, so its CPU time is its wall time on an idle
    machine, and stays comparable when other work shares the cores; the goals use it.
    """
    shutil.rmtree(site, ignore_errors=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [str(MKDOCS), "build", "--strict", "-q", "-f", str(config), "-d", str(site)],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall


def page_sizes(site: Path) -> tuple[int, float]:
    """Number of HTML pages and their mean size in KB."""
    sizes = [p.stat().st_size for p in site.rglob("*.html")]
    return len(sizes), sum(sizes) / len(sizes) / 1024


def largest_paper_kb(site: Path) -> float:
    """The largest paper page (`paper-N/index.html`), in KB."""
    return max(p.stat().st_size for p in site.glob("chapter-*/section-*/paper-*/index.html")) / 1024


def project(
    work: Path, notes: int, config_text: str, name: str, per_section: int = PER_SECTION
) -> Path:
    """A folder with a generated vault of `notes` notes and an mkdocs.yml."""
    folder = work / f"{name}-{notes}"
    if not (folder / "vault").exists():
        make_vault(folder / "vault", notes, per_section=per_section)
    (folder / "mkdocs.yml").write_text(config_text, encoding="utf-8")
    return folder / "mkdocs.yml"


def best(configs: list[Path], runs: int) -> list[tuple[float, float, int, float]]:
    """Per config: best CPU and wall seconds of `runs` builds, pages and mean page size.

    The builds are interleaved (a, b, c, a, b, c, ...) so that a busy spell on a shared
    machine does not fall on one configuration only.
    """
    times: dict[Path, list[tuple[float, float]]] = {c: [] for c in configs}
    for _ in range(runs):
        for config in configs:
            times[config].append(build(config, config.parent / "site"))
    found = []
    for config in configs:
        count, mean_kb = page_sizes(config.parent / "site")
        cpu, wall = min(t[0] for t in times[config]), min(t[1] for t in times[config])
        found.append((cpu, wall, count, mean_kb))
    return found


def goal_config(text: str) -> str:
    """The repository's mkdocs.yml as the issue's goal states it: cards, tags and index
    pages; the BibTeX download (export's writer, not the site's) is measured on its own."""
    plugin = "  - papervault\n"
    if plugin not in text:
        raise SystemExit("bench_site: mkdocs.yml no longer lists '  - papervault' as expected")
    return text.replace(plugin, "  - papervault:\n      bibtex_file: ''\n", 1)


def bibtex_seconds(vault: Path) -> float:
    """CPU seconds of the whole-vault BibTeX text, as the site build makes it."""
    from papervault.site.build import bibtex_text
    from papervault.vault import load_vault

    loaded = load_vault(vault)
    start = time.process_time()
    bibtex_text(loaded)
    return time.process_time() - start


def zensical_seconds(config: Path) -> tuple[float, float] | None:
    """CPU and wall seconds of `papervault site --builder zensical` (None: not installed)."""
    if not (Path(sys.executable).parent / "zensical").exists():
        return None
    site = config.parent / "site-zensical"
    command = [sys.executable, "-m", "papervault", "site", "--builder", "zensical"]
    command += ["-f", str(config), "--site-dir", str(site)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), wall


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench_site")
    parser.add_argument("--big", action="store_true", help="also 10,000 notes in one section")
    parser.add_argument("--zensical", action="store_true", help="also the Zensical build")
    parser.add_argument("--runs", type=int, default=3, help="builds per configuration")
    args = parser.parse_args(argv)
    ours_config = goal_config((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    failed = []
    with tempfile.TemporaryDirectory(prefix="bench-site-") as tmp:
        work = Path(tmp)
        configs = [
            project(work, 2000, PLAIN, "plain"),
            project(work, 2000, ours_config, "ours"),
            project(work, 4000, ours_config, "ours"),
        ]
        plain, ours2, ours4 = best(configs, args.runs)
        print(f"notes in sections of {PER_SECTION}{'':14} {'cpu':>8} {'wall':>8}")
        for label, (cpu, wall, count, kb) in (
            ("plain Material + prune, 2,000 notes", plain),
            ("ours, 2,000 notes", ours2),
            ("ours, 4,000 notes", ours4),
        ):
            print(f"{label:38} {cpu:6.2f} s {wall:6.2f} s  {count:6} pages  {kb:5.1f} KB/page")
        biggest = largest_paper_kb(configs[1].parent / "site")
        bib_cpu = bibtex_seconds(work / "ours-2000" / "vault")
        ratio, growth = ours2[0] / plain[0], ours4[0] / ours2[0]
        print(f"ours / plain at 2,000 notes:   {ratio:.2f}x cpu (goal <= {MAX_RATIO}x)")
        print(f"ours / plain at 2,000 notes:   {ours2[1] / plain[1]:.2f}x wall (for reference)")
        print(f"mean page size, ours at 2,000: {ours2[3]:.1f} KB (goal <= {MAX_PAGE_KB:.0f} KB)")
        print(f"largest paper page at 2,000:   {biggest:.1f} KB (goal <= {MAX_PAGE_KB:.0f} KB)")
        print(f"4,000 / 2,000 notes, ours:     {growth:.2f}x cpu (goal <= {MAX_GROWTH}x)")
        print(
            f"not in the goal: the whole-vault BibTeX download (bib.to_bibtex) adds "
            f"{bib_cpu:.2f} s cpu at 2,000 notes ({bib_cpu / plain[0]:.0%} of plain)"
        )
        failed += ["ratio"] * (ratio > MAX_RATIO) + ["page size"] * (ours2[3] > MAX_PAGE_KB)
        failed += ["paper page"] * (biggest > MAX_PAGE_KB) + ["growth"] * (growth > MAX_GROWTH)
        if args.zensical:
            found = zensical_seconds(project(work, 2000, ours_config, "ours"))
            if found is None:
                print("zensical: not installed (pip install 'papervault[zensical]')")
            else:
                print(f"zensical, 2,000 notes: {found[0]:.2f} s cpu, {found[1]:.2f} s wall")
        if args.big:
            try:
                one = project(work, 10_000, ours_config, "one-section", per_section=10_000)
                [(cpu, wall, count, kb)] = best([one], 1)
                biggest = largest_paper_kb(one.parent / "site")
                print(
                    f"ours, 10,000 notes in one section: {cpu:.1f} s cpu, {wall:.1f} s wall, "
                    f"{count} pages, {kb:.1f} KB/page, largest paper page {biggest:.1f} KB"
                )
                failed += ["10,000 page size"] * (kb > MAX_PAGE_KB or biggest > MAX_PAGE_KB)
            except subprocess.CalledProcessError:
                print("ours, 10,000 notes: the build failed")
                failed.append("10,000 notes")
    if failed:
        print("missed: " + ", ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
