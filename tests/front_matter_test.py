from __future__ import annotations

import inspect
import json
from pathlib import Path

import frontmatter
import pytest
from frontmatter import default_handlers
from hypothesis import example
from hypothesis import given
from hypothesis import strategies as st

from papervault import conflicts
from papervault import front_matter
from papervault import notes
from papervault.cli import main
from papervault.errors import NoteError
from papervault.front_matter import TOML
from papervault.front_matter import YAML
from papervault.merge import quick
from papervault.merge.note import _body_of


@pytest.mark.parametrize(
    ("text", "split"),
    [
        ("---\ntitle: A\n---\nBody\n", ("---\ntitle: A\n---\n", "Body\n")),
        ("\ufeff---\ntitle: A\n...\nBody\n", ("\ufeff---\ntitle: A\n...\n", "Body\n")),
        ("---  \r\ntitle: A\r\n---\t\r\nBody", ("---  \r\ntitle: A\r\n---\t\r\n", "Body")),
        ("---\n---\n", ("---\n---\n", "")),
        ("-----\ntitle: A\n---\n", ("-----\ntitle: A\n---\n", "")),
        ("+++\ntitle = 'A'\n+++\nBody\n", ("+++\ntitle = 'A'\n+++\n", "Body\n")),
        ("++++ \ntitle = 'A'\n+++\n", ("++++ \ntitle = 'A'\n+++\n", "")),
        ("+++\ntitle = 'A'\n---\n", None),  # TOML closes with +++ only
        ("+++\ntitle = 'A'\n...\n", None),
        ("---\ntitle: A\n+++\n", None),
        ("---\ntitle: A\n", None),
        ("--\ntitle: A\n--\n", None),
        ("--- x\ntitle: A\n---\n", None),
        ("Body\n---\ntitle: A\n---\n", None),
        ("\n---\ntitle: A\n---\n", None),
        ("---\rtitle: A\r---\rBody\r", None),  # lines end at LF, as git's do
        ("---", None),
        ("", None),
    ],
)
def test_split(text: str, split: tuple[str, str] | None) -> None:
    assert front_matter.split(text) == split
    data = text.encode("utf-8")
    expected = None if split is None else (split[0].encode(), split[1].encode())
    assert front_matter.split_bytes(data) == expected


def test_split_bytes_needs_utf8() -> None:
    assert front_matter.split_bytes(b"---\ntitle: \xff\n---\nBody\n") is None


def test_the_boundaries_are_python_frontmatters() -> None:
    """The stdlib copies here are the handlers' own patterns (TOMLHandler exists only
    with the `toml` package installed: its source line is compared)."""
    assert front_matter.YAML_BOUNDARY == default_handlers.YAMLHandler.FM_BOUNDARY
    toml_line = 'FM_BOUNDARY = re.compile(r"^\\+{3,}\\s*$", re.MULTILINE)'
    assert toml_line in inspect.getsource(default_handlers)
    assert front_matter.TOML_BOUNDARY.pattern == r"^\+{3,}\s*$"
    assert front_matter.TOML_BOUNDARY.flags == default_handlers.YAMLHandler.FM_BOUNDARY.flags
    assert front_matter.handler(TOML).FM_BOUNDARY is front_matter.TOML_BOUNDARY
    assert isinstance(front_matter.handler(YAML), default_handlers.YAMLHandler)


def test_the_conflict_guard_sees_front_matter_after_a_byte_order_mark() -> None:
    """It did not: a BOM made it read the front matter's markers as the body's."""
    assert conflicts._front_matter_end("\ufeff---\ntitle: A\n---\nBody\n") == 3


def test_the_conflict_guard_counts_lines_as_it_reads_them() -> None:
    assert conflicts._front_matter_end("---\r\ntitle: A\rx: 1\n---\nBody\n") == 4
    assert conflicts._front_matter_end("+++\ntitle = 'A'\n+++\n") == 3


DELIMITERS = ["---", "--- ", "----", "...", "+++", "+++ ", "\ufeff---", "\ufeff+++"]
LINE = st.sampled_from([*DELIMITERS, "title: A", "title = 'A'", "", " ", "x: 1", "Body", "-- "])
TEXT = st.lists(LINE, max_size=8).map("\n".join) | st.lists(LINE, max_size=8).map(
    lambda lines: "".join(f"{line}\n" for line in lines)
)


@given(TEXT)
@example("+++\ntitle = 'A'\n+++\nBody\n")
@example("\ufeff---\n...\n")
def test_every_reader_agrees_where_the_front_matter_ends(text: str) -> None:
    found = front_matter.split(text)
    raw = quick.split(text.encode("utf-8"))
    assert raw == (None if found is None else (found[0].encode(), found[1].encode()))
    assert _body_of(text) == (text if found is None else found[1])
    assert conflicts._front_matter_end(text) == (0 if found is None else len(found[0].splitlines()))
    try:
        note = notes.loads(text, "n.md")
    except NoteError:
        return
    assert note.body == (text if found is None else found[1])
    assert note.body_line() == (1 if found is None else found[0].count("\n") + 1)
    if found is None:
        assert notes.front_matter_node(note) is None


@given(TEXT.map(lambda text: text.removeprefix("\ufeff")))
@example("---\n\n\ntitle: A\n---  \n\nBody\n")
@example("---\ntitle: A\n...\n---\n")
def test_find_is_the_handlers_split(text: str) -> None:
    """The block `find` gives is the one python-frontmatter's handler API finds, as offsets:
    `detect_format` picks the same format and `handler.split` splits at the same line (it
    strips the whitespace around the delimiters). YAML's `...` closer is papervault's own."""
    handlers = [front_matter.handler(YAML), front_matter.handler(TOML)]
    handler = frontmatter.detect_format(text, handlers)
    block = front_matter.find(text)
    if handler is None:
        assert block is None
        assert front_matter.opens(text) is None
        return
    fmt = YAML if handler is handlers[0] else TOML
    assert front_matter.opens(text) == fmt
    assert handler.FM_BOUNDARY is not None
    starts = [m.start() for m in handler.FM_BOUNDARY.finditer(text)]
    if block is not None and text[block.closer] == ".":
        assert block.format == YAML
        assert all(s > block.closer for s in starts[1:])
        return
    if len(starts) < 2:
        assert block is None
        with pytest.raises(ValueError, match="not enough values"):
            handler.split(text)
        return
    assert block is not None
    assert (block.format, block.closer) == (fmt, starts[1])
    fm, content = handler.split(text)
    assert fm.strip() == text[block.inner : block.closer].strip()
    assert content.strip() == text[block.end :].strip()


TOML_NOTE = "+++\ntitle = 'NequIP '\narxiv = 2101.03164\nyear = 2021\norder = 3\n+++\nBody.\n"


def test_a_toml_note_reads_everywhere_a_note_is_read(
    sample_vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """lint, toc and export read TOML front matter; `lint --fix` leaves it alone."""
    path = sample_vault / "md/potentials/nequip.md"
    path.write_text(TOML_NOTE)
    assert main(["lint", "--format", "json", str(path)]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["rule"], r["line"]) for r in rows] == [("missing-venue", 1), ("whitespace", 2)]
    assert main(["lint", "--fix", str(path)]) == 1
    assert capsys.readouterr().out.splitlines()[0] == (
        f"{path}:1:1: fix-failed whitespace not fixed: TOML front matter is read-only here:"
        " papervault writes YAML (`---`) only; fix it by hand"
    )
    assert path.read_text() == TOML_NOTE
    assert main(["toc"]) == 0
    assert "    - [2.2.2 NequIP](md/potentials/nequip.md)\n" in capsys.readouterr().out
    assert main(["export", "-o", "papers.bib"]) == 0
    assert (
        "\ttitle = {NequIP },\n\tyear = {2021},\n\teprint = {2101.03164},"
        in Path("papers.bib").read_text()
    )
