"""`papervault import` on the shapes real paper lists come in (fixtures in tests/data/import/).

Each test imports one fixture into a fresh vault and asserts the report and every note
written, field by field.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from papervault import notes
from papervault.cli import main

DATA = Path(__file__).resolve().parents[1] / "data" / "import"


def imported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], name: str
) -> tuple[list[str], dict[str, tuple[dict[str, Any], str]]]:
    """(the report's lines, {note path in the vault: (front matter, body)})."""
    monkeypatch.chdir(tmp_path)
    assert main(["import", str(DATA / name), "--vault", "vault"]) == 0
    out = capsys.readouterr()
    assert out.err == ""
    written = {
        p.relative_to(tmp_path / "vault").as_posix(): (note.meta, note.body)
        for p in sorted((tmp_path / "vault").rglob("*.md"))
        for note in [notes.load(p)]
    }
    return out.out.splitlines(), written


def papers(written: dict[str, tuple[dict[str, Any], str]]) -> dict[str, dict[str, Any]]:
    """Each paper's front matter, its citation key aside (every paper gets one, once: the
    key tests are tests/importer/references_test.py's)."""
    out = {}
    for path, (meta, _) in written.items():
        if not path.endswith("index.md"):
            assert isinstance(meta.get("citekey"), str), path
            out[path] = {k: v for k, v in meta.items() if k != "citekey"}
    return out


def test_multi_line_entries_give_authors_venue_year_and_every_link(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`* **Title** [2025]`, the authors, `[Venue (2025)](https://doi.org/…)`: hard-wrapped
    with two trailing spaces, indented or lazily continued."""
    report, written = imported(tmp_path, monkeypatch, capsys, "multiline.md")
    assert report == [
        f"{DATA / 'multiline.md'}: awesome, 4 paper entries",
        "  notes: wrote 4 (4 new, 0 updated); 0 papers merged; 0 already in the vault",
        "  sections: created 2 (2 chapters, 0 sections)",
        "  home page: wrote vault/index.md",
        "  lines accounted for: 24 of 24 (header 2, chapter headings 2, paper headings 4,"
        " body 9, blank 7)",
        "  fields: 4 entries; with link 4, year 4, venue 4, authors 4",
        "  note: line 21: link 'www.nature.com/articles/s43588-022-00349-3' on line 23 has no"
        " scheme; kept as 'https://www.nature.com/articles/s43588-022-00349-3'",
    ]
    long_e3 = "E(3)-equivariant graph neural networks for data-efficient and accurate interatomic"
    assert papers(written) == {
        "equivariant-models/mace-higher-order-equivariant-message-passing-neural-networks.md": {
            "title": "MACE: Higher Order Equivariant Message Passing Neural Networks",
            "order": 10,
            "authors": [
                "Ilyes Batatia",
                "Dávid Péter Kovács",
                "Gregor N. C. Simm",
                "Christoph Ortner",
                "Gábor Csányi",
            ],
            "venue": "NeurIPS",
            "year": 2022,
            "arxiv": "2206.07697",
            "url": "https://proceedings.neurips.cc/paper_files/paper/2022/hash/"
            "4a36c3c51af11ed9f34615b81edb5bbc-Abstract-Conference.html",
            "code": "https://github.com/ACEsuit/mace",
        },
        "equivariant-models/e-3-equivariant-graph-neural-networks-for-data-efficient-and"
        "-accurate-interatomi.md": {
            "title": f"{long_e3} potentials",
            "aliases": [f"{long_e3} potentials"],
            "order": 20,
            "authors": ["Simon Batzner", "Albert Musaelian", "Lixin Sun", "Boris Kozinsky"],
            "venue": "Nature Communications",
            "year": 2022,
            "doi": "10.1038/s41467-022-29939-5",
            "url": "https://doi.org/10.1038/s41467-022-29939-5",
        },
        "equivariant-models/learning-local-equivariant-representations-for-large-scale"
        "-atomistic-dynamics.md": {
            "title": "Learning local equivariant representations for large-scale atomistic"
            " dynamics",
            "order": 30,
            "authors": ["Albert Musaelian", "Simon Batzner", "Anders Johansson"],
            "venue": "Nature Communications",
            "year": 2023,
            "doi": "10.1038/s41467-023-36329-y",
            "url": "https://doi.org/10.1038/s41467-023-36329-y",
        },
        "universal-potentials/a-universal-graph-deep-learning-interatomic-potential-for-the"
        "-periodic-table.md": {
            "title": "A universal graph deep learning interatomic potential for the periodic table",
            "order": 10,
            "authors": ["Chi Chen", "Shyue Ping Ong"],
            "venue": "Nature Computational Science",
            "year": 2022,
            "doi": "10.1038/s43588-022-00349-3",
            "url": "https://www.nature.com/articles/s43588-022-00349-3",
        },
    }
    _, body = written[
        "universal-potentials/a-universal-graph-deep-learning-interatomic-potential-for-the"
        "-periodic-table.md"
    ]
    assert body == (  # the entry as written, its title aside: nothing lost
        "[2022]\n"
        "Chi Chen, Shyue Ping Ong  \n"
        "[Nature Computational Science (2022)](www.nature.com/articles/s43588-022-00349-3)\n"
        "Trained on the Materials Project relaxation trajectories.\n"
    )


def test_badges_are_never_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`- [Name](link) - description [![stars](https://img.shields.io/…)](https://github.com/…)`:
    shields.io, badgen, zenodo and workflow badges, and what they link to, stay text."""
    report, written = imported(tmp_path, monkeypatch, capsys, "badges.md")
    assert "  fields: 4 entries; with link 4, year 0, venue 0, authors 0" in report
    assert papers(written) == {
        "software/mace.md": {
            "title": "MACE",
            "order": 10,
            "code": "https://github.com/ACEsuit/mace",
        },
        "software/nequip.md": {
            "title": "NequIP",
            "order": 20,
            "code": "https://github.com/mir-group/nequip",
        },
        "software/schnetpack.md": {
            "title": "SchNetPack",
            "order": 30,
            "url": "https://schnetpack.readthedocs.io",
        },
        "software/deepmd-kit.md": {
            "title": "DeePMD-kit",
            "order": 40,
            "doi": "10.1063/5.0155600",
            "url": "https://docs.deepmodeling.com/projects/deepmd/",
        },
    }
    text = "\n".join(str(v) for meta in papers(written).values() for v in meta.values())
    assert "shields" not in text
    assert "badge" not in text
    assert "zenodo" not in text
    _, body = written["software/nequip.md"]
    assert "[![stars](https://img.shields.io/github/stars/mir-group/nequip)]" in body


def test_numbered_bold_titles_with_their_links_below(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    report, written = imported(tmp_path, monkeypatch, capsys, "numbered.md")
    assert report[0] == f"{DATA / 'numbered.md'}: awesome, 3 paper entries"
    assert "  fields: 3 entries; with link 3, year 3, venue 3, authors 3" in report
    graph = "Graph networks as a universal machine learning framework for molecules and crystals"
    assert papers(written) == {
        "foundation-models/scaling-deep-learning-for-materials-discovery.md": {
            "title": "Scaling deep learning for materials discovery",
            "order": 10,
            "authors": [
                "Amil Merchant",
                "Simon Batzner",
                "Samuel S. Schoenholz",
                "Ekin Dogus Cubuk",
            ],
            "venue": "Nature",
            "year": 2023,
            "doi": "10.1038/s41586-023-06735-9",
            "url": "https://www.nature.com/articles/s41586-023-06735-9",
            "code": "https://github.com/google-deepmind/materials_discovery",
        },
        "foundation-models/a-foundation-model-for-atomistic-materials-chemistry.md": {
            "title": "A foundation model for atomistic materials chemistry",
            "order": 20,
            "authors": ["Ilyes Batatia", "Philipp Benner", "Yuan Chiang"],
            "venue": "arXiv",
            "year": 2024,
            "arxiv": "2401.00096",
            "url": "https://arxiv.org/abs/2401.00096",
        },
        "foundation-models/graph-networks-as-a-universal-machine-learning-framework-for"
        "-molecules-and-cryst.md": {
            "title": graph,
            "aliases": [graph],
            "order": 30,
            "authors": ["Chi Chen", "Weike Ye", "Yunxing Zuo", "Chen Zheng", "Shyue Ping Ong"],
            "venue": "Chemistry of Materials",
            "year": 2019,
            "doi": "10.1021/acs.chemmater.9b01294",
            "url": "https://doi.org/10.1021/acs.chemmater.9b01294",
        },
    }
    _, body = written["foundation-models/scaling-deep-learning-for-materials-discovery.md"]
    assert body == (
        "- Authors: Amil Merchant, Simon Batzner, Samuel S. Schoenholz, Ekin Dogus Cubuk\n"
        "- Venue: Nature, 2023\n"
        "- [Paper](https://www.nature.com/articles/s41586-023-06735-9) |"
        " [Code](https://github.com/google-deepmind/materials_discovery)\n"
    )


def test_menus_anchors_and_back_to_top_links_are_skipped_and_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    report, written = imported(tmp_path, monkeypatch, capsys, "menus.md")
    assert report[4:] == [
        "  lines accounted for: 29 of 29 (header 2, contents 5, navigation 6, chapter headings 2,"
        " section headings 1, paper headings 2, blank 11)",
        "  fields: 2 entries; with link 2, year 2, venue 2, authors 0",
        "  navigation skipped: contents block lines 5 (lines 9, 11, 12, 13, 15);"
        " menu table lines 2 (lines 4, 5); anchor lines 2 (lines 1, 22);"
        " back-to-top links 2 (lines 20, 29)",
    ]
    assert {path: meta["title"] for path, (meta, _) in written.items()} == {
        "index.md": "Awesome Materials Informatics",
        "datasets/index.md": "Datasets",
        "datasets/the-materials-project.md": "The Materials Project",
        "models/index.md": "Models",
        "models/potentials/index.md": "Potentials",
        "models/potentials/chgnet-as-a-pretrained-universal-neural-network-potential-for"
        "-charge-informed-at.md": "CHGNet as a pretrained universal neural network potential"
        " for charge-informed atomistic modelling",
    }
    home = written["index.md"][1]
    assert home == (
        "# Awesome Materials Informatics\n\nA curated list of materials informatics resources.\n"
    )
    bodies = "".join(body for _, body in written.values())
    assert "#top" not in bodies
    assert "<a " not in bodies
    assert papers(written)["datasets/the-materials-project.md"] == {
        "title": "The Materials Project",
        "order": 10,
        "venue": "APL Materials",
        "year": 2013,
        "doi": "10.1063/1.4812323",
        "url": "https://doi.org/10.1063/1.4812323",
    }


def test_c_and_cpp_stay_two_folders_c_and_c_plus_plus_and_one_title_with_two_dois_is_two_papers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    report, written = imported(tmp_path, monkeypatch, capsys, "c-and-cpp.md")
    assert report[1:3] == [
        "  notes: wrote 2 (2 new, 0 updated); 1 paper merged; 0 already in the vault",
        "  sections: created 2 (2 chapters, 0 sections)",
    ]
    title = "Finding bugs in C programs with static analysis"
    assert {path: meta for path, (meta, _) in written.items() if path != "index.md"} == {
        "c/index.md": {"title": "C", "order": 10},
        "c-plus-plus/index.md": {"title": "C++", "order": 20},
        "c/finding-bugs-in-c-programs-with-static-analysis.md": {
            "title": title,
            "order": 10,
            "also_in": ["c-plus-plus"],
            "venue": "PLDI",
            "year": 2019,
            "doi": "10.1145/3000001.3000002",
            "url": "https://doi.org/10.1145/3000001.3000002",
            "citekey": "anon2019finding",
        },
        "c-plus-plus/finding-bugs-in-c-programs-with-static-analysis.md": {
            "title": title,
            "order": 10,
            "venue": "OOPSLA",
            "year": 2021,
            "doi": "10.1145/3000003.3000004",
            "url": "https://doi.org/10.1145/3000003.3000004",
            "citekey": "anon2021finding",
        },
    }


def test_a_cpp_folder_named_before_keeps_its_name_and_bytes_on_import(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # a vault imported when `C++` gave `c-2`: importing again renames and rewrites nothing
    imported(tmp_path, monkeypatch, capsys, "c-and-cpp.md")
    vault = tmp_path / "vault"
    (vault / "c-plus-plus").rename(vault / "c-2")
    note = vault / "c/finding-bugs-in-c-programs-with-static-analysis.md"
    note.write_text(note.read_text(encoding="utf-8").replace("c-plus-plus", "c-2"), "utf-8")
    before = {p: p.read_bytes() for p in sorted(vault.rglob("*.md"))}
    assert main(["import", str(DATA / "c-and-cpp.md"), "--vault", "vault"]) == 0
    capsys.readouterr()
    assert {p: p.read_bytes() for p in sorted(vault.rglob("*.md"))} == before


def test_lint_tells_of_two_papers_with_one_title(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    imported(tmp_path, monkeypatch, capsys, "c-and-cpp.md")
    assert main(["lint", "--vault", "vault"]) == 0
    title = "'Finding bugs in C programs with static analysis'"
    assert capsys.readouterr().out.splitlines() == [
        f"vault/c-plus-plus/finding-bugs-in-c-programs-with-static-analysis.md:2:8: same-title"
        f" vault/c/finding-bugs-in-c-programs-with-static-analysis.md has the same title"
        f" ({title}) but another arXiv id or DOI: two papers with one title? [warning]",
        f"vault/c/finding-bugs-in-c-programs-with-static-analysis.md:2:8: same-title"
        f" vault/c-plus-plus/finding-bugs-in-c-programs-with-static-analysis.md has the same title"
        f" ({title}) but another arXiv id or DOI: two papers with one title? [warning]",
    ]


def test_a_list_no_format_fits_names_the_formats_the_flag_and_the_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.md").write_text(
        '# My reading\n\n<a name="top"></a>\n\nI read these this week:\n\n- a walk\n',
        encoding="utf-8",
    )
    assert main(["import", "notes.md", "--vault", "vault"]) == 2
    out = capsys.readouterr()
    assert out.out == ""
    assert out.err == (
        "papervault import: notes.md:5: not a list papervault can import: no format it knows"
        " fits (paper-list: numbered headings `## 2.5 Section`, `### 2.5.3 Paper`;"
        " awesome: list items `- [Title](link)`, `* **Title** [2025]`, `1. **Title**`;"
        " bibtex: `@article{key, ...}` entries; csl-json: a JSON array of CSL items);"
        " the first line it could not place is line 5: 'I read these this week:';"
        " if the list is in one of these formats, name it with --format"
        " {paper-list,awesome,bibtex,csl-json}\n"
    )
    assert not (tmp_path / "vault").exists()


def test_a_strict_site_build_of_an_imported_vault(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every shape above in one vault of `papervault init`, then a strict MkDocs build."""
    monkeypatch.chdir(tmp_path)
    assert main(["init", "review"]) == 0
    monkeypatch.chdir(tmp_path / "review")
    for name in ("multiline.md", "badges.md", "numbered.md", "menus.md", "c-and-cpp.md"):
        assert main(["import", str(DATA / name)]) == 0
    capsys.readouterr()
    assert main(["lint"]) in (0, 1)
    errors = [line for line in capsys.readouterr().out.splitlines() if "[warning]" not in line]
    assert errors == []
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "--site-dir", "site"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    built = tmp_path / "review" / "site"
    assert (built / "index.html").is_file()
    pages = [p.read_text(encoding="utf-8") for p in built.rglob("*.html")]
    assert any("Scaling deep learning for materials discovery" in page for page in pages)
    assert any("10.1038/s41467-022-29939-5" in page for page in pages)
