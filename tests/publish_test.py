"""What the vault publishes: the policy itself, the lint's findings, and the build's refusal."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from papervault import publish
from papervault.cli import main
from tests.site.sitekit import NOTES
from tests.site.sitekit import make_project

BUNDLE = next(
    name
    for name in publish.theme_files()
    if name.startswith("assets/javascripts/bundle.") and name.endswith(".js")
)
ALLOWED = "notes (.md) and .png, .jpg, .jpeg, .gif, .webp, .avif images"
LINK = (
    "symlink a symbolic link: the site would publish whatever it points at, even outside"
    " the vault; keep the file itself here"
)
OTHER = f"unpublished-file not a note or an image: the vault publishes {ALLOWED} only"
SVG = f"unpublished-file an SVG image can carry script: the vault publishes {ALLOWED} (convert it)"
ASSETS = (
    "theme-asset under assets/, the theme's own folder: a vault file there can replace"
    " the theme's scripts and styles; move it elsewhere"
)
SEARCH = ASSETS.replace("assets/", "search/")
DRAFTS = (
    "underscore-folder in a folder named '_drafts': papervault never reads a folder whose"
    " name starts with '_' (no lint, no contents) but the site would publish it;"
    " rename the folder"
)


def hostile(vault: Path) -> list[str]:
    """Every way in that the issue found, planted in `vault`; the lint lines they give."""
    (vault / BUNDLE).parent.mkdir(parents=True)
    (vault / BUNDLE).write_text("window.__pwned = 'bundle'\n")
    (vault / "x.html").write_text("<script>window.__pwned = 'html'</script>\n")
    (vault / "llm/x.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" onload="x()"/>\n')
    (vault / "search").mkdir()
    (vault / "search/search_index.json").write_text("{}\n")
    (vault / "llm/env.md").symlink_to("/proc/self/environ")
    (vault / "llm/config.md").symlink_to("../../.git/config")
    (vault / "llm/dotgit").symlink_to("../..")
    (vault / "md/loop").symlink_to(".")
    (vault / "_drafts").mkdir()
    (vault / "_drafts/draft.md").write_text("<script>window.__pwned = 'draft'</script>\n")
    (vault / "fig.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (vault / ".obsidian").mkdir()
    (vault / ".obsidian/app.json").write_text("{}\n")
    return sorted(
        [
            f"vault/{BUNDLE}:1:1: {ASSETS}",
            "vault/x.html:1:1: " + OTHER,
            "vault/llm/x.svg:1:1: " + SVG,
            "vault/search/search_index.json:1:1: " + SEARCH,
            "vault/llm/env.md:1:1: " + LINK,
            "vault/llm/config.md:1:1: " + LINK,
            "vault/llm/dotgit:1:1: " + LINK,
            "vault/md/loop:1:1: " + LINK,
            "vault/_drafts/draft.md:1:1: " + DRAFTS,
        ]
    )


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = make_project(tmp_path / "project", NOTES)
    monkeypatch.chdir(root)
    return root


@pytest.mark.parametrize(
    ("rel", "kind", "rule"),
    [
        ("llm/paper.md", publish.FILE, None),
        ("llm/figure.JPEG", publish.FILE, None),
        ("llm/figure.avif", publish.FILE, None),
        (".obsidian/workspace.json", publish.FILE, None),
        ("llm", publish.FOLDER, None),
        ("assets", publish.FOLDER, None),
        ("llm/figure.svg", publish.FILE, "unpublished-file"),
        ("llm/page.htm", publish.FILE, "unpublished-file"),
        ("README", publish.FILE, "unpublished-file"),
        ("assets/images/favicon.png", publish.FILE, "theme-asset"),
        ("assets/stylesheets/extra.png", publish.FILE, "theme-asset"),
        ("search/x.md", publish.FILE, "theme-asset"),
        ("llm/paper.md", publish.LINK, "symlink"),
        (".obsidian", publish.LINK, "symlink"),
        ("_drafts/paper.md", publish.FILE, "underscore-folder"),
        ("llm/_x/paper.md", publish.FILE, "underscore-folder"),
    ],
)
def test_the_policy(rel: str, kind: str, rule: str | None) -> None:
    found = publish.check(rel, kind)
    assert (found.rule if found else None) == rule


def test_the_theme_files_are_those_of_the_installed_material() -> None:
    assert "assets/images/favicon.png" in publish.theme_files()
    assert BUNDLE.endswith(".min.js")


def test_lint_names_every_file_the_site_must_not_publish(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = hostile(project / "vault")
    code = main(["lint"])
    out, err = capsys.readouterr()
    errors = [line for line in out.splitlines() if not line.endswith("[warning]")]
    assert (code, errors, err) == (1, expected, "")


def test_lint_of_named_files_checks_them_too(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hostile(project / "vault")
    code = main(["lint", "vault/llm/env.md", "vault/_drafts", "vault/llm/equiformer/se3.md"])
    out, err = capsys.readouterr()
    policy = [line for line in out.splitlines() if line.split()[1] in publish.RULES]
    assert (code, policy, err) == (
        1,
        ["vault/_drafts/draft.md:1:1: " + DRAFTS, "vault/llm/env.md:1:1: " + LINK],
        "",
    )
    assert "unsafe-html raw <script>" in out  # a folder named on the command line is linted


def test_the_build_refuses_with_the_lints_messages(
    project: Path, caplog: pytest.LogCaptureFixture
) -> None:
    expected = hostile(project / "vault")
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"))
    with pytest.raises(Abort):
        build(config)
    logged = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert logged == [
        *expected,
        "papervault: the vault holds 9 files the site does not publish"
        " (listed above; `papervault lint` names them too)",
    ]
    assert not (project / "site").exists()  # nothing was copied, no link was followed


def test_one_link_loop_alone_is_refused_before_mkdocs_walks_it(
    project: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (project / "vault/md/loop").symlink_to("..")
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"))
    with pytest.raises(Abort):
        build(config)
    assert [r.getMessage() for r in caplog.records if r.levelname == "ERROR"] == [
        "vault/md/loop:1:1: " + LINK,
        "papervault: the vault holds 1 file the site does not publish"
        " (listed above; `papervault lint` names them too)",
    ]


def test_the_clean_sample_still_builds(project: Path) -> None:
    (project / "vault/llm/figure.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"))
    build(config)
    assert (project / "site/llm/figure.png").exists()
    assert (project / "site" / BUNDLE).read_bytes() == (
        Path(sys.modules["material"].__file__ or "").parent / "templates" / BUNDLE
    ).read_bytes()


def test_a_hidden_file_is_not_published(project: Path) -> None:
    (project / "vault/.obsidian").mkdir()
    (project / "vault/.obsidian/app.json").write_text("{}")
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"))
    build(config)
    assert not os.path.lexists(project / "site/.obsidian")
