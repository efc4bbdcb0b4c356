from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from papervault.importer import awesome
from papervault.importer.model import ListSection
from papervault.importer.regions import Refused

DATA = Path(__file__).parents[1] / "data" / "import"
AWESOME = DATA / "awesome.md"


def tree(section: ListSection) -> list[object]:
    return [
        [child.title, *tree(child)] if child.children else child.title for child in section.children
    ]


def test_sections_papers_and_every_line() -> None:
    text = AWESOME.read_text(encoding="utf-8")
    parsed = awesome.read(text, "awesome.md")
    assert len(parsed.kinds) == len(text.splitlines())
    assert Counter(parsed.kinds) == {
        "header": 4,
        "contents": 3,
        "chapter": 2,
        "section": 1,
        "paper": 4,
        "body": 4,
        "blank": 12,
    }
    assert tree(parsed.root) == [["Architectures", "Transformers"], "Potentials"]
    assert parsed.root.children[0].body == ["Networks that respect symmetry."]
    assert parsed.root.children[1].body == ["See also the equivariance section above."]


def test_paper_bullets_give_fields_and_keep_their_text() -> None:
    parsed = awesome.read(AWESOME.read_text(encoding="utf-8"), "awesome.md")
    se3, equiformer, mace, deepmd = parsed.papers
    assert se3.title == "SE(3)-Transformers: 3D Roto-Translation Equivariant Attention Networks"
    assert se3.section == ("architectures", "transformers")
    assert se3.meta == {
        "arxiv": "2006.10503",
        "url": "https://arxiv.org/abs/2006.10503",
        "code": "https://github.com/FabianFuchsML/se3-transformer-public",
        "venue": "NeurIPS",
        "year": 2020,
    }
    assert se3.body == [
        "Fuchs et al. (NeurIPS 2020) [[code](https://github.com/FabianFuchsML/se3-transformer-public)]"
    ]
    assert equiformer.meta["url"] == "https://arxiv.org/abs/2206.11990"
    assert (equiformer.meta["venue"], equiformer.meta["year"]) == ("ICLR", 2023)
    assert equiformer.body == [
        "**ICLR 2023**",
        "Graph attention with irreps features.",
        "- [project page](https://example.org/equiformer)",
    ]
    assert mace.title == "MACE: Higher Order Equivariant Message Passing Neural Networks"
    assert mace.meta == {
        "arxiv": "2206.07697",
        "url": "https://arxiv.org/abs/2206.07697",
        "code": "https://github.com/ACEsuit/mace",
    }
    assert deepmd.meta == {"doi": "10.1063/5.0155600", "url": "https://doi.org/10.1063/5.0155600"}
    assert deepmd.body == []


def test_header_and_closing_matter_are_the_home_page() -> None:
    parsed = awesome.read(AWESOME.read_text(encoding="utf-8"), "awesome.md")
    assert parsed.home_title == "Awesome Equivariant Networks"
    assert parsed.home == [
        "# Awesome Equivariant Networks [![Awesome](https://awesome.re/badge.svg)](https://awesome.re)",
        "",
        "> A curated list of equivariant neural network papers.",
        "",
        "## Contributing",
        "",
        "Pull requests welcome.",
    ]


def test_star_bullets_nested_categories_and_crlf() -> None:
    text = "# List\r\n\r\n## Tools\r\n\r\n* Category\r\n  * [A tool](https://a.org) - fast\r\n"
    parsed = awesome.read(text, "l.md")
    assert [(p.title, p.body) for p in parsed.papers] == [("A tool", ["fast"])]
    assert parsed.root.children[0].body == ["* Category"]


def test_conflict_in_an_entry_is_refused() -> None:
    text = (
        "# L\n\n## S\n\n<<<<<<< HEAD\n- [A](https://a.org)\n=======\n"
        "- [B](https://b.org)\n>>>>>>> x\n"
    )
    with pytest.raises(Refused, match=r"l\.md:5:1: import-conflict conflict \(lines 5-9\)"):
        awesome.read(text, "l.md")


def test_detect() -> None:
    assert awesome.detect(AWESOME.read_text(encoding="utf-8"))
    assert not awesome.detect("# Title\n\n- [Section](#section)\n")


def test_numbered_items_with_plain_titles_and_paper_links() -> None:
    text = (
        "# Papers\n\n## Graphs\n\n"
        "1. Attention is all you need. Vaswani et al. NeurIPS 2017. [[pdf](https://arxiv.org/pdf/1706.03762)]\n"
        "2. Not a paper: a plain list item.\n"
        "3. Semi-supervised classification. Kipf. [[paper](https://openreview.net/forum?id=SJU4ayYgl)]"
        " [[code](https://github.com/tkipf/gcn)]\n"
    )
    parsed = awesome.read(text, "p.md")
    assert [(p.title, p.meta) for p in parsed.papers] == [
        (
            "Attention is all you need",
            {"arxiv": "1706.03762", "url": "https://arxiv.org/abs/1706.03762", "year": 2017},
        ),
        (
            "Semi-supervised classification",
            {
                "url": "https://openreview.net/forum?id=SJU4ayYgl",
                "code": "https://github.com/tkipf/gcn",
            },
        ),
    ]
    assert parsed.papers[0].body == [
        "Vaswani et al. NeurIPS 2017. [[pdf](https://arxiv.org/pdf/1706.03762)]"
    ]
    assert parsed.root.children[0].body == ["2. Not a paper: a plain list item."]
