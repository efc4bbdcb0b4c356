from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from papervault.importer import fields


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            "Fabian B. Fuchs(Bosch Center, Oxford University)",
            ["Fabian B. Fuchs (Bosch Center, Oxford University)"],
        ),
        (
            "Nathaniel Thomas(Stanford University), Tess Smidt(University of California)",
            [
                "Nathaniel Thomas (Stanford University)",
                "Tess Smidt (University of California)",
            ],
        ),
        (
            "Markus J. Buehler(Laboratory (LAMM) Massachusetts Institute of Technology)",
            ["Markus J. Buehler (Laboratory (LAMM) Massachusetts Institute of Technology)"],
        ),
        ("Han Wang (IAPCM, Beijing)", ["Han Wang (IAPCM, Beijing)"]),
        ("李雷\uff08清华大学\uff09", ["李雷 (清华大学)"]),
        ("Ada Lovelace, Alan Turing", ["Ada Lovelace", "Alan Turing"]),
        ("", []),
    ],
)
def test_lead_authors(value: str, expected: list[str]) -> None:
    assert fields.lead_authors(value) == expected


_words = st.text(
    alphabet=st.characters(categories=["L"], include_characters=" .-"), min_size=1, max_size=20
).filter(lambda s: s.strip() == s and s.strip(" .-"))


@given(st.lists(st.tuples(_words, _words), min_size=1, max_size=4))
def test_lead_authors_round_trip(people: list[tuple[str, str]]) -> None:
    """Whatever the names and affiliations, `Name(Affiliation), …` reads back as written."""
    text = ", ".join(f"{name}({affiliation})" for name, affiliation in people)
    assert fields.lead_authors(text) == [f"{n} ({a})" for n, a in people]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("- Journal: Arxiv", ("venue", "Arxiv")),
        ("  - Lead Author: A(B)", ("lead_authors", "A(B)")),
        ("Code address:", ("code", "")),
        ("- Artical address:  ", ("url", "")),
        ("- **Article address:** <https://x.org>", ("url", "<https://x.org>")),
        ("KeyWords: a, b", ("tags", "a, b")),
        ("* Key words: a", ("tags", "a")),
        ("- *Journal*: Nature", ("venue", "Nature")),
        ("- __Paper address:__ https://x.org", ("url", "https://x.org")),
        ("- Year: 2023", None),  # a loose label: only before the summary
        ("We summarise: the result", None),
        ("- We introduce MACE, a novel architecture", None),
    ],
)
def test_field_of_strict_labels(line: str, expected: tuple[str, str] | None) -> None:
    assert fields.field_of(line, loose=False) == expected


def test_field_of_loose_labels_before_the_summary() -> None:
    assert fields.field_of("- Year: 2023", loose=True) == ("year", "2023")
    assert fields.field_of("- Dataset: QM9", loose=True) is None


@pytest.mark.parametrize(
    "line",
    [
        "- **Brief introduction:**",
        "#### • Brief introduction:",
        "Brief introduction",
        "- brief intro:",
    ],
)
def test_brief_introduction_labels(line: str) -> None:
    assert fields.is_brief_label(line)


def test_brief_label_with_text_is_not_a_label() -> None:
    assert not fields.is_brief_label("- **Brief introduction:** a new potential")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("<https://arxiv.org/abs/1802.08219>", ("https://arxiv.org/abs/1802.08219", "")),
        ("https://github.com/ACEsuit/mace", ("https://github.com/ACEsuit/mace", "")),
        (
            "[2006.10503 \\(arxiv.org\\)](https://arxiv.org/abs/2006.10503)",
            ("https://arxiv.org/abs/2006.10503", ""),
        ),
        (
            "[https://github.com/a/equiformer\\\\_v2](https://github.com/a/equiformer_v2)",
            ("https://github.com/a/equiformer_v2", ""),
        ),
        (
            "[repo](https://github.com/a/b): code for the paper",
            ("https://github.com/a/b", "code for the paper"),
        ),
        ("https://github.com/a/equiformer\\_v2.", ("https://github.com/a/equiformer_v2", "")),
        ("not given", ("", "not given")),
    ],
)
def test_address(value: str, expected: tuple[str, str]) -> None:
    assert fields.address(value) == expected


@pytest.mark.parametrize(
    ("name", "raw", "expected"),
    [
        (
            "url",
            "<https://arxiv.org/pdf/2006.10503>",
            {"arxiv": "2006.10503", "url": "https://arxiv.org/abs/2006.10503"},
        ),
        (
            "url",
            "https://arxiv.org/html/2401.12345v2",
            {"arxiv": "2401.12345v2", "url": "https://arxiv.org/abs/2401.12345v2"},
        ),
        (
            "url",
            "<https://doi.org/10.1063/5.0155600>",
            {"doi": "10.1063/5.0155600", "url": "https://doi.org/10.1063/5.0155600"},
        ),
        ("code", "", {}),
        ("code", "   ", {}),
        ("code", "none yet", {"code_note": "none yet"}),
        ("tags", "Point defects,", {"tags": ["Point-defects"]}),
        ("year", "2023", {"year": 2023}),
        ("year", "2023/2024", {"year_note": "2023/2024"}),
        ("arxiv", "arXiv:2310.10445", {"arxiv": "2310.10445"}),
        ("doi", "https://doi.org/10.1115/1.4063843", {"doi": "10.1115/1.4063843"}),
        ("venue", "Arxiv(Part of NeurIPS 2022)", {"venue": "Arxiv(Part of NeurIPS 2022)"}),
    ],
)
def test_apply(name: str, raw: str, expected: dict[str, Any]) -> None:
    meta: dict[str, Any] = {}
    assert fields.apply(meta, name, raw) == []
    assert meta == expected


def test_apply_keeps_the_first_scalar_and_the_other_as_an_alternative() -> None:
    meta: dict[str, Any] = {}
    fields.apply(meta, "venue", "Arxiv")
    fields.apply(meta, "tags", "a, b")
    found = fields.apply(meta, "venue", "NeurIPS")
    fields.apply(meta, "tags", "b, c")
    assert meta == {
        "venue": "Arxiv",
        "tags": ["a", "b", "c"],
        "alternatives": ["venue: NeurIPS"],
    }
    assert found == ["venue: kept 'Arxiv', also listed as 'NeurIPS'"]


@pytest.mark.parametrize(
    ("url", "text", "title", "field"),
    [
        ("https://arxiv.org/pdf/2206.07697.pdf", "pdf", False, "arxiv"),
        ("https://doi.org/10.1063/5.0155600", "Journal (2023)", False, "doi"),
        ("https://github.com/ACEsuit/mace", "code", False, "code"),
        ("https://github.com/ACEsuit/mace", "MACE", True, "code"),
        ("https://gitlab.com/group/project", "", False, "code"),
        ("https://github.com/ACEsuit/mace/stargazers", "", False, None),
        ("https://github.com/ACEsuit", "", False, None),
        ("https://github.com/x/y", "project page", False, None),
        ("https://img.shields.io/github/stars/x/y", "stars", False, None),
        ("https://zenodo.org/badge/DOI/10.5281/zenodo.1.svg", "DOI", False, None),
        ("https://badgen.net/github/stars/x/y", "", False, None),
        ("https://github.com/x/y/actions/workflows/ci.yml/badge.svg", "", False, None),
        ("https://example.org/fig.png", "", True, None),
        ("https://openreview.net/forum?id=x", "paper", False, "url"),
        ("https://proceedings.neurips.cc/x.html", "NeurIPS (2022)", False, "url"),
        ("https://example.org/x", "project page", False, None),
        ("https://example.org/x", "", True, "url"),
        ("#section", "Section", True, None),
        ("docs/intro.md", "docs", False, None),
    ],
)
def test_link_field_is_the_one_link_policy(
    url: str, text: str, title: bool, field: str | None
) -> None:
    assert fields.link_field(url, text, title=title) == field


@pytest.mark.parametrize(
    ("target", "fixed"),
    [
        ("www.example.org/x", "https://www.example.org/x"),
        ("nature.com/articles/s1", "https://nature.com/articles/s1"),
        ("README.md", None),
        ("docs/intro.md", None),
        ("paper.pdf", None),
        ("./x", None),
    ],
)
def test_with_scheme(target: str, fixed: str | None) -> None:
    assert fields.with_scheme(target) == fixed


@pytest.mark.parametrize(
    ("text", "split"),
    [
        ("NeurIPS (2022)", ("NeurIPS", 2022)),
        ("Nature Communications, 2023", ("Nature Communications", 2023)),
        ("arXiv 2024", ("arXiv", 2024)),
        ("arXiv:2407.14794 (2024)", ("arXiv", 2024)),
        ("arXiv:hep-th/9901001 (1999)", ("arXiv", 1999)),
        ("paper", None),
        ("PDF 2020", None),
        ("2020", None),
    ],
)
def test_venue_year(text: str, split: tuple[str, int] | None) -> None:
    assert fields.venue_year(text) == split


def test_an_address_without_its_scheme_is_kept_with_https_and_noted() -> None:
    meta: dict[str, Any] = {}
    found = fields.apply(meta, "url", "www.nature.com/articles/s41586-023-06735-9 (Nature)")
    assert meta == {
        "url": "https://www.nature.com/articles/s41586-023-06735-9",
        "doi": "10.1038/s41586-023-06735-9",
        "url_note": "(Nature)",
    }
    assert found == [
        "url: link 'www.nature.com/articles/s41586-023-06735-9' has no scheme;"
        " kept as 'https://www.nature.com/articles/s41586-023-06735-9'"
    ]


def test_a_badge_is_never_the_address() -> None:
    meta: dict[str, Any] = {}
    value = (
        "[![stars](https://img.shields.io/github/stars/a/b)](https://github.com/a/b/stargazers)"
        " [a/b](https://github.com/a/b)"
    )
    fields.apply(meta, "code", value)
    assert meta["code"] == "https://github.com/a/b"
    assert fields.address("![fig](https://example.org/fig.png)") == (
        "",
        "![fig](https://example.org/fig.png)",
    )
