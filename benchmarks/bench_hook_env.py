"""The environment pre-commit installs for papervault's hooks (`.pre-commit-hooks.yaml`).

A vault repository that lists the three hooks (`repo:` this clone at HEAD) gets
`pre-commit install-hooks` into a fresh PRE_COMMIT_HOME; the figures are the store's size
and the wall time, beside a baseline measured in the same run: pre-commit creating an
empty Python environment (a hook with no package of ours, `additional_dependencies: []`).
Goal: at most 40 MB, and 20 s (or, on a machine where pre-commit alone takes longer to make
an empty environment, at most 1.5x that baseline). Exits 1 when missed.

    .venv/bin/python benchmarks/bench_hook_env.py   (make bench; needs HEAD committed)
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_MB = 40
MAX_SECONDS = 20
HOOKS = "[{id: papervault-conflicts}, {id: papervault-lint}, {id: papervault-toc}]"
BASELINE = """\
repos:
  - repo: local
    hooks:
      - {id: empty, name: empty, entry: python -c pass, language: python}
"""


def size_mb(folder: Path) -> float:
    total = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    return total / 1e6


def install(repo: Path, config: str, home: Path) -> tuple[float, float]:
    """(seconds, MB) of `pre-commit install-hooks` for `config` into an empty `home`."""
    (repo / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    env = {**os.environ, "PRE_COMMIT_HOME": str(home)}
    start = time.monotonic()
    subprocess.run(
        [sys.executable, "-m", "pre_commit", "install-hooks"],
        cwd=repo,
        env=env,
        check=True,
        capture_output=True,
    )
    return time.monotonic() - start, size_mb(home)


def main() -> int:
    rev = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp) / "vault"
        repo.mkdir()
        subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
        base_s, base_mb = install(repo, BASELINE, Path(tmp) / "home-baseline")
        config = f"repos:\n  - repo: {ROOT}\n    rev: {rev}\n    hooks: {HOOKS}\n"
        ours_s, ours_mb = install(repo, config, Path(tmp) / "home")
    print(f"baseline (an empty hook environment): {base_s:.1f} s, {base_mb:.1f} MB")
    print(
        f"papervault's hooks: {ours_s:.1f} s, {ours_mb:.1f} MB"
        f" ({ours_s / base_s:.1f}x the time, +{ours_mb - base_mb:.1f} MB);"
        f" goal <= {MAX_SECONDS} s, <= {MAX_MB} MB"
    )
    in_time = ours_s <= MAX_SECONDS or ours_s <= 1.5 * base_s
    return 0 if ours_mb <= MAX_MB and in_time else 1


if __name__ == "__main__":
    raise SystemExit(main())
