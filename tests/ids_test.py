from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from papervault import bib
from papervault import fetch
from papervault import ids
from papervault import notes
from papervault.cli import main
from papervault.errors import VaultError
from papervault.importer import fields
from papervault.site import card


@pytest.mark.parametrize(
    ("url", "arxiv"),
    [
        ("https://arxiv.org/abs/2206.11990", "2206.11990"),
        ("https://arxiv.org/pdf/2006.10503", "2006.10503"),
        ("https://arxiv.org/pdf/2006.10503v2.pdf", "2006.10503v2"),
        ("http://www.arxiv.org/html/2306.12059v1", "2306.12059v1"),
        ("https://arxiv.org/abs/cond-mat/0102536", "cond-mat/0102536"),
        ("https://arxiv.org/abs/math.GT/0309136", "math.GT/0309136"),
        ("https://www.pnas.org/doi/10.1073/pnas.2403497121", None),
        ("https://notarxiv.org/abs/2206.11990", None),
    ],
)
def test_arxiv_from_url(url: str, arxiv: str | None) -> None:
    assert ids.arxiv_from_url(url) == arxiv


@pytest.mark.parametrize(
    ("url", "doi"),
    [
        ("https://doi.org/10.1063/5.0155600", "10.1063/5.0155600"),
        ("http://dx.doi.org/10.1115/1.4063843/", "10.1115/1.4063843"),
        ("https://example.org/10.1063/5.0155600", None),
    ],
)
def test_doi_from_url(url: str, doi: str | None) -> None:
    assert ids.doi_from_url(url) == doi


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("2206.11990", True),
        ("0704.0001", True),
        ("hep-th/9901001", True),
        ("2206.119", False),
        ("22061.1990", False),
        ("arXiv:2206.11990", False),
    ],
)
def test_is_arxiv(value: str, ok: bool) -> None:
    assert ids.is_arxiv(value) is ok


def test_is_doi() -> None:
    assert ids.is_doi("10.1063/5.0155600")
    assert not ids.is_doi("doi:10.1063/5.0155600")
    assert not ids.is_doi("10.1/x")


# --- every spelling a person types, through every command that reads one ------------------

ARXIV_SPELLINGS = [
    ("2206.11990", "2206.11990"),
    ("arXiv:2206.11990", "2206.11990"),
    ("ARXIV:2206.11990", "2206.11990"),
    ("arxiv: 2206.11990", "2206.11990"),
    (" arXiv:2206.11990v2 ", "2206.11990v2"),
    ("https://arxiv.org/abs/2206.11990", "2206.11990"),
    ("https://arxiv.org/abs/2206.11990v2", "2206.11990v2"),
    ("https://arxiv.org/pdf/2206.11990", "2206.11990"),
    ("https://arxiv.org/pdf/2206.11990v2.pdf", "2206.11990v2"),
    ("http://www.arxiv.org/html/2206.11990v1", "2206.11990v1"),
    ("https://export.arxiv.org/abs/2206.11990", "2206.11990"),
    ("arxiv.org/abs/2206.11990", "2206.11990"),
    ("arXiv:https://arxiv.org/abs/2206.11990", "2206.11990"),
    ("arXiv:hep-th/9901001", "hep-th/9901001"),
    ("ArXiv:2206.11990", "2206.11990"),
    ("aRxIv:2206.11990", "2206.11990"),
    ("https://arxiv.org/html/2206.11990", "2206.11990"),
    ("https://arxiv.org/abs/2206.11990/", "2206.11990"),
    ("https://arxiv.org/abs/2206.11990?context=cs", "2206.11990"),
    ("https://arxiv.org/pdf/2206.11990v2#page=3", "2206.11990v2"),
    ("HTTPS://ARXIV.ORG/ABS/2206.11990", "2206.11990"),
    ("www.arxiv.org/abs/2206.11990", "2206.11990"),
    ("arxiv.org/pdf/2206.11990v2.pdf", "2206.11990v2"),
    ("arXiv: arxiv.org/abs/2206.11990", "2206.11990"),
]
DOI_SPELLINGS = [
    ("10.1063/5.0155600", "10.1063/5.0155600"),
    ("doi:10.1063/5.0155600", "10.1063/5.0155600"),
    ("DOI: 10.1063/5.0155600", "10.1063/5.0155600"),
    ("https://doi.org/10.1063/5.0155600", "10.1063/5.0155600"),
    ("http://dx.doi.org/10.1063/5.0155600/", "10.1063/5.0155600"),
    ("https://doi.org/10.1063%2F5.0155600", "10.1063/5.0155600"),
    ("doi.org/10.1063/5.0155600", "10.1063/5.0155600"),
    ("https://pubs.aip.org/doi/10.1063/5.0155600", "10.1063/5.0155600"),
    ("https://pubs.aip.org/doi/full/10.1063/5.0155600?x=1", "10.1063/5.0155600"),
    ("Doi:10.1063/5.0155600", "10.1063/5.0155600"),
    ("dOI : 10.1063/5.0155600", "10.1063/5.0155600"),
    ("doi:https://doi.org/10.1063/5.0155600", "10.1063/5.0155600"),
    ("https://DOI.ORG/10.1063/5.0155600", "10.1063/5.0155600"),
    ("https://dx.doi.org/10.1063/5.0155600", "10.1063/5.0155600"),
    ("https://www.doi.org/10.1063/5.0155600", "10.1063/5.0155600"),
    ("https://doi.org/10.1063/5.0155600?download=true", "10.1063/5.0155600"),
    ("https://doi.org/10.1063/5.0155600#ref", "10.1063/5.0155600"),
    ("https://pubs.aip.org/doi/abs/10.1063/5.0155600", "10.1063/5.0155600"),
    ("https://pubs.aip.org/doi/pdf/10.1063/5.0155600", "10.1063/5.0155600"),
    ("https://link.springer.com/article/10.1063/5.0155600", "10.1063/5.0155600"),
    ("https://www.nature.com/articles/s41524-023-00973-1", "10.1038/s41524-023-00973-1"),
    (
        "https://journals.aps.org/prb/abstract/10.1103/PhysRevB.99.014104",
        "10.1103/PhysRevB.99.014104",
    ),
    ("https://iopscience.iop.org/article/10.1088/1361-648X/aa680e/pdf", "10.1088/1361-648X/aa680e"),
]
NOT_IDS = ["", "2206.119", "arXiv:", "arxiv:12", "doi:5.0155600", "https://example.org/2206.11990"]


@pytest.mark.parametrize(("typed", "bare"), ARXIV_SPELLINGS)
def test_every_arxiv_spelling_through_every_command(
    typed: str, bare: str, sample_vault: Path, services: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert ids.parse_arxiv(typed) == bare
    assert ids.parse_doi(typed) is None
    assert fetch.parse_ref(typed) == ("arxiv", bare)
    # new
    assert main(["new", "--title", "Typed", "--arxiv", typed]) == 0
    written = Path(capsys.readouterr().out.strip())
    assert notes.load(written).meta["arxiv"] == bare
    written.unlink()
    # lint --fix (the arxiv-form fix)
    note = sample_vault / "llm/equiformer/equiformer.md"
    note.write_text(f"---\ntitle: Equiformer\narxiv: {typed.strip()!r}\n---\nSummary.\n")
    main(["lint", "--fix", str(note)])
    capsys.readouterr()
    assert notes.load(note).meta["arxiv"] == bare
    # import: a list's arXiv line and a .bib entry's eprint
    meta: dict[str, Any] = {}
    fields.apply(meta, "arxiv", typed)
    assert meta == {"arxiv": bare}
    [ref] = bib.read_bibtex(f"@misc{{k, title = {{T}}, eprint = {{{typed}}}}}\n")
    assert ref.meta["arxiv"] == bare
    meta = {}
    fields.apply(meta, "url", typed)  # a list's `Article address:` line
    assert meta == {"arxiv": bare, "url": f"https://arxiv.org/abs/{bare}"}
    if typed.lower().startswith("http"):
        assert fields.link_field(typed, "paper") == fields.ARXIV
    # the site's card
    link = card.arxiv_link(typed)
    assert link is not None
    assert link.href == f"https://arxiv.org/abs/{bare}"
    # add (the recorded answers know the unversioned id)
    if bare == "2206.11990":
        note.unlink()
        assert main(["add", typed]) == 0
        assert notes.load(capsys.readouterr().out.strip()).meta["arxiv"] == bare


@pytest.mark.parametrize(("typed", "bare"), DOI_SPELLINGS)
def test_every_doi_spelling_through_every_command(
    typed: str, bare: str, sample_vault: Path, services: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert ids.parse_doi(typed) == bare
    assert ids.parse_arxiv(typed) is None
    assert fetch.parse_ref(typed) == ("doi", bare)
    assert main(["new", "--title", "Typed", "--doi", typed]) == 0
    written = Path(capsys.readouterr().out.strip())
    assert notes.load(written).meta["doi"] == bare
    written.unlink()
    note = sample_vault / "md/potentials/deepmd.md"
    note.write_text(f"---\ntitle: DeePMD-kit\ndoi: {typed.strip()!r}\n---\n")
    main(["lint", "--fix", str(note)])
    capsys.readouterr()
    assert notes.load(note).meta["doi"] == bare
    meta: dict[str, Any] = {}
    fields.apply(meta, "doi", typed)
    assert meta == {"doi": bare}
    [ref] = bib.read_bibtex(f"@misc{{k, title = {{T}}, doi = {{{typed}}}}}\n")
    assert ref.meta["doi"] == bare
    meta = {}
    fields.apply(meta, "url", typed)
    assert meta["doi"] == bare
    assert "url_note" not in meta
    if typed.lower().startswith("http"):
        assert fields.link_field(typed, "paper") == fields.DOI
    link = card.doi_link(typed)
    assert link is not None
    assert link.href == f"https://doi.org/{bare}"
    if bare == "10.1063/5.0155600":  # the recorded answer
        note.unlink()
        assert main(["add", typed]) == 0
        assert notes.load(capsys.readouterr().out.strip()).meta["doi"] == bare


@pytest.mark.parametrize("typed", NOT_IDS)
def test_what_is_no_id_is_refused_everywhere(
    typed: str, sample_vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert ids.parse_arxiv(typed) is None
    assert ids.parse_doi(typed) is None
    with pytest.raises(VaultError):
        fetch.parse_ref(typed)
    if typed.strip():
        assert main(["new", "--title", "Typed", "--arxiv", typed]) == 2
        assert "is not an arXiv id" in capsys.readouterr().err
        assert main(["new", "--title", "Typed", "--doi", typed]) == 2
        assert "is not a DOI" in capsys.readouterr().err
    assert card.arxiv_link(typed) is None
    assert card.doi_link(typed) is None


@pytest.mark.parametrize(
    ("url", "doi"),
    [
        ("https://doi.org/10.1063/5.0155600", "10.1063/5.0155600"),
        ("https://www.pnas.org/doi/10.1073/pnas.2403497121", "10.1073/pnas.2403497121"),
        (
            "https://onlinelibrary.wiley.com/doi/full/10.1002/adma.202300001",
            "10.1002/adma.202300001",
        ),
        ("https://www.nature.com/articles/s41524-023-00973-1", "10.1038/s41524-023-00973-1"),
        (
            "https://link.springer.com/article/10.1007/s10994-021-05946-3",
            "10.1007/s10994-021-05946-3",
        ),
        ("https://www.sciencedirect.com/science/article/pii/S0010465518300882", None),
        ("https://pubs.aip.org/aip/jcp/article/159/5/054801", None),
        ("https://arxiv.org/abs/2206.07697", None),
    ],
)
def test_publisher_addresses_give_a_doi_only_when_certain(url: str, doi: str | None) -> None:
    assert ids.doi_from_url(url) == doi
    assert ids.parse_doi(url) == doi
