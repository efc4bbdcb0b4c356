"""`papervault install`: this clone's merge drivers and git hooks, in one idempotent command.

- Writes a small shell shim in the clone's git directory that runs the drivers with this
  Python (an absolute path: no venv activation, no pyenv shim, no PATH from a GUI client),
  notes through the merge server (`papervault.merge.server`); the shim falls back to the
  direct driver without the server, and to git's own line merge when Python or papervault
  is gone.
- Writes `merge.papervault-note.*`, `merge.papervault-inner.*` (the marker-free merge of
  common ancestors) and `merge.papervault-contents.*` into the clone's own `.git/config`
  with `git config --local`; it never includes a tracked file (a branch could change it).
- Runs `pre-commit install` when the repository has a `.pre-commit-config.yaml`.
- Says so when `.gitattributes` does not send the vault's notes to the driver.

Running it again changes nothing.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import papervault
from papervault import gitutil
from papervault.commands import parser
from papervault.config import vault_dir
from papervault.errors import VaultError
from papervault.files import atomic_write

NOTE_DRIVER = "papervault-note"
INNER_DRIVER = "papervault-inner"
CONTENTS_DRIVER = "papervault-contents"
SHIM = "papervault/merge-driver"

SHIM_TEXT = """\
#!/bin/sh
# Written by `papervault install`: runs papervault's merge drivers with the Python below.
# Notes go to the clone's merge server (one process for the whole merge, started on
# demand, gone when idle; PAPERVAULT_MERGE_SERVER=0 turns it off) through a client that
# needs only the standard library; without the server the driver runs directly.
# If that Python or papervault is gone, or the driver fails, git's own line merge (with
# conflict markers) is written instead, so a side is never dropped silently.
# Arguments: KIND %O %A %B %L %P [%S %X %Y], KIND = note | inner | contents
PY={python}
PKG={package}
KEY={key}
RUN='import sys; from papervault.cli import main; sys.exit(main(sys.argv[1:]))'
CLIENT='import sys; sys.path.insert(0, sys.argv[1]); from papervault.merge.client import main
sys.exit(main(sys.argv[2:]))'
kind=$1
shift
flag=
[ "$kind" = inner ] && flag=--inner
if [ "$kind" = contents ]; then
  PAPERVAULT_DRIVER_SHIM=1 "$PY" -I -c "$RUN" toc-driver "$@"
  status=$?
else
  "$PY" -I -S -c "$CLIENT" "$PKG" "$KEY" "$PY" $flag "$@"
  status=$?
  if [ $status -ne 10 ] && [ $status -ne 11 ]; then  # no server: the driver itself
    PAPERVAULT_DRIVER_SHIM=1 "$PY" -I -c "$RUN" merge-driver $flag "$@"
    status=$?
  fi
fi
case $status in
  10) exit 0 ;;
  11) exit 1 ;;
esac
echo "papervault: the merge driver failed on $5; git's line merge used (run papervault install)" >&2
case $kind in
  inner) [ -s "$1" ] && cp "$1" "$2"; exit 0 ;;
  contents) git merge-file --union -L ours -L base -L theirs "$2" "$1" "$3"; exit 0 ;;
esac
git merge-file --diff3 --marker-size="${{4:-7}}" -L ours -L base -L theirs "$2" "$1" "$3" && exit 0
exit 1
"""

ATTRIBUTES = "vault/**/*.md merge=papervault-note\nvault/contents.md merge=papervault-contents\n"


def main(argv: Sequence[str] | None = None) -> int:
    p = parser("install", "Set up the merge drivers and git hooks in this clone.")
    p.add_argument("--no-hooks", action="store_true", help="skip `pre-commit install`")
    args = p.parse_args(argv)
    top = gitutil.toplevel()
    changed = install_drivers(top, Path(sys.executable))
    print(
        "papervault install: merge drivers "
        + ("written to the clone's git config" if changed else "already set up")
    )
    hint = attributes_hint(top)
    if hint:
        print(hint)
    if args.no_hooks:
        return 0
    return install_hooks(top)


def driver_config(shim: Path) -> dict[str, str]:
    """The `git config` entries of the three drivers, running `shim`."""
    run = shlex.quote(str(shim))
    return {
        f"merge.{NOTE_DRIVER}.name": "papervault: notes merged field by field",
        f"merge.{NOTE_DRIVER}.driver": f"{run} note %O %A %B %L %P %S %X %Y",
        f"merge.{NOTE_DRIVER}.recursive": INNER_DRIVER,
        f"merge.{INNER_DRIVER}.name": "papervault: common ancestors merged without markers",
        f"merge.{INNER_DRIVER}.driver": f"{run} inner %O %A %B %L %P",
        f"merge.{CONTENTS_DRIVER}.name": "papervault: contents regenerated from the notes",
        f"merge.{CONTENTS_DRIVER}.driver": f"{run} contents %O %A %B %L %P",
    }


def install_drivers(top: Path, python: Path) -> bool:
    """Write the shim and the config entries that differ; whether anything changed."""
    shim = gitutil.common_dir(top) / SHIM
    text = SHIM_TEXT.format(
        python=shlex.quote(str(python.absolute())),
        package=shlex.quote(str(Path(papervault.__file__).resolve().parent.parent)),
        key=shlex.quote(str(shim.parent.parent)),
    )
    changed = False
    if (
        not shim.is_file()
        or shim.read_text(encoding="utf-8") != text
        or not os.access(shim, os.X_OK)
    ):
        atomic_write(shim, text.encode("utf-8"))
        shim.chmod(0o755)
        changed = True
    for key, value in driver_config(shim).items():
        if gitutil.config_get(key, top) != value:
            gitutil.run("config", "--local", key, value, cwd=top)
            changed = True
    return changed


def attributes_hint(top: Path) -> str:
    """A note on `.gitattributes` when the vault's notes would not reach the driver."""
    try:
        vault = (Path.cwd() / vault_dir()).resolve().relative_to(top.resolve()).as_posix()
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
    return 0
