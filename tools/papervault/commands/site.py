"""`papervault site [--builder mkdocs|zensical] [--site-dir DIR]`: a strict build of the site.

MkDocs (the default) builds with the papervault plugin; Zensical, which runs no plugin of
ours, builds from the pages `site.zensical` writes beforehand through the same core. Either
way a broken note stops the build with `path:line: message`. Material's end-of-life notice
(see the README) is not printed on every build.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from papervault.commands import parser

BUILDERS = ("mkdocs", "zensical")
QUIET = {"NO_MKDOCS_2_WARNING": "1"}  # Material's end-of-life banner (README: "Publishing")


def main(argv: Sequence[str] | None = None) -> int:
    p = parser("site", "Build the site strictly (a broken note fails the build).")
    p.add_argument("--builder", choices=BUILDERS, default="mkdocs")
    p.add_argument("--site-dir", metavar="DIR", help="where to write the site (default: site)")
    p.add_argument("-f", "--config-file", metavar="FILE", default="mkdocs.yml")
    args = p.parse_args(argv)
    config = Path(args.config_file)
    if not config.is_file():
        print(f"papervault site: {config}: no site configuration here", file=sys.stderr)
        return 2
    site_dir = Path(args.site_dir or "site")
    if args.builder == "mkdocs":
        return mkdocs(config, site_dir)
    return zensical(config, site_dir)


def _tool(name: str) -> str | None:
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else shutil.which(name)


def mkdocs(config: Path, site_dir: Path) -> int:
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
    return subprocess.run(command, env={**os.environ, **QUIET}, check=False).returncode


def zensical(config: Path, site_dir: Path) -> int:
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
        result = subprocess.run(command, cwd=work, env={**os.environ, **QUIET}, check=False)
        if result.returncode == 0:
            shutil.rmtree(site_dir, ignore_errors=True)
            shutil.copytree(Path(work) / SITE, site_dir)
    return result.returncode
