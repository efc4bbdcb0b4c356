"""The shell shim git runs as the note driver, and the git config entries that run it.

`papervault install` writes the shim into the clone's git directory. It runs the client
with this Python (an absolute path: no venv activation, no pyenv shim, no PATH from a GUI
client), which hands the note to the merge server; without a server the driver runs
directly; when Python or papervault is gone, or the driver fails, git's own line merge
(with conflict markers) is written, so a side is never dropped silently. The status numbers
in its text come from `Status`: the shim and the Python side cannot disagree.
"""

from __future__ import annotations

import shlex
from pathlib import Path

from papervault.driver.status import Status

NOTE_DRIVER = "papervault-note"
INNER_DRIVER = "papervault-inner"
SHIM = "papervault/merge-driver"  # in the clone's common git directory
# What the shim runs: the client with the package's folder on sys.path (`-I -S`: no site),
# then the driver itself (`-I`) when no server answers. Neither holds a single quote.
CLIENT_CODE = (
    "import sys; sys.path.insert(0, sys.argv[1]); from papervault.driver.client import main\n"
    "sys.exit(main(sys.argv[2:]))"
)
DRIVER_CODE = "import sys; from papervault.driver.drive import main; sys.exit(main(sys.argv[1:]))"

TEMPLATE = """\
#!/bin/sh
# Written by `papervault install`: runs papervault's merge drivers with the Python below.
# Notes go to the clone's merge server (one process for the whole merge, started on
# demand, gone when idle; PAPERVAULT_MERGE_SERVER=0 turns it off) through a client that
# needs only the standard library; without the server the driver runs directly.
# If that Python or papervault is gone, or the driver fails, git's own line merge (with
# conflict markers) is written instead, so a side is never dropped silently.
# Arguments: KIND %O %A %B %L %P [%S %X %Y], KIND = note | inner
PY={python}
PKG={package}
KEY={key}
CLIENT='{client}'
DRIVER='{driver}'
kind=$1
shift
flag=
[ "$kind" = inner ] && flag=--inner
"$PY" -I -S -c "$CLIENT" "$PKG" "$KEY" "$PY" $flag "$@"
status=$?
if [ $status -ne {clean} ] && [ $status -ne {conflict} ]; then  # {no_server}: no server; the driver
  "$PY" -I -c "$DRIVER" $flag "$@"
  status=$?
fi
case $status in
  {clean}) exit 0 ;;
  {conflict}) exit 1 ;;
esac
echo "papervault: the merge driver failed on $5; git's line merge used (run papervault install)" >&2
if [ "$kind" = inner ]; then
  [ -s "$1" ] && cp "$1" "$2"
  exit 0
fi
git merge-file --diff3 --marker-size="${{4:-7}}" -L ours -L base -L theirs "$2" "$1" "$3" && exit 0
exit 1
"""


def text(python: Path, package: Path, key: Path) -> str:
    """The shim running `python`, with papervault from `package`, for the clone `key`."""
    return TEMPLATE.format(
        python=shlex.quote(str(python)),
        package=shlex.quote(str(package)),
        key=shlex.quote(str(key)),
        client=CLIENT_CODE,
        driver=DRIVER_CODE,
        clean=Status.CLEAN.value,
        conflict=Status.CONFLICT.value,
        no_server=Status.NO_SERVER.value,
    )


def driver_config(shim: Path) -> dict[str, str]:
    """The `git config` entries of the two drivers, running `shim`."""
    run = shlex.quote(str(shim))
    return {
        f"merge.{NOTE_DRIVER}.name": "papervault: notes merged field by field",
        f"merge.{NOTE_DRIVER}.driver": f"{run} note %O %A %B %L %P %S %X %Y",
        f"merge.{NOTE_DRIVER}.recursive": INNER_DRIVER,
        f"merge.{INNER_DRIVER}.name": "papervault: common ancestors merged without markers",
        f"merge.{INNER_DRIVER}.driver": f"{run} inner %O %A %B %L %P",
    }
