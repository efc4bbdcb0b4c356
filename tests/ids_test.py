from __future__ import annotations

import pytest

from papervault import ids


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
