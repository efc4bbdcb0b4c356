"""`papervault install`: this clone's merge drivers and git hooks, in one idempotent command.

- Writes the shell shim (`papervault.driver.shim`) in the clone's git directory that runs
  the drivers with this Python, notes through the merge server; the shim falls back to the
  direct driver without the server, and to git's own line merge when Python or papervault
  is gone.
- Writes `merge.papervault-note.*` and `merge.papervault-inner.*` (the marker-free merge of
  common ancestors) into the clone's own `.git/config` with `git config --local` (through
  GitPython); it never includes a tracked file (a branch could change it). The contents are
  generated, never committed, so they need no driver: the `merge.papervault-contents.*`
  an older install wrote is removed.
- Records this Python for the work tree's hooks (`papervault/python` in its git directory)
  and the git aliases `git papervault ...` / `git papervault-python ...` that run it, so
  `repo: local` hooks find papervault however it was installed (make, pip, pipx, uv; any OS)
  without PATH or an activated venv; then runs `pre-commit install` when the repository has a
  `.pre-commit-config.yaml`, and checks that every hook it configures can start.
- Says so when `.gitattributes` does not send the vault's notes to the driver.

Running it again changes nothing. GitPython is imported here, never by a hook or a driver.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from collections.abc import Mapping
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import papervault
from papervault import gitutil
from papervault.commands import parser
from papervault.config import vault_dir
from papervault.driver import shim as driver_shim
from papervault.driver.shim import NOTE_DRIVER as NOTE_DRIVER  # resolve's name for it
from papervault.errors import VaultError
from papervault.files import atomic_write

if TYPE_CHECKING:
    from git import Repo

STALE_SECTIONS = ("merge.papervault-contents",)  # the contents driver: contents are generated

HOOK_PYTHON = "papervault/python"  # per work tree: `git rev-parse --git-path`
HOOK_PYTHON_TEXT = """\
#!/bin/sh
# Written by `papervault install`: the Python this work tree's hooks run
# (`git papervault ...`, `git papervault-python ...`). Run `papervault install` again to change it.
exec {python} "$@"
"""
# Git runs an alias from the top of the work tree, as pre-commit runs hooks, and always finds
# itself (git puts its own directory on a hook's PATH): the aliases need nothing from PATH.
ALIASES = {
    "alias.papervault-python": (
        '!f() { s=$(git rev-parse --git-path papervault/python); [ -x "$s" ] || '
        's="$(git rev-parse --git-common-dir)/papervault/python"; '
        'if [ -x "$s" ]; then exec "$s" "$@"; fi; '
        'echo "papervault: no Python is recorded for the hooks of this clone:'
        ' run papervault install" >&2; exit 2; }; f'
    ),
    "alias.papervault": "!git papervault-python -P -m papervault",
}

ATTRIBUTES = "vault/**/*.md merge=papervault-note\n"


def main(argv: Sequence[str] | None = None) -> int:
    p = parser("install", "Set up the merge drivers and git hooks in this clone.")
    p.add_argument("--no-hooks", action="store_true", help="skip `pre-commit install`")
    args = p.parse_args(argv)
    return setup(gitutil.toplevel(), hooks=not args.no_hooks)


def setup(top: Path, *, hooks: bool = True) -> int:
    """Everything `papervault install` does in the work tree `top`; its exit code."""
    changed = install_drivers(top, Path(sys.executable))
    changed = install_runner(top, Path(sys.executable)) or changed
    print(
        "papervault install: merge drivers "
        + ("written to the clone's git config" if changed else "already set up")
    )
    for section in remove_stale(top):
        print(f"papervault install: {section} removed from the clone's git config (no such driver)")
    hint = attributes_hint(top)
    if hint:
        print(hint)
    return install_hooks(top) if hooks else 0


def install_drivers(top: Path, python: Path) -> bool:
    """Write the shim and the config entries that differ; whether anything changed."""
    with open_repo(top) as repo:
        shim = Path(repo.common_dir).resolve() / driver_shim.SHIM
        text = driver_shim.text(
            python.absolute(), Path(papervault.__file__).resolve().parent.parent, shim.parent.parent
        )
        changed = write_script(shim, text)
        return write_config(repo, driver_shim.driver_config(shim)) or changed


def open_repo(top: Path) -> Repo:
    import git  # GitPython: a person runs install; no hook or driver imports this module

    return git.Repo(top)


def git_config(repo: Repo, *args: str, absent_ok: bool = False) -> str | None:
    """`git config --local ARGS` in `repo`: its output without the final newline; None when
    `absent_ok` and there is no such key (git's exit 1); else a failure is a VaultError."""
    status, out, err = repo.git.execute(
        ["git", "config", "--local", *args], with_extended_output=True, with_exceptions=False
    )
    if status == 1 and absent_ok:
        return None
    if status != 0:
        raise VaultError(f"git config: {err.strip() or f'exit {status}'}")
    return out


def write_config(repo: Repo, entries: Mapping[str, str]) -> bool:
    """Set the entries of the clone's own config that differ; whether any did."""
    changed = False
    for key, value in entries.items():
        if git_config(repo, "--get", key, absent_ok=True) != value:
            git_config(repo, key, value)
            changed = True
    return changed


def remove_stale(top: Path) -> list[str]:
    """Remove the config sections of drivers papervault no longer has; the ones removed."""
    removed = []
    with open_repo(top) as repo:
        for section in STALE_SECTIONS:
            keys = "^" + section.replace(".", "\\.") + "\\."
            if git_config(repo, "--get-regexp", keys, absent_ok=True) is not None:
                git_config(repo, "--remove-section", section)
                removed.append(section)
    return removed


def write_script(path: Path, text: str) -> bool:
    """Write an executable script unless it already reads `text`; whether it wrote it."""
    if path.is_file() and path.read_text(encoding="utf-8") == text and os.access(path, os.X_OK):
        return False
    atomic_write(path, text.encode("utf-8"))
    path.chmod(0o755)
    return True


def install_runner(top: Path, python: Path) -> bool:
    """Record `python` for this work tree's hooks and write the git aliases; whether it changed."""
    shim = gitutil.git_path(HOOK_PYTHON, top)
    text = HOOK_PYTHON_TEXT.format(python=shlex.quote(python.absolute().as_posix()))
    changed = write_script(shim, text)
    with open_repo(top) as repo:
        return write_config(repo, ALIASES) or changed


def attributes_hint(top: Path) -> str:
    """A note on `.gitattributes` when the vault's notes would not reach the driver."""
    try:
        vault = (Path.cwd() / vault_dir(start=top)).resolve().relative_to(top.resolve()).as_posix()
    except (ValueError, VaultError):
        return ""
    probe = f"{vault}/any/note.md"
    out = gitutil.text("check-attr", "merge", "--", probe, cwd=top)
    if out.endswith(f": {NOTE_DRIVER}"):
        return ""
    lines = ATTRIBUTES.replace("vault/", f"{vault}/")
    return (
        f"papervault install: .gitattributes does not send {vault}/ to the drivers; add:\n"
        + "".join(f"  {line}\n" for line in lines.splitlines())
    ).rstrip("\n")


def install_hooks(top: Path) -> int:
    """`pre-commit install` with this Python, when the repository configures hooks."""
    if not (top / ".pre-commit-config.yaml").is_file():
        print("papervault install: no .pre-commit-config.yaml here; git hooks skipped")
        return 0
    import importlib.util

    if importlib.util.find_spec("pre_commit") is None:
        print(
            "papervault install: pre-commit is not installed beside this papervault: "
            f"{Path(sys.executable).as_posix()} -m pip install 'papervault[all]'"
            " (or pre-commit), then papervault install again",
            file=sys.stderr,
        )
        return 1
    proc = subprocess.run(
        [sys.executable, "-m", "pre_commit", "install"],
        cwd=top,
        capture_output=True,
        text=True,
        check=False,
    )
    words = (proc.stdout + proc.stderr).strip()
    if proc.returncode != 0:
        print(f"papervault install: pre-commit install failed: {words}", file=sys.stderr)
        return 1
    print(f"papervault install: {words}" if words else "papervault install: git hooks installed")
    blocking, others = hook_problems(top)
    for problem in (*blocking, *others):
        print(f"papervault install: {problem}", file=sys.stderr)
    return 1 if blocking else 0


def local_hooks(top: Path) -> list[tuple[str, list[str]]]:
    """(id, entry words) of the config's `repo: local` hooks that run a command as it is."""
    import yaml

    try:
        data = yaml.safe_load((top / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
        raise VaultError(f".pre-commit-config.yaml: {e}") from None
    found = []
    repos = data.get("repos", []) if isinstance(data, dict) else []
    for repo in repos if isinstance(repos, list) else []:
        if not isinstance(repo, dict) or repo.get("repo") != "local":
            continue
        for hook in repo.get("hooks") or []:
            if isinstance(hook, dict) and hook.get("language") in ("unsupported", "system"):
                words = shlex.split(str(hook.get("entry", "")))
                if words:
                    found.append((str(hook.get("id", words[0])), words))
    return found


def hook_problems(top: Path) -> tuple[list[str], list[str]]:
    """What keeps a configured hook from starting: (papervault's own, the others)."""
    blocking: list[str] = []
    others: list[str] = []
    for hook_id, words in local_hooks(top):
        if words[0] == "git" and words[1:2] == ["papervault"]:
            why = runner_problem(top, ["--version"])
            if why:
                blocking.append(f"hook {hook_id!r} cannot start: {why}")
        elif words[0] == "git" and words[1:2] == ["papervault-python"]:
            module = words[3] if words[2:3] == ["-m"] and len(words) > 3 else ""
            probe = "import importlib.util as u, sys; sys.exit(u.find_spec(sys.argv[1]) is None)"
            if module and runner_problem(top, ["-c", probe, module]):
                python = Path(sys.executable).as_posix()
                others.append(
                    f"hook {hook_id!r} cannot start: no module {module!r} in {python}; "
                    f"install it there ({python} -m pip install {module}) "
                    f"or commit with SKIP={hook_id}"
                )
        elif not executable(top, words[0]):
            others.append(
                f"hook {hook_id!r} cannot start: {words[0]!r} is not on PATH; "
                f"install it, or commit with SKIP={hook_id}"
            )
    return blocking, others


def runner_problem(top: Path, args: list[str]) -> str:
    """Why `git papervault[-python] ARGS` fails from the top of the work tree ('' if it runs)."""
    alias = "papervault" if args == ["--version"] else "papervault-python"
    proc = subprocess.run(
        ["git", alias, *args], cwd=top, capture_output=True, text=True, check=False
    )
    if proc.returncode == 0:
        return ""
    words = (proc.stderr or proc.stdout).strip().splitlines()
    return (words[-1] if words else f"exit {proc.returncode}") + (
        f"; run papervault install with the papervault you use ({Path(sys.executable).as_posix()})"
    )


def executable(top: Path, name: str) -> bool:
    """Whether pre-commit would find `name` (on PATH, or a path from the top of the work tree)."""
    import shutil

    if "/" in name or "\\" in name:
        return os.access(top / name, os.X_OK)
    return shutil.which(name) is not None
