"""One numbering: the site's sections, the contents and `papervault list` agree."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from papervault import toc
from papervault.commands import list as list_command
from papervault.site.build import load
from papervault.site.build import paper_numbers
from papervault.site.build import placements
from papervault.vault import load_vault
from tests.site.sitekit import NOTES
from tests.site.sitekit import make_project


def test_a_paper_in_two_sections_is_numbered_in_each_as_the_contents_number_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    vault = make_project(tmp_path, dict(NOTES)) / "vault"
    entries = toc.entries(load_vault(vault))
    placed = placements(list(entries))
    assert placed["md/dynamics/index.md"] == [("md/potentials/mace.md", "2.1.1")]
    assert placed["md/potentials/index.md"] == [
        ("md/potentials/mace.md", "2.2.1"),
        ("md/potentials/deepmd.md", "2.2.2"),
    ]
    contents = {(e.path, e.number) for e in entries if e.kind == toc.PAPER}
    assert {pair for papers in placed.values() for pair in papers} == contents
    assert paper_numbers(list(entries))["md/potentials/mace.md"] == "2.2.1"  # its own folder's

    monkeypatch.chdir(tmp_path)
    assert list_command.main(["--json", "--vault", "vault"]) == 0
    listed = {
        p["path"].removeprefix("vault/"): p["sections"] for p in json.loads(capsys.readouterr().out)
    }
    numbers = {e.path.removesuffix("/index.md"): e.number for e in entries if e.kind != toc.PAPER}
    for group, papers in placed.items():
        for uri, number in papers:
            assert number.rsplit(".", 1)[0] in listed[uri], (group, uri)
            assert numbers[group.removesuffix("/index.md")] in listed[uri]


def test_the_section_page_numbers_a_paper_from_another_section_as_its_own(tmp_path: Path) -> None:
    data = load(make_project(tmp_path, dict(NOTES)) / "vault", bibtex=False)
    listing = data.section_text("md/dynamics/index.md")
    [[mace]] = listing.cards
    assert (mace.number, mace.title, mace.authors) == ("2.1.1", "MACE", ("Ilyes Batatia",))
    assert data.papers["md/potentials/mace.md"].number == "2.2.1"


def test_the_contents_page_comes_from_the_notes_not_a_committed_file(tmp_path: Path) -> None:
    vault = make_project(tmp_path, dict(NOTES)) / "vault"
    (vault / "contents.md").write_text("---\ntitle: Contents\n---\nstale\n", encoding="utf-8")
    data = load(vault, bibtex=False)
    assert "stale" not in data.bodies["contents.md"]
    assert "[2.2.1 MACE](md/potentials/mace.md)" in data.bodies["contents.md"]
    assert "contents.md" not in data.root_pages


def test_wikilinks_become_links_and_papers_list_who_links_to_them(tmp_path: Path) -> None:
    notes = dict(NOTES)
    notes["md/dynamics/note.md"] = "---\ntitle: A note\n---\nSee [[MACE|the MACE paper]].\n"
    data = load(make_project(tmp_path, notes) / "vault", bibtex=False)
    assert "See [the MACE paper](../potentials/mace.md)." in data.bodies["md/dynamics/note.md"]
    mace = data.bodies["md/potentials/mace.md"]
    assert "## Linked from" in mace
    assert "- [A note](../dynamics/note.md)" in mace
    assert "Equiformer" in mace  # its Markdown link counts too
    assert "Linked from" not in data.bodies["contents.md"]


def test_a_card_shows_the_arxiv_year_marked_and_the_note_keeps_none(tmp_path: Path) -> None:
    from papervault.site.core import Site

    notes = dict(NOTES)
    notes["md/dynamics/undated.md"] = "---\ntitle: Undated\narxiv: '2006.10503'\n---\n"
    vault = make_project(tmp_path, notes) / "vault"
    site = Site(load(vault, bibtex=False))
    card = site.card("md/dynamics/undated.md", lambda uri: f"/{uri}")
    assert "<dt>Published</dt><dd>2020 (arXiv)</dd>" in card
    assert "2020 (arXiv)" in site.summary("md/dynamics/undated.md")
    assert "year" not in (vault / "md/dynamics/undated.md").read_text(encoding="utf-8")
    years = site.data.index_pages()["indexes/years.md"]
    by_year = {
        row.papers[0].year: [r.papers[0].uri for r in rows] for rows in years.lists for row in rows
    }
    assert by_year["2020"] == ["llm/equiformer/se3.md", "md/dynamics/undated.md"]
    assert "Undated" not in years.markdown
