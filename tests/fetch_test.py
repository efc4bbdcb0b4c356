from __future__ import annotations

import pytest

from papervault import fetch
from papervault.errors import VaultError


def test_arxiv_lookup(services: str) -> None:
    meta, abstract = fetch.lookup("arxiv", "2206.11990")
    assert meta == {
        "title": "Equiformer: Equivariant Graph Attention Transformer for 3D Atomistic Graphs",
        "authors": ["Yi-Lun Liao", "Tess Smidt"],
        "year": 2022,
        "venue": "arXiv",
        "arxiv": "2206.11990",
        "url": "https://arxiv.org/abs/2206.11990",
    }
    assert abstract.startswith("Despite their widespread success")
    assert "graphs & present Equiformer" in abstract


def test_crossref_lookup(services: str) -> None:
    meta, abstract = fetch.lookup("doi", "10.1063/5.0155600")
    assert meta == {
        "title": "DeePMD-kit v2: A software package for deep potential models",
        "authors": ["Jinzhe Zeng", "Duo Zhang", "Denghui Lu", "Han Wang"],
        "venue": "The Journal of Chemical Physics",
        "year": 2023,
        "doi": "10.1063/5.0155600",
        "url": "https://doi.org/10.1063/5.0155600",
    }
    assert abstract.endswith("This package & its features are described.")
    assert "<" not in abstract


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        ("arxiv", "2206.99999", "arXiv has no paper 2206.99999"),
        ("arxiv", "2306.12059", "arXiv answered something that is not Atom XML"),
        ("doi", "10.1000/unknown", "Crossref has no DOI 10.1000/unknown"),
        (
            "doi",
            "10.1000/malformed",
            "Crossref answered something unexpected for 10.1000/malformed",
        ),
    ],
)
def test_unknown_ids_and_malformed_answers(
    services: str, kind: str, value: str, message: str
) -> None:
    with pytest.raises(VaultError, match=message):
        fetch.lookup(kind, value)


def test_offline_is_said_clearly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAPERVAULT_ARXIV_API", "http://127.0.0.1:9/arxiv")
    with pytest.raises(VaultError, match=r"cannot reach arXiv .*offline\? nothing written"):
        fetch.lookup("arxiv", "2206.11990")


@pytest.mark.parametrize(
    ("ref", "parsed"),
    [
        ("arxiv:2206.11990", ("arxiv", "2206.11990")),
        ("arXiv:hep-th/9901001", ("arxiv", "hep-th/9901001")),
        ("doi:10.1063/5.0155600", ("doi", "10.1063/5.0155600")),
        ("https://arxiv.org/pdf/2006.10503", ("arxiv", "2006.10503")),
        ("https://doi.org/10.1115/1.4063843", ("doi", "10.1115/1.4063843")),
        ("2206.11990", ("arxiv", "2206.11990")),
    ],
)
def test_parse_ref(ref: str, parsed: tuple[str, str]) -> None:
    assert fetch.parse_ref(ref) == parsed


@pytest.mark.parametrize("ref", ["arxiv:12", "doi:5.0155600", "isbn:123", ""])
def test_parse_ref_rejects(ref: str) -> None:
    with pytest.raises(VaultError):
        fetch.parse_ref(ref)
