"""The sample vault of the site tests, and a project folder to build it in."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import write_files

ROOT = Path(__file__).resolve().parents[2]
NOTES = {
    "index.md": "---\ntitle: Paper-List\n---\n# Paper-List\n\nThe literature review.\n",
    "llm/index.md": "---\ntitle: Large Language Model\norder: 1\n---\n",
    "llm/equiformer/index.md": "---\ntitle: Equiformer\norder: 1\n---\n",
    "md/index.md": "---\ntitle: Deep Molecular dynamics\norder: 2\n---\n",
    "md/dynamics/index.md": "---\ntitle: molecular dynamics\norder: 1\n---\n",
    "md/potentials/index.md": "---\ntitle: Machine Learning Potentials\norder: 2\n---\n",
    "llm/equiformer/equiformer.md": (
        "---\n"
        "title: 'Equiformer: Equivariant Graph Attention Transformer for 3D Atomistic Graphs'\n"
        "authors:\n  - Yi-Lun Liao\n  - Tess Smidt\n"
        "lead_authors:\n  - Yi-Lun Liao (Massachusetts Institute of Technology)\n"
        "venue: ICLR\nyear: 2023\narxiv: '2206.11990'\n"
        "url: https://arxiv.org/abs/2206.11990\n"
        "code: https://github.com/atomicarchitects/equiformer\n"
        "tags:\n  - equivariance\n  - transformers\n"
        "order: 2\n"
        "---\n"
        "Equiformer builds on [SE(3)-Transformers](se3.md) and is used with\n"
        "[MACE](../../md/potentials/mace.md).\n"
    ),
    "llm/equiformer/se3.md": (
        "---\ntitle: SE(3)-Transformers\nyear: 2020\nvenue: NeurIPS\n"
        "arxiv: '2006.10503'\ntags: [equivariance]\norder: 1\n---\nAttention, equivariantly.\n"
    ),
    "md/potentials/mace.md": (
        "---\ntitle: MACE\nauthors: [Ilyes Batatia]\nyear: 2022\nvenue: NeurIPS\norder: 1\n"
        "also_in:\n  - md/dynamics\n---\nMACE body.\n"
    ),
    "md/potentials/deepmd.md": "---\ntitle: DeePMD-kit\nyear: 2018\n---\n",
}
HOSTILE = (
    "---\n"
    "title: '<img src=x onerror=\"window.__pwned=1\">Hostile & Co'\n"
    "authors:\n  - '<script>window.__pwned=2</script>Eve'\n"
    "lead_authors:\n"
    '  - \'<b onmouseover="window.__pwned=3">Mallory</b> ("><script>window.__pwned=4</script>)\'\n'
    "venue: '<svg onload=\"window.__pwned=5\">'\n"
    "year: 2024\n"
    "url: 'javascript:window.__pwned=6'\n"
    "code: 'data:text/html,<script>window.__pwned=7</script>'\n"
    "doi: '10.1000/x\"onmouseover=\"window.__pwned=8'\n"
    "arxiv: 'javascript:alert(1)'\n"
    "tags:\n  - '<img src=x onerror=\"window.__pwned=9\">'\n"
    "description: '\"><script>window.__pwned=10</script>'\n"
    "subtitle: '<script>window.__pwned=11</script>'\n"
    "icon: '../../../../etc/passwd'\n"
    "---\n"
    "<script>window.__pwned = 12</script>\n\n"
    '<iframe src="javascript:window.__pwned=13"></iframe>\n\n'
    '<div onclick="window.__pwned=14" onmouseover="window.__pwned=15">hover me</div>\n\n'
    "[click](javascript:window.__pwned=16)\n\n"
    '<a href="jav&#x09;ascript:window.__pwned=17">tab</a>\n\n'
    "![pixel](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)\n\n"
    '[styled](https://example.org){ onclick="window.__pwned=18" }\n\n'
    '<object data="javascript:window.__pwned=19"></object>\n\n'
    "<svg><script>window.__pwned=20</script></svg>\n\n"
    "<style>body { display: none }</style>\n\n"
    '<img src="x" onerror="window.__pwned=21">\n\n'
    "Some honest text after all that.\n"
)
HOSTILE_PATH = "llm/equiformer/hostile.md"
HOSTILE_PAGE = "---\ntitle: '<img src=x onerror=\"window.__pwned=22\">About'\n---\nAbout.\n"


def make_project(root: Path, notes: dict[str, str]) -> Path:
    """A project folder: the repository's own mkdocs.yml and a vault (contents generated)."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    write_files(root / "vault", notes)
    return root


def build_sample(root: Path, builder: str = "mkdocs") -> Path:
    """The sample vault (with a hostile note) built with the repository's mkdocs.yml."""
    project = make_project(root, {**NOTES, HOSTILE_PATH: HOSTILE, "about.md": HOSTILE_PAGE})
    return build_project(project, builder)


def build_project(project: Path, builder: str = "mkdocs") -> Path:
    """`project/site`, built by MkDocs (in this process) or by `papervault site`."""
    if builder == "zensical":
        from papervault.commands import site

        config, out = str(project / "mkdocs.yml"), str(project / "site")
        assert site.main(["--builder", "zensical", "-f", config, "--site-dir", out]) == 0
        return project / "site"
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    build(load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site")))
    return project / "site"


def build_vault(root: Path, builder: str = "mkdocs") -> Path:
    """The repository's own vault, built with its mkdocs.yml into `root/site`."""
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "vault", root / "vault")
    return build_project(root, builder)
