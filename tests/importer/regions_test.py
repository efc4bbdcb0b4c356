from __future__ import annotations

import pytest

from papervault.importer import regions
from papervault.importer.model import split_lines

CONTENTS = """\
# Contents
1.1 A
»»»»< HEAD
1.2 B
=====
1.2 C
1.3 D
»»»»> 35ed8ce
2.1 E
"""


def test_sides_are_the_outside_lines_plus_one_side_each() -> None:
    lines = split_lines(CONTENTS)
    found = regions.find(CONTENTS)
    inside = regions.sort_out(found, lines, (1, len(lines)), "c.md")
    assert [c.line for c in inside] == [3]
    assert found.marker_lines == {3, 5, 8}
    versions = regions.sides(lines, 2, len(lines), inside)
    assert [[lines[n - 1] for n in v] for v in versions] == [
        ["1.1 A", "1.2 B", "2.1 E"],
        ["1.1 A", "1.2 C", "1.3 D", "2.1 E"],
    ]


def test_diff3_base_side_is_a_version_too() -> None:
    text = "# Contents\n<<<<<<< ours\nA\n||||||| base\nB\n=======\nC\n>>>>>>> theirs\n"
    lines = split_lines(text)
    found = regions.find(text)
    inside = regions.sort_out(found, lines, (1, len(lines)), "c.md")
    versions = regions.sides(lines, 2, len(lines), inside)
    assert [[lines[n - 1] for n in v] for v in versions] == [["A"], ["B"], ["C"]]


def test_a_region_reaching_past_the_contents_is_refused() -> None:
    text = "# Contents\n<<<<<<< ours\nA\n=======\n# Chapter 1 X\n>>>>>>> theirs\n"
    lines = split_lines(text)
    with pytest.raises(regions.Refused, match=r"c\.md:2:1: import-conflict conflict \(lines 2-6\)"):
        regions.sort_out(regions.find(text), lines, (1, 4), "c.md")


def test_warnings_such_as_setext_underlines_are_not_conflicts() -> None:
    text = "Title\n=======\n\nText\n"
    assert regions.find(text).conflicts == []


def test_residue() -> None:
    assert regions.residue("«««< HEAD \u00a0 ===== \u00a0 »»»> 35ed8ce \u00a0 «««< HEAD  ") == ""
    assert regions.residue("text>>>>>>> feature") == "text"
