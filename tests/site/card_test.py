from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from papervault.site import card


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("https://arxiv.org/abs/2206.11990", "https://arxiv.org/abs/2206.11990"),
        pytest.param("http://example.org/a?b=c#d", "http://example.org/a?b=c#d"),
        pytest.param("  https://example.org  ", "https://example.org", id="stripped"),
        pytest.param("javascript:alert(1)", None, id="javascript"),
        pytest.param("JavaScript:alert(1)", None, id="javascript-case"),
        pytest.param(" javascript:alert(1)", None, id="javascript-space"),
        pytest.param("java\tscript:alert(1)", None, id="javascript-tab"),
        pytest.param("data:text/html,<script>alert(1)</script>", None, id="data"),
        pytest.param("vbscript:msgbox", None, id="vbscript"),
        pytest.param("//evil.example/x", None, id="scheme-relative"),
        pytest.param("https://", None, id="no-host"),
        pytest.param('https://example.org/"onmouseover="x', None, id="quote"),
        pytest.param("https://example.org/<script>", None, id="angle"),
        pytest.param("ftp://example.org/file", None, id="ftp"),
        pytest.param(42, None, id="number"),
        pytest.param(None, None, id="null"),
        pytest.param(["https://example.org"], None, id="list"),
    ],
)
def test_safe_url(value: Any, expected: str | None) -> None:
    assert card.safe_url(value) == expected


def test_links_in_order_without_the_article_when_it_is_the_arxiv_page() -> None:
    meta = {
        "url": "https://arxiv.org/abs/2206.11990",
        "arxiv": "2206.11990",
        "doi": "10.1063/5.0155600",
        "code": "https://github.com/atomicarchitects/equiformer",
    }
    assert card.links(meta) == [
        card.Link("arXiv 2206.11990", "https://arxiv.org/abs/2206.11990", "arxiv"),
        card.Link("DOI", "https://doi.org/10.1063/5.0155600", "doi"),
        card.Link("Code", "https://github.com/atomicarchitects/equiformer", "code"),
    ]


def test_links_from_addresses_and_garbage() -> None:
    meta = {
        "url": "https://www.nature.com/articles/x",
        "arxiv": "https://arxiv.org/pdf/2006.10503v2.pdf",
        "doi": "not a doi",
        "code": "javascript:alert(1)",
    }
    assert card.links(meta) == [
        card.Link("Article", "https://www.nature.com/articles/x", "article"),
        card.Link("arXiv 2006.10503v2", "https://arxiv.org/abs/2006.10503v2", "arxiv"),
    ]


def test_a_doi_with_a_quote_is_encoded() -> None:
    [link] = card.links({"doi": '10.1000/x"onmouseover="alert(1)'})
    assert link.href == "https://doi.org/10.1000/x%22onmouseover%3D%22alert(1)"


def test_render_a_full_card() -> None:
    meta = {
        "title": "Equiformer",
        "authors": ["Yi-Lun Liao", "Tess Smidt"],
        "lead_authors": ["Yi-Lun Liao (MIT)"],
        "venue": "ICLR",
        "year": 2023,
        "arxiv": "2206.11990",
    }
    html = card.render(meta, {"venue": "../indexes/venues/", "year": "../indexes/years/"})
    assert html == (
        '<div class="pv-card">\n'
        '<dl class="pv-fields"><dt>Authors</dt><dd>Yi-Lun Liao, Tess Smidt</dd>'
        '<dt>Lead author</dt><dd>Yi-Lun Liao <span class="pv-affiliation">(MIT)</span></dd>'
        '<dt>Published</dt><dd><a href="../indexes/venues/#venue-iclr">ICLR</a>, '
        '<a href="../indexes/years/#year-2023">2023</a></dd></dl>\n'
        '<p class="pv-links"><a class="md-button pv-arxiv md-button--primary" '
        'href="https://arxiv.org/abs/2206.11990">arXiv 2206.11990</a></p>\n'
        "</div>\n"
    )


def test_render_escapes_every_value() -> None:
    meta = {
        "authors": ["<script>alert(1)</script>"],
        "lead_authors": ['<b>x</b> ("><img src=x onerror=alert(1)>)'],
        "venue": "A & B <i>",
    }
    html = card.render(meta)
    assert "<script" not in html
    assert "<img" not in html
    assert "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "A &amp; B &lt;i&gt;" in html


def test_render_plain_names_and_nothing() -> None:
    assert card.render({"lead_authors": ["Ada Lovelace"]}) == (
        '<div class="pv-card">\n'
        '<dl class="pv-fields"><dt>Authors</dt><dd>Ada Lovelace</dd>'
        "<dt>Lead author</dt><dd>Ada Lovelace</dd></dl>\n"
        "</div>\n"
    )
    assert card.render({"authors": {"not": "a list"}, "year": True}) == (
        '<div class="pv-card">\n</div>\n'
    )


def test_extra_buttons_follow_the_papers_own() -> None:
    extra = [card.Link("BibTeX", "https://example.org/p.bib", "bibtex")]
    html = card.render({"code": "https://github.com/a/b"}, extra=extra)
    assert html.index("pv-code") < html.index("pv-bibtex")


@given(st.dictionaries(st.sampled_from(["url", "code", "arxiv", "doi", "venue"]), st.text()))
def test_every_link_on_a_card_is_http(meta: dict[str, str]) -> None:
    for link in card.links(meta):
        assert link.href.startswith(("https://", "http://"))
        assert card.safe_url(link.href) == link.href


def test_summary_is_one_escaped_line() -> None:
    meta = {
        "authors": ["A <b>", "B"],
        "lead_authors": ["A <b> (MIT)"],
        "venue": "ICLR",
        "year": 2023,
    }
    assert card.summary(meta) == (
        '<p class="pv-summary">A &lt;b&gt;, B. A &lt;b&gt; (MIT). ICLR, 2023</p>\n'
    )
    assert card.summary({"title": "only a title"}) == ""


def test_tags_row_links_each_tag_to_its_heading() -> None:
    meta = {"tags": ["equivariance", "<b>x</b>"]}
    html = card.render(meta, {"tag": "../../tags/"}, tags=True)
    assert (
        '<dt>Tags</dt><dd><a class="pv-tag" href="../../tags/#tag-equivariance">equivariance</a> '
        '<a class="pv-tag" href="../../tags/#tag-b-x-b">&lt;b&gt;x&lt;/b&gt;</a></dd>'
    ) in html
    assert "Tags" not in card.render(meta, {"tag": "../../tags/"})
    assert '<span class="pv-tag">equivariance</span>' in card.render(meta, tags=True)
