"""Replay merges of paper lists through the vault and compare with the person's merge.

Each case is a folder `benchmarks/replay/<case>/` holding four versions of one list:
`base.md`, `ours.md`, `theirs.md` (the two sides) and `merged.md` (what the person committed),
and optionally `expect` holding `person` when the sides changed one entry differently, or
added one paper twice under two titles (the merge must leave it to a person: a conflict, or
a duplicate reported with both paths). For each case, in a temporary git repository:

1. `base.md` is imported into the vault on `main` and the drivers are installed;
2. each side becomes a branch whose vault is what importing that side gives, the way a
   re-import keeps a vault's orders: papers already in the base keep their `order` (unless
   the side moved them), new and moved ones take a free place between their neighbours;
3. `git merge` of the two branches, with the drivers; `papervault resolve` when git stops;
4. the merged vault's papers (per section, in contents order, with their fields and summary,
   `order` values aside) are compared with importing `merged.md`.

It prints one line per case and the figures: right N of M, merges that stopped, stops on
`order`, merges that left ties in `order`, `toc --check` failures, duplicates reported.

    .venv/bin/python benchmarks/replay_merges.py [CASE...]
"""

from __future__ import annotations

import itertools
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # `python benchmarks/replay_merges.py`

from papervault import identity  # noqa: E402
from papervault import notes  # noqa: E402
from papervault.vault import Vault  # noqa: E402
from papervault.vault import load_vault  # noqa: E402
from papervault.vault import order_between  # noqa: E402
from papervault.vault import order_number  # noqa: E402

CASES = ROOT / "benchmarks" / "replay"
VERSIONS = ("base", "ours", "theirs", "merged")


@dataclass
class Outcome:
    name: str
    expected: str  # "clean" or "person"
    stopped: bool = False
    order_stops: int = 0  # notes git stopped on because of `order`
    left: int = 0  # files resolve left to a person
    ties: int = 0  # pairs of neighbouring papers with the same order
    toc_ok: bool = True
    duplicates: int = 0
    same: bool = False
    differences: list[str] = field(default_factory=list)

    @property
    def right(self) -> bool:
        if self.expected == "person":  # a conflict left, or a duplicate the lint blocks
            return self.left > 0 or self.duplicates > 0
        return self.left == 0 and self.same

    def line(self) -> str:
        verdict = "right" if self.right else "WRONG"
        how = "stopped, resolved" if self.stopped and not self.left else "clean"
        if self.left:
            how = f"stopped, {self.left} file(s) left to a person"
        extra = f"; order stops {self.order_stops}" if self.order_stops else ""
        extra += f"; ties {self.ties}" if self.ties else ""
        extra += "; toc --check FAILED" if not self.toc_ok else ""
        extra += f"; duplicates reported {self.duplicates}" if self.duplicates else ""
        return f"{self.name}: {verdict} (expected {self.expected}; {how}{extra})"


def run(cmd: list[str], cwd: Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False)
    if check and proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)}: exit {proc.returncode}\n{proc.stdout}{proc.stderr}")
    return proc


def papervault(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return run([sys.executable, "-m", "papervault", *args], cwd, check)


def git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return run(["git", *args], cwd, check)


def import_version(source: Path, target: Path) -> Vault:
    """The vault importing one version of the list gives (written to `target`)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    proc = papervault(target.parent, "import", str(source), "--vault", str(target), check=False)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{source}: import failed: {proc.stderr}")
    return load_vault(target)


def longest_increasing(values: list[float]) -> set[int]:
    """Indexes of a longest strictly increasing subsequence (the papers that did not move)."""
    best: list[list[int]] = []
    for i, value in enumerate(values):
        chains = [c for c in best if values[c[-1]] < value]
        chain = [*max(chains, key=len, default=[]), i]
        best.append(chain)
    return set(max(best, key=len, default=[]))


def sync(vault_dir: Path, base: Vault, side: Vault) -> None:
    """Make `vault_dir` (a copy of `base`) what the side's list says, keeping base orders."""
    old = {base.rel(n): order_number(n.meta.get("order")) for n in base.notes}
    for path in sorted(vault_dir.rglob("*.md")):
        path.unlink()
    for note in side.pages + [s.index for s in side.sections.values()]:
        target = vault_dir / side.rel(note)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(note.path, target)
    for section in side.walk():
        papers = [n for n in section.papers if side.home_section(n) is section]
        kept_orders = [old.get(side.rel(n)) for n in papers]
        known = [i for i, o in enumerate(kept_orders) if o is not None]
        stay = {known[i] for i in longest_increasing([kept_orders[k] or 0 for k in known])}
        previous: float | None = None
        for i, note in enumerate(papers):
            if i in stay:
                order = kept_orders[i]
            else:
                later = [kept_orders[k] for k in sorted(stay) if k > i]
                order = order_between(previous, later[0] if later else None)
            previous = order
            meta = dict(note.meta)
            meta["order"] = int(order) if order is not None and float(order).is_integer() else order
            target = vault_dir / side.rel(note)
            target.parent.mkdir(parents=True, exist_ok=True)
            changed = notes.Note(note.path, meta, note.body, note.source)
            target.write_text(notes.dumps(changed), encoding="utf-8")


def paper_view(vault: Vault) -> dict[str, list[tuple[str, dict[str, Any], str]]]:
    """Per section folder: its own papers in contents order, as (title key, fields, body)."""
    view = {}
    for section in vault.walk():
        rows = []
        for note in section.papers:
            if vault.home_section(note) is not section:
                continue
            meta = {k: v for k, v in note.meta.items() if k != "order"}
            rows.append((identity.title_key(note.title), meta, " ".join(note.body.split())))
        view[section.path] = rows
    return view


def compare(got: Vault, want: Vault) -> list[str]:
    mine, theirs = paper_view(got), paper_view(want)
    found = []
    for folder in sorted(mine.keys() | theirs.keys()):
        a, b = mine.get(folder, []), theirs.get(folder, [])
        if [r[0] for r in a] != [r[0] for r in b]:
            found.append(f"{folder}: papers {[r[0] for r in a]} != {[r[0] for r in b]}")
            continue
        for (title, meta, body), (_, meta2, body2) in zip(a, b, strict=True):
            if meta != meta2:
                found.append(f"{folder}: {title!r} fields {meta} != {meta2}")
            if body != body2:
                found.append(f"{folder}: {title!r} summary {body!r} != {body2!r}")
    return found


def ties(vault: Vault) -> int:
    count = 0
    for section in vault.walk():
        orders = [order_number(n.meta.get("order")) for n in section.papers]
        count += sum(1 for a, b in itertools.pairwise(orders) if a is not None and a == b)
    return count


def positional(vault_dir: Path, base: Vault, side: Vault) -> None:
    """The side's vault as a fresh import numbers it (by position): the baseline."""
    del base
    shutil.rmtree(vault_dir)
    shutil.copytree(Path(side.root), vault_dir)


def list_stops(case: Path) -> bool:
    """Whether git's line merge of the list files themselves stops (no vault at all)."""
    args = ["git", "merge-file", "-p", *(str(case / f"{v}.md") for v in ("ours", "base", "theirs"))]
    return subprocess.run(args, capture_output=True, check=False).returncode != 0


def replay(case: Path, tmp: Path, mode: str = "room") -> Outcome:
    expect = (case / "expect").read_text().strip() if (case / "expect").exists() else "clean"
    outcome = Outcome(case.name, expect)
    scratch = {
        v: import_version(case / f"{v}.md", tmp / f"scratch-{v}" / "vault") for v in VERSIONS
    }
    repo = tmp / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    for key, value in (("user.name", "Replay"), ("user.email", "replay@example.invalid")):
        git(repo, "config", key, value)
    git(repo, "config", "commit.gpgsign", "false")
    shutil.copyfile(ROOT / ".gitattributes", repo / ".gitattributes")
    (repo / "pyproject.toml").write_text('[tool.papervault]\nvault = "vault"\n')
    shutil.copytree(tmp / "scratch-base" / "vault", repo / "vault")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--no-verify", "-m", "base")
    papervault(repo, "install", "--no-hooks")
    for side in ("theirs", "ours"):
        git(repo, "checkout", "-q", "-B", side, "main")
        (sync if mode == "room" else positional)(repo / "vault", scratch["base"], scratch[side])
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "--no-verify", "--allow-empty", "-m", side)
    merge = git(repo, "merge", "--no-edit", "theirs", check=False)
    outcome.stopped = merge.returncode != 0
    outcome.order_stops = sum(
        1 for line in merge.stderr.splitlines() if "conflict:" in line and "order" in line
    )
    if outcome.stopped:
        resolved = papervault(repo, "resolve", check=False)
        outcome.duplicates = resolved.stdout.count("duplicate-paper")
        left = [line for line in resolved.stdout.splitlines() if ": merge-conflict " in line]
        left += [line for line in resolved.stdout.splitlines() if ": modify-delete " in line]
        left += [line for line in resolved.stdout.splitlines() if ": add-add " in line]
        outcome.left = len({line.split(":", 1)[0] for line in left})
        if resolved.returncode == 0:
            git(repo, "-c", "core.editor=true", "commit", "-q", "--no-verify", "--no-edit")
    if not outcome.left:
        vault = load_vault(repo / "vault")
        outcome.ties = ties(vault)
        outcome.toc_ok = papervault(repo, "toc", "--check", check=False).returncode == 0
        outcome.differences = compare(vault, scratch["merged"])
        outcome.same = not outcome.differences
        lint = papervault(repo, "lint", check=False)
        outcome.duplicates = max(outcome.duplicates, lint.stdout.count(" duplicate-") // 2)
    return outcome


def main(argv: list[str]) -> int:
    names = argv or sorted(p.name for p in CASES.iterdir() if p.is_dir())
    figures: dict[str, list[Outcome]] = {}
    for mode, title in (("room", "orders kept, room between papers"), ("positional", "")):
        if mode == "positional":
            title = "baseline: each side numbered by position, as a fresh import does"
        print(f"== {title}")
        outcomes = figures.setdefault(mode, [])
        for name in names:
            with tempfile.TemporaryDirectory(prefix="replay_") as tmp:
                outcome = replay(CASES / name, Path(tmp), mode)
            outcomes.append(outcome)
            print(outcome.line())
            for difference in outcome.differences[:5]:
                print(f"    {difference}")
        summary(outcomes)
    stops = sum(list_stops(CASES / name) for name in names)
    print(f"== the list files merged by git's line merge alone: stops on {stops} of {len(names)}")
    return 0 if all(o.right for o in figures["room"]) else 1


def summary(outcomes: list[Outcome]) -> None:
    right = sum(o.right for o in outcomes)
    finished = [o for o in outcomes if not o.left]
    print(f"right {right} of {len(outcomes)}")
    print(f"merges that stopped: {sum(o.stopped for o in outcomes)} (git's line merge or a field)")
    print(f"stops on order: {sum(1 for o in outcomes if o.order_stops)}")
    print(
        f"finished merges that left ties: {sum(1 for o in finished if o.ties)} of {len(finished)}"
    )
    print(f"toc --check failures: {sum(1 for o in finished if not o.toc_ok)}")
    print(f"duplicates reported: {sum(o.duplicates for o in outcomes)}")
    expected = sum(1 for o in outcomes if o.expected == "person")
    person = sum(1 for o in outcomes if o.left or o.duplicates)
    print(f"left to a person (a conflict or a duplicate): {person} (expected: {expected})")


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
