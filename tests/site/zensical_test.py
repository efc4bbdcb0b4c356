"""`papervault site --builder zensical`: the same pages as the MkDocs build, as safe."""

from __future__ import annotations

from pathlib import Path

import pytest

from papervault.commands import site
from tests.site.plugin_test import audit
from tests.site.plugin_test import material_scripts
from tests.site.sitekit import HOSTILE
from tests.site.sitekit import HOSTILE_PAGE
from tests.site.sitekit import HOSTILE_PATH
from tests.site.sitekit import NOTES
from tests.site.sitekit import build_project
from tests.site.sitekit import make_project


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    notes = {**NOTES, HOSTILE_PATH: HOSTILE, "about.md": HOSTILE_PAGE}
    return {
        builder: build_project(make_project(tmp_path_factory.mktemp(builder), notes), builder)
        for builder in ("mkdocs", "zensical")
    }


def pages(site_dir: Path) -> list[str]:
    return sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html"))


def test_zensical_publishes_the_same_pages_as_mkdocs(both: dict[str, Path]) -> None:
    assert pages(both["zensical"]) == pages(both["mkdocs"])
    assert len(pages(both["mkdocs"])) > 15
    for name in ("papers.bib", "assets/papervault.css"):
        assert (both["zensical"] / name).read_bytes() == (both["mkdocs"] / name).read_bytes()


def test_zensical_pages_have_cards_numbers_and_lists(both: dict[str, Path]) -> None:
    built = both["zensical"]
    paper = (built / "llm/equiformer/equiformer/index.html").read_text(encoding="utf-8")
    assert '<div class="pv-card">' in paper
    assert "Yi-Lun Liao" in paper
    dynamics = (built / "md/dynamics/index.html").read_text(encoding="utf-8")
    assert '<span class="pv-number">2.1.1</span> <a href="../potentials/mace/">MACE' in dynamics
    assert "2.1.1 MACE" in dynamics  # the nav
    years = (built / "indexes/years/index.html").read_text(encoding="utf-8")
    assert '<a href="../../md/potentials/deepmd/">2.2.2 DeePMD-kit</a>' in years


def test_zensical_pages_run_only_the_themes_scripts(both: dict[str, Path]) -> None:
    built = both["zensical"]
    expected = [sorted(s) for s in material_scripts(built)]
    for page in sorted(built.rglob("*.html")):
        found = audit(page)
        assert found.problems == [], page
        assert [sorted(s) for s in found.scripts] == expected, page
    hostile = (built / "llm/equiformer/hostile/index.html").read_text(encoding="utf-8")
    assert "Some honest text after all that." in hostile
    assert "window.__pwned = 12" not in hostile


@pytest.mark.parametrize("builder", ["mkdocs", "zensical"])
def test_a_broken_note_stops_either_build_with_path_and_line(
    builder: str, tmp_path: Path, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    notes = dict(NOTES)
    notes["md/potentials/broken.md"] = "---\ntitle: Broken\nyear: [2020\n---\nBody\n"
    project = make_project(tmp_path, notes)
    monkeypatch.chdir(project)
    assert site.main(["--builder", builder, "--site-dir", "out"]) == 1
    err = capfd.readouterr().err
    assert (
        "vault/md/potentials/broken.md:4: invalid front matter: did not find expected ',' or ']'"
        in err
    )
    assert "Traceback" not in err
    assert "end of life" not in err


def test_the_default_build_says_nothing_of_end_of_life(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(make_project(tmp_path, dict(NOTES)))
    assert site.main([]) == 0
    out = capfd.readouterr()
    assert "end of life" not in out.out + out.err
    assert Path("site/index.html").exists()


def test_site_without_a_configuration(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert site.main(["--builder", "zensical"]) == 2
    assert capsys.readouterr().err == "papervault site: mkdocs.yml: no site configuration here\n"


@pytest.mark.parametrize("builder", ["mkdocs", "zensical"])
def test_a_paper_lists_the_pages_that_link_to_it(both: dict[str, Path], builder: str) -> None:
    page = (both[builder] / "md/potentials/mace/index.html").read_text(encoding="utf-8")
    assert "Linked from" in page
    assert "Equiformer: Equivariant Graph Attention" in page
