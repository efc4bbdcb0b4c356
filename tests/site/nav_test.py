from __future__ import annotations

from papervault.site import nav
from papervault.toc import Entry

ENTRIES = [
    Entry("1", "Large Language Model", "llm/index.md", 1, "chapter"),
    Entry("1.1", "Equiformer", "llm/equiformer/index.md", 2, "section"),
    Entry("1.1.1", "SE(3)-Transformers", "llm/equiformer/se3.md", 3, "paper"),
    Entry("1.1.2", "Equiformer <v2>", "llm/equiformer/equiformer.md", 3, "paper"),
    Entry("2", "Deep MD", "md/index.md", 1, "chapter"),
    Entry("2.1", "Dynamics", "md/dynamics/index.md", 2, "section"),
    Entry("2.1.1", "MACE", "md/potentials/mace.md", 3, "paper"),
    Entry("2.2", "Potentials", "md/potentials/index.md", 2, "section"),
    Entry("2.2.1", "MACE", "md/potentials/mace.md", 3, "paper"),
]


def test_build_nests_sections_and_papers_with_numbers() -> None:
    assert nav.build(ENTRIES) == [
        {
            "1 Large Language Model": [
                "llm/index.md",
                {
                    "1.1 Equiformer": [
                        "llm/equiformer/index.md",
                        {"1.1.1 SE(3)-Transformers": "llm/equiformer/se3.md"},
                        {"1.1.2 Equiformer &lt;v2&gt;": "llm/equiformer/equiformer.md"},
                    ]
                },
            ]
        },
        {
            "2 Deep MD": [
                "md/index.md",
                {"2.1 Dynamics": ["md/dynamics/index.md", {"2.1.1 MACE": "md/potentials/mace.md"}]},
                {
                    "2.2 Potentials": [
                        "md/potentials/index.md",
                        {"2.2.1 MACE": "md/potentials/mace.md"},
                    ]
                },
            ]
        },
    ]


def test_build_leaves_out_unknown_files() -> None:
    known = {"md/index.md", "md/dynamics/index.md"}
    assert nav.build(ENTRIES, known) == [
        {"2 Deep MD": ["md/index.md", {"2.1 Dynamics": ["md/dynamics/index.md"]}]}
    ]


def test_with_pages() -> None:
    assert nav.with_pages(
        [{"1 A": ["a/index.md"]}], [("Home", "index.md")], [{"B & C": "b.md"}]
    ) == [
        {"Home": "index.md"},
        {"1 A": ["a/index.md"]},
        {"B & C": "b.md"},
    ]


def test_a_crowded_section_lists_its_papers_on_its_page_not_in_the_nav() -> None:
    built = nav.build(ENTRIES, max_papers=1)
    equiformer = {"1.1 Equiformer": ["llm/equiformer/index.md"]}
    assert built[0] == {"1 Large Language Model": ["llm/index.md", equiformer]}
    assert built[1]["2 Deep MD"][1] == {
        "2.1 Dynamics": ["md/dynamics/index.md", {"2.1.1 MACE": "md/potentials/mace.md"}]
    }
