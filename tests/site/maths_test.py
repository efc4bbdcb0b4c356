from __future__ import annotations

import markdown  # type: ignore[import-untyped]
import pytest
from hypothesis import given
from hypothesis import strategies as st

from papervault.site import maths


def render(text: str) -> str:
    protected = maths.Protected()
    html = markdown.markdown(maths.protect(text, protected), extensions=["fenced_code"])
    return maths.restore(html, protected)


@pytest.mark.parametrize(
    ("source", "tex", "display"),
    [
        pytest.param("Let $f : V \\to W$ be", "f : V \\to W", "inline", id="dollar"),
        pytest.param("Let \\(a_1\\) be", "a_1", "inline", id="paren"),
        pytest.param("$$\n\\sum_i x_i\n$$", "\\sum_i x_i", "block", id="dollars"),
        pytest.param("\\[ x^2 \\]", "x^2", "block", id="bracket"),
    ],
)
def test_maths_becomes_mathml(source: str, tex: str, display: str) -> None:
    out = render(source)
    assert f'<math display="{display}" alttext="{tex}">' in out.replace("&gt;", ">")
    assert "$" not in out
    assert "pvmath" not in out


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("It costs $5 and $10 a month.", id="currency"),
        pytest.param("Use `$x$` in code.", id="code-span"),
        pytest.param("```\n$x$\n```", id="fence"),
        pytest.param("A \\$ sign and $ alone.", id="escaped"),
    ],
)
def test_dollars_that_are_not_maths_stay(source: str) -> None:
    out = render(source)
    assert "<math" not in out
    assert "$" in out


def test_tex_cannot_smuggle_markup() -> None:
    out = render("$\\text{<script>alert(1)</script>} \\href{javascript:alert(1)}{x}$")
    assert "<script" not in out
    assert "javascript" not in out.replace('alttext="', "").split('">', 1)[1]
    assert "href" not in out.split('">', 1)[1]


def test_bad_tex_is_shown_as_its_source() -> None:
    assert maths.mathml("\\frac{", False) == '<code class="pv-tex">\\frac{</code>'


def test_inline_titles() -> None:
    assert maths.inline("A <b> & $x$") == (
        'A &lt;b&gt; &amp; <math display="inline" alttext="x"><mrow><mi>x</mi></mrow></math>'
    )
    assert maths.inline("$5 and $10") == "$5 and $10"


def test_a_token_in_an_attribute_is_left_as_text() -> None:
    out = render("![a $x$ b](img.png)")
    assert "<math" not in out.split("<img", 1)[1].split(">", 1)[0]


@given(st.text())
def test_text_without_maths_markers_is_untouched(text: str) -> None:
    if "$" in text or "\\(" in text or "\\[" in text:
        return
    assert maths.protect(text, maths.Protected()) == text
