"""The files of a new vault repository (`papervault init`): pure, never writes.

Each file is either whole (written only when missing) or a set of lines (the missing ones are
added to the user's file, in order). `pyproject.toml` gets a `[tool.papervault]` table when it
has none.
"""

from __future__ import annotations

import tomllib
from typing import NamedTuple

PYPROJECT_TABLE = """\
[tool.papervault]
vault = "vault"
"""

MKDOCS = """\
site_name: My literature review
docs_dir: vault
site_dir: site
# `papervault site` and CI build strictly; `mkdocs serve` shows a broken note's error on its
# page and keeps serving the others.
strict: true
theme:
  name: material
  features:
    - navigation.prune
    - navigation.top
    - search.highlight
    - search.suggest
plugins:
  - search
  - papervault
markdown_extensions:
  - toc:
      permalink: true
  - tables
  - attr_list
"""

PRE_COMMIT = """\
# papervault's hooks, run with the Python `papervault install` recorded for this clone
# (`git papervault ...` is a git alias it writes): no venv to activate, any way of installing.
minimum_pre_commit_version: '4.4.0'
repos:
  - repo: local
    hooks:
      - id: papervault-conflicts
        name: papervault conflict markers
        entry: git papervault check-conflicts
        language: unsupported
        types: [text]
      - id: papervault-lint
        name: papervault metadata lint
        entry: git papervault lint --fix
        language: unsupported
        files: ^vault/.*\\.md$
        require_serial: true
      - id: papervault-toc
        name: papervault contents
        entry: git papervault toc --check
        language: unsupported
        pass_filenames: false
        files: ^vault/
"""

HOME = """\
---
title: Home
---
# My literature review

One note per paper, in a folder per section. `papervault new --title "..."` adds one.
"""

GITIGNORE = ("/site/", ".papervault-cache/", ".venv/", "__pycache__/")

INSTALL_STEP = """\
      - uses: actions/setup-python@5fda3b95a4ea91299a34e894583c3862153e4b97  # v7.0.0
        with:
          python-version: "3.11"
      - name: Install papervault
        run: python -m pip install 'papervault[all]'
"""

PULL_REQUEST = (
    """\
# On every pull request: the hooks on the changed files, the whole vault, a strict site build.
name: pull request
on:
  pull_request:
# It runs the pull request's code with read permission only, no token left in git's config,
# and the base branch's mkdocs.yml (a mkdocs.yml can run code: `hooks:`, `!!python/` tags).
# Event values reach `run:` through `env:`; actions are pinned to a release's commit.
permissions:
  contents: read
jobs:
  check:
    runs-on: ubuntu-latest
    timeout-minutes: 30
    env:
      BASE_REF: ${{ github.base_ref }}
    steps:
      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1  # v7.0.1
        with:
          fetch-depth: 0
          persist-credentials: false
      - name: The base branch's site configuration
        run: git show "origin/$BASE_REF:mkdocs.yml" > mkdocs.yml
"""
    + INSTALL_STEP
    + """\
      - name: Hooks on the changed files
        run: |
          papervault install
          pre-commit run --show-diff-on-failure \\
            --from-ref "origin/$BASE_REF" --to-ref HEAD
      - name: Whole-vault checks (a merge made elsewhere never ran the drivers)
        run: |
          papervault check-conflicts
          papervault toc --check
          papervault lint
      - name: Strict site build
        run: mkdocs build --strict
"""
)

PUBLISH = (
    """\
# On main: check the vault as merged, build the site strictly, deploy it to GitHub Pages.
name: publish
on:
  push:
    branches: [main]
  workflow_dispatch:
# Each job has only the permissions it needs; the one that deploys runs no code of the
# repository. Actions are pinned to a release's commit (the version in the comment).
permissions: {}
concurrency:
  group: pages
  cancel-in-progress: false
jobs:
  build:
    runs-on: ubuntu-latest
    timeout-minutes: 30
    permissions:
      contents: read
    steps:
      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1  # v7.0.1
        with:
          persist-credentials: false
"""
    + INSTALL_STEP
    + """\
      - name: Check the merged vault
        run: |
          papervault check-conflicts
          papervault toc --check
          papervault lint
      - name: Build the site
        run: mkdocs build --strict
      - uses: actions/upload-pages-artifact@fc324d3547104276b827a68afc52ff2a11cc49c9  # v5.0.0
        with:
          path: site
  deploy:
    needs: build
    runs-on: ubuntu-latest
    timeout-minutes: 30
    permissions:
      pages: write
      id-token: write
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - id: deployment
        uses: actions/deploy-pages@cd2ce8fcbc39b97be8ca5fce6e763baed58fa128  # v5.0.0
"""
)


class Change(NamedTuple):
    """What init does to one file: its new text, or None to leave it; and why."""

    path: str
    text: str | None
    note: str


def whole(path: str, text: str, current: str | None) -> Change:
    """A file written only when it is missing."""
    if current is None:
        return Change(path, text, "written")
    return Change(path, None, "left as it is" if current != text else "already there")


def lines(path: str, wanted: tuple[str, ...], current: str | None) -> Change:
    """A file of lines: the missing ones are added at its end."""
    have = set((current or "").splitlines())
    missing = [line for line in wanted if line not in have]
    if not missing:
        return Change(path, None, "already there")
    head = current or ""
    if head and not head.endswith("\n"):
        head += "\n"
    note = "written" if current is None else f"added {len(missing)} line(s)"
    return Change(path, head + "".join(f"{line}\n" for line in missing), note)


def pyproject(current: str | None) -> Change:
    """pyproject.toml with a `[tool.papervault]` table (added to a file that has none)."""
    if current is None:
        return Change("pyproject.toml", PYPROJECT_TABLE, "written")
    try:
        data = tomllib.loads(current)
    except tomllib.TOMLDecodeError as e:
        return Change("pyproject.toml", None, f"left as it is (not valid TOML: {e})")
    if "papervault" in data.get("tool", {}):
        return Change("pyproject.toml", None, "already has [tool.papervault]")
    sep = "" if current.endswith("\n\n") or not current else "\n" if current[-1] == "\n" else "\n\n"
    return Change("pyproject.toml", current + sep + PYPROJECT_TABLE, "added [tool.papervault]")


def plan(read: dict[str, str | None], attributes: str) -> list[Change]:
    """Every file of a new vault; `read` maps each path to its current text (None: missing)."""
    return [
        pyproject(read["pyproject.toml"]),
        whole("mkdocs.yml", MKDOCS, read["mkdocs.yml"]),
        lines(".gitattributes", tuple(attributes.splitlines()), read[".gitattributes"]),
        whole(".pre-commit-config.yaml", PRE_COMMIT, read[".pre-commit-config.yaml"]),
        lines(".gitignore", GITIGNORE, read[".gitignore"]),
        whole("vault/index.md", HOME, read["vault/index.md"]),
        whole(".github/workflows/pull-request.yml", PULL_REQUEST, read[PR_PATH]),
        whole(".github/workflows/publish.yml", PUBLISH, read[PUBLISH_PATH]),
    ]


PR_PATH = ".github/workflows/pull-request.yml"
PUBLISH_PATH = ".github/workflows/publish.yml"
PATHS = (
    "pyproject.toml",
    "mkdocs.yml",
    ".gitattributes",
    ".pre-commit-config.yaml",
    ".gitignore",
    "vault/index.md",
    PR_PATH,
    PUBLISH_PATH,
)
