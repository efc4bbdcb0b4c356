from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from papervault.conflicts import _NEEDLES
from papervault.conflicts import Conflict
from papervault.conflicts import Marker
from papervault.conflicts import _front_matter_end
from papervault.conflicts import find_conflicts
from papervault.conflicts import line_markers

DATA = Path(__file__).parent / "data" / "conflicts"
NBSP = "\u00a0"

# (line, col, end_line, kind, severity) per finding
Row = tuple[int, int, int, str, str]


def found(text: str, *, asciidoc: bool = False) -> list[Row]:
    return [
        (c.line, c.col, c.end_line, c.kind, c.severity)
        for c in find_conflicts(text, asciidoc=asciidoc)
    ]


GIT = "<<<<<<< HEAD\nours\n=======\ntheirs\n>>>>>>> feature\n"

POSITIVE: list[tuple[str, str, list[Row]]] = [
    # git's own markers
    ("merge style", "a\n" + GIT + "z\n", [(2, 1, 6, "conflict", "error")]),
    (
        "diff3 style",
        "<<<<<<< HEAD\nours\n||||||| merged common ancestors\nbase\n=======\ntheirs\n"
        ">>>>>>> feature\n",
        [(1, 1, 7, "conflict", "error")],
    ),
    (
        "zdiff3 style, sha labels",
        "x\n<<<<<<< HEAD\na\n||||||| 35ed8ce\n=======\nb\n>>>>>>> 9fceb02 (Add MACE)\n",
        [(2, 1, 7, "conflict", "error")],
    ),
    ("no labels", "<<<<<<<\nx\n=======\ny\n>>>>>>>\n", [(1, 1, 5, "conflict", "error")]),
    (
        "stash labels with spaces",
        "<<<<<<< Updated upstream\na\n=======\nb\n>>>>>>> Stashed changes\n",
        [(1, 1, 5, "conflict", "error")],
    ),
    ("CRLF", ("a\n" + GIT).replace("\n", "\r\n"), [(2, 1, 6, "conflict", "error")]),
    ("CR only", ("a\n" + GIT).replace("\n", "\r"), [(2, 1, 6, "conflict", "error")]),
    ("BOM", "\ufeff" + GIT, [(1, 1, 5, "conflict", "error")]),
    ("no final newline", GIT.rstrip("\n"), [(1, 1, 5, "conflict", "error")]),
    (
        "two regions",
        GIT + "between\n" + GIT,
        [(1, 1, 5, "conflict", "error"), (7, 1, 11, "conflict", "error")],
    ),
    (
        "recursive merge: 9-char markers nested in 7-char ones",
        "<<<<<<< HEAD\n<<<<<<<<< Temporary merge branch 1\na\n=========\nb\n"
        ">>>>>>>>> Temporary merge branch 2\n=======\nc\n>>>>>>> feature\n",
        [(1, 1, 9, "conflict", "error")],
    ),
    (
        "setext underline inside a side is part of the region",
        "<<<<<<< HEAD\nTitle\n=======\nbody\n=======\nother\n>>>>>>> b\n",
        [(1, 1, 7, "conflict", "error")],
    ),
    # indented, glued, flattened
    (
        "indented by two spaces",
        "- item\n  <<<<<<< HEAD\n  a\n  =======\n  b\n  >>>>>>> feature\n",
        [(2, 3, 6, "conflict", "error")],
    ),
    (
        "indented by a tab",
        "\t<<<<<<< HEAD\n\ta\n\t=======\n\tb\n\t>>>>>>> f\n",
        [(1, 2, 5, "conflict", "error")],
    ),
    (
        "indented four spaces inside a paragraph",
        "text\n    <<<<<<< HEAD\n    a\n    =======\n    b\n    >>>>>>> f\n",
        [(2, 5, 6, "conflict", "error")],
    ),
    (
        "glued to lines that lacked their newline",
        "x\n<<<<<<< HEAD\npub type Config = RepoConfig;=======\nb>>>>>>> feature\n",
        [(2, 1, 4, "conflict", "error")],
    ),
    (
        "glued opening marker",
        "end of text<<<<<<< HEAD\na\n=======\nb\n>>>>>>> feature\n",
        [(1, 12, 5, "conflict", "error")],
    ),
    (
        "flattened onto one line",
        "Intro. <<<<<<< HEAD mine ======= theirs >>>>>>> feature\n",
        [(1, 8, 1, "conflict", "error")],
    ),
    # typographically mangled
    (
        "guillemets",
        "«««< HEAD\nours\n=====\ntheirs\n»»»> 35ed8ce290410fab34c01e9de4884a4cb28253a\n",
        [(1, 1, 5, "mangled-conflict", "error")],
    ),
    (
        "guillemets with an ASCII separator",
        "«««< HEAD\nours\n=======\ntheirs\n»»»> main\n",
        [(1, 1, 5, "mangled-conflict", "error")],
    ),
    (
        "several per line joined by non-breaking spaces",
        f"«««< HEAD{NBSP * 6} ====={NBSP * 6} »»»> 35ed8ce{NBSP * 3}«««< HEAD\n"
        "===== »»»> 35ed8ce\n",
        [
            (1, 1, 1, "mangled-conflict", "error"),
            (1, 44, 2, "mangled-conflict", "error"),
        ],
    ),
    (
        "the contents' form: four guillemets and a tab",
        "»»»»< HEAD\t\n1.2 Inverse design\t2\n=====\t\n2.2 DeePMD\t3\n»»»»> 35ed8ce\t\n",
        [(1, 1, 5, "mangled-conflict", "error")],
    ),
    (
        "single guillemets",
        "\u2039" * 7 + " HEAD\na\n=======\nb\n" + "\u203a" * 7 + " theirs\n",
        [(1, 1, 5, "mangled-conflict", "error")],
    ),
    (
        "guillemet entities",
        "&laquo;&laquo;&laquo;&lt; HEAD\na\n=======\nb\n&raquo;&raquo;&raquo;&gt; x\n",
        [(1, 1, 5, "mangled-conflict", "error")],
    ),
    (
        "mangled closing marker alone",
        "text\n»»»> 35ed8ce\n",
        [(2, 1, 2, "unmatched-close", "error")],
    ),
    (
        "mangled marker set into a line",
        "See the list «««< HEAD\n",
        [(1, 14, 1, "unterminated-conflict", "error")],
    ),
    # escaped by exporters
    (
        "backslash escapes",
        "\\<\\<\\<\\<\\<\\<\\< HEAD\na\n\\=\\=\\=\\=\\=\\=\\=\nb\n\\>\\>\\>\\>\\>\\>\\> feature\n",
        [(1, 1, 5, "escaped-conflict", "error")],
    ),
    (
        "first character escaped",
        "\\<<<<<<< HEAD\na\n\\=======\nb\n\\>>>>>>> feature\n",
        [(1, 1, 5, "escaped-conflict", "error")],
    ),
    (
        "HTML entities",
        "&lt;&lt;&lt;&lt;&lt;&lt;&lt; HEAD\na\n=======\nb\n&gt;&gt;&gt;&gt;&gt;&gt;&gt; f\n",
        [(1, 1, 5, "escaped-conflict", "error")],
    ),
    (
        "numeric entities",
        "&#60;&#60;&#60;&#60;&#60;&#60;&#60; HEAD\na\n=======\nb\n"
        "&#x3e;&#x3e;&#x3e;&#x3e;&#x3e;&#x3e;&#x3e; f\n",
        [(1, 1, 5, "escaped-conflict", "error")],
    ),
    (
        "HTML export",
        "<p>&lt;&lt;&lt;&lt;&lt;&lt;&lt; HEAD<br>\nours<br>\n=======<br>\ntheirs<br>\n"
        "&gt;&gt;&gt;&gt;&gt;&gt;&gt; feature</p>\n",
        [(1, 4, 5, "escaped-conflict", "error")],
    ),
    (
        "HTML export on one line",
        "<p>&lt;&lt;&lt;&lt;&lt;&lt;&lt; HEAD<br>a<br>=======<br>b<br>"
        "&gt;&gt;&gt;&gt;&gt;&gt;&gt; x</p>\n",
        [(1, 4, 1, "escaped-conflict", "error")],
    ),
    # partly deleted regions
    (
        "closing marker whose opening was deleted",
        "Title\n=======\ntheirs\n>>>>>>> feature\n",
        [(4, 1, 4, "unmatched-close", "error")],
    ),
    ("closing marker alone", ">>>>>>> 9fceb02\n", [(1, 1, 1, "unmatched-close", "error")]),
    (
        "closing marker after a quoted side",
        "> quoted theirs\n>>>>>>> feature\n",
        [(2, 1, 2, "unmatched-close", "error")],
    ),
    (
        "bare closing marker whose opening was deleted",
        "ours\n=======\ntheirs\n>>>>>>>\n",
        [(4, 1, 4, "unmatched-close", "error")],
    ),
    ("bare closing marker under text", "text\n>>>>>>>\n", [(2, 1, 2, "unmatched-close", "error")]),
    (
        "opening marker never closed",
        "<<<<<<< HEAD\na\n=======\nb\n",
        [(1, 1, 3, "unterminated-conflict", "error")],
    ),
    (
        "base marker alone, with a label",
        "a\n||||||| merged common ancestors\nb\n",
        [(2, 1, 2, "lone-base", "error")],
    ),
    # front matter
    (
        "front matter",
        "---\ntitle: A\n<<<<<<< HEAD\nyear: 2020\n=======\nyear: 2021\n>>>>>>> b\n---\nBody\n",
        [(3, 1, 7, "conflict-in-front-matter", "error")],
    ),
    (
        "mangled, in front matter",
        "---\ntitle: A\n«««< HEAD\nyear: 2020\n=====\nyear: 2021\n»»»> b\n---\n",
        [(3, 1, 7, "conflict-in-front-matter", "error")],
    ),
    (
        "closing marker left in front matter",
        "---\ntitle: A\n>>>>>>> b\n---\n",
        [(3, 1, 3, "unmatched-close", "error")],
    ),
    # warnings
    (
        "lone separator after a blank line",
        "text\n\n=======\n\nmore\n",
        [(3, 1, 3, "lone-separator", "warning")],
    ),
    ("lone separator opening a file", "=======\n", [(1, 1, 1, "lone-separator", "warning")]),
    ("base marker without a label", "a\n|||||||\n", [(2, 1, 2, "lone-base", "warning")]),
    (
        "closing marker alone in a fenced block",
        "```\n>>>>>>> feature\n```\n",
        [(2, 1, 2, "unmatched-close", "warning")],
    ),
    (
        "indented like a Markdown code block",
        "Git shows:\n\n    <<<<<<< HEAD\n    a\n    =======\n    b\n    >>>>>>> f\n",
        [(3, 5, 7, "conflict", "error")],
    ),
    (
        "region half in a fence is no example",
        "<<<<<<< HEAD\n```\ncode\n=======\nother\n```\n>>>>>>> f\n",
        [(1, 1, 7, "conflict", "error")],
    ),
]

NEGATIVE: list[tuple[str, str]] = [
    ("plain text", "# Title\n\nSome text: a = b, c < d > e.\n"),
    ("setext heading", "Roadmap\n=======\n\nLicense\n=======\nMIT\n"),
    ("setext under a list line", "- item\n=======\n"),
    ("long rules", "=" * 10 + "\n\n" + "=" * 40 + "\n\n==========\n"),
    ("short rule", "\n=====\n"),
    ("reStructuredText overline", "=======\nLicense\n=======\n\nText\n"),
    ("nested blockquotes", "> a\n> > b\n>>> c\n> > > > d\n"),
    ("deep quoting in a mail archive", ">>>>>> On Monday, A wrote:\n>>>>>>> > Hi\n>>>>>> x\n"),
    ("seven-deep quote after a quote", "> a\n>>>>>>> Thanks!\n"),
    ("python prompts", ">>> import os\n>>> os.getcwd()\n... \n"),
    ("shift operators", "x = a << 7\ny >>= 2\nz = a >>> 3\nw = b <<<<<<<<<< c\n"),
    ("C++ templates", "std::vector<std::vector<std::vector<int>>> v;\n"),
    ("heredoc", "cat <<EOF\nx\nEOF\n"),
    ("French quotes", "« Bonjour », dit-il. «« Non »», répondit-elle.\n"),
    ("guillemet decorations", "»»»» Next chapter\n«««« Back\nHome » Docs » API\n"),
    ("French quotes joined by NBSP", f"«{NBSP}Oui{NBSP}» et «{NBSP}non{NBSP}»\n"),
    ("grid table", "+=======+=======+\n| a     | b     |\n+-------+-------+\n"),
    ("pipe table border", "|=======|=======|\n| a | b |\n"),
    ("simple table", "=======  =======\nA        B\n=======  =======\n"),
    ("empty table cells", "| a | | | | | |\n"),
    ("arrows", "A -->>>>>>> B\nC <<<<<<<-- D\nE ======> F\nG <=======> H\n"),
    ("banners", "===== 3 passed in 0.1s =====\n# =======\n//=======\n"),
    ("prose mention", "Git writes <<<<<<< and >>>>>>> around a conflict.\n"),
    ("prose with commas", "The markers are <<<<<<<, ======= and >>>>>>>.\n"),
    ("inline code", "The line `<<<<<<< HEAD` opens it; `=======` splits it.\n"),
    ("inline code with a closing marker", "Ends with `>>>>>>> branch`\n"),
    ("fenced example", "How it looks:\n\n```text\n" + GIT + "```\n"),
    ("tilde fence", "~~~~\n" + GIT + "~~~~\n"),
    ("longer fence", "````md\n```\n" + GIT + "```\n````\n"),
    ("eight-character runs mid-line", "a <<<<<<<< b >>>>>>>> c\n"),
    ("diff of a conflict", "```diff\n+<<<<<<< HEAD\n+a\n+=======\n+b\n+>>>>>>> f\n```\n"),
    ("added lines in a patch", "+<<<<<<< HEAD\n+a\n+=======\n+b\n+>>>>>>> f\n"),
    ("four angle brackets", "<<<< >>>> «« »»\n"),
    ("ampersands", "R&D &amp; Q&A &lt; &gt;\n"),
    ("a separator glued to text", "pub type Config = RepoConfig;=======\n"),
    ("reStructuredText underline of >", "Constants\n>>>>>>>>>\n\nText.\n"),
    ("reStructuredText underline of < and >", "Roadmap\n<<<<<<<\n\nLicense\n>>>>>>>\n"),
    ("nine-character marker alone", ">>>>>>>>> Temporary merge branch 2\n"),
    ("pytest summary in a docstring", "    ======= 1 failed, 1 passed in 0.13s ====\n"),
    (
        "reStructuredText literal block",
        "Git shows::\n\n   <<<<<<< HEAD\n   a\n   =======\n   b\n   >>>>>>> f\n",
    ),
    (
        "reStructuredText code-block directive",
        ".. code-block:: text\n\n   <<<<<<< HEAD\n   a\n   =======\n   b\n   >>>>>>> f\n",
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"), [c[1:] for c in POSITIVE], ids=[c[0] for c in POSITIVE]
)
def test_finds(text: str, expected: list[Row]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize("text", [c[1] for c in NEGATIVE], ids=[c[0] for c in NEGATIVE])
def test_does_not_cry_wolf(text: str) -> None:
    assert found(text) == []


LINES: list[tuple[str, list[Marker]]] = [
    ("<<<<<<< HEAD", [Marker(1, "open", "<<<<<<< HEAD")]),
    ("||||||| base", [Marker(1, "base", "||||||| base")]),
    ("=======", [Marker(1, "separator", "=======")]),
    (">>>>>>> feature\r\n", [Marker(1, "close", ">>>>>>> feature")]),
    ("«««< HEAD", [Marker(1, "open", "«««< HEAD", "mangled")]),
    (
        f"«««< HEAD{NBSP * 3} ====={NBSP * 2} »»»> 35ed8ce",
        [
            Marker(1, "open", "«««< HEAD", "mangled"),
            Marker(14, "separator", "=====", strong=False),
            Marker(22, "close", "»»»> 35ed8ce", "mangled"),
        ],
    ),
    ("»»»»< HEAD\t", [Marker(1, "open", "»»»»< HEAD", "mangled")]),
    ("»»»»> 35ed8ce290410fab\t", [Marker(1, "close", "»»»»> 35ed8ce290410fab", "mangled")]),
    ("x;=======", [Marker(3, "separator", "=======")]),
    ("b>>>>>>> feature", [Marker(2, "close", ">>>>>>> feature")]),
    (
        "&lt;&lt;&lt;&lt;&lt;&lt;&lt; HEAD",
        [Marker(1, "open", "&lt;&lt;&lt;&lt;&lt;&lt;&lt; HEAD", "escaped")],
    ),
    ("Title", []),
    ("==========", []),
    ("> > > quote", []),
    (">>> 1 << 2", []),
    ("« Bonjour »", []),
    ("|=======|", []),
    ("Use `<<<<<<< HEAD` here", []),
]


@pytest.mark.parametrize(("line", "expected"), LINES, ids=[c[0] for c in LINES])
def test_line_markers(line: str, expected: list[Marker]) -> None:
    assert line_markers(line) == expected


def test_marker_forms() -> None:
    forms = [m.form for m in line_markers("«««< HEAD ===== \\>>>>>>> x")]
    assert forms == ["mangled", "ascii", "escaped"]


def test_conflict_lists_its_markers() -> None:
    (c,) = find_conflicts("a\n" + GIT)
    assert c.text == "<<<<<<< HEAD"
    assert c.lines == (2, 4, 6)
    assert [m.kind for _, m in c.markers] == ["open", "separator", "close"]


def test_asciidoc_listing_blocks_hold_examples() -> None:
    text = "[source,console]\n----\n" + GIT + "----\n"
    assert found(text, asciidoc=True) == []
    assert found(text) == [(3, 1, 7, "conflict", "error")]


PAPER_LIST_MARKER_LINES = {5, 6, 33, 40, 50}


def test_original_list_is_flagged_on_every_marker_line() -> None:
    text = (DATA / "paper-list.md").read_text(encoding="utf-8")
    conflicts = find_conflicts(text)
    assert [(c.line, c.col, c.end_line, c.kind) for c in conflicts] == [
        (5, 1, 5, "mangled-conflict"),
        (5, 76, 6, "mangled-conflict"),
        (6, 52, 6, "mangled-conflict"),
        (33, 1, 50, "mangled-conflict"),
    ]
    assert all(c.severity == "error" for c in conflicts)
    assert {n for c in conflicts for n in c.lines} == PAPER_LIST_MARKER_LINES
    by_line = {n for n, line in enumerate(text.split("\n"), 1) if line_markers(line)}
    assert by_line == PAPER_LIST_MARKER_LINES


@pytest.mark.parametrize(
    "name",
    [
        "git-tutorial.md",
        "readme-setext.md",
        "python-doc.md",
        "french.md",
        "mail-archive.txt",
        "tables.rst",
    ],
)
def test_real_world_samples_without_errors(name: str) -> None:
    text = (DATA / name).read_text(encoding="utf-8")
    assert [c for c in find_conflicts(text) if c.severity == "error"] == []


def test_real_world_export_is_flagged() -> None:
    text = (DATA / "pandoc-export.md").read_text(encoding="utf-8")
    assert found(text) == [(7, 1, 13, "escaped-conflict", "error")]


# --- properties ---------------------------------------------------------------------

SAFE = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Zl", "Zp", "Cc"),
        blacklist_characters="<>|=\\&«»\u2039\u203a`~",
    ),
    max_size=30,
)
LABEL = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9/_.-]{0,20}", fullmatch=True)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="<>|=«»\\&lt;gt#x3c `~-\n\r\t\u00a0aH", max_size=200))
def test_never_raises_and_stays_in_range(text: str) -> None:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").split("\n")
    for c in find_conflicts(text):
        assert 1 <= c.line <= c.end_line <= len(lines)
        assert c.severity in ("error", "warning")
        assert c.col >= 1


def _region(ours: list[str], theirs: list[str], left: str, right: str) -> list[str]:
    return [f"<<<<<<< {left}", *ours, "=======", *theirs, f">>>>>>> {right}"]


def _kind_at(text: str, line: int, outside: str) -> str:
    """The kind a region opening at `line` has: in front matter (as the note model finds
    it: a side's `---` or `...` line may close a block the text before opened), or `outside`."""
    return "conflict-in-front-matter" if line <= _front_matter_end(text) else outside


@settings(max_examples=100, deadline=None)
@given(
    before=st.lists(SAFE, max_size=8),
    ours=st.lists(SAFE, max_size=4),
    theirs=st.lists(SAFE, max_size=4),
    after=st.lists(SAFE, max_size=8),
    left=LABEL,
    right=LABEL,
    crlf=st.booleans(),
)
@example(before=["---"], ours=["..."], theirs=[], after=[], left="HEAD", right="b", crlf=True)
@example(before=["---"], ours=[], theirs=["---"], after=[], left="HEAD", right="b", crlf=False)
def test_a_git_region_is_found_with_its_extent(
    before: list[str],
    ours: list[str],
    theirs: list[str],
    after: list[str],
    left: str,
    right: str,
    crlf: bool,
) -> None:
    lines = [*before, *_region(ours, theirs, left, right), *after]
    text = ("\r\n" if crlf else "\n").join(lines) + "\n"
    first = len(before) + 1
    last = first + len(ours) + len(theirs) + 2
    assert found(text) == [(first, 1, last, _kind_at(text, first, "conflict"), "error")]


def _mangle(marker: str) -> str:
    return marker.replace("<<", "«").replace(">>", "»").replace("=======", "=====")


@settings(max_examples=100, deadline=None)
@given(
    before=st.lists(SAFE, max_size=6),
    ours=st.lists(SAFE, max_size=3),
    theirs=st.lists(SAFE, max_size=3),
    joiner=st.sampled_from([None, " ", NBSP * 3, "\t"]),
)
@example(before=["---"], ours=[], theirs=["..."], joiner=None)  # found by this test
@example(before=["---"], ours=["---"], theirs=[], joiner=None)
@example(before=["---"], ours=[], theirs=["..."], joiner=" ")
def test_mangling_keeps_the_region(
    before: list[str], ours: list[str], theirs: list[str], joiner: str | None
) -> None:
    """Folding `<<`→`«`, `>>`→`»` (and joining the lines) still finds the same region, and
    unjoined it is classified as the plain region is (in front matter or not)."""
    plain = _region(ours, theirs, "HEAD", "35ed8ce")
    region = [_mangle(x) for x in plain]
    if joiner is not None:
        region = [joiner.join(x for x in region if x.strip())]
    lines = [*before, *region]
    text = "\n".join(lines) + "\n"
    (c,) = find_conflicts(text)
    first = len(before) + 1
    kind = _kind_at(text, first, "mangled-conflict")
    assert (c.line, c.kind, c.end_line) == (first, kind, len(lines))
    if joiner is None:
        (p,) = find_conflicts("\n".join([*before, *plain]) + "\n")
        assert (p.line, p.end_line) == (c.line, c.end_line)
        assert (p.kind == "conflict-in-front-matter") == (c.kind == "conflict-in-front-matter")


UNITS = ["<", ">", "|", "=", "«", "»", "\u2039", "\u203a", "\\", "&lt;", "&gt;", "&#60;"]
UNITS += ["&laquo;", "&raquo;", " ", "\u00a0", "x", "HEAD", ";", "&"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(UNITS), max_size=40).map("".join))
@example("====\\=")  # an escaped separator no needle matched (found by this test)
@example("\\<<<<<<< HEAD")
@example("=\\=\\=\\=")
def test_every_marker_line_holds_a_needle(line: str) -> None:
    """find_conflicts parses only lines holding a needle: none holding a marker is skipped."""
    if line_markers(line):
        assert any(needle in line for needle in _NEEDLES), line_markers(line)


def test_conflict_is_a_frozen_value() -> None:
    c = Conflict(1, 1, 1, "conflict", "error", "<<<<<<< HEAD")
    with pytest.raises(AttributeError):
        c.line = 2  # type: ignore[misc]
    assert c == Conflict(1, 1, 1, "conflict", "error", "<<<<<<< HEAD", ())
    assert hash(c) == hash(Conflict(1, 1, 1, "conflict", "error", "<<<<<<< HEAD"))
