from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from papervault import wikilinks
from papervault.wikilinks import Index
from papervault.wikilinks import Link

NOTES = [
    ("llm/equiformer/equiformer.md", ["Equiformer: Equivariant Graph Attention"], ["Method"]),
    ("llm/equiformer/se3.md", ["SE(3)-Transformers"], ["Attention", "Results"]),
    ("md/potentials/mace.md", [], []),
    ("md/mace.md", [], []),
    ("llm/agents/mace.md", [], []),
    ("index.md", [], []),
    ("llm/index.md", [], []),
]
INDEX = Index.of(NOTES)


def link(target: str, heading: str = "", kind: str = wikilinks.WIKI) -> Link:
    return Link(0, 0, 1, 1, kind, target, heading, "")


def test_find_every_wikilink_form_with_positions() -> None:
    body = (
        "See [[se3]] and [[se3|the SE(3) paper]].\n"
        "Its [[se3#Attention]], our [[#Method]] and [[se3#Results|results]].\n"
        "An image ![[figure.png]] and [[figure.png]] are attachments.\n"
        "A [Markdown link](../../md/mace.md#intro) and [a site](https://x.org/a.md).\n"
        "`[[in code]]`\n\n```\n[[fenced]]\n```\n"
    )
    found = wikilinks.find(body)
    assert [(x.line, x.col, x.kind, x.target, x.heading, x.shown) for x in found] == [
        (1, 5, "wiki", "se3", "", ""),
        (1, 17, "wiki", "se3", "", "the SE(3) paper"),
        (2, 5, "wiki", "se3", "Attention", ""),
        (2, 28, "wiki", "", "Method", ""),
        (2, 44, "wiki", "se3", "Results", "results"),
        (4, 3, "md", "../../md/mace.md", "intro", "Markdown link"),
    ]
    assert body[found[0].start : found[0].end] == "[[se3]]"


def test_a_table_cell_escapes_the_bar() -> None:
    [found] = wikilinks.find("| [[se3\\|SE(3)]] | x |\n")
    assert (found.target, found.shown) == ("se3", "SE(3)")


@pytest.mark.parametrize(
    ("target", "source", "expected"),
    [
        ("se3", "md/mace.md", "llm/equiformer/se3.md"),
        ("SE3", "md/mace.md", "llm/equiformer/se3.md"),  # case ignored
        ("se3.md", "md/mace.md", "llm/equiformer/se3.md"),
        ("SE(3)-Transformers", "md/mace.md", "llm/equiformer/se3.md"),  # an alias
        ("equiformer: equivariant graph attention", "index.md", "llm/equiformer/equiformer.md"),
        ("mace", "index.md", "md/mace.md"),  # shortest path of three
        ("mace", "llm/agents/x.md", "llm/agents/mace.md"),  # the linking note's folder first
        ("mace", "md/potentials/x.md", "md/potentials/mace.md"),
        ("potentials/mace", "index.md", "md/potentials/mace.md"),  # a path's ending
        ("md/potentials/mace", "llm/x.md", "md/potentials/mace.md"),  # from the root
        ("../mace", "md/potentials/x.md", "md/mace.md"),  # from the linking note
        ("index", "md/potentials/x.md", "index.md"),
        ("nothing", "index.md", None),
        ("", "llm/equiformer/se3.md", "llm/equiformer/se3.md"),  # [[#Heading]]
    ],
)
def test_resolve_as_obsidian_does(target: str, source: str, expected: str | None) -> None:
    assert INDEX.resolve(link(target), source) == expected


def test_a_file_name_wins_over_an_alias() -> None:
    index = Index.of([("a/se3.md", [], []), ("b/other.md", ["se3"], [])])
    assert index.resolve(link("se3"), "b/x.md") == "a/se3.md"


def test_markdown_links_are_relative_paths() -> None:
    md = wikilinks.MARKDOWN
    assert INDEX.resolve(link("../se3.md", kind=md), "llm/equiformer/x/y.md") == (
        "llm/equiformer/se3.md"
    )
    assert INDEX.resolve(link("se3.md", kind=md), "llm/equiformer/x.md") == "llm/equiformer/se3.md"
    assert INDEX.resolve(link("/md/mace.md", kind=md), "llm/x.md") == "md/mace.md"
    assert INDEX.resolve(link("se3.md", kind=md), "md/x.md") is None
    assert INDEX.resolve(link("SE3.md", kind=md), "llm/equiformer/x.md") is None  # exact path


@pytest.mark.parametrize(
    ("target", "heading", "source", "message"),
    [
        ("se3", "", "index.md", None),
        ("se4", "", "index.md", "[[se4]] names no note of the vault (did you mean 'se3'?)"),
        (
            "Equiformr",
            "",
            "index.md",
            "[[Equiformr]] names no note of the vault (did you mean 'equiformer'?)",
        ),
        ("zzzzzz", "", "index.md", "[[zzzzzz]] names no note of the vault"),
        ("se3", "attention", "index.md", None),
        (
            "se3",
            "Result",
            "index.md",
            "[[se3#Result]]: llm/equiformer/se3.md has no heading 'Result'"
            " (did you mean 'Results'?)",
        ),
        ("", "Method", "llm/equiformer/equiformer.md", None),
        (
            "",
            "Methods",
            "llm/equiformer/equiformer.md",
            "[[#Methods]]: this note has no heading 'Methods' (did you mean 'Method'?)",
        ),
        ("se3", "^block-1", "index.md", None),
    ],
)
def test_problems(target: str, heading: str, source: str, message: str | None) -> None:
    assert INDEX.problem(link(target, heading), source) == message


def test_a_broken_markdown_link_suggests_the_note_of_that_name() -> None:
    broken = link("../mace.md", kind=wikilinks.MARKDOWN)
    assert INDEX.problem(broken, "llm/equiformer/x.md") == (
        "(../mace.md) names no note of the vault (did you mean 'md/potentials/mace.md'?)"
    )


def test_headings_outside_code() -> None:
    body = "# Title\n\n## Methods ##\n\n```\n# not a heading\n```\n#hashtag\n"
    assert wikilinks.headings(body) == ["Title", "Methods"]


def test_site_links_rewrite_and_list_backlinks_once_per_source() -> None:
    bodies = {
        "index.md": "Start at [[se3]] or [[se3|here]].\n",
        "llm/equiformer/equiformer.md": "Builds on [[se3#Attention|attention]], see [[#Method]].\n"
        "\n## Method\n",
        "llm/equiformer/se3.md": "## Attention\n\nSee [[nothing]] and [[equiformer#Nope]].\n",
        "md/mace.md": "Compare [the SE(3) paper](../llm/equiformer/se3.md).\n",
    }
    titles = {
        "index.md": "Home",
        "llm/equiformer/equiformer.md": "Equiformer",
        "md/mace.md": "MACE",
    }
    out = wikilinks.site_links(bodies, {}, titles, ["llm/equiformer/se3.md", "md/mace.md"])
    assert out.bodies["index.md"] == (
        "Start at [se3](llm/equiformer/se3.md) or [here](llm/equiformer/se3.md).\n"
    )
    assert out.bodies["llm/equiformer/equiformer.md"].startswith(
        "Builds on [attention](se3.md#attention), see [Method](#method).\n"
    )
    assert out.bodies["llm/equiformer/se3.md"] == (
        "## Attention\n\nSee nothing and [equiformer &gt; Nope](equiformer.md#nope).\n"
        "\n\n## Linked from\n\n"
        "- [Home](../../index.md)\n"
        "- [Equiformer](equiformer.md)\n"
        "- [MACE](../../md/mace.md)\n"
    )
    assert out.linked_from == {
        "llm/equiformer/se3.md": ["index.md", "llm/equiformer/equiformer.md", "md/mace.md"]
    }
    assert [(b.uri, b.line, b.col) for b in out.broken] == [
        ("llm/equiformer/se3.md", 3, 5),
        ("llm/equiformer/se3.md", 3, 21),
    ]
    assert out.broken[0].message == "[[nothing]] names no note of the vault"


def test_shown_text_is_escaped_for_markdown() -> None:
    bodies = {"a.md": "[[b|<img src=x onerror=alert(1)> *x*]]\n", "b.md": ""}
    out = wikilinks.site_links(bodies, {}, {}, [])
    assert out.bodies["a.md"] == "[&lt;img src=x onerror=alert(1)&gt; \\*x\\*](b.md)\n"


def test_anchor_is_python_markdowns_slug() -> None:
    from markdown.extensions.toc import slugify  # type: ignore[import-untyped]

    for heading in ("Results", "SE(3) and E(3): equivariance", "Méthodes  utilisées"):
        assert wikilinks.anchor(heading) == slugify(heading, "-")


@given(st.text(alphabet="[]|#!`ab \n()", max_size=40))
def test_find_never_fails_and_links_lie_in_the_body(body: str) -> None:
    for found in wikilinks.find(body):
        assert 0 <= found.start < found.end <= len(body)
        assert body[found.start] == "["


def test_backlinks_are_linear() -> None:
    """Each page's links are resolved once: 20,000 links over 2,000 pages stay fast."""
    bodies = {
        f"s/p{i}.md": f"[[p{(i + 1) % 2000}]] [[p{(i + 7) % 2000}]]\n" * 5 for i in range(2000)
    }
    out = wikilinks.site_links(bodies, {}, {}, list(bodies))
    assert len(out.linked_from) == 2000
    assert all(len(v) == 2 for v in out.linked_from.values())
