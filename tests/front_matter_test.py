from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from papervault import conflicts
from papervault import front_matter
from papervault import lint
from papervault import notes
from papervault.errors import NoteError
from papervault.merge import quick
from papervault.merge.note import _body_of


@pytest.mark.parametrize(
    ("text", "split"),
    [
        ("---\ntitle: A\n---\nBody\n", ("---\ntitle: A\n---\n", "Body\n")),
        ("\ufeff---\ntitle: A\n...\nBody\n", ("\ufeff---\ntitle: A\n...\n", "Body\n")),
        ("---  \r\ntitle: A\r\n---\t\r\nBody", ("---  \r\ntitle: A\r\n---\t\r\n", "Body")),
        ("---\n---\n", ("---\n---\n", "")),
        ("---\ntitle: A\n", None),
        ("Body\n---\ntitle: A\n---\n", None),
        ("+++\ntitle = 'A'\n+++\n", None),
        ("", None),
    ],
)
def test_split(text: str, split: tuple[str, str] | None) -> None:
    assert front_matter.split(text) == split
    data = text.encode("utf-8")
    expected = None if split is None else (split[0].encode(), split[1].encode())
    assert front_matter.split_bytes(data) == expected


def test_the_conflict_guard_sees_front_matter_after_a_byte_order_mark() -> None:
    """It did not: a BOM made it read the front matter's markers as the body's."""
    lines = "\ufeff---\ntitle: A\n---\nBody\n".splitlines(keepends=True)
    assert conflicts._front_matter_end(lines) == 3


LINE = st.sampled_from(["---", "--- ", "...", "\ufeff---", "title: A", "", "x: 1", "Body"])
TEXT = st.lists(LINE, max_size=8).map("\n".join) | st.lists(LINE, max_size=8).map(
    lambda lines: "".join(f"{line}\n" for line in lines)
)


@given(TEXT)
def test_every_reader_agrees_where_the_front_matter_ends(text: str) -> None:
    found = front_matter.split(text)
    raw = quick.split(text.encode("utf-8"))
    assert raw == (None if found is None else (found[0].encode(), found[1].encode()))
    assert _body_of(text) == (text if found is None else found[1])
    lines = text.splitlines(keepends=True)
    assert conflicts._front_matter_end(lines) == (
        0 if found is None else len(found[0].splitlines())
    )
    try:
        note = notes.loads(text, "n.md")
    except NoteError:
        return
    assert note.body == (text if found is None else found[1])
    if found is None:
        assert lint.front_matter_node(note) is None
