from __future__ import annotations

import html

import pytest
from hypothesis import given
from hypothesis import strategies as st

from papervault import links
from papervault import lint
from papervault import schema
from papervault.site import card
from papervault.site import sanitize


@pytest.mark.parametrize(
    ("url", "rule"),
    [
        ("https://example.org/a", None),
        ("http://example.org:8080/a?b=c&d=e#f", None),
        ("HTTPS://Example.org/", None),
        ('https://example.org/a"b', "url-syntax"),
        ("https://example.org/a'b", "url-syntax"),
        ("https://example.org/a<b>", "url-syntax"),
        ("https://example.org/a`b", "url-syntax"),
        ("https://example.org/a{b}", "url-syntax"),
        ("https://example.org/a\\b", "url-syntax"),
        ("https://example.org/a b", "url-syntax"),
        ("https://example.org/\x00", "url-syntax"),
        ("https://example.org/\x7f", "url-syntax"),
        ("https://example.org:99999/", "url-syntax"),
        ("https://[::1/", "url-syntax"),
        ("https://", "url-syntax"),
        ("https:example.org", "url-syntax"),
        ("//example.org/x", "url-scheme"),
        ("file:///etc/passwd", "url-scheme"),
        ("ftp://example.org/x", "url-scheme"),
        ("javascript:alert(1)", "url-scheme"),
        ("mailto:a@b.c", "url-scheme"),
    ],
)
def test_what_lint_passes_in_a_field_the_card_shows(url: str, rule: str | None) -> None:
    problem = links.field_problem(url)
    assert (problem[0] if problem else None) == rule
    issues = [i.rule for i in schema.check_paper({"title": "T", "url": url, "year": 2020})]
    assert (rule in issues) if rule else not {"url-syntax", "url-scheme"} & set(issues)
    shown = card.safe_url(url)
    assert (shown is not None) is (rule is None)
    if shown is not None:
        page = sanitize.clean_html(card.render({"url": url}))
        assert f'href="{html.escape(shown, quote=True)}"' in page


def test_a_character_that_breaks_out_is_named_with_its_percent_encoding() -> None:
    assert links.field_problem("https://example.org/a'b") == (
        "url-syntax",
        'contains "\'" (write it as %27)',
    )
    assert links.field_problem('https://example.org/a"b') == (
        "url-syntax",
        'contains { } \\ or " (write them %-encoded: %7B %7D %5C %22)',
    )


@pytest.mark.parametrize(
    ("target", "kept"),
    [
        ("https://example.org/x", True),
        ("mailto:a@b.c", True),
        ("../other/note/#part", True),
        ("#a:b", True),
        ("file:///etc/passwd", False),
        ("data:image/png;base64,AA", False),
        ("ftp://example.org/x", False),
        ("javascript:alert(1)", False),
        ("JaVa&#x09;script:alert(1)", False),
    ],
)
def test_what_lint_passes_in_a_body_the_page_keeps(target: str, kept: bool) -> None:
    body = f'<a href="{target}">x</a>'
    flagged = any(f.rule == "unsafe-link" for f in lint.body_problems(body))
    assert flagged is not kept
    assert ("href=" in sanitize.clean_html(body)) is kept


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
        ("data:image/png;base64,xx", "data"),
        ("file:///etc/passwd", "file"),
        ("FTP://example.org", "ftp"),
        ("https://example.org/javascript:x", None),
        ("mailto:a@b.c", None),
        ("relative/path.md", None),
    ],
)
def test_the_scheme_of_a_body_link_the_site_drops(value: str, scheme: str | None) -> None:
    assert links.body_scheme_problem(value) == scheme


def test_the_sanitiser_allows_the_policys_schemes() -> None:
    assert set(links.BODY_SCHEMES) == sanitize.URL_SCHEMES


FRAGMENTS = ["java", "script", "JAVA", "file", "data", "mailto", "http", "https", "ftp", ":"]
FRAGMENTS += ["//", "/", "&#106;", "&#x09;", "&colon;", "\t", " ", "\\", "x", ".", "#", "?"]
FRAGMENTS += ["%20", "&", "1", "-", "+", "\x00", "\x1f"]
TARGET = st.lists(st.sampled_from(FRAGMENTS), max_size=8).map("".join)


@given(TARGET)
def test_a_body_link_lint_passes_is_a_link_the_page_keeps(target: str) -> None:
    body = f'<a href="{target}">x</a>'
    flagged = any(f.rule == "unsafe-link" for f in lint.body_problems(body))
    if not flagged and target.strip():
        assert "href=" in sanitize.clean_html(body)


@given(TARGET.map(lambda t: "https://example.org/" + t) | TARGET)
def test_a_field_address_lint_passes_is_one_the_card_shows(url: str) -> None:
    passes = links.field_problem(url) is None
    assert (card.safe_url(url) is not None) is (passes and bool(url.strip()))
    if passes and url.strip():
        assert "href=" in sanitize.clean_html(card.render({"code": url}))
