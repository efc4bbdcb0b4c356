from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from papervault.merge.fields import SET_FIELDS
from papervault.merge.note import merge_note
from papervault.merge.quick import BODY
from papervault.merge.quick import WHOLE
from papervault.merge.text import Labels
from papervault.merge.text import has_markers
from papervault.notes import Note
from papervault.notes import dump_field
from papervault.notes import dumps
from papervault.notes import loads

BASE = (
    "---\n"
    "title: Attention Is All You Need\n"
    "# the year of the arXiv version\n"
    "year: 2017\n"
    "arxiv: '1706.03762'\n"
    "authors:\n"
    "  - Ashish Vaswani\n"
    "  - Noam Shazeer\n"
    "tags: [transformers, nlp]\n"
    "---\n"
    "# Summary\n"
    "\n"
    "Self-attention only.\n"
    "\n"
    "# Notes\n"
    "\n"
    "Read twice.\n"
)


def edit(text: str, *pairs: tuple[str, str]) -> bytes:
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text.encode()


def test_different_fields_merge_clean_keeping_each_sides_bytes() -> None:
    ours = edit(BASE, ("year: 2017", "year: 2018"))
    theirs = edit(BASE, ("arxiv: '1706.03762'", 'arxiv: "1706.03762v5"'))
    result = merge_note(BASE.encode(), ours, theirs)
    assert result.clean
    assert result.data == edit(
        BASE, ("year: 2017", "year: 2018"), ("arxiv: '1706.03762'", 'arxiv: "1706.03762v5"')
    )


def test_tags_added_on_both_sides_are_united() -> None:
    ours = edit(BASE, ("tags: [transformers, nlp]", "tags: [transformers, nlp, attention]"))
    theirs = edit(BASE, ("tags: [transformers, nlp]", "tags: [nlp, translation]"))
    result = merge_note(BASE.encode(), ours, theirs)
    assert result.clean
    assert b"tags:\n  - nlp\n  - attention\n  - translation\n---\n" in result.data
    assert result.taken == ["tags (both)"]


def test_body_and_field_edits_merge_clean() -> None:
    ours = edit(BASE, ("Read twice.", "Read three times."))
    theirs = edit(BASE, ("  - Noam Shazeer\n", "  - Noam Shazeer\n  - Niki Parmar\n"))
    result = merge_note(BASE.encode(), ours, theirs)
    assert result.clean
    assert result.data == edit(
        BASE,
        ("Read twice.", "Read three times."),
        ("  - Noam Shazeer\n", "  - Noam Shazeer\n  - Niki Parmar\n"),
    )


def test_the_same_title_changed_differently_is_a_conflict_around_that_field_alone() -> None:
    ours = edit(BASE, ("title: Attention Is All You Need", "title: Attention is all you need"))
    theirs = edit(
        BASE,
        ("title: Attention Is All You Need", "title: 'Attention: All You Need'"),
        ("year: 2017", "year: 2018"),
    )
    result = merge_note(BASE.encode(), ours, theirs, Labels("HEAD", "base", "feature"))
    assert result.conflicts == ["title"]
    assert result.data.decode() == BASE.replace(
        "title: Attention Is All You Need\n",
        "<<<<<<< HEAD\n"
        "title: Attention is all you need\n"
        "||||||| base\n"
        "title: Attention Is All You Need\n"
        "=======\n"
        "title: 'Attention: All You Need'\n"
        ">>>>>>> feature\n",
    ).replace("year: 2017", "year: 2018")


def test_a_body_conflict_uses_gits_line_merge_with_the_marker_size() -> None:
    ours = edit(BASE, ("Read twice.", "Read once."))
    theirs = edit(BASE, ("Read twice.", "Skimmed."), ("year: 2017", "year: 2016"))
    result = merge_note(BASE.encode(), ours, theirs, marker_size=9)
    assert result.conflicts == [BODY]
    text = result.data.decode()
    assert "year: 2016\n" in text
    assert (
        "<<<<<<<<< ours\nRead once.\n||||||||| base\nRead twice.\n"
        "=========\nSkimmed.\n>>>>>>>>> theirs\n" in text
    )


def test_a_field_deleted_on_one_side_and_changed_on_the_other_conflicts() -> None:
    ours = edit(BASE, ("arxiv: '1706.03762'\n", ""))
    theirs = edit(BASE, ("arxiv: '1706.03762'", "arxiv: '1706.03762v2'"))
    result = merge_note(BASE.encode(), ours, theirs)
    assert result.conflicts == ["arxiv"]
    assert (
        "<<<<<<< ours\n||||||| base\narxiv: '1706.03762'\n"
        "=======\narxiv: '1706.03762v2'\n>>>>>>> theirs\n" in result.data.decode()
    )


def test_add_add_of_the_same_paper_merges_against_an_empty_base() -> None:
    ours = b"---\ntitle: MACE\ntags: [a]\n---\nOurs.\n"
    theirs = b"---\ntitle: MACE\ntags: [b]\nyear: 2022\n---\nOurs.\n"
    result = merge_note(b"", ours, theirs)
    assert result.clean
    assert result.data == b"---\ntitle: MACE\ntags:\n  - a\n  - b\nyear: 2022\n---\nOurs.\n"


def test_crlf_and_bom_follow_ours() -> None:
    base = "\ufeff" + BASE.replace("\n", "\r\n")
    ours = edit(base, ("year: 2017", "year: 2018"))
    theirs = edit(base, ("tags: [transformers, nlp]", "tags: [transformers, nlp, x]"))
    result = merge_note(base.encode(), ours, theirs)
    assert result.clean
    assert result.data.startswith("\ufeff---\r\n".encode())
    assert b"\n" not in result.data.replace(b"\r\n", b"")
    assert b"year: 2018\r\n" in result.data
    assert b"tags: [transformers, nlp, x]\r\n" in result.data  # theirs' own bytes


@pytest.mark.parametrize(
    ("base", "ours", "theirs"),
    [
        (b"a\0b\n", b"a\0c\n", b"a\0d\n"),
        (BASE.encode(), b"\xff\xfe" + BASE.encode() + b"o", BASE.encode() + b"t\n"),
    ],
)
def test_binary_or_non_utf8_input_keeps_both_sides(base: bytes, ours: bytes, theirs: bytes) -> None:
    result = merge_note(base, ours, theirs)
    assert not result.clean
    assert has_markers(result.data)


def test_binary_input_keeps_each_side_whole() -> None:
    result = merge_note(b"a\0b\n", b"a\0c\n", b"a\0d\n")
    assert result.conflicts == [WHOLE]
    assert result.data == b"<<<<<<< ours\na\0c\n=======\na\0d\n>>>>>>> theirs\n"


def test_markers_already_in_a_side_hand_the_file_to_the_line_merge() -> None:
    ours = edit(BASE, ("year: 2017", "<<<<<<< HEAD\nyear: 2017\n=======\nyear: 2016\n>>>>>>> x"))
    theirs = edit(BASE, ("Read twice.", "Read."))
    result = merge_note(BASE.encode(), ours, theirs)
    assert "line merge (conflict markers in a side)" in result.how
    assert b"Read.\n" in result.data
    assert b"<<<<<<< HEAD\n" in result.data


def test_front_matter_changed_on_one_side_is_taken_whole_without_parsing() -> None:
    ours = edit(BASE, ("year: 2017", "year: [2017"))
    theirs = edit(BASE, ("Read twice.", "Read."))
    result = merge_note(BASE.encode(), ours, theirs)
    assert result.how == "front matter from ours, body merged"
    assert result.data == edit(BASE, ("year: 2017", "year: [2017"), ("Read twice.", "Read."))


def test_broken_front_matter_falls_back_to_the_line_merge() -> None:
    ours = edit(BASE, ("year: 2017", "year: [2017"))
    theirs = edit(BASE, ("title: Attention", "title: Self-Attention"))
    result = merge_note(BASE.encode(), ours, theirs)
    assert result.how.startswith("line merge (invalid front matter")
    assert result.clean
    assert result.data == edit(
        BASE, ("year: 2017", "year: [2017"), ("title: Attention", "title: Self-Attention")
    )


def test_a_base_with_markers_is_merged_as_unknown() -> None:
    base = "---\ntitle: T\n<<<<<<<<< a\nyear: 1\n=========\nyear: 2\n>>>>>>>>> b\n---\nx\n"
    result = merge_note(
        base.encode(), b"---\ntitle: T\nyear: 1\n---\nx\n", b"---\ntitle: T\nyear: 2\n---\ny\n"
    )
    assert result.conflicts == ["year"]


def test_the_merge_of_ancestors_never_writes_markers() -> None:
    ours = edit(BASE, ("title: Attention Is All You Need", "title: A"), ("Read twice.", "R1."))
    theirs = edit(
        BASE,
        ("title: Attention Is All You Need", "title: B"),
        ("Read twice.", "R2."),
        ("year: 2017", "year: 1"),
    )
    result = merge_note(BASE.encode(), ours, theirs, virtual=True)
    assert result.clean
    assert result.data == edit(BASE, ("year: 2017", "year: 1"))
    assert merge_note(b"x\0", b"y\0", b"z\0", virtual=True).data == b"x\0"


def test_an_empty_result_is_never_written() -> None:
    result = merge_note(b"---\ntitle: T\n---\n", b"", b"---\ntitle: U\n---\n")
    assert result.data
    assert not result.clean


# ---- properties -----------------------------------------------------------------------

words = st.sampled_from(["alpha", "beta", "gamma", "delta", "nlp", "md", "2101.00100", "yes", "on"])
titles = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=20
)
scalars = st.one_of(titles, st.integers(1900, 2030), words)
names = st.sampled_from(["Ada", "Bo", "Cy", "Di", "Ed", "Flo"])
lines = st.sampled_from(
    ["# Notes", "", "Some text.", "=======", "- item", "More text.", "Title", "---x"]
)


@st.composite
def base_notes(draw: st.DrawFn) -> tuple[dict[str, Any], list[str]]:
    meta: dict[str, Any] = {"title": draw(titles)}
    if draw(st.booleans()):
        meta["year"] = draw(st.integers(1990, 2030))
    meta["authors"] = draw(st.lists(names, unique=True, max_size=4))
    meta["tags"] = draw(st.lists(words, unique=True, max_size=4))
    if draw(st.booleans()):
        meta["venue"] = draw(scalars)
    body = draw(st.lists(lines, max_size=8))
    return meta, body


@st.composite
def edited(
    draw: st.DrawFn, note: tuple[dict[str, Any], list[str]]
) -> tuple[dict[str, Any], list[str]]:
    meta, body = dict(note[0]), list(note[1])
    for key in list(meta):
        op = draw(st.sampled_from(["keep", "keep", "keep", "change", "delete"]))
        if key == "title" and op == "delete":
            op = "keep"
        if op == "delete":
            del meta[key]
        elif op == "change":
            if key in ("tags", "authors"):
                items = list(meta[key])
                if draw(st.booleans()) and items:
                    items.pop(draw(st.integers(0, len(items) - 1)))
                new = draw(words if key == "tags" else names)
                if new not in items:
                    items.insert(draw(st.integers(0, len(items))), new)
                meta[key] = items
            else:
                meta[key] = draw(scalars)
    if draw(st.booleans()):
        meta[draw(st.sampled_from(["doi", "code", "extra"]))] = draw(scalars)
    if draw(st.booleans()) and body:
        body[draw(st.integers(0, len(body) - 1))] = draw(lines)
    if draw(st.booleans()):
        body.insert(draw(st.integers(0, len(body))), draw(lines))
    return meta, body


def render(note: tuple[dict[str, Any], list[str]]) -> bytes:
    meta, body = note
    return dumps(Note("n.md", meta, "".join(f"{line}\n" for line in body))).encode()


@st.composite
def triples(draw: st.DrawFn) -> tuple[bytes, bytes, bytes]:
    base = draw(base_notes())
    return render(base), render(draw(edited(base))), render(draw(edited(base)))


PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(triples())
def test_identity_laws(notes: tuple[bytes, bytes, bytes]) -> None:
    base, ours, theirs = notes
    assert merge_note(base, ours, base).data == ours
    assert merge_note(base, base, theirs).data == theirs
    assert merge_note(base, ours, ours).data == ours


def meta_of(data: bytes) -> dict[str, Any]:
    return loads(data.decode(), "m").meta


@PROPERTY
@given(triples())
def test_clean_merges_keep_every_change_of_either_side(notes: tuple[bytes, bytes, bytes]) -> None:
    base, ours, theirs = notes
    result = merge_note(base, ours, theirs)
    assert result.clean == (not has_markers(result.data))
    if not result.clean:
        return
    b, o, t, m = meta_of(base), meta_of(ours), meta_of(theirs), meta_of(result.data)
    for key in {*o, *t}:
        changed = [side for side in (o, t) if side.get(key, None) != b.get(key, None)]
        if key in SET_FIELDS:
            added = {x for side in (o, t) for x in side.get(key, []) if x not in b.get(key, [])}
            removed = {x for side in (o, t) for x in b.get(key, []) if x not in side.get(key, [])}
            assert set(m.get(key, [])) == ({*b.get(key, []), *added} - removed)
        elif len(changed) == 2 and isinstance(m.get(key), list):  # merged in order
            for side in changed:
                new = [x for x in side.get(key, []) if x not in b.get(key, [])]
                assert set(new) <= set(m[key]), key
        elif changed:
            assert all(side.get(key, None) == m.get(key, None) for side in changed), key
        else:
            assert m.get(key) == b.get(key)


@PROPERTY
@given(triples())
def test_conflicts_contain_both_values(notes: tuple[bytes, bytes, bytes]) -> None:
    base, ours, theirs = notes
    result = merge_note(base, ours, theirs)
    text = result.data.decode()
    o, t = meta_of(ours), meta_of(theirs)
    for key in result.conflicts:
        if key in (BODY, WHOLE):
            continue
        for side in (o, t):
            if key in side:
                assert dump_field(key, side[key]) in text


@PROPERTY
@given(triples())
def test_the_merge_is_symmetric(notes: tuple[bytes, bytes, bytes]) -> None:
    base, ours, theirs = notes
    one, other = merge_note(base, ours, theirs), merge_note(base, theirs, ours)
    assert set(one.conflicts) == set(other.conflicts)
    if one.clean:
        m1, m2 = meta_of(one.data), meta_of(other.data)
        for meta in (m1, m2):
            for key in SET_FIELDS & meta.keys():
                meta[key] = sorted(meta[key], key=str)
        assert m1 == m2


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=60), st.binary(max_size=60), st.binary(max_size=60))
def test_any_bytes_give_a_result_with_both_sides(base: bytes, ours: bytes, theirs: bytes) -> None:
    result = merge_note(base, ours, theirs)
    assert result.data or not (ours or theirs)
    if result.conflicts == [WHOLE] and b"\0" in ours + theirs + base:
        assert ours in result.data
        assert theirs in result.data
    inner = merge_note(base, ours, theirs, virtual=True)
    assert inner.clean


TOML_BASE = "+++\ntitle = 'Attention'\nyear = 2017\ntags = ['nlp']\n+++\nRead twice.\n"


def test_toml_front_matter_changed_on_one_side_is_taken_whole() -> None:
    ours = edit(TOML_BASE, ("year = 2017", "year = 2018"))
    theirs = edit(TOML_BASE, ("Read twice.", "Read."))
    result = merge_note(TOML_BASE.encode(), ours, theirs)
    assert result.how == "front matter from ours, body merged"
    assert result.data == edit(TOML_BASE, ("year = 2017", "year = 2018"), ("Read twice.", "Read."))


def test_toml_front_matter_changed_on_both_sides_is_never_rewritten_as_yaml() -> None:
    ours = edit(TOML_BASE, ("['nlp']", "['nlp', 'ml']"))
    theirs = edit(TOML_BASE, ("title = 'Attention'", "title = 'Self-Attention'"))
    result = merge_note(TOML_BASE.encode(), ours, theirs)
    assert result.how == "line merge (TOML front matter)"
    assert result.clean
    assert result.data == edit(TOML_BASE, ("['nlp']", "['nlp', 'ml']"), ("'At", "'Self-At"))
