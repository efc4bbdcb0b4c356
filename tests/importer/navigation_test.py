from __future__ import annotations

import pytest

from papervault.importer import navigation


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ('<a name="models"></a>', navigation.ANCHOR),
        ("<a id='top'/>", navigation.ANCHOR),
        ("**[⬆ back to top](#contents)**", navigation.BACK_TO_TOP),
        ('<div align="right"><a href="#top">↑ Top</a></div>', navigation.BACK_TO_TOP),
        ("[🔝](#awesome-list)", navigation.BACK_TO_TOP),
        ("- [Datasets](#datasets)", navigation.CONTENTS_LINK),
        ("[A](#a) | [B](#b) • [C](#c)", navigation.CONTENTS_LINK),
        ("| [Datasets](#datasets) | [Models](#models) |", navigation.CONTENTS_LINK),
        ("- [MACE](https://github.com/ACEsuit/mace) - potentials", None),
        ("See [the models](#models) below for more.", None),
        ("## Models", None),
        ("Plain text.", None),
    ],
)
def test_line_kind(line: str, kind: str | None) -> None:
    assert navigation.line_kind(line) == kind


def test_find_menu_tables_contents_blocks_and_navigation_only_sections() -> None:
    lines = [
        "# Title",  # 1
        "| [A](#a) | [B](#b) |",  # 2
        "|:---:|:---:|",  # 3
        "",  # 4
        "| Name | Year |",  # 5: a data table, kept
        "## Table of Contents",  # 6
        "- [A](#a)",  # 7
        "Some words about the list.",  # 8
        "## Overview",  # 9: only contents links below: navigation too
        "- [A](#a)",  # 10
        "<a name='a'></a>",  # 11
        "## A",  # 12
        "- [Paper](https://arxiv.org/abs/2101.00001)",  # 13
    ]
    heads = {1: "Title", 6: "Table of Contents", 9: "Overview", 12: "A"}
    found = navigation.find(lines, heads)
    assert found == {
        2: navigation.MENU_TABLE,
        3: navigation.MENU_TABLE,
        6: navigation.CONTENTS_BLOCK,
        7: navigation.CONTENTS_BLOCK,
        8: navigation.CONTENTS_BLOCK,
        9: navigation.CONTENTS_BLOCK,
        10: navigation.CONTENTS_BLOCK,
        11: navigation.ANCHOR,
    }
    assert navigation.summary(found) == [
        "contents block lines 5 (lines 6, 7, 8, 9, 10)",
        "menu table lines 2 (lines 2, 3)",
        "anchor lines 1 (line 11)",
    ]


def test_a_menu_row_without_its_pipes_over_a_separator_row() -> None:
    lines = ["# T", "", "[A](#a) | [B](#b) |", "| :- | :- |", "", "| Name | Year |", "|---|---|"]
    found = navigation.find(lines, {1: "T"})
    assert found == {3: navigation.MENU_TABLE, 4: navigation.MENU_TABLE}


def test_a_menu_table_with_a_header_row_and_empty_rows() -> None:
    lines = [
        "# T",
        "| Menu | Menu |",
        "| ------ | :---------- |",
        "| [Reviews](#reviews) | [Datasets](#datasets) |",
        "| [LLM](#llm) |  |",
        "|  |  |",
    ]
    found = navigation.find(lines, {1: "T"})
    assert found == dict.fromkeys(range(2, 7), navigation.MENU_TABLE)
