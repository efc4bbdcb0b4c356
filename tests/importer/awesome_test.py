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


@pytest.mark.parametrize(
    ("entry", "title", "meta"),
    [
        (
            "1. **Graph Neural Networks: A Review of Methods and Applications.** arxiv 2018."
            " [paper](https://arxiv.org/pdf/1812.08434.pdf)\n\n"
            "    *Jie Zhou, Ganqu Cui, Maosong Sun.*\n",
            "Graph Neural Networks: A Review of Methods and Applications",
            {
                "arxiv": "1812.08434",
                "url": "https://arxiv.org/abs/1812.08434",
                "venue": "arxiv",
                "year": 2018,
                "authors": ["Jie Zhou", "Ganqu Cui", "Maosong Sun"],
            },
        ),
        (
            "1. **Relational inductive biases.** NeurIPS 2018."
            " [paper](https://arxiv.org/pdf/1806.01261.pdf)\n\n"
            "    *Battaglia, Peter W and Hamrick, Jessica B.*\n",
            "Relational inductive biases",
            {
                "arxiv": "1806.01261",
                "url": "https://arxiv.org/abs/1806.01261",
                "venue": "NeurIPS",
                "year": 2018,
                "authors": ["Battaglia, Peter W", "Hamrick, Jessica B"],
            },
        ),
        (
            "- [Semi-Supervised Classification with Graph Convolutional Networks]"
            "(https://openreview.net/forum?id=SJU4ayYgl), Thomas N. Kipf, Max Welling, ICLR 2017\n",
            "Semi-Supervised Classification with Graph Convolutional Networks",
            {"url": "https://openreview.net/forum?id=SJU4ayYgl", "venue": "ICLR", "year": 2017},
        ),
        (
            "- **Attention Is All You Need**, Ashish Vaswani et al., NeurIPS 2017"
            " [[PDF]](https://papers.nips.cc/paper/7181-attention-is-all-you-need.pdf)"
            " [[Code]](https://github.com/tensorflow/tensor2tensor)\n",
            "Attention Is All You Need",
            {
                "url": "https://papers.nips.cc/paper/7181-attention-is-all-you-need.pdf",
                "code": "https://github.com/tensorflow/tensor2tensor",
                "venue": "NeurIPS",
                "year": 2017,
            },
        ),
        (
            "* **Bold title, links on the next lines**\n"
            "  <https://example.org/papers/bold-title>  \n"
            "  [GitHub](https://gitlab.com/group/project) ![img](https://example.org/fig.png)\n",
            "Bold title, links on the next lines",
            {
                "url": "https://example.org/papers/bold-title",
                "code": "https://gitlab.com/group/project",
            },
        ),
        (
            "- [Deep Sets](HTTPS://Papers.NIPS.cc/paper/6931-deep-sets.pdf), Zaheer et al.,"
            " NeurIPS 2017\n",
            "Deep Sets",
            {
                "url": "HTTPS://Papers.NIPS.cc/paper/6931-deep-sets.pdf",
                "venue": "NeurIPS",
                "year": 2017,
            },
        ),
    ],
)
def test_entry_shapes_of_real_lists(entry: str, title: str, meta: dict[str, object]) -> None:
    parsed = awesome.read(f"# L\n\n## S\n\n{entry}", "l.md")
    assert [(p.title, p.meta) for p in parsed.papers] == [(title, meta)]


def test_a_heading_over_nested_papers_is_a_category_not_a_paper() -> None:
    text = (
        "# L\n\n## S\n\n- **Graph networks**\n"
        "  - [Paper A](https://arxiv.org/abs/2101.00001) - first\n"
        "  - [Paper B](https://arxiv.org/abs/2101.00002) - second\n"
    )
    parsed = awesome.read(text, "l.md")
    assert [p.title for p in parsed.papers] == ["Paper A", "Paper B"]
    assert parsed.root.children[0].body == ["- **Graph networks**"]


def test_detect_bold_and_numbered_entries_with_a_link_or_a_year_in_their_item() -> None:
    assert awesome.detect("1. **A title**\n   [paper](https://example.org/a)\n")
    assert awesome.detect("* **A title** [2025]\n  Some Author\n")
    assert not awesome.detect("- **Note**: nothing here\n")


def test_an_address_no_card_can_show_stays_in_the_body_with_a_note() -> None:
    parsed = awesome.read(
        "# L\n\n## S\n\n- [A paper](https://example.org/{id}) (ICML 2020)\n", "l.md"
    )
    (paper,) = parsed.papers
    assert paper.meta == {"venue": "ICML", "year": 2020}
    assert paper.findings == [
        "link 'https://example.org/{id}' contains { } \\ or \" (write them %-encoded:"
        " %7B %7D %5C %22): kept in the body only"
    ]


def test_authors_separated_by_middle_dots() -> None:
    assert awesome.authors_of("Thomas Steinke · Milad Nasr · Matthew Jagielski") == [
        "Thomas Steinke",
        "Milad Nasr",
        "Matthew Jagielski",
    ]


def test_surname_first_authors_volumes_and_an_arxiv_venue() -> None:
    text = (
        "# L\n\n## Reviews\n\n"
        "* **A review of learned force fields** [2024]   \n"
        " Garcia\u2010Lopez, Ana, Bo Chen, and Carla Dias.   \n"
        "  [Journal of Chemical Physics 160.4 (2024)](https://doi.org/10.1063/5.0000001)  \n\n"
        "* **Initials after surnames** [2023]  \n"
        "Frank, J.T., Unke, O.T., M\u00fcller, KR. et al.   \n"
        "[Nat Commun 14, 1234 (2023)](https://doi.org/10.1038/s41467-023-00001-1) |"
        " [code](https://github.com/group/project)\n\n"
        "* **A dataset paper** [2024]  \n"
        "Ann Lee, Tom Ray.   \n"
        "[\tarXiv:2407.00001 (2024)](https://arxiv.org/abs/2407.00001)\n"
    )
    parsed = awesome.read(text, "l.md")
    assert [p.meta for p in parsed.papers] == [
        {
            "venue": "Journal of Chemical Physics",
            "year": 2024,
            "doi": "10.1063/5.0000001",
            "url": "https://doi.org/10.1063/5.0000001",
            "authors": ["Garcia\u2010Lopez, Ana", "Bo Chen", "Carla Dias"],
        },
        {
            "venue": "Nat Commun",
            "year": 2023,
            "doi": "10.1038/s41467-023-00001-1",
            "url": "https://doi.org/10.1038/s41467-023-00001-1",
            "code": "https://github.com/group/project",
            "authors": ["Frank, J.T.", "Unke, O.T.", "M\u00fcller, KR."],
        },
        {
            "venue": "arXiv",
            "year": 2024,
            "arxiv": "2407.00001",
            "url": "https://arxiv.org/abs/2407.00001",
            "authors": ["Ann Lee", "Tom Ray"],
        },
    ]


def test_authors_on_the_title_line_affiliation_marks_and_short_venues() -> None:
    text = (
        "# L\n\n## S\n\n"
        "* **Diffusion on graphs** [2023]   Lee, Ann, Bo Chen, and Carla Dias.    \n"
        "  [arXiv:2301.00001 (2023)](https://arxiv.org/abs/2301.00001) | [code](https://github.com/a/b)\n"
        "- **Torsions for conformers**      \n"
        "  Ann Lee<sup>1</sup>, Bo Chen<sup>1</sup>, Carla Dias*     \n"
        "  ICLR Workshop 2022. [[Paper](https://arxiv.org/abs/2206.00001)]  \n"
        "- **Feedback for molecules**    \n"
        "  [[Paper\\]](https://arxiv.org/abs/2301.00002) [[Code\\]](https://github.com/c/d)[ICLR24]\n"
    )
    parsed = awesome.read(text, "l.md")
    assert [(p.title, p.meta) for p in parsed.papers] == [
        (
            "Diffusion on graphs",
            {
                "venue": "arXiv",
                "year": 2023,
                "arxiv": "2301.00001",
                "url": "https://arxiv.org/abs/2301.00001",
                "code": "https://github.com/a/b",
                "authors": ["Lee, Ann", "Bo Chen", "Carla Dias"],
            },
        ),
        (
            "Torsions for conformers",
            {
                "arxiv": "2206.00001",
                "url": "https://arxiv.org/abs/2206.00001",
                "venue": "ICLR Workshop",
                "year": 2022,
                "authors": ["Ann Lee", "Bo Chen", "Carla Dias"],
            },
        ),
        (
            "Feedback for molecules",
            {
                "arxiv": "2301.00002",
                "url": "https://arxiv.org/abs/2301.00002",
                "code": "https://github.com/c/d",
                "venue": "ICLR",
                "year": 2024,
            },
        ),
    ]


def test_a_bold_label_is_no_title() -> None:
    text = (
        "# L\n\n## S\n\n<details>\n<summary>Fold</summary>\n\n"
        "- **Paper:** [Protein structure prediction](https://www.nature.com/articles/s41586-021-0001-2)"
        " (Nature, 2021)\n- **Code:** https://github.com/a/fold\n- **Approach:** DL\n</details>\n"
    )
    parsed = awesome.read(text, "l.md")
    assert [(p.title, p.meta) for p in parsed.papers] == [
        (
            "Protein structure prediction",
            {
                "doi": "10.1038/s41586-021-0001-2",
                "url": "https://www.nature.com/articles/s41586-021-0001-2",
                "venue": "Nature",
                "year": 2021,
            },
        )
    ]
    assert "- **Code:** https://github.com/a/fold" in parsed.root.children[0].body


def test_a_reading_checklist_with_authors_below() -> None:
    text = (
        "# L\n\n## Outstanding\n\n"
        "- [ ] Auditing privacy in one run\n    Ann Lee \u00b7 Bo Chen \u00b7 Carla Dias\n"
        "- [x] [Scaling laws for data](https://arxiv.org/abs/2305.00001)\n"
        "- [ ] buy milk\n"
    )
    parsed = awesome.read(text, "l.md")
    assert [(p.title, p.meta) for p in parsed.papers] == [
        ("Auditing privacy in one run", {"authors": ["Ann Lee", "Bo Chen", "Carla Dias"]}),
        (
            "Scaling laws for data",
            {"arxiv": "2305.00001", "url": "https://arxiv.org/abs/2305.00001"},
        ),
    ]
    assert parsed.root.children[0].body == ["- [ ] buy milk"]
