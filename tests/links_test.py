from __future__ import annotations

import html

import markdown  # type: ignore[import-untyped]
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
        ("https://09/", "url-syntax"),
        ("https://.1/", "url-syntax"),
        ("https://1.2.3.256/", "url-syntax"),
        ("https://%20/", "url-syntax"),
        ("https://[::1]:8080/x", None),
        ("https://0x7f.1/", None),
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


def test_a_host_no_browser_reads_is_named() -> None:
    assert links.field_problem("https://1.2.3.256/paper") == (
        "url-syntax",
        "has a host browsers cannot read ('1.2.3.256')",
    )


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
        # read as the URL standard does: these are relative addresses, the page keeps them
        ("java script:x", True),
        ("java\x00script:x", True),
        ("javascript\\:x", True),
        ("file\x1f:x", True),
        # hosts a browser cannot read: the page drops them
        ("https:.1", False),
        ("https://09/", False),
        ("https://1.2.3.256/", False),
        ("https://%20/", False),
        ("https://[::1]x/", False),
        ("https://[::1]:8080/", True),
        ("https://0x7f.1/", True),
        ("https://%41.org/", True),
        ("mailto://%20", True),
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
    assert links.body_scheme_problem(value, markdown=True) == scheme


@pytest.mark.parametrize(
    ("body", "kept"),
    [
        ("[x](https://example.org/x)", True),
        ("[x](file:///etc/passwd)", False),
        ("[x](javascript:alert(1\\))", False),
        ("<file:///etc/passwd>", False),
        ("[x]: data:text/html,x\n\n[y][x]", False),
        ("[x](../note.md)", True),
    ],
)
def test_what_lint_passes_in_a_markdown_link_the_page_keeps(body: str, kept: bool) -> None:
    flagged = any(f.rule == "unsafe-link" for f in lint.body_problems(body))
    assert flagged is not kept
    page = sanitize.clean_html(markdown.markdown(body))
    assert ("href=" in page) is kept


def test_an_escaped_colon_in_a_markdown_link_is_refused_whatever_the_extensions() -> None:
    # Python-Markdown keeps `\:` (a relative address); pymdownx.escapeall makes it `:`
    body = "[x](javascript\\:alert)"
    assert [f.rule for f in lint.body_problems(body)] == ["unsafe-link"]
    assert "javascript:" not in sanitize.clean_html(markdown.markdown(body))


def test_the_sanitiser_allows_the_policys_schemes() -> None:
    assert set(links.BODY_SCHEMES) == sanitize.URL_SCHEMES


FRAGMENTS = ["java", "script", "JAVA", "file", "data", "mailto", "http", "https", "ftp", ":"]
FRAGMENTS += ["//", "/", "&#106;", "&#x09;", "&colon;", "\t", " ", "\\", "x", ".", "#", "?"]
FRAGMENTS += ["%20", "&", "1", "-", "+", "\x00", "\x1f", "@", "\n", "&#0;", "0x", "09", "256"]
FRAGMENTS += ["%41", "[::1]", "x.y"]
TARGET = st.lists(st.sampled_from(FRAGMENTS), max_size=8).map("".join)


@given(TARGET)
def test_a_body_link_lint_passes_is_a_link_the_page_keeps_and_no_other(target: str) -> None:
    body = f'<a href="{target}">x</a>'
    flagged = any(f.rule == "unsafe-link" for f in lint.body_problems(body))
    if target.strip():
        assert ("href=" in sanitize.clean_html(body)) is not flagged


@given(TARGET.map(lambda t: "https://example.org/" + t) | TARGET)
def test_a_field_address_lint_passes_is_one_the_card_shows(url: str) -> None:
    passes = links.field_problem(url) is None
    assert (card.safe_url(url) is not None) is (passes and bool(url.strip()))
    if passes and url.strip():
        assert "href=" in sanitize.clean_html(card.render({"code": url}))
