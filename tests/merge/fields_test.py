from __future__ import annotations

from typing import Any

import pytest

from papervault.merge.fields import MISSING
from papervault.merge.fields import UNKNOWN
from papervault.merge.fields import Conflict
from papervault.merge.fields import key_order
from papervault.merge.fields import merge_fields
from papervault.merge.fields import merge_sequence
from papervault.merge.fields import merge_value


@pytest.mark.parametrize(
    ("base", "ours", "theirs", "merged"),
    [
        ("T", "T", "U", "U"),
        ("T", "U", "T", "U"),
        ("T", "U", "U", "U"),
        (MISSING, "U", "U", "U"),
        ("T", MISSING, "T", MISSING),  # deleted on one side, untouched on the other
        (2017, 2017, "2018", "2018"),
    ],
)
def test_a_field_changed_on_one_side_takes_that_side(
    base: Any, ours: Any, theirs: Any, merged: Any
) -> None:
    assert merge_value("title", base, ours, theirs) == merged


@pytest.mark.parametrize(
    ("base", "ours", "theirs"),
    [
        ("T", "U", "V"),
        ("T", MISSING, "V"),  # deleted on one side, changed on the other: never dropped
        (MISSING, "U", "V"),  # added differently on both sides
        (2017, 2018, "2018"),  # an int and a string are different values
        (UNKNOWN, "U", "V"),
    ],
)
def test_a_scalar_changed_differently_is_a_conflict(base: Any, ours: Any, theirs: Any) -> None:
    with pytest.raises(Conflict):
        merge_value("title", base, ours, theirs)


def test_tags_are_united_with_deletions_honoured() -> None:
    merged = merge_value("tags", ["a", "b", "c"], ["a", "c", "o"], ["b", "c", "t"])
    assert merged == ["c", "o", "t"]


def test_tags_added_on_both_sides_to_a_missing_field() -> None:
    assert merge_value("tags", MISSING, ["x", "o"], ["x", "t"]) == ["x", "o", "t"]


def test_a_tag_list_emptied_by_removals_goes_when_a_side_dropped_the_field() -> None:
    assert merge_value("also_in", ["a", "b"], MISSING, ["a"]) is MISSING


def test_also_in_as_a_single_string_is_a_set_too() -> None:
    assert merge_value("also_in", "a/b", ["a/b", "c"], "d") == ["c", "d"]


def test_authors_merge_in_order() -> None:
    base = ["A", "B", "C"]
    assert merge_value("authors", base, ["Z", "A", "B", "C"], ["A", "B", "C", "D"]) == [
        "Z",
        "A",
        "B",
        "C",
        "D",
    ]
    assert merge_value("authors", base, ["A", "C"], ["A", "B", "C", "D"]) == ["A", "C", "D"]


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        (["A", "B", "C", "O"], ["A", "B", "C", "T"]),  # both appended: the order is unknown
        (["A", "X", "C"], ["A", "Y", "C"]),
        (["A", "C"], ["A", "B2", "C"]),
    ],
)
def test_authors_edited_at_the_same_place_conflict(ours: list[str], theirs: list[str]) -> None:
    with pytest.raises(Conflict):
        merge_value("authors", ["A", "B", "C"], ours, theirs)


def test_the_same_list_edit_on_both_sides_is_taken_once() -> None:
    assert merge_sequence(["A", "B"], ["A", "X", "B", "E"], ["A", "X", "B"]) == [
        "A",
        "X",
        "B",
        "E",
    ]


def test_maps_merge_key_by_key() -> None:
    base = [{"name": "A", "affiliation": "X"}]
    merged = merge_value(
        "code",
        {"url": "u", "stars": 1},
        {"url": "u2", "stars": 1},
        {"url": "u", "stars": 2},
    )
    assert merged == {"url": "u2", "stars": 2}
    lead = merge_value(
        "people",  # an unknown key's list of maps (lead_authors are texts now)
        base,
        [{"name": "A", "affiliation": "X"}, {"name": "B", "affiliation": "Y"}],
        [{"name": "C", "affiliation": "Z"}, {"name": "A", "affiliation": "X"}],
    )
    assert lead == [
        {"name": "C", "affiliation": "Z"},
        {"name": "A", "affiliation": "X"},
        {"name": "B", "affiliation": "Y"},
    ]


def test_lead_authors_as_text_merge_as_a_list() -> None:
    lead = merge_value("lead_authors", ["A (X)"], ["A (X)", "B (Y)"], ["C (Z)", "A (X)"])
    assert lead == ["C (Z)", "A (X)", "B (Y)"]


def test_a_migrated_side_merges_with_a_side_that_added_in_the_old_form() -> None:
    old = [{"name": "A", "affiliation": "X"}]
    migrated = ["A (X)"]
    added = [{"name": "A", "affiliation": "X"}, {"name": "B", "affiliation": "Y (Z)"}]
    assert merge_value("lead_authors", old, migrated, added) == ["A (X)", "B (Y (Z))"]
    assert merge_value("lead_authors", old, added, migrated) == ["A (X)", "B (Y (Z))"]
    assert merge_value("lead_authors", old, old, old) == old  # untouched stays as it is
    tags = merge_value("tags", ["Point defects"], ["Point-defects"], ["Point defects", "MD"])
    assert tags == ["Point-defects", "MD"]


def test_merge_fields_names_conflicts_and_keeps_the_rest() -> None:
    result = merge_fields(
        {"title": "T", "year": 2017, "tags": ["a"]},
        {"title": "T1", "year": 2018, "tags": ["a", "o"]},
        {"title": "T2", "year": 2017, "tags": ["a", "t"], "doi": "10.1/x"},
    )
    assert result.conflicts == ["title"]
    assert result.meta == {"year": 2018, "tags": ["a", "o", "t"], "doi": "10.1/x"}


def test_an_unknown_base_makes_every_difference_a_conflict() -> None:
    result = merge_fields(UNKNOWN, {"title": "T", "year": 1}, {"title": "T", "year": 2})
    assert result.conflicts == ["year"]
    assert result.meta == {"title": "T"}


def test_keys_only_theirs_has_go_after_their_neighbour() -> None:
    assert key_order({"title": 1, "tags": 2}, {"title": 1, "year": 3, "tags": 2, "z": 4}) == [
        "title",
        "year",
        "tags",
        "z",
    ]
    assert key_order({"title": 1}, {"a": 0, "title": 1}) == ["a", "title"]
