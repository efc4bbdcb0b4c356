from __future__ import annotations

import html
import re
from collections.abc import Callable

import markdown  # type: ignore[import-untyped]
import pytest
from hypothesis import given
from hypothesis import strategies as st

from papervault.site import pages


def paper(
    uri: str, number: str, title: str, year: str = "", venue: str = "", *authors: str
) -> pages.Paper:
    return pages.Paper(uri, number, title, year, venue, tuple(authors), ())


PAPERS = [
    paper("md/mace.md", "2.1.1", "MACE", "2022", "NeurIPS", "Ilyes Batatia", "Gabor Csanyi"),
    paper("md/deepmd.md", "2.1.2", "DeePMD-kit", "2018", "CPC", "Han Wang"),
    paper("llm/equiformer.md", "1.1.1", "Equiformer", "2022", "ICLR", "Yi-Lun Liao"),
    paper("llm/untitled.md", "1.1.2", "Untitled"),
]


def render(page: pages.IndexPage, href: Callable[[str], str | None] = lambda u: f"/{u}") -> str:
    body = page.markdown.split("\n---\n", 1)[1]  # MkDocs strips the front matter
    out = markdown.markdown(body, extensions=["attr_list", "toc"])
    return pages.fill(out, page, href)


def test_md_escapes_markup_and_html() -> None:
    assert pages.md("*a* [b](javascript:x) <script> & `c`") == (
        r"\*a\* \[b\]\(javascript:x\) &lt;script&gt; &amp; \`c\`"
    )
    assert pages.md("a|b", cell=True) == r"a\|b"


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1))
def test_md_text_renders_as_itself(text: str) -> None:
    rendered = markdown.markdown(pages.md(text))
    plain = html.unescape(re.sub(r"</?p>", "", rendered))
    assert plain == " ".join(text.split())


def test_link_is_relative_and_quoted() -> None:
    assert pages.link("A [b]", "md/x y.md", "indexes/years.md") == r"[A \[b\]](../md/x%20y.md)"
    assert pages.link("Home", "index.md", "index.md") == "[Home](index.md)"


def test_years_page() -> None:
    page = pages.years_page(PAPERS)
    assert render(page) == (
        '<h1 id="papers-by-year">Papers by year</h1>\n'
        '<h2 id="year-2022">2022</h2>\n'
        "<ul>\n"
        '<li><a href="/md/mace.md">2.1.1 MACE</a> — NeurIPS</li>\n'
        '<li><a href="/llm/equiformer.md">1.1.1 Equiformer</a> — ICLR</li>\n'
        "</ul>\n\n"
        '<h2 id="year-2018">2018</h2>\n'
        "<ul>\n"
        '<li><a href="/md/deepmd.md">2.1.2 DeePMD-kit</a> — CPC</li>\n'
        "</ul>\n\n"
        '<h2 id="undated">Undated</h2>\n'
        "<ul>\n"
        '<li><a href="/llm/untitled.md">1.1.2 Untitled</a></li>\n'
        "</ul>"
    )
    assert page.markdown.startswith("---\ntitle: Papers by year\nsearch:\n  exclude: true\n---\n")


def test_tags_index() -> None:
    tagged = [
        pages.Paper("a.md", "1.1", "A", "", "", (), ("Graphs", "equivariance")),
        pages.Paper("b.md", "1.2", "B", "", "", (), ("equivariance",)),
    ]
    out = render(pages.tags_index(tagged))
    assert out == (
        '<h1 id="tags">Tags</h1>\n'
        '<h2 id="tag-equivariance">equivariance</h2>\n'
        '<ul>\n<li><a href="/a.md">1.1 A</a></li>\n<li><a href="/b.md">1.2 B</a></li>\n</ul>\n\n'
        '<h2 id="tag-graphs">Graphs</h2>\n'
        '<ul>\n<li><a href="/a.md">1.1 A</a></li>\n</ul>'
    )


def test_venues_page_alphabetical_newest_first() -> None:
    out = render(pages.venues_page(PAPERS))
    headings = re.findall(r'<h2 id="([^"]+)">([^<]+)</h2>', out)
    assert headings == [
        ("venue-cpc", "CPC"),
        ("venue-iclr", "ICLR"),
        ("venue-neurips", "NeurIPS"),
        ("unknown-venue", "Unknown venue"),
    ]


def test_authors_page_by_family_name_under_initials() -> None:
    out = render(pages.authors_page(PAPERS))
    assert re.findall(r"<h2 [^>]*>(.)</h2>|<strong>([^<]+)</strong>", out) == [
        ("B", ""),
        ("", "Ilyes Batatia"),
        ("C", ""),
        ("", "Gabor Csanyi"),
        ("L", ""),
        ("", "Yi-Lun Liao"),
        ("W", ""),
        ("", "Han Wang"),
    ]
    assert '<li><strong>Han Wang</strong>: <a href="/md/deepmd.md">2.1.2 DeePMD-kit</a></li>' in out


def test_index_lists_escape_and_skip_missing_targets() -> None:
    hostile = paper("a.md", "", '<img src=x onerror="alert(1)">', "2020", "<b>V</b>", "<i>A</i>")
    page = pages.authors_page([hostile])
    out = render(page, lambda uri: None)
    assert "<img" not in out
    assert "<b>" not in out
    assert "<i>" not in out
    assert "<li><strong>&lt;i&gt;A&lt;/i&gt;</strong>: &lt;img src=x onerror=" in out


def test_section_page_lists_sections_then_papers() -> None:
    group = pages.Group("md/potentials/index.md", "2.2", "Potentials", 1)
    page = pages.section_page([(group, 0)], PAPERS[:1], "md/index.md")
    assert page.markdown == (
        "\n## Sections\n\n- [2\\.2 Potentials](potentials/index.md) — 1 paper\n"
        "\n## Papers\n\n<!-- papervault:cards 0 -->\n"
    )
    assert page.cards == ((PAPERS[0],),)
    assert pages.section_page([], [], "x/index.md") == pages.IndexPage("", ())


def test_section_cards_show_the_facts_of_each_paper() -> None:
    meta = {
        "title": "SE(3)-Transformers: $SE(3)$ <b>attention</b>",
        "authors": ["Fabian B. Fuchs", "Daniel E. Worrall"],
        "lead_authors": [{"name": "Fabian B. Fuchs", "affiliation": "Oxford"}],
        "venue": "NeurIPS",
        "arxiv": "2006.10503",
        "doi": "10.5555/3495724.3495874",
        "code": "https://github.com/FabianFuchsML/se3-transformer-public",
        "tags": ["equivariance"],
    }
    paper = pages.paper("llm/se3.md", "1.1.3", meta)
    out = pages.render_cards([paper.numbered("2.5.1")], lambda uri: f"/{uri}")
    assert '<span class="pv-number">2.5.1</span>' in out
    assert '<a href="/llm/se3.md">SE(3)-Transformers: <math display="inline"' in out
    assert "&lt;b&gt;attention&lt;/b&gt;" in out
    assert (
        '<strong>Fabian B. Fuchs</strong> <span class="pv-affiliation">(Oxford)</span>'
        ", Daniel E. Worrall"
    ) in out
    assert '<span class="pv-item__venue">NeurIPS, 2020 (arXiv)</span>' in out
    assert '<a class="pv-tag" href="/tags.md#tag-equivariance">equivariance</a>' in out
    assert 'href="https://arxiv.org/abs/2006.10503">arXiv 2006.10503</a>' in out
    assert 'href="https://doi.org/10.5555/3495724.3495874">DOI</a>' in out
    assert "Code</a>" in out


@pytest.mark.parametrize(
    ("meta", "year", "source"),
    [
        pytest.param({"arxiv": "2006.10503"}, "2020", "arxiv", id="new-style"),
        pytest.param({"arxiv": "cond-mat/9912001"}, "1999", "arxiv", id="old-style"),
        pytest.param({"arxiv": "2006.10503", "year": 2021}, "2021", "", id="note-wins"),
        pytest.param({"arxiv": "not an id"}, "", "", id="no-id"),
    ],
)
def test_year_from_the_arxiv_id(meta: dict[str, object], year: str, source: str) -> None:
    paper = pages.paper("a.md", "1.1", {"title": "A", **meta})
    assert (paper.year, paper.year_from) == (year, source)


def test_years_page_marks_arxiv_years() -> None:
    paper = pages.paper("a.md", "1.1", {"title": "A", "arxiv": "2006.10503"})
    out = render(pages.years_page([paper]))
    assert '<h2 id="year-2020">2020</h2>' in out
    assert "1.1 A</a> — arXiv year</li>" in out


def test_long_sections_are_paged() -> None:
    uris = pages.page_uris("md/inbox/index.md", 2 * pages.PAGE_SIZE + 1)
    assert uris == ["md/inbox/index.md", "md/inbox/papers-2.md", "md/inbox/papers-3.md"]
    assert pages.page_uris("md/inbox/index.md", 0) == ["md/inbox/index.md"]
    text = pages.section_page([], PAPERS[:1], "md/inbox/papers-2.md", uris, 1).markdown
    assert "Pages: [1\u201350](index.md) · **51\u2013100** · [101\u2013150](papers-3.md)" in text


def test_home_page_lists_chapters_and_links() -> None:
    chapter = pages.Group("llm/index.md", "1", "Large Language Model", 3)
    section = pages.Group("llm/eq/index.md", "1.1", "Equiformer", 0)
    text = pages.home_page([(chapter, 0), (section, 1)], {"Contents": "contents.md"}, "index.md")
    assert text == (
        "\n## Chapters\n\n"
        "- [1 Large Language Model](llm/index.md) — 3 papers\n"
        "    - [1\\.1 Equiformer](llm/eq/index.md)\n"
        "\n\n## Browse\n\n[Contents](contents.md)\n"
    )


def test_up_to_the_site_root() -> None:
    assert pages.up("indexes/years/") == "../../"
    assert pages.up("indexes/years.html") == "../"
    assert pages.up("") == ""
    assert pages.up("about.html") == ""


@pytest.mark.parametrize(
    "title", ["Papers by year", "Inbox: papers 51\u2013100", "a # [b] 'c' \"d\""]
)
def test_front_matter_of_a_generated_page_reads_back(title: str) -> None:
    import frontmatter

    post = frontmatter.loads(pages.front(title))
    assert post.metadata["title"] == title
    assert post.content == f"# {pages.md(title)}"
