from __future__ import annotations

from typing import Any

import pytest
from hypothesis import example
from hypothesis import given
from hypothesis import strategies as st

from papervault import schema
from papervault.importer import plan
from papervault.schema import DataFinding

GOOD: dict[str, Any] = {
    "title": "Equiformer: Equivariant Graph Attention Transformer",
    "order": 2,
    "also_in": ["md/potentials"],
    "lead_authors": ["Tess Smidt (MIT)"],
    "authors": ["Yi-Lun Liao", "Tess Smidt"],
    "venue": "ICLR",
    "year": 2023,
    "arxiv": "2206.11990",
    "doi": "10.48550/arXiv.2206.11990",
    "url": "https://arxiv.org/abs/2206.11990",
    "code": "https://github.com/atomicarchitects/equiformer",
    "tags": ["equivariance", "transformer"],
}


def rules(meta: dict[str, Any], **kw: Any) -> list[str]:
    return [i.rule for i in schema.check_paper(meta, this_year=2026, **kw)]


def test_fields_follow_the_data_model_in_canonical_order() -> None:
    assert schema.ORDER == (
        "title",
        "aliases",
        "order",
        "also_in",
        "lead_authors",
        "authors",
        "venue",
        "year",
        "arxiv",
        "doi",
        "url",
        "code",
        "tags",
        "citekey",
        "cssclasses",
    )
    assert schema.ORDER == plan.FIELD_ORDER  # what `papervault import` writes


def test_a_complete_note_has_no_issue() -> None:
    assert schema.check_paper(GOOD, this_year=2026) == []


def test_missing_and_empty_title() -> None:
    assert schema.check_paper({"year": 2020}, body="x", this_year=2026)[0] == DataFinding(
        "missing-title", (), "title is missing"
    )
    assert rules({"title": "  ", "venue": "v", "year": 2020, "url": "https://a.b"}) == [
        "missing-title"
    ]
    assert rules({"title": ["a"], "venue": "v", "year": 2020, "url": "https://a.b"}) == [
        "field-type"
    ]


@pytest.mark.parametrize(
    ("key", "value", "rule", "message"),
    [
        ("authors", "A, B", "field-type", "authors must be a list of names"),
        ("authors", ["A", 3], "field-type", "authors[1] must be a name, not the number 3"),
        ("venue", ["x"], "field-type", "venue must be text, not a list"),
        ("year", "2023", "bad-year", "year must be a year such as 2023, not text '2023'"),
        ("year", True, "bad-year", "not true (a yes/no value)"),
        ("year", 3023, "bad-year", "year 3023 is not a plausible year (1600 to 2027)"),
        ("arxiv", 2206, "field-type", "arxiv must be text such as '2206.11990' (quoted)"),
        ("arxiv", "2213.00001", "arxiv-id", "month 13 does not exist"),
        ("arxiv", "1412.12345", "arxiv-id", "5 digits after the dot from 2015"),
        ("arxiv", "0612.1234", "arxiv-id", "new-style ids start in April 2007"),
        ("arxiv", "2206-11990", "arxiv-id", "not an arXiv id"),
        ("arxiv", "arXiv:2206.11990", "arxiv-form", "arxiv must be the bare id '2206.11990'"),
        ("doi", "10.12/x", "doi", "is not a DOI"),
        ("doi", "https://doi.org/10.1063/5.0155600", "doi-form", "bare DOI '10.1063/5.0155600'"),
        ("url", "javascript:alert(1)", "url-scheme", "uses a javascript: address"),
        ("url", " JaVa&#115;cript:alert(1)", "url-scheme", "uses a javascript: address"),
        ("code", "data:text/html,<b>", "url-scheme", "uses a data: address"),
        ("code", "github.com/x/y", "url-scheme", "is not an http(s) address"),
        ("url", "https:///path", "url-syntax", "has no host"),
        ("url", "https://a.b/x y", "url-syntax", "contains spaces"),
        ("url", "https:example.com", "url-syntax", "needs //"),
        ("url", "http://arxiv.org/pdf/2206.11990.pdf", "arxiv-url", "'https://arxiv.org/abs/"),
        ("tags", "a, b,", "tags-string", "--fix makes it ['a', 'b']"),
        ("tags", [["a"]], "field-type", "tags[0] must be a name, not a list"),
        ("also_in", {"a": 1}, "field-type", "also_in must be a list of section folders"),
        ("order", "first", "field-type", "order must be a number, not text 'first'"),
        ("venue", " ICLR ", "whitespace", "venue has leading or trailing whitespace"),
        ("jornal", "x", "unknown-key", "unknown key 'jornal' (did you mean 'venue'?)"),
        ("Title", "x", "unknown-key", "(did you mean 'title'?)"),
        ("keywords", ["x"], "unknown-key", "(did you mean 'tags'?)"),
        ("zzz", 1, "unknown-key", "unknown key 'zzz'"),
    ],
)
def test_field_rules(key: str, value: Any, rule: str, message: str) -> None:
    meta = {k: v for k, v in GOOD.items() if k != key} | {key: value}
    if key in ("url", "arxiv", "doi"):
        meta = {k: v for k, v in meta.items() if k not in ("arxiv", "doi", "url")} | {key: value}
    issues = [i for i in schema.check_paper(meta, this_year=2026) if i.rule != "field-order"]
    assert [i.rule for i in issues] == [rule]
    assert message in issues[0].message
    assert issues[0].where[0] == key


def test_extra_keys_are_known() -> None:
    assert rules(GOOD | {"rating": 5}) == ["unknown-key"]
    assert rules(GOOD | {"rating": 5}, extra_keys=["rating"]) == []


def test_lead_authors() -> None:
    meta = GOOD | {"lead_authors": [{"affiliation": "MIT"}, "(Cambridge)", {"name": " "}, " "]}
    issues = list(schema.check_paper(meta, this_year=2026))
    assert [(i.rule, i.where) for i in issues] == [
        ("lead-author-name", ("lead_authors", 0)),
        ("lead-author-name", ("lead_authors", 2)),
        ("lead-author-name", ("lead_authors", 3)),
    ]
    assert issues[0].message == "lead_authors[0] has no name"
    typo = GOOD | {"lead_authors": [{"name": "A", "affilation": "MIT"}]}
    issue = schema.check_paper(typo, this_year=2026)[0]
    assert issue == DataFinding(
        "nested-value",
        ("lead_authors", 0),
        "lead_authors[0] is a mapping, which Obsidian cannot show; write it as one text"
        " 'Name (Affiliation)' (--fix cannot: it holds more than a name and an affiliation)",
    )
    assert rules(GOOD | {"lead_authors": {"name": "A"}}) == ["field-type"]
    assert rules(GOOD | {"lead_authors": [3]}) == ["field-type"]


def test_lead_authors_in_the_old_mapping_form_are_fixed_to_text() -> None:
    old = GOOD | {
        "lead_authors": [
            {"name": "Tess Smidt", "affiliation": "University of California (Berkeley)"},
            {"name": " Ada "},
            "Yi-Lun Liao (MIT)",
        ]
    }
    issues = schema.check_paper(old, this_year=2026)
    assert issues == [
        DataFinding(
            "lead-authors-form",
            ("lead_authors", 0),
            "lead_authors[0] is a mapping, which Obsidian cannot show: --fix writes"
            " 'Tess Smidt (University of California (Berkeley))'",
        ),
        DataFinding(
            "lead-authors-form",
            ("lead_authors", 1),
            "lead_authors[1] is a mapping, which Obsidian cannot show: --fix writes 'Ada'",
        ),
    ]
    new = schema.fixed(old)
    assert new["lead_authors"] == [
        "Tess Smidt (University of California (Berkeley))",
        "Ada",
        "Yi-Lun Liao (MIT)",
    ]
    assert schema.fixed(new) == new
    assert schema.check_paper(new, this_year=2026) == []


@pytest.mark.parametrize(
    ("item", "why"),
    [
        ({"name": "Ada (Lovelace)"}, "a name that would read back as name and affiliation"),
        ({"name": "Ada", "affiliation": "MIT) (CERN"}, "unbalanced: reads back otherwise"),
        ({"name": "Ada", "affiliation": 3}, "not text"),
        ({"name": "Ada", "email": "a@b.c"}, "a field the text form has no room for"),
    ],
)
def test_a_mapping_that_cannot_be_text_is_left_for_a_person(item: dict[str, Any], why: str) -> None:
    meta = GOOD | {"lead_authors": [item]}
    assert rules(meta) == ["nested-value"], why
    assert schema.fixed(meta) == meta


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("Tess Smidt (MIT)", ("Tess Smidt", "MIT")),
        ("Tess Smidt(MIT)", ("Tess Smidt", "MIT")),
        (
            "Tess Smidt (University of California (Berkeley))",
            ("Tess Smidt", "University of California (Berkeley)"),
        ),
        ("Han Wang (IAPCM, Beijing)", ("Han Wang", "IAPCM, Beijing")),
        ("Ada Lovelace", ("Ada Lovelace", "")),
        ("(MIT)", ("(MIT)", "")),
        ("Ada (MIT", ("Ada (MIT", "")),
        ("李雷 (清华大学)", ("李雷", "清华大学")),
    ],
)
def test_split_lead_author(text: str, parts: tuple[str, str]) -> None:
    assert schema.split_lead_author(text) == parts


@given(st.text(max_size=20), st.text(max_size=20))
def test_a_lead_author_mapping_is_fixed_only_when_the_text_reads_back(name: str, aff: str) -> None:
    text = schema.lead_author_text({"name": name, "affiliation": aff})
    if text is not None:
        assert schema.split_lead_author(text) == (name.strip(), aff.strip())


def test_nested_values_are_reported_in_any_key() -> None:
    assert schema.check_paper(GOOD | {"extra": {"a": 1}}, ["extra"], this_year=2026) == [
        DataFinding(
            "nested-value",
            ("extra",),
            "extra is a mapping: Obsidian properties are flat (text, number, list...)",
        )
    ]
    assert rules(GOOD | {"extra": [1, [2]]}, extra_keys=["extra"]) == ["nested-value"]
    assert schema.check_paper(GOOD | {"x": ["a", {"b": 1}]}, ["x"], this_year=2026)[0].where == (
        "x",
        1,
    )
    assert rules(GOOD | {"extra": ["a", 1, True, None]}, extra_keys=["extra"]) == []
    assert [i.rule for i in schema.check_section({"title": "S", "x": {"a": 1}}, ["x"])] == [
        "nested-value"
    ]
    assert [i.rule for i in schema.page_issues({"title": "S", "search": {"exclude": True}})] == [
        "nested-value"
    ]


@pytest.mark.parametrize(
    ("tag", "problem"),
    [
        (
            "Point defects",
            "holds spaces, which Obsidian tags cannot: --fix makes it 'Point-defects'",
        ),
        ("C++", "holds +: Obsidian tags hold letters, digits, _, - and / only"),
        ("1984", "is only digits: an Obsidian tag needs one other character (y1984, not 1984)"),
        ("y1984", None),
        ("NA-MD", None),
        ("physics/md", None),
        ("3d_printing", None),
        ("機械学習", None),
    ],
)
def test_tags_follow_obsidians_rule(tag: str, problem: str | None) -> None:
    assert schema.tag_problem(tag) == problem


def test_tags_with_spaces_are_fixed_with_hyphens() -> None:
    meta = GOOD | {"tags": ["Point defects", "Many-body  potential energy", "Point-defects", "MD"]}
    assert schema.check_paper(meta, this_year=2026)[0] == DataFinding(
        "tag-spaces",
        ("tags", 0),
        "tags[0] 'Point defects' holds spaces, which Obsidian tags cannot:"
        " --fix makes it 'Point-defects'",
    )
    assert rules(meta) == ["tag-spaces", "tag-spaces"]
    assert schema.fixed(meta)["tags"] == ["Point-defects", "Many-body-potential-energy", "MD"]
    assert schema.fixed(meta, {"tag-spaces"})["tags"] == schema.fixed(meta)["tags"]


def test_obsidians_own_keys_are_known() -> None:
    meta = GOOD | {"aliases": ["Equiformer"], "cssclasses": ["wide"]}
    assert rules(meta, skip={"field-order"}) == []
    assert schema.check_paper(
        GOOD | {"aliases": "Equiformer"}, this_year=2026, skip={"field-order"}
    ) == [
        DataFinding(
            "field-type", ("aliases",), "aliases must be a list (one '- Equiformer' line), not text"
        )
    ]
    assert rules(GOOD | {"tags": "a, b"}) == ["tags-string"]


def test_identifiers_agree() -> None:
    meta = GOOD | {"url": "https://arxiv.org/abs/2409.05556"}
    assert rules(meta) == ["arxiv-mismatch", "year-before-arxiv"]
    meta = GOOD | {"url": "https://doi.org/10.1000/other", "doi": "10.1063/5.0155600"}
    assert rules(meta) == ["doi-mismatch"]
    assert rules(GOOD | {"url": "https://arxiv.org/abs/2206.11990v2"}) == []


def test_year_not_before_the_arxiv_id() -> None:
    issue = schema.check_paper(GOOD | {"year": 2021}, this_year=2026)[0]
    assert issue.rule == "year-before-arxiv"
    assert issue.message == (
        "year 2021 is earlier than arXiv 2206.11990 says (June 2022, from its arxiv)"
    )
    assert rules(GOOD | {"year": 2022}) == []
    old = GOOD | {"arxiv": "cond-mat/9901001", "url": "https://x.org/a", "year": 1998}
    assert rules(old) == ["year-before-arxiv"]
    assert rules(old | {"year": 1999}) == []


def test_stub_and_missing_fields_are_warned() -> None:
    assert rules({"title": "A paper to read"}) == ["stub"]
    assert rules({"title": "A paper to read", "order": 3, "also_in": ["x"]}) == ["stub"]
    assert rules({"title": "A paper to read"}, body="Notes.\n") == [
        "missing-venue",
        "missing-year",
        "missing-link",
    ]
    assert rules({"title": "T", "venue": "", "year": 2020, "doi": "10.1000/x"}) == ["missing-venue"]


def test_field_order() -> None:
    meta = {"title": "T", "year": 2020, "venue": "V", "rating": 1, "url": "https://a.b"}
    issues = [i for i in schema.check_paper(meta, this_year=2026) if i.rule == "field-order"]
    assert issues == [
        DataFinding(
            "field-order",
            ("year",),
            "'year' is out of the schema's order (title, venue, year, url, then others):"
            " --fix reorders",
            at_key=True,
        )
    ]
    assert list(schema.canonical_order(meta)) == ["title", "venue", "year", "url", "rating"]


def test_sections() -> None:
    assert schema.check_section({"title": "Agents", "order": 1}) == []
    assert schema.check_section({"title": "Agents", "order": "1.5"}) == []
    assert [i.rule for i in schema.check_section({"order": "x", "hide": ["nav"]})] == [
        "missing-title",
        "field-type",
        "unknown-key",
    ]


def test_canonical_arxiv_url() -> None:
    assert schema.canonical_arxiv_url("http://www.arxiv.org/pdf/2006.10503") == (
        "https://arxiv.org/abs/2006.10503"
    )
    assert schema.canonical_arxiv_url("https://arxiv.org/pdf/2006.10503v2.pdf") == (
        "https://arxiv.org/abs/2006.10503v2"
    )
    assert schema.canonical_arxiv_url("https://arxiv.org/abs/2006.10503#x") is None
    assert schema.canonical_arxiv_url("https://example.org/2006.10503") is None


def test_fixed_applies_each_fix() -> None:
    meta = {
        "tags": "a, b ,",
        "title": " T ",
        "arxiv": "arXiv:2206.11990",
        "doi": "doi:10.1000/x",
        "url": "http://arxiv.org/pdf/2206.11990",
        "authors": [" A "],
        "lead_authors": [{"name": " N ", "x": " y "}, {"name": " M ", "affiliation": "A "}],
        "custom": " kept ",
    }
    assert schema.fixed(meta) == {
        "title": "T",
        "authors": ["A"],
        "lead_authors": [{"name": " N ", "x": " y "}, "M (A)"],
        "arxiv": "2206.11990",
        "doi": "10.1000/x",
        "url": "https://arxiv.org/abs/2206.11990",
        "tags": ["a", "b"],
        "custom": " kept ",
    }
    assert next(iter(schema.fixed(meta))) == "title"
    assert list(schema.fixed(meta, {"whitespace"})) == list(meta)
    assert schema.fixed(meta, ()) == meta


values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)
texty = st.sampled_from(
    [" a ", "a, b", "arXiv:2206.11990", "http://arxiv.org/pdf/2206.11990", "doi:10.1/x", " "]
)
metas = st.dictionaries(
    st.sampled_from([*schema.ORDER, "custom", "jornal"]), values | texty, max_size=8
)


@given(metas)
def test_fixed_is_idempotent_and_keeps_keys(meta: dict[str, Any]) -> None:
    once = schema.fixed(meta)
    assert schema.fixed(once) == once
    assert list(schema.fixed(once)) == list(once)
    assert set(once) == set(meta)
    for key in set(meta) - set(schema.ORDER):
        assert once[key] == meta[key]


@given(metas)
@example({"title": "x", "tags": [None, "0 0"]})  # a spaced tag beside a non-text one
def test_fixes_leave_no_fixable_issue(meta: dict[str, Any]) -> None:
    after = {i.rule for i in schema.check_paper(schema.fixed(meta), this_year=2026)}
    assert not after & schema.FIXABLE
