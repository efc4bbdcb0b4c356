from __future__ import annotations

import pytest

from papervault.site import sanitize


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        pytest.param("<p>hi<script>alert(1)</script></p>", "<p>hi</p>", id="script"),
        pytest.param('<p onclick="x()" class="a" id="b">hi</p>', '<p class="a" id="b">hi</p>'),
        pytest.param('<a href="javascript:alert(1)">x</a>', "<a>x</a>", id="javascript"),
        pytest.param('<a href="JaVa&#x09;script:alert(1)">x</a>', "<a>x</a>", id="entity"),
        pytest.param('<a href="../x/#y" title="t">x</a>', '<a href="../x/#y" title="t">x</a>'),
        pytest.param('<img src="data:image/png;base64,AA" onerror="x()">', "<img>", id="data"),
        pytest.param('<iframe src="https://example.org"></iframe>ok', "ok", id="iframe"),
        pytest.param("<svg onload=alert(1)><script>x()</script></svg>ok", "ok", id="svg"),
        pytest.param("<style>body{display:none}</style>ok", "ok", id="style"),
        pytest.param('<object data="x.swf"></object><embed src="x.swf">ok', "ok"),
        pytest.param('<form action="/x"><input name="a"></form>ok', "ok", id="form"),
        pytest.param(
            '<table><tr><td style="text-align: left; position: fixed">x</td></tr></table>',
            '<table><tbody><tr><td style="text-align:left">x</td></tr></tbody></table>',
            id="style-attribute",
        ),
        pytest.param('<!-- material/tags --><h6 id="t/slug">x</h6>', None, id="comment-kept"),
    ],
)
def test_clean_html(html: str, expected: str | None) -> None:
    assert sanitize.clean_html(html) == (html if expected is None else expected)


def test_page_meta_keeps_only_what_the_theme_needs_escaped() -> None:
    meta = {
        "title": "<img src=x onerror=alert(1)>",
        "description": '"><script>alert(1)</script>',
        "icon": "../../etc/passwd",
        "template": "evil.html",
        "subtitle": "<script>",
        "hide": ["toc", "<script>", 3],
        "search": {"boost": "2", "exclude": "yes"},
        "tags": ["not from here"],
    }
    assert sanitize.page_meta(meta, ["<b>tag</b>"]) == {
        "title": "&lt;img src=x onerror=alert(1)&gt;",
        "description": "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;",
        "tags": ["&lt;b&gt;tag&lt;/b&gt;"],
        "hide": ["toc"],
        "search": {"boost": 2.0},
    }


def test_page_meta_of_plain_values() -> None:
    assert sanitize.page_meta({"title": 2024, "search": {"exclude": True}}, []) == {
        "title": "2024",
        "search": {"exclude": True},
    }
    assert sanitize.page_meta({"title": True, "search": {"boost": "x"}}, []) == {"search": {}}
