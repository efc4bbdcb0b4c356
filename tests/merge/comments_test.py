"""Every byte of both sides: YAML comments added on either side survive the note merge."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from papervault.merge.note import comments
from papervault.merge.note import merge_note
from papervault.notes import loads
from tests.commands.gitrepo import new_repo
from tests.merge.note_test import base_notes
from tests.merge.note_test import edited
from tests.merge.note_test import render

LAW = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def commented(draw: st.DrawFn, data: bytes, side: str) -> tuple[bytes, list[str]]:
    """`data` with comment lines and end-of-line comments added in its front matter."""
    lines = data.decode().split("\n")
    closer = lines.index("---", 1)
    added: list[str] = []
    for n in range(draw(st.integers(0, 4))):
        text = f"# {side} comment {n}"
        added.append(text)
        at = draw(st.integers(1, closer - 1)) if closer > 1 else 1
        if draw(st.booleans()) and closer > 1 and " comment " not in lines[at]:
            lines[at] += "  " + text
        else:
            lines.insert(at, text)
            closer += 1
    return "\n".join(lines).encode(), added


@st.composite
def commented_triples(draw: st.DrawFn) -> tuple[bytes, bytes, bytes, bytes, bytes, list[str]]:
    base_note = draw(base_notes())
    base = render(base_note)
    ours, theirs = render(draw(edited(base_note))), render(draw(edited(base_note)))
    ours_c, ours_added = draw(commented(ours, "ours"))
    theirs_c, theirs_added = draw(commented(theirs, "theirs"))
    return base, ours, theirs, ours_c, theirs_c, ours_added + theirs_added


@LAW
@given(commented_triples())
def test_comments_added_on_either_side_survive(
    case: tuple[bytes, bytes, bytes, bytes, bytes, list[str]],
) -> None:
    base, ours, theirs, ours_c, theirs_c, added = case
    plain = merge_note(base, ours, theirs)
    result = merge_note(base, ours_c, theirs_c)
    for text in added:
        assert text.encode() in result.data, text
    assert result.clean == plain.clean
    if result.clean:  # comments are no data: the same fields and body as without them
        merged, expected = loads(result.data.decode(), "m"), loads(plain.data.decode(), "p")
        assert merged.meta == expected.meta
        assert merged.body == expected.body


@LAW
@given(commented_triples())
def test_comments_are_symmetric_and_idempotent(
    case: tuple[bytes, bytes, bytes, bytes, bytes, list[str]],
) -> None:
    base, _, _, ours_c, theirs_c, added = case
    one = merge_note(base, ours_c, theirs_c)
    other = merge_note(base, theirs_c, ours_c)
    for text in added:
        assert text.encode() in other.data, text
    if one.clean:
        front = one.data.decode().split("\n---\n", 1)[0]
        assert set(added) <= {c for _, c in comments(front)}  # comments still, not text
    if one.clean:
        assert merge_note(base, one.data, one.data).data == one.data


def test_a_comment_on_a_field_the_other_side_changed_is_kept() -> None:
    base = b"---\ntitle: GPT\nyear: 2018\n---\nBody.\n"
    ours = b"---\ntitle: GPT\nyear: 2019\n---\nBody.\n"
    theirs = b"---\ntitle: GPT  # the short name\nyear: 2018\n# checked against the PDF\n---\n"
    theirs += b"Body.\n"
    result = merge_note(base, ours, theirs)
    assert result.clean
    assert result.data == (
        b"---\ntitle: GPT  # the short name\nyear: 2019\n# checked against the PDF\n---\nBody.\n"
    )
    both = merge_note(base, theirs, ours)  # the other way round: the comment goes back in
    assert both.clean
    assert b"# the short name" in both.data
    assert b"# checked against the PDF" in both.data
    assert loads(both.data.decode(), "n").meta == {"title": "GPT", "year": 2019}


def test_comments_in_a_real_git_merge(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo")
    name = "vault/llm/gpt.md"
    repo.git("checkout", "-q", "-b", "topic")
    repo.edit(name, "year: 2018\n", "year: 2018  # preprint year\n# reviewed by the lab\n")
    repo.commit("theirs comments")
    repo.git("checkout", "-q", "main")
    repo.edit(name, "title: GPT\n", "# the title as printed\ntitle: GPT-1\n")
    repo.commit("ours comments")
    proc = repo.git("merge", "--no-edit", "topic", check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    merged = repo.show("HEAD", name)
    for text in ("# preprint year", "# reviewed by the lab", "# the title as printed"):
        assert text in merged
    assert "title: GPT-1\n" in merged
