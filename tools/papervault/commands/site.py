"""`papervault site [--builder mkdocs|zensical] [--site-dir DIR] [-q]`: a strict build.

MkDocs (the default) builds with the papervault plugin; Zensical, which runs no plugin of
ours, builds from the pages `site.zensical` writes beforehand through the same core. Either
way a broken note stops the build with `path:line: message`. Material's end-of-life notice
(see the README) is not printed on every build.

On a terminal, a MkDocs build shows its progress (the pages read, then built) from MkDocs'
own debug log, which is read here and not shown. `-q` leaves out what a build says when it
goes well (MkDocs' INFO lines; Zensical's report unless the build fails), never a warning
or an error: under `--strict` a warning fails the build, so MkDocs' own `-q` (which hides
warnings) is not used.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from papervault.commands import parser
from papervault.progress import Progress

BUILDERS = ("mkdocs", "zensical")
QUIET = {"NO_MKDOCS_2_WARNING": "1"}  # Material's end-of-life banner (README: "Publishing")
LEVEL = re.compile(r"(DEBUG|INFO|WARNING|ERROR|CRITICAL) +-  (.*)")  # MkDocs' log lines
COLOUR = re.compile(r"\x1b\[[0-9;]*m")


def main(argv: Sequence[str] | None = None) -> int:
    p = parser("site", "Build the site strictly (a broken note fails the build).")
    p.add_argument("--builder", choices=BUILDERS, default="mkdocs")
    p.add_argument("--site-dir", metavar="DIR", help="where to write the site (default: site)")
    p.add_argument("-f", "--config-file", metavar="FILE", default="mkdocs.yml")
    p.add_argument("-q", "--quiet", action="store_true", help="only warnings and errors")
    args = p.parse_args(argv)
    config = Path(args.config_file)
    if not config.is_file():
        print(f"papervault site: {config}: no site configuration here", file=sys.stderr)
        return 2
    site_dir = Path(args.site_dir or "site")
    if args.builder == "mkdocs":
        return mkdocs(config, site_dir, args.quiet)
    return zensical(config, site_dir, args.quiet)


def _tool(name: str) -> str | None:
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else shutil.which(name)


def mkdocs(config: Path, site_dir: Path, quiet: bool = False) -> int:
    import importlib.util

    if importlib.util.find_spec("mkdocs") is None or importlib.util.find_spec("nh3") is None:
        print(
            "papervault site: the site stack is not installed beside this papervault: "
            "pip install 'papervault[site]'",
            file=sys.stderr,
        )
        return 2
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)]
    command += ["--site-dir", str(site_dir)]
    progress = Progress("site", sys.stderr, quiet=quiet)
    if not progress.active and not quiet:
        return subprocess.run(command, env={**os.environ, **QUIET}, check=False).returncode
    if progress.active:
        command.append("--verbose")  # the debug log names each page read and built
    return relay(command, progress, hidden={"DEBUG", "INFO"} if quiet else {"DEBUG"})


def relay(command: list[str], progress: Progress, hidden: set[str]) -> int:
    """Run a MkDocs build, its log read line by line: the progress from the debug lines,
    every line (and the lines continuing it) shown unless its level is `hidden`."""
    proc = subprocess.Popen(
        command,
        env={**os.environ, **QUIET},
        stderr=subprocess.PIPE,
        text=True,
        errors="replace",
    )
    assert proc.stderr is not None
    pages = Pages(progress)
    show = True
    try:
        for line in proc.stderr:
            found = LEVEL.match(COLOUR.sub("", line))
            if found:
                show = found[1] not in hidden
                pages.saw(found[2])
            elif not line[:1].isspace():
                show = True  # not a log line (a traceback, MkDocs' own abort): always shown
            if show:
                progress.write(line)
    finally:
        code = proc.wait()
        progress.done()
    return code


class Pages:
    """The progress of a MkDocs build, from its debug log: the vault read, pages read, built."""

    def __init__(self, progress: Progress) -> None:
        self.loading = progress.step("reading the vault")
        self.reading = progress.step("reading pages")
        self.building = progress.step("building pages")
        self.read = 0
        self.built = 0

    def saw(self, message: str) -> None:
        if message == "Running `files` event from plugin 'papervault'" and self.loading:
            self.loading(0, 0)
        elif message.startswith("Reading: ") and self.reading:
            self.read += 1
            self.reading(self.read, 0)
        elif message.startswith("Building page ") and self.building:
            self.built += 1
            self.building(self.built, self.read)


def zensical(config: Path, site_dir: Path, quiet: bool = False) -> int:
    from papervault.site.zensical import SITE
    from papervault.site.zensical import stage

    program = _tool("zensical")
    if program is None:
        print(
            "papervault site: Zensical is not installed (pip install 'papervault[zensical]')",
            file=sys.stderr,
        )
        return 2
    with tempfile.TemporaryDirectory(prefix="papervault-zensical-") as work:
        staged = stage(config, Path(work))
        for error in staged.errors:
            print(error, file=sys.stderr)
        if staged.errors:
            print("papervault site: not built; fix the files above", file=sys.stderr)
            return 1
        command = [program, "build", "--clean", "--strict", "-f", str(staged.config)]
        env = {**os.environ, **QUIET}
        result = subprocess.run(
            command, cwd=work, env=env, check=False, capture_output=quiet, text=True
        )
        if quiet and result.returncode != 0:  # what it said is then what went wrong
            sys.stdout.write(result.stdout)
            sys.stderr.write(result.stderr)
        if result.returncode == 0:
            shutil.rmtree(site_dir, ignore_errors=True)
            shutil.copytree(Path(work) / SITE, site_dir)
    return result.returncode
