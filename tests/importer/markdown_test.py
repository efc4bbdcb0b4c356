from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from papervault.importer import markdown
from papervault.importer.model import ListSection
from papervault.importer.model import Parsed
from papervault.importer.model import split_lines
from papervault.importer.regions import Refused

DATA = Path(__file__).parents[1] / "data" / "import"
SMALL = DATA / "small-list.md"


def read(text: str) -> Parsed:
    return markdown.read(text, "list.md")


def tree(section: ListSection) -> list[object]:
    return [
        [child.title, *tree(child)] if child.children else child.title for child in section.children
    ]


def kinds(parsed: Parsed, text: str) -> list[tuple[str, str]]:
    return list(zip(parsed.kinds, split_lines(text), strict=True))


def test_every_line_is_accounted_for() -> None:
    text = SMALL.read_text(encoding="utf-8")
    parsed = read(text)
    assert len(parsed.kinds) == len(text.splitlines()) == 94
    assert Counter(parsed.kinds) == {
        "header": 3,
        "contents": 7,
        "chapter": 2,
        "section": 2,
        "paper": 7,
        "metadata": 23,
        "body": 12,
        "blank": 34,
        "marker": 4,
    }


def test_sections_from_body_and_both_sides_of_the_contents() -> None:
    parsed = read(SMALL.read_text(encoding="utf-8"))
    assert tree(parsed.root) == [
        ["Graphs", "Equivariance", "Message passing", "Attention"],
        ["Materials", "Defects"],
    ]
    assert parsed.root.children[0].body == ["Papers on graph networks."]
    assert [s.line for s in parsed.root.children[0].children] == [25, 0, 0]


def test_papers_fields_and_verbatim_body() -> None:
    parsed = read(SMALL.read_text(encoding="utf-8"))
    first = parsed.papers[0]
    assert first.title == "Tensor field networks: rotation-equivariant networks"
    assert first.section == ("graphs", "equivariance")
    assert first.meta == {
        "venue": "Arxiv",
        "lead_authors": [
            "Nathaniel Thomas (Stanford University)",
            "Tess Smidt (University of California (Berkeley), USA)",
        ],
        "arxiv": "1802.08219v3",
        "url": "https://arxiv.org/abs/1802.08219v3",
        "code": "https://github.com/tensorfieldnetworks/tensorfieldnetworks",
        "code_note": "the authors' code",
        "tags": ["equivariance", "point-clouds"],
    }
    assert first.body == [
        "- Dataset: QM9",  # an unknown metadata bullet stays, verbatim
        "",
        "Points in 3D — rotations and translations.",
        "",
        "> A quoted remark, kept as it is.",
    ]
    titles = [p.title for p in parsed.papers]
    assert titles[-2:] == ["Näive Bayes für Materialien", "A bare title"]
    assert parsed.papers[-1].meta == {}
    assert parsed.papers[-1].body == []
    assert parsed.papers[-2].meta["lead_authors"] == ["李雷 (清华大学)"]


def test_unindented_fields_after_a_brief_heading_and_blank_lines() -> None:
    parsed = read(SMALL.read_text(encoding="utf-8"))
    shared = parsed.papers[3]
    assert shared.title == "Shared paper: same summary twice."
    assert shared.meta == {
        "venue": "Computer Physics Communications",
        "lead_authors": ["Han Wang (IAPCM, Beijing)"],
        "tags": ["Molecular-dynamics", "Deep-neural-networks"],
    }  # the empty "Artical address:" and "Code address:" give no field


def test_home_page_is_the_header_without_markers() -> None:
    parsed = read(SMALL.read_text(encoding="utf-8"))
    assert parsed.home_title == "Reading list"
    assert parsed.home == [
        "# Reading list",
        "",
        "**Author:** Zoë Müller",
        "",
        "*Focus: what is studied, what is new.*",
    ]


def test_crlf_and_lf_read_the_same() -> None:
    text = SMALL.read_text(encoding="utf-8")
    lf = read(text)
    crlf = read(text.replace("\n", "\r\n"))
    assert crlf.kinds == lf.kinds
    assert crlf.papers == lf.papers
    assert crlf.home == lf.home
    assert tree(crlf.root) == tree(lf.root)


def test_heading_levels_do_not_decide_numbered_headings() -> None:
    text = (
        "## Chapter 1 One\n"
        "#### 1.1 Section at level four\n"
        "## 1.1.1 Paper at level two\n"
        "# 1.2 Another section\n"
        "### 1.2.1 Paper\n"
    )
    parsed = read(text)
    assert parsed.kinds == ["chapter", "section", "paper", "section", "paper"]
    assert [(p.title, p.section) for p in parsed.papers] == [
        ("Paper at level two", ("one", "section at level four")),
        ("Paper", ("one", "another section")),
    ]


def test_a_numbered_heading_with_headings_below_it_is_a_section() -> None:
    text = "# Chapter 1 One\n## 1.1 A\n### 1.1.1 Sub\n#### 1.1.1.1 Paper\n### 1.1.2 Paper two\n"
    parsed = read(text)
    assert tree(parsed.root) == [["One", ["A", "Sub"]]]
    assert [(p.title, p.section) for p in parsed.papers] == [
        ("Paper", ("one", "a", "sub")),
        ("Paper two", ("one", "a")),
    ]


def test_unnumbered_headings_by_level() -> None:
    text = (
        "# Chapter 1 One\n"
        "## Methods\n"
        "### A paper without a number\n"
        "##### Results\n"  # a heading inside the paper's summary
        "It works.\n"
        "## Data\n"
        "#### 3 ways to count\n"  # a title starting with a number is not a chapter
    )
    parsed = read(text)
    assert tree(parsed.root) == [["One", "Methods", "Data"]]
    assert [p.title for p in parsed.papers] == ["A paper without a number", "3 ways to count"]
    assert parsed.papers[0].body == ["##### Results", "It works."]


def test_heading_markup_and_numbers_are_stripped() -> None:
    text = "# Chapter 2 Deep MD\n## 2.1 <b>Potentials</b>\n### **2.1.1 A *bold* title.**\n"
    parsed = read(text)
    assert tree(parsed.root) == [["Deep MD", "Potentials"]]
    assert parsed.papers[0].title == "A bold title."


def test_metadata_labels_inside_a_summary_stay_in_the_summary() -> None:
    text = (
        "# Chapter 1 One\n## 1.1 A\n### 1.1.1 Paper\n- Journal: X\n\nSummary.\n"
        "- Year: the year we met\n- Brief introduction:\n"
    )
    parsed = read(text)
    assert parsed.papers[0].meta == {"venue": "X"}
    assert parsed.papers[0].body == ["Summary.", "- Year: the year we met", "- Brief introduction:"]


def test_fenced_code_in_a_summary_is_not_a_heading() -> None:
    text = "# Chapter 1 One\n## 1.1 A\n### 1.1.1 Paper\n\n```\n# not a heading\n```\n"
    parsed = read(text)
    assert parsed.papers[0].body == ["```", "# not a heading", "```"]
    assert parsed.kinds.count("paper") == 1


def test_contents_as_a_linked_list() -> None:
    text = (
        "# My list\n\n## Contents\n\n- [Chapter 1 One](#chapter-1-one)\n"
        "  - [1.1 First](#11-first)\n  - [1.2 Second](#12-second)\n\n"
        "# Chapter 1 One\n## 1.2 Second\n### 1.2.1 Paper\n"
    )
    parsed = read(text)
    assert tree(parsed.root) == [["One", "First", "Second"]]
    assert parsed.home == ["# My list"]


def test_conflict_in_a_summary_is_refused_with_its_lines() -> None:
    text = (DATA / "conflict-in-summary.md").read_text(encoding="utf-8")
    with pytest.raises(Refused) as caught:
        read(text)
    assert caught.value.messages == [
        "list.md:10:1: import-conflict conflict (lines 10-14) outside the contents, under"
        " '1.1.1 A paper' (line 5): resolve it in the list first; nothing was written"
    ]


def test_mangled_conflict_in_the_header_with_content_is_refused() -> None:
    text = "# List\n«««< HEAD\nmine\n=====\ntheirs\n»»»> abc123\n# Chapter 1 One\n"
    with pytest.raises(
        Refused, match=r"list\.md:2:1: import-conflict mangled-conflict \(lines 2-6\)"
    ):
        read(text)


def test_unterminated_conflict_is_refused() -> None:
    text = "# Chapter 1 One\n## 1.1 A\n### 1.1.1 P\n<<<<<<< HEAD\nText.\n"
    with pytest.raises(Refused, match="unterminated-conflict"):
        read(text)


def test_marker_only_lines_carry_no_data() -> None:
    text = "«««< HEAD   =====   »»»> abc «««< HEAD\n===== »»»> abc\n# Chapter 1 One\n"
    parsed = read(text)
    assert parsed.kinds == ["marker", "marker", "chapter"]


def test_detect() -> None:
    assert markdown.detect(SMALL.read_text(encoding="utf-8"))
    assert not markdown.detect("# Awesome\n\n## Tools\n\n- [A](https://a.org)\n")
    assert not markdown.detect("just text\n")
    sections_only = (
        "# L\n\n## 1.1 Graphs\n\n- [A](https://arxiv.org/abs/2101.00001)\n\n## 1.2 Sets\n"
    )
    assert not markdown.detect(sections_only)  # an awesome list with numbered sections


def test_prose_among_the_contents_and_before_the_first_chapter_is_kept() -> None:
    text = (
        "# My list\n\nIntro.\n\n# Contents\n\n1.1 First . . . 1\n\n"
        "These notes are unfinished.\n\n- [1.2 Second](#second)\n[TOC]\n\n"
        "# Chapter 1 One\n## 1.2 Second\n"
    )
    parsed = read(text)
    assert parsed.home == ["# My list", "", "Intro.", "", "These notes are unfinished."]
    assert parsed.kinds[4:13] == [
        "contents",
        "blank",
        "contents",
        "blank",
        "header",
        "blank",
        "contents",
        "contents",
        "blank",
    ]
    # "1.1 First" is placed in chapter 1 by its number, before "1.2 Second"
    assert tree(parsed.root) == [["One", "First", "Second"]]


def test_a_linked_paper_heading_gives_the_address() -> None:
    text = "# Chapter 1 One\n## 1.1 A\n### 1.1.1 [Equiformer](https://arxiv.org/pdf/2206.11990)\n"
    paper = read(text).papers[0]
    assert paper.title == "Equiformer"
    assert paper.meta == {"arxiv": "2206.11990", "url": "https://arxiv.org/abs/2206.11990"}


_LINE_SHAPES = st.sampled_from(
    [
        "",
        "# Chapter 1 One",
        "## Chapter 2 Two",
        "## 1.1 Section",
        "### 2.5 Other section",
        "### 1.1.1 A paper",
        "#### 2.5.3 Another: paper",
        "### Unnumbered heading",
        "# Contents",
        "<b>Chapter 3 Three</b>\t<b>6</b>",
        "3.1 listed . . . . .\t6",
        "- **Brief introduction:**",
        "#### • Brief introduction:",
        "- Journal: Arxiv",
        "  - Lead Author: A(B, C), D(E)",
        "- Artical address: <https://arxiv.org/pdf/2006.10503>",
        "Code address:",
        "KeyWords: a, b,",
        "- Dataset: QM9",
        "Prose with ünïcode — and $math$.",
        "> a quote",
        "1. a numbered point",
        "```",
        "«««< HEAD",
        "=====",
        "»»»> 35ed8ce",
        "<<<<<<< HEAD",
        ">>>>>>> theirs",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_LINE_SHAPES, max_size=40), st.sampled_from(["\n", "\r\n"]), st.booleans())
def test_every_line_is_accounted_for_in_any_list(
    lines: list[str], newline: str, final: bool
) -> None:
    """Any list is read (or refused), with one kind per line, and reads the same in CRLF."""
    text = newline.join(lines) + (newline if final and lines else "")
    messages: list[str] = []
    try:
        parsed = read(text)
    except Refused as e:
        messages = e.messages
    if messages:
        assert all(m.startswith("list.md:") for m in messages)
        with pytest.raises(Refused):
            read(text.replace("\r\n", "\n"))
        return
    assert len(parsed.kinds) == len(lines) - (1 if lines and not final and lines[-1] == "" else 0)
    lf = read(text.replace("\r\n", "\n"))
    assert (lf.kinds, lf.papers, lf.home) == (parsed.kinds, parsed.papers, parsed.home)


def test_anchor_lines_and_back_to_top_links_are_navigation_not_text() -> None:
    text = (
        '# My list\n\n<a name="top"></a>\n\n# Chapter 1 Models\n\n<a name="equiformer"></a>\n'
        "## 1.1 Equiformer\n\n### 1.1.1 A paper\n\n- Journal: Nature\n\nA summary.\n\n"
        "[Back to top](#top)\n\n## 1.2 Other\n"
    )
    parsed = markdown.read(text, "l.md")
    assert parsed.navigation == {3: "anchor line", 7: "anchor line", 16: "back-to-top link"}
    assert [parsed.kinds[n - 1] for n in (3, 7, 16)] == ["navigation"] * 3
    assert parsed.home == ["# My list"]
    assert parsed.papers[0].body == ["A summary."]
    assert parsed.root.children[0].children[0].body == []
