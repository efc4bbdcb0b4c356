from __future__ import annotations

import time
from typing import Any

import pytest
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from papervault import lint
from papervault import names
from papervault import notes
from papervault import schema
from papervault.errors import VaultError
from papervault.findings import Finding
from papervault.lint import Record

COMPLETE = "---\ntitle: Equiformer\nvenue: ICLR\nyear: 2023\narxiv: '2206.11990'\n---\n"


def raws(text: str | bytes, kind: str = lint.PAPER) -> list[tuple[int, int, str, str]]:
    """A note's findings as (line, col, rule, message), each at n.md with its default severity."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    found = lint.check_bytes(data, "n.md", kind)[0]
    assert all(f.path == "n.md" and f.severity == lint.RULES[f.rule].severity for f in found)
    return [(f.line, f.col, f.rule, f.message) for f in found]


def test_every_rule_has_a_severity_and_the_schema_uses_only_known_rules() -> None:
    assert all(r.severity in lint.SEVERITIES for r in lint.RULES.values())
    assert [r for r, rule in lint.RULES.items() if rule.severity == lint.OFF] == ["field-order"]
    assert {r for r, rule in lint.RULES.items() if rule.fixable} == schema.FIXABLE
    assert lint.RULES["unknown-key"].severity == lint.WARNING
    assert lint.RULES["stub"].severity == lint.WARNING


def test_a_complete_note_is_clean() -> None:
    assert raws(COMPLETE + "Summary with [a link](https://example.org).\n") == []


@pytest.mark.parametrize(
    ("data", "line", "message"),
    [
        (b"", 1, "empty file"),
        (b"  \n\n", 1, "empty file"),
        (b"---\ntitle: x\n", 1, "front matter opened here is never closed"),
        (b"---\ntitle: a\nyear: 1\ntitle: b\n---\n", 4, "invalid front matter: duplicate key"),
        (b"---\ntitle: [a\n---\n", 3, "invalid front matter:"),
        (b"---\ntitle: a\n  bad: indent\n---\n", 3, "invalid front matter:"),
        (b"---\n- a\n- b\n---\n", 2, "front matter is not a mapping of fields"),
        (b"---\ntitle: ok\n---\n\xe9t\xe9\n", 4, "not UTF-8 text (byte 0xe9)"),
    ],
)
def test_broken_notes_are_one_error_with_a_line(data: bytes, line: int, message: str) -> None:
    found = raws(data)
    assert len(found) == 1
    assert found[0][:3] == (line, 1, "broken-note")
    assert message in found[0][3]
    assert lint.check_bytes(data, "n.md", lint.PAPER)[1] is None


def test_field_findings_point_at_the_key_or_value() -> None:
    text = (
        "---\n"
        "# a comment\n"
        "title: T\n"
        "lead_authors:\n"
        "  - Ada Lovelace (Cambridge)\n"
        "  - affiliation: MIT\n"
        "    affilation: typo\n"
        "venue: V\n"
        "year: '2020'\n"
        "jornal: x\n"
        "url: https://a.b\n"
        "---\n"
    )
    found = raws(text)
    assert found[:3] == [
        (6, 5, "lead-author-name", "lead_authors[1] has no name"),
        (9, 7, "bad-year", "year must be a year such as 2023, not text '2020'"),
        (10, 1, "unknown-key", "unknown key 'jornal' (did you mean 'venue'?)"),
    ]
    assert found[3][:3] == (10, 1, "field-order")
    assert "'jornal' is out of the schema's order" in found[3][3]
    assert len(found) == 4


def test_flow_style_front_matter_positions() -> None:
    found = raws("---\n{title: T, venue: V, year: x, url: 'https://a.b'}\n---\n")
    assert found == [(2, 28, "bad-year", "year must be a year such as 2023, not text 'x'")]


def test_toml_front_matter_findings_point_at_the_key_or_value() -> None:
    text = (
        "\ufeff+++\r\n"
        "title = 'T'  # a comment\r\n"
        "\"year\" = 'x'\r\n"
        'venue="V"\r\n'
        "jornal = 1\r\n"
        "[extra]\r\n"
        "year = 1\r\n"
        "+++\r\n"
    )
    assert [f[:3] for f in raws(text)] == [
        (3, 10, "bad-year"),
        (5, 1, "unknown-key"),
        (6, 2, "unknown-key"),
        (6, 2, "nested-value"),
        (3, 1, "field-order"),
        (1, 1, "missing-link"),
    ]


def test_whole_front_matter_findings_are_on_line_one() -> None:
    assert raws("---\ntitle: A paper\n---\n") == [
        (1, 1, "stub", schema.check_paper({"title": "A paper"})[0].message)
    ]
    assert raws("Just text, no front matter.\n")[0] == (1, 1, "missing-title", "title is missing")
    assert raws("---\nyear: 2020\ntitle:\n---\nText.\n")[0] == (
        3,
        7,
        "missing-title",
        "title is empty",
    )


def test_sections_and_pages() -> None:
    assert raws("---\ntitle: Agents\norder: 1\n---\n", lint.SECTION) == []
    assert raws("---\norder: x\n---\n", lint.SECTION) == [
        (1, 1, "missing-title", "title is missing"),
        (2, 8, "field-type", "order must be a number, not text 'x'"),
    ]
    assert raws("---\nhide: [nav]\n---\n# Home\n", lint.PAGE) == []
    assert raws("# Home\n<script>x</script>\n", lint.PAGE)[0][:3] == (2, 1, "unsafe-html")


def test_kind_of() -> None:
    assert lint.kind_of("index.md") == lint.PAGE
    assert lint.kind_of("contents.md") == lint.PAGE
    assert lint.kind_of("llm/index.md") == lint.SECTION
    assert lint.kind_of("llm/paper.md") == lint.PAPER
    assert lint.kind_of(None) == lint.PAPER


# --- the body ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("<script>alert(1)</script>", [(1, 1, "unsafe-html")]),
        ("text <SCRIPT src=x.js></SCRIPT>", [(1, 6, "unsafe-html")]),
        ("a\n<iframe src='https://x'></iframe>", [(2, 1, "unsafe-html")]),
        ("<object data=x></object> <embed src=x>", [(1, 1, "unsafe-html"), (1, 26, "unsafe-html")]),
        ('<img src="x" onerror="alert(1)">', [(1, 14, "event-handler")]),
        ("<svg/onload=alert(1)>", [(1, 6, "event-handler")]),
        ("<div\n  OnClick = 'x'>hi</div>", [(2, 3, "event-handler")]),
        ("[x](javascript:alert(1))", [(1, 5, "unsafe-link")]),
        ("[x]( <JavaScript:alert(1)>)", [(1, 7, "unsafe-link")]),
        ("![x](data:text/html;base64,xx)", [(1, 6, "unsafe-link")]),
        ("[x]: javascript:alert(1)\n\n[y][x]", [(1, 6, "unsafe-link")]),
        ("<javascript:alert(1)>", [(1, 2, "unsafe-link")]),
        ('<a href="java&#115;cript:x">x</a>', [(1, 9, "unsafe-link")]),
        ("<a href=' vbscript:x'>x</a>", [(1, 9, "unsafe-link")]),
        ('Text {: onclick="x" }', [(1, 9, "event-handler")]),
        ('[x](y){: href="javascript:x" }', [(1, 15, "unsafe-link")]),
        ("<img src=x <b onerror=alert(1)>", [(1, 15, "event-handler")]),
        ("<a title='a>b' onclick=x>t</a>", [(1, 16, "event-handler")]),
        ("- item\n\n    [x]: javascript:x", [(3, 10, "unsafe-link")]),
        ("> [x]: javascript:x", [(1, 8, "unsafe-link")]),
        # the site keeps relative, http(s) and mailto links only: the lint says so
        ("![img](data:image/png;base64,iVBOR)", [(1, 8, "unsafe-link")]),
        ("[x](file:///etc/passwd)", [(1, 5, "unsafe-link")]),
        ("<a href='ftp://example.org/x'>x</a>", [(1, 9, "unsafe-link")]),
        ("[x](http:) [y](https://:80/)", [(1, 5, "unsafe-link"), (1, 16, "unsafe-link")]),
    ],
)
def test_unsafe_bodies(body: str, expected: list[tuple[int, int, str]]) -> None:
    assert [(f.line, f.col, f.rule) for f in lint.body_problems(body)] == expected


@pytest.mark.parametrize(
    "body",
    [
        "Use `<script>` tags with care, and ``<iframe>`` too.",
        "```html\n<script>alert(1)</script>\n<img onerror=x>\n```\n",
        "~~~~\n<iframe>\n~~~\nstill code\n~~~~\n",
        "   ```\n[x](javascript:alert(1))\n   ```\n",
        "Unclosed fence:\n```\n<script>\n",
        "[a](https://example.org) <https://example.org> [b]: https://x.org",
        "The onion=3 model, the on-site energy, a <b>bold</b> word, <a href='x.md'>x</a>.",
        "Math $\\mathbf{x}_{i=1}$ and {braces = fine}.",
        "<abbr title='Note: a title, not a link'>N</abbr> [m](mailto:a@b.c) [r](../x.md#a:b)",
        "<scripted> is not a tag we know, nor <objects>.",
    ],
)
def test_safe_bodies(body: str) -> None:
    assert lint.body_problems(body) == []


def test_code_does_not_hide_what_follows() -> None:
    body = "`code` then <script>x</script>\n```\nfenced\n```\n<iframe>\n    ```\n<embed>\n"
    assert [(f.line, f.col, f.rule) for f in lint.body_problems(body)] == [
        (1, 13, "unsafe-html"),
        (5, 1, "unsafe-html"),
        (7, 1, "unsafe-html"),
    ]


@pytest.mark.parametrize(
    "body",
    [
        "{a=" * 20_000,
        "<a " * 20_000,
        "`" + "``x" * 5_000 + "<script>",
        "[x](" * 20_000,
        "<a b=" + "'x' " * 20_000,
        "<a b='" + "<a " * 20_000,
        "<a " * 20_000 + ">",
    ],
)
def test_hostile_bodies_take_linear_time(body: str) -> None:
    start = time.perf_counter()
    lint.body_problems(body)
    assert time.perf_counter() - start < 1.0


def test_body_findings_have_file_lines() -> None:
    text = COMPLETE + "\nIntro.\n\n<script>x</script>\n"
    assert raws(text) == [
        (10, 1, "unsafe-html", "raw <script> tag: the site publishes the body as HTML")
    ]


# --- across the vault ----------------------------------------------------------------------


def rec(
    title: str,
    arxiv: tuple[tuple[str, str], ...] = (),
    doi: tuple[tuple[str, str], ...] = (),
    also: tuple[tuple[str, int], ...] = (),
    kind: str = lint.PAPER,
) -> Record:
    return Record(kind, title, names.normalize_title(title), arxiv, doi, also)


def test_cross_check_duplicates() -> None:
    records = {
        "v/a/mechgpt.md": rec("MechGPT", (("2409.05556", "url"),)),
        "v/a/sciagents.md": rec("SciAgents", (("2409.05556", "arxiv"),), (("10.1/x", "doi"),)),
        "v/b/other.md": rec("Other", doi=(("10.1/x", "url"),)),
        "v/b/mace.md": rec("MACE"),
        "v/c/mace.md": rec("2.5.1 MACE."),
        "v/c/index.md": rec("MACE", kind=lint.SECTION),
    }
    found = lint.cross_check(records, {"a", "b", "c"}, records)
    assert found["v/a/mechgpt.md"] == [
        schema.DataFinding(
            "duplicate-arxiv",
            ("url",),
            "arXiv 2409.05556 is also the id of v/a/sciagents.md ('SciAgents'):"
            " two papers cannot share it, one is wrong",
        )
    ]
    assert [i.rule for i in found["v/a/sciagents.md"]] == ["duplicate-arxiv", "duplicate-doi"]
    assert found["v/b/other.md"][0].where == ("url",)
    assert found["v/b/mace.md"] == [
        schema.DataFinding(
            "duplicate-title",
            ("title",),
            "v/c/mace.md has the same title ('2.5.1 MACE.'):"
            " one paper, one note (list it elsewhere with also_in)",
        )
    ]
    assert "v/c/index.md" not in found
    only = lint.cross_check(records, {"a", "b", "c"}, ["v/b/mace.md"])
    assert list(only) == ["v/b/mace.md"]


def test_cross_check_distinct_papers_are_clean() -> None:
    records = {
        "v/a/p.md": rec("P", (("2206.11990", "arxiv"),), (("10.1/a", "doi"),), (("a", 0),)),
        "v/a/q.md": rec("Q", (("2206.11991", "url"),), (("10.1/b", "url"),), (("a", -1),)),
        "v/a/index.md": rec("P", (("2206.11990", "arxiv"),), kind=lint.SECTION),
    }
    assert lint.cross_check(records, {"a"}, records) == {}


def test_cross_check_unknown_sections() -> None:
    records = {
        "v/a/p.md": rec("P", also=(("md/dynamics", 0), ("md/potential", 1), ("dynamics", 2))),
        "v/a/q.md": rec("Q", also=(("md/dynamics", -1),)),
    }
    sections = {"a", "md", "md/dynamics", "md/potentials"}
    found = lint.cross_check(records, sections, records)
    assert found["v/a/p.md"] == [
        schema.DataFinding(
            "unknown-section",
            ("also_in", 1),
            "also_in names 'md/potential', which is not a section folder of the vault"
            " (did you mean 'md/potentials'?)",
        ),
        schema.DataFinding(
            "unknown-section",
            ("also_in", 2),
            "also_in names 'dynamics', which is not a section folder of the vault"
            " (did you mean 'md/dynamics'?)",
        ),
    ]
    assert "v/a/q.md" not in found


def test_sections_of() -> None:
    rels = ["index.md", "a/index.md", "a/b/index.md", "a/p.md", "c/p.md"]
    assert lint.sections_of(rels) == {"a", "a/b"}


def test_record() -> None:
    note = notes.loads(
        "---\ntitle: T\nurl: https://arxiv.org/abs/2206.11990v1\nalso_in: [a/b/, c]\n---\n"
    )
    assert lint.record(note, lint.PAPER) == Record(
        lint.PAPER, "T", "t", (("2206.11990", "url"),), (), (("a/b", 0), ("c", 1))
    )


# --- configuration -------------------------------------------------------------------------


def test_config() -> None:
    cfg = lint.load_config({"rules": {"unknown-key": "error", "stub": "off"}, "vault": "v"})
    assert cfg.severity("unknown-key") == lint.ERROR
    assert cfg.severity("missing-title") == lint.ERROR
    raw = [
        lint.finding("p.md", 1, 1, "stub", "s"),
        lint.finding("p.md", 2, 1, "unknown-key", "u"),
        lint.finding("p.md", 3, 1, "whitespace", "w"),
    ]
    assert raw[1] == Finding("p.md", 2, 1, lint.WARNING, "unknown-key", "u")
    assert lint.configured(raw, cfg) == [
        Finding("p.md", 2, 1, lint.ERROR, "unknown-key", "u"),
        Finding("p.md", 3, 1, lint.WARNING, "whitespace", "w"),
    ]
    assert "field-order" not in cfg.fixes()
    assert "whitespace" in cfg.fixes()
    assert "field-order" in lint.load_config({"rules": {"field-order": "warning"}}).fixes()
    cfg = lint.load_config({"lint": {"extra-keys": ["rating"]}})
    assert cfg.extra_keys == ("rating",)


def test_per_file_ignores() -> None:
    table = {"lint": {"per-file-ignores": {"llm/*.md": ["stub"], "/a/b.md": ["duplicate-arxiv"]}}}
    cfg = lint.load_config(table)
    assert cfg.ignored("llm/x.md") == {"stub"}
    assert cfg.ignored("a/b.md") == {"duplicate-arxiv"}
    assert cfg.ignored("md/x.md") == frozenset()
    assert cfg.ignored(None) == frozenset()
    raw = [lint.finding("v/x.md", 1, 1, "stub", "s")]
    assert lint.configured(raw, cfg, "llm/x.md") == []
    assert lint.configured(raw, cfg, "md/x.md") == raw
    both = rec("T", (("2206.11990", "arxiv"),), (("10.1/x", "doi"),), (("s", 0),))
    assert lint.without(both, set()) is both
    assert lint.without(both, {"duplicate-arxiv"}) == rec("T", (), both.doi, both.also_in)
    assert lint.without(both, {"duplicate-doi", "duplicate-title", "unknown-section"}) == (
        Record(lint.PAPER, "T", "", both.arxiv, (), ())
    )


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"lint": {"per-file-ignores": ["x"]}}, "must be a table of"),
        ({"lint": {"per-file-ignores": {"x": "stub"}}}, "'x' must name a list of rules"),
        ({"lint": {"per-file-ignores": {"x": ["stubs"]}}}, "'x': unknown rule 'stubs'"),
        ({"rules": {"unknown-keys": "off"}}, "unknown rule 'unknown-keys' (did you mean"),
        ({"rules": {"stub": "ignore"}}, "stub = 'ignore': use one of error, warning, off"),
        ({"rules": ["stub"]}, "must be a table"),
        ({"lint": {"extra-keys": "rating"}}, "extra-keys must be a list of names"),
        ({"lint": {"extra_keys": []}}, "unknown setting 'extra_keys'"),
    ],
)
def test_bad_config(table: dict[str, Any], message: str) -> None:
    with pytest.raises(VaultError, match=r"pyproject\.toml: ") as info:
        lint.load_config(table)
    assert message in str(info.value)


def test_finding_text() -> None:
    error = lint.finding("v/a.md", 3, 7, "bad-year", "year ...")
    assert str(error) == "v/a.md:3:7: bad-year year ..."
    warning = lint.finding("v/a.md", 1, 1, "stub", "a stub")
    assert str(warning) == "v/a.md:1:1: stub a stub [warning]"
    assert lint.broken("v/a.md", "not UTF-8", 4) == Finding(
        "v/a.md", 4, 1, lint.ERROR, "broken-note", "not UTF-8"
    )


# --- fixes ---------------------------------------------------------------------------------


def fix(text: str, rules: frozenset[str] = schema.FIXABLE) -> lint.Fix:
    return lint.fix_note(notes.loads(text, "n.md"), lint.PAPER, rules)


def test_fix_rewrites_only_the_fixed_fields() -> None:
    text = (
        "---\n"
        "title:   'Equiformer'   # trailing comment\n"
        "# comment before venue\n"
        "venue: ICLR\n"
        "url: http://arxiv.org/pdf/2206.11990.pdf\n"
        "tags: equivariance, transformer,\n"
        "year: 2023\n"
        "---\n"
        "Body.\n"
    )
    result = fix(text)
    assert result.rules == ("arxiv-url", "field-order", "tags-string")
    assert result.text == (
        "---\n"
        "title:   'Equiformer'   # trailing comment\n"
        "# comment before venue\n"
        "venue: ICLR\n"
        "year: 2023\n"
        "url: https://arxiv.org/abs/2206.11990\n"
        "tags:\n"
        "  - equivariance\n"
        "  - transformer\n"
        "---\n"
        "Body.\n"
    )
    assert result.text is not None
    assert fix(result.text).text is None


def test_fix_reorders_whole_fields_with_their_comments() -> None:
    text = "---\nyear: 2023  # journal\n# about the title\ntitle: T\nvenue: V\n---\nB\n"
    result = fix(text)
    assert result.rules == ("field-order",)
    assert (
        result.text == "---\ntitle: T\nvenue: V\nyear: 2023  # journal\n# about the title\n---\nB\n"
    )
    assert fix(text, frozenset({"whitespace"})).text is None


def test_fix_never_reorders_flow_style() -> None:
    text = "---\n{year: 2023, title: ' T '}\n---\n"
    result = fix(text)
    assert result.rules == ("whitespace",)
    assert result.text is not None
    again = notes.loads(result.text)
    assert list(again.meta.items()) == [("year", 2023), ("title", "T")]


def test_fix_refuses_what_would_not_read_back() -> None:
    text = "---\ntitle: &t ' T '\nnickname: *t\nyear: 2020\n---\n"
    result = fix(text, frozenset({"whitespace"}))
    assert result.text is None
    assert result.rules == ("whitespace",)
    assert result.problem is not None
    assert "would not parse" in result.problem


def test_fix_sections_trims_only() -> None:
    text = "---\norder: 1\ntitle: ' Agents '\n---\n"
    result = lint.fix_note(notes.loads(text), lint.SECTION, schema.FIXABLE)
    assert result.text == "---\norder: 1\ntitle: Agents\n---\n"
    page = lint.fix_note(notes.loads("---\ntitle: ' x '\n---\n"), lint.PAGE, schema.FIXABLE)
    assert page.text is None


texts = st.text(alphabet="ab ,:#'\"-é", max_size=10)
fixable_values: dict[str, Any] = {
    "title": texts.filter(lambda t: t.strip() != ""),
    "authors": st.lists(texts, max_size=3) | texts,
    "venue": texts,
    "year": st.integers(1990, 2030) | texts,
    "arxiv": st.sampled_from(["2206.11990", "arXiv:2206.11990", " 2206.11990 ", "x"]),
    "doi": st.sampled_from(["10.1000/x", "doi:10.1000/x", "https://doi.org/10.1000/x "]),
    "url": st.sampled_from(
        ["http://arxiv.org/pdf/2206.11990", " https://a.org/x ", "https://arxiv.org/abs/1"]
    ),
    "tags": st.lists(texts, max_size=3) | texts,
    "custom": texts | st.integers(),
}


@st.composite
def front_matter(draw: st.DrawFn) -> dict[str, Any]:
    keys = draw(st.permutations(list(fixable_values)))
    size = draw(st.integers(1, len(keys)))
    return {k: draw(fixable_values[k]) for k in keys[:size]}


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(front_matter(), st.sets(st.sampled_from(sorted(schema.FIXABLE))), st.booleans())
def test_fix_law(meta: dict[str, Any], rules: set[str], comment: bool) -> None:
    """Re-parsed data equals the data before plus the fixes, and fixing twice changes nothing."""
    text = notes.dumps(notes.Note("n.md", meta, "Body.\n"))
    if comment:
        text = text.replace("---\n", "---\n# kept\n", 1)
    before = notes.loads(text, "n.md")
    result = lint.fix_note(before, lint.PAPER, rules)
    after = notes.loads(result.text, "n.md") if result.text is not None else before
    expected = schema.fixed(before.meta, result.rules)
    assert notes.same(after.meta, expected)
    assert list(after.meta) == list(expected)
    assert after.body == "Body.\n"
    assert set(result.rules) <= rules
    if comment:
        assert "# kept\n" in (result.text or text)
    assert lint.fix_note(after, lint.PAPER, rules).text is None
    left = {f.rule for f in lint.check_note(after, lint.PAPER)}
    assert not left & rules


def test_fix_of_a_toml_note_is_refused_with_the_reason() -> None:
    result = fix("+++\ntitle = ' Equiformer '\nyear = 2023\n+++\nBody\n")
    assert result == lint.Fix(
        None,
        ("whitespace",),
        "TOML front matter is read-only here: papervault writes YAML (`---`) only",
    )
