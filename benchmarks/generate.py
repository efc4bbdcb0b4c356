"""Synthetic vaults for benchmarks: `make_vault(root, n)` writes n notes of about 3 KB.

Deterministic for a given (n, seed): 10 chapters, 10 sections each, notes spread evenly,
realistic front matter (ids, lead authors, tags) and a body of summary paragraphs.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

WORDS = [
    "equivariant",
    "message",
    "passing",
    "potential",
    "energy",
    "surface",
    "molecular",
    "dynamics",
    "graph",
    "neural",
    "network",
    "transformer",
    "attention",
    "tensor",
    "product",
    "irreducible",
    "representation",
    "force",
    "field",
    "accuracy",
    "efficiency",
    "benchmark",
    "dataset",
    "training",
    "inference",
    "defect",
    "heterostructure",
]


def _sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def note_text(i: int, rng: random.Random) -> str:
    title = f"Paper {i}: " + " ".join(rng.choice(WORDS) for _ in range(6))
    year = 2015 + i % 10
    arxiv = f"{year % 100:02d}{1 + i % 12:02d}.{10000 + i % 90000:05d}"
    front = [
        "---",
        f"title: '{title}'",
        "authors:",
        *(f"  - Author {i}-{k}" for k in range(3)),
        "lead_authors:",
        f"  - Lead {i} (University {i % 50})",
        f"venue: Journal {i % 30}",
        f"year: {year}",
        f"arxiv: '{arxiv}'",
        f"url: https://arxiv.org/abs/{arxiv}",
        f"code: https://github.com/lab{i % 40}/repo{i}",
        "tags:",
        *(f"  - {rng.choice(WORDS)}-{k}" for k in range(3)),
        f"order: {i}",
        "---",
        "",
    ]
    body = []
    size = len("\n".join(front))
    while size < 3000:
        para = " ".join(_sentence(rng, 12) for _ in range(4))
        body.append(para + "\n")
        size += len(para) + 2
    return "\n".join(front) + "\n".join(body)


def make_vault(root: Path, n: int, seed: int = 1, per_section: int = 0) -> list[Path]:
    """Write a vault of `n` notes below `root`; returns the note paths.

    `per_section`: fill the sections in turn with this many notes each (500: an Inbox after
    a large import; n: all in one section), instead of spreading them evenly over 100.
    """
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    (root / "index.md").write_text("---\ntitle: Bench vault\n---\n# Bench vault\n")
    paths = []
    for c in range(10):
        chapter = root / f"chapter-{c}"
        chapter.mkdir(exist_ok=True)
        (chapter / "index.md").write_text(f"---\ntitle: Chapter {c}\norder: {c}\n---\n")
        for s in range(10):
            section = chapter / f"section-{s}"
            section.mkdir(exist_ok=True)
            (section / "index.md").write_text(f"---\ntitle: Section {c}.{s}\norder: {s}\n---\n")
    for i in range(n):
        if per_section:
            s = min(i // per_section, 99)
            section = root / f"chapter-{s // 10}" / f"section-{s % 10}"
        else:
            section = root / f"chapter-{i % 10}" / f"section-{(i // 10) % 10}"
        path = section / f"paper-{i}.md"
        path.write_text(note_text(i, rng), encoding="utf-8")
        paths.append(path)
    return paths


def list_text(n: int, seed: int = 1) -> str:
    """A paper list of `n` entries in the original list's style: `# Chapter N`, `## N.M`
    sections, `### N.M.K` papers with their metadata bullets and a summary paragraph."""
    rng = random.Random(seed)
    out = ["# Bench list", "", "**Author:** Bench", ""]
    per_section = max(1, n // 100)
    i = 0
    for c in range(1, 11):
        out += [f"# Chapter {c} {rng.choice(WORDS).capitalize()} {c}", ""]
        for s in range(1, 11):
            out += [f"## {c}.{s} {rng.choice(WORDS).capitalize()} section {c}.{s}", ""]
            count = per_section + (1 if (c - 1) * 10 + s <= n - per_section * 100 else 0)
            for k in range(1, count + 1):
                year = 2015 + i % 10
                arxiv = f"{year % 100:02d}{1 + i % 12:02d}.{10000 + i % 90000:05d}"
                code = f"https://github.com/lab{i % 40}/repo{i}"
                title = f"Paper {i}: " + " ".join(rng.choice(WORDS) for _ in range(6))
                out += [
                    f"### {c}.{s}.{k} {title}",
                    "",
                    "- **Brief introduction:**",
                    "",
                    f"- Journal: Journal {i % 30}",
                    f"- Lead Author: Lead {i}(University {i % 50}, Department {i % 7})",
                    f"- Artical address: [{arxiv} (arxiv.org)](https://arxiv.org/abs/{arxiv})",
                    f"- Code address: [lab{i % 40}/repo{i}]({code})",
                    f"- KeyWords: {rng.choice(WORDS)}, {rng.choice(WORDS)}",
                    "",
                    " ".join(_sentence(rng, 12) for _ in range(4)),
                    "",
                ]
                i += 1
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
    make_vault(Path(sys.argv[1]), count)
