"""Maths in notes, rendered offline as MathML (pure).

`$…$` and `\\(…\\)` are inline maths, `$$…$$` and `\\[…\\]` display maths; fenced code
blocks and code spans are left alone, and so is a dollar that does not open maths the way
pandoc reads it (`$5 and $10`: the opening `$` is followed by a non-space, the closing one
preceded by a non-space and not followed by a digit).

Maths is protected before Markdown runs (`protect` puts a token in its place, so that
Markdown neither reads `_` as emphasis nor `\\(` as an escape) and put back as MathML after
the page's HTML has been sanitised (`restore`). The MathML comes from latex2mathml and goes
through its own allow-list (MathML elements and presentation attributes only): TeX such as
`\\text{<script>}` or `\\href{javascript:…}` never reaches the page as markup. Browsers
render MathML Core natively, so the site loads no script and no font for it.
"""

from __future__ import annotations

import html
import re
import secrets
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from dataclasses import field

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)
_MATH = re.compile(
    r"(?<!\\)\$\$(?P<d1>.+?)(?<!\\)\$\$"
    r"|(?<!\\)\\\[(?P<d2>.+?)\\\]"
    r"|(?<!\\)\\\((?P<i1>.+?)\\\)"
    r"|(?<![\\$\w])\$(?![\s$])(?P<i2>(?:[^$\\\n]|\\.)+?)(?<![\s\\])\$(?![\d$])",
    re.DOTALL,
)
_INLINE = re.compile(
    r"(?<!\\)\\\((?P<i1>.+?)\\\)"
    r"|(?<![\\$\w])\$(?![\s$])(?P<i2>(?:[^$\\\n]|\\.)+?)(?<![\s\\])\$(?![\d$])"
)
MAX_TEX = 4000  # a longer "formula" is a stray dollar sign, not maths
_BLOCK_IN_P = re.compile(r'<p>\s*(<math display="block"[^>]*>.*?</math>)\s*</p>', re.DOTALL)
_TAG = re.compile(r'<(?:[^>"]|"[^"]*")*>')

ELEMENTS = frozenset(
    [
        "math",
        "mrow",
        "mi",
        "mo",
        "mn",
        "ms",
        "mtext",
        "mspace",
        "msub",
        "msup",
        "msubsup",
        "mfrac",
        "msqrt",
        "mroot",
        "mstyle",
        "merror",
        "mpadded",
        "mphantom",
        "mfenced",
        "menclose",
        "munder",
        "mover",
        "munderover",
        "mtable",
        "mtr",
        "mtd",
        "mlabeledtr",
        "mmultiscripts",
        "mprescripts",
        "none",
        "semantics",
    ]
)
ATTRIBUTES = frozenset(
    [
        "display",
        "mathvariant",
        "stretchy",
        "fence",
        "separator",
        "lspace",
        "rspace",
        "accent",
        "accentunder",
        "linethickness",
        "columnalign",
        "rowalign",
        "columnspacing",
        "rowspacing",
        "columnlines",
        "rowlines",
        "frame",
        "width",
        "height",
        "depth",
        "minsize",
        "maxsize",
        "movablelimits",
        "symmetric",
        "form",
        "largeop",
        "scriptlevel",
        "displaystyle",
        "open",
        "close",
        "separators",
        "notation",
        "align",
        "voffset",
    ]
)
_SAFE_VALUE = re.compile(r"^[\w .,:;%#+\-]*$")


@dataclass
class Protected:
    """A page's maths, taken out of its Markdown: token -> (TeX, display)."""

    nonce: str = field(default_factory=lambda: secrets.token_hex(6))
    found: dict[str, tuple[str, bool]] = field(default_factory=dict)

    def token(self, tex: str, display: bool) -> str:
        name = f"pvmath{self.nonce}x{len(self.found)}z"
        self.found[name] = (tex, display)
        return name


def protect(markdown: str, into: Protected) -> str:
    """`markdown` with each formula outside code replaced by a token of `into`."""
    if "$" not in markdown and "\\(" not in markdown and "\\[" not in markdown:
        return markdown
    out: list[str] = []
    chunk: list[str] = []
    fence = ""
    for line in markdown.splitlines(keepends=True):
        opened = _FENCE.match(line)
        if fence:
            out.append(line)
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = ""
            continue
        if opened:
            out.append(_protect_text("".join(chunk), into))
            chunk = []
            out.append(line)
            fence = opened.group(1)
            continue
        chunk.append(line)
    out.append(_protect_text("".join(chunk), into))
    return "".join(out)


def _protect_text(text: str, into: Protected) -> str:
    pieces: list[str] = []
    last = 0
    for code in _CODE_SPAN.finditer(text):
        pieces.append(_protect_maths(text[last : code.start()], into))
        pieces.append(code.group())
        last = code.end()
    pieces.append(_protect_maths(text[last:], into))
    return "".join(pieces)


def _protect_maths(text: str, into: Protected) -> str:
    def replace(match: re.Match[str]) -> str:
        tex = next(g for g in match.groups() if g is not None)
        if len(tex) > MAX_TEX or not tex.strip():
            return match.group()
        display = match.group("d1") is not None or match.group("d2") is not None
        return into.token(tex.strip(), display)

    return _MATH.sub(replace, text)


def restore(content: str, maths: Protected) -> str:
    """Sanitised HTML with the tokens (in text, never in attributes) replaced by MathML."""
    if not maths.found or maths.nonce not in content:
        return content
    pattern = re.compile(rf"pvmath{maths.nonce}x\d+z")

    def replace(match: re.Match[str]) -> str:
        found = maths.found.get(match.group())
        return mathml(*found) if found is not None else match.group()

    pieces = []
    last = 0
    for tag in _TAG.finditer(content):
        pieces.append(pattern.sub(replace, content[last : tag.start()]))
        pieces.append(tag.group())
        last = tag.end()
    pieces.append(pattern.sub(replace, content[last:]))
    # a display formula alone in its paragraph stands without the paragraph
    return _BLOCK_IN_P.sub(r"\1", "".join(pieces))


def inline(text: str) -> str:
    """Plain text (a title) as HTML: escaped, with its inline maths as MathML."""
    if "$" not in text and "\\(" not in text:
        return html.escape(text)
    pieces = []
    last = 0
    for match in _INLINE.finditer(text):
        tex = match.group("i1") if match.group("i1") is not None else match.group("i2")
        pieces.append(html.escape(text[last : match.start()]))
        pieces.append(mathml(tex.strip(), False))
        last = match.end()
    pieces.append(html.escape(text[last:]))
    return "".join(pieces)


def mathml(tex: str, display: bool) -> str:
    """The MathML of a formula (allow-listed), or its source as code when it does not parse."""
    from latex2mathml.converter import convert

    mode = "block" if display else "inline"
    try:
        tree = ET.fromstring(convert(tex, display=mode))
    except Exception:  # latex2mathml raises many kinds on bad TeX; keep the source
        css = "pv-tex pv-tex--block" if display else "pv-tex"
        return f'<code class="{css}">{html.escape(tex)}</code>'
    return _element(tree, tex if tree.tag.endswith("math") else "")


def _element(node: ET.Element, alttext: str = "") -> str:
    tag = node.tag.rsplit("}", 1)[-1]
    if tag not in ELEMENTS:
        return html.escape("".join(node.itertext()))  # not MathML: its text only
    attrs = "".join(
        f' {name}="{html.escape(value)}"'
        for name, value in sorted(node.attrib.items())
        if name in ATTRIBUTES and _SAFE_VALUE.match(value)
    )
    if alttext:
        attrs += f' alttext="{html.escape(alttext)}"'
    inner = html.escape(node.text or "")
    for child in node:
        inner += _element(child) + html.escape(child.tail or "")
    return f"<{tag}{attrs}>{inner}</{tag}>"
