from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from papervault import schema
from papervault.importer import plan
from papervault.schema import Issue

GOOD: dict[str, Any] = {
    "title": "Equiformer: Equivariant Graph Attention Transformer",
    "order": 2,
    "also_in": ["md/potentials"],
    "lead_authors": [{"name": "Tess Smidt", "affiliation": "MIT"}],
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
    )
    assert schema.ORDER == plan.FIELD_ORDER  # what `papervault import` writes


def test_a_complete_note_has_no_issue() -> None:
    assert schema.check_paper(GOOD, this_year=2026) == []


def test_missing_and_empty_title() -> None:
    assert schema.check_paper({"year": 2020}, body="x", this_year=2026)[0] == Issue(
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
    meta = GOOD | {"lead_authors": [{"affiliation": "MIT"}, "Ada (Cambridge)", {"name": " "}]}
    issues = list(schema.check_paper(meta, this_year=2026))
    assert [(i.rule, i.where) for i in issues] == [
        ("lead-author-name", ("lead_authors", 0)),
        ("lead-author-name", ("lead_authors", 1)),
        ("lead-author-name", ("lead_authors", 2)),
    ]
    assert issues[0].message == "lead_authors[0] has no name"
    typo = GOOD | {"lead_authors": [{"name": "A", "affilation": "MIT"}]}
    issue = schema.check_paper(typo, this_year=2026)[0]
    assert issue == Issue(
        "unknown-key",
        ("lead_authors", 0, "affilation"),
        "unknown key 'affilation' (did you mean 'affiliation'?)",
        at_key=True,
    )
    assert rules(GOOD | {"lead_authors": {"name": "A"}}) == ["field-type"]


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
        Issue(
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


def test_identity() -> None:
    ident = schema.identity(
        {
            "title": " 2.3.1 MechGPT. ",
            "arxiv": "2310.10445v2",
            "url": "https://arxiv.org/pdf/2409.05556",
        }
    )
    assert ident.key == "mechgpt"
    assert ident.arxiv == (("2310.10445", "arxiv"), ("2409.05556", "url"))
    doi = schema.identity({"doi": "10.1115/1.4063843", "url": "https://doi.org/10.1115/1.4063843"})
    assert doi.doi == (("10.1115/1.4063843", "doi"),)
    assert schema.identity({"arxiv": "not an id", "title": 3}).arxiv == ()


@pytest.mark.parametrize(
    ("value", "scheme"),
    [
        ("javascript:alert(1)", "javascript"),
        ("  JAVASCRIPT:x", "javascript"),
        ("java\tscript:x", "javascript"),
        ("&#106;avascript:x", "javascript"),
        ("javascript&colon;x", "javascript"),
        ("javascript\\:x", "javascript"),
        ("vbscript:x", "vbscript"),
        ("data:text/html;base64,xx", "data"),
        ("data:image/svg+xml;base64,xx", "data"),
        ("data:image/png;base64,xx", None),
        ("https://example.org/javascript:x", None),
        ("mailto:a@b.c", None),
        ("relative/path.md", None),
    ],
)
def test_unsafe_link(value: str, scheme: str | None) -> None:
    assert schema.unsafe_link(value) == scheme


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
        "lead_authors": [{"name": " N ", "x": " y "}],
        "custom": " kept ",
    }
    assert schema.fixed(meta) == {
        "title": "T",
        "authors": ["A"],
        "lead_authors": [{"name": "N", "x": " y "}],
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
def test_fixes_leave_no_fixable_issue(meta: dict[str, Any]) -> None:
    after = {i.rule for i in schema.check_paper(schema.fixed(meta), this_year=2026)}
    assert not after & schema.FIXABLE
