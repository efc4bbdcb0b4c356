from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from papervault import notes
from papervault.errors import NoteError

ROUND_TRIP = [
    pytest.param("---\ntitle: A\n---\nBody\n", id="simple"),
    pytest.param("---\r\ntitle: A\r\ntags:\r\n- x\r\n---\r\nBody\r\n", id="crlf"),
    pytest.param("\ufeff---\ntitle: A\n---\n", id="bom"),
    pytest.param("---\n# c\ntitle:   'A'   # why\nz: 1\na: [x,  y]\n---\n\n\nB\n", id="comments"),
    pytest.param("---\ntitle: A\n...\nBody with no final newline", id="dots-closer"),
    pytest.param("# No front matter\n\ntext\n", id="no-front-matter"),
    pytest.param("---\n---\nonly body\n", id="empty-front-matter"),
    pytest.param("---\n{title: A, year: 2020}\n---\n", id="flow-mapping"),
    pytest.param("+++\ntitle = 'A'  # why\ntags = ['x']\n+++\nBody\n", id="toml"),
    pytest.param("\ufeff+++ \r\ntitle = 'A'\r\n+++\r\n", id="toml-bom-crlf"),
]


@pytest.mark.parametrize("text", ROUND_TRIP)
def test_untouched_note_is_byte_identical(text: str, tmp_path: Path) -> None:
    path = tmp_path / "n.md"
    path.write_bytes(text.encode())
    note = notes.load(path)
    assert notes.dumps(note) == text
    assert notes.save(note) is False
    assert path.read_bytes() == text.encode()


@pytest.mark.parametrize(
    ("yaml_value", "expected"),
    [
        pytest.param("2101.00100", "2101.00100", id="arxiv-not-float"),
        pytest.param("yes", "yes", id="yes-not-bool"),
        pytest.param("on", "on", id="on-not-bool"),
        pytest.param("2024-05-01", "2024-05-01", id="date-stays-text"),
        pytest.param("0123", "0123", id="leading-zero-not-octal"),
        pytest.param("1e3", "1e3", id="exponent-not-float"),
        pytest.param(".inf", ".inf", id="inf-not-float"),
        pytest.param("2024", 2024, id="canonical-int"),
        pytest.param("true", True, id="true"),
        pytest.param("null", None, id="null"),
        pytest.param("'2024'", "2024", id="quoted-int-is-text"),
    ],
)
def test_scalars_decided_as_text_where_yaml_would_coerce(yaml_value: str, expected: object) -> None:
    note = notes.loads(f"---\nvalue: {yaml_value}\n---\n")
    assert notes.same(note.meta["value"], expected)


def test_key_order_and_unknown_keys_kept() -> None:
    note = notes.loads("---\nzeta: 1\ntitle: T\njornal: typo\nalpha: [a]\n---\n")
    assert list(note.meta) == ["zeta", "title", "jornal", "alpha"]


def test_changing_one_field_rewrites_only_that_field() -> None:
    text = "---\n# keep me\ntitle:   'T'  # why\ntags: [a,  b]\nyear: 2020\n---\nBody\n"
    note = notes.loads(text)
    note.meta["year"] = 2021
    assert notes.dumps(note) == text.replace("year: 2020", "year: 2021")


def test_changed_list_keeps_following_comment() -> None:
    text = "---\ntags:\n  - a\n# about authors\nauthors:\n  - X\n---\n"
    note = notes.loads(text)
    note.meta["tags"].append("b")
    assert notes.dumps(note) == "---\ntags:\n  - a\n  - b\n# about authors\nauthors:\n  - X\n---\n"


def test_new_fields_are_appended_and_quoted_when_yaml_would_coerce() -> None:
    note = notes.loads("---\ntitle: T\n---\nB\n")
    note.meta["arxiv"] = "2101.00100"
    note.meta["flag"] = "yes"
    dumped = notes.dumps(note)
    assert dumped == "---\ntitle: T\narxiv: '2101.00100'\nflag: 'yes'\n---\nB\n"
    assert notes.loads(dumped).meta == note.meta


def test_crlf_note_stays_crlf_after_a_change() -> None:
    note = notes.loads("---\r\ntitle: A\r\nyear: 1\r\n---\r\nB\r\n")
    note.meta["year"] = 2
    assert notes.dumps(note) == "---\r\ntitle: A\r\nyear: 2\r\n---\r\nB\r\n"


def test_removed_field_disappears_and_body_change_kept() -> None:
    note = notes.loads("---\ntitle: A\nyear: 1\n---\nB\n")
    del note.meta["year"]
    note.body = "New body\n"
    assert notes.dumps(note) == "---\ntitle: A\n---\nNew body\n"


def test_new_note_without_source() -> None:
    note = notes.Note("x.md", {"title": "T", "lead_authors": [{"name": "N", "affiliation": "A"}]})
    note.body = "Body\n"
    text = notes.dumps(note)
    assert text == "---\ntitle: T\nlead_authors:\n  - name: N\n    affiliation: A\n---\nBody\n"
    assert notes.loads(text).meta == note.meta


BROKEN = [
    pytest.param(b"", 1, "empty file", id="empty"),
    pytest.param(b"  \n\n", 1, "empty file", id="blank"),
    pytest.param(b"---\ntitle: A\nbody\n", 1, "never closed", id="unclosed"),
    pytest.param(b"---\ntitle: A\nyear: 1\ntitle: B\n---\n", 4, "duplicate key 'title'", id="dup"),
    pytest.param(b"---\ntitle: A\ntags: [a\n---\n", 4, "invalid front matter", id="bad-yaml"),
    pytest.param(b'---\ntitle: "A\n---\n', 3, "invalid front matter", id="open-quote"),
    pytest.param(b"---\ntitle: A\n\xff\xfe\n---\n", 3, "not UTF-8", id="non-utf8"),
    pytest.param(b"---\n- a\n- b\n---\n", 2, "not a mapping", id="list"),
    pytest.param(b"---\njust text\n---\n", 2, "not a mapping", id="scalar"),
    pytest.param(b"---\n[a]: 1\n---\n", 2, "plain text", id="unhashable-key"),
    pytest.param(b"---\n2024: x\n---\n", 2, "not text", id="int-key"),
    pytest.param(
        b"---\nx: !!python/object/apply:os.system [ls]\n---\n", 2, "constructor", id="obj"
    ),
    pytest.param(b"---\ntitle: A\n<<<<<<< HEAD\n---\n", 4, "invalid front matter", id="markers"),
    pytest.param(b"+++\ntitle = 'A'\nbody\n", 1, "never closed", id="toml-unclosed"),
    pytest.param(b"+++\ntitle = 'A'\ntitle = 'B'\n+++\n", 3, "Cannot overwrite", id="toml-dup"),
    pytest.param(b'+++\ntitle = "A\n+++\n', 2, "Illegal character", id="toml-open-quote"),
    pytest.param(b"+++\ntags = ['a',\n+++\n", 3, "Invalid value", id="toml-unclosed-list"),
    pytest.param(b"+++\na = 1\nb = " + b"9" * 5000 + b"\n+++\n", 3, "5,000 digits", id="toml-int"),
    pytest.param(b"+++\ny = 1\nn = '" + b"x" * 20_001 + b"'\n+++\n", 3, "20,001", id="toml-long"),
]


@pytest.mark.parametrize(("data", "line", "message"), BROKEN)
def test_broken_front_matter_names_file_and_line(
    data: bytes, line: int, message: str, tmp_path: Path
) -> None:
    path = tmp_path / "broken.md"
    path.write_bytes(data)
    with pytest.raises(NoteError) as info:
        notes.load(path)
    assert info.value.path == str(path)
    assert info.value.line == line
    assert message in info.value.message
    assert str(info.value).startswith(f"{path}:{line}: ")


def test_missing_file_is_a_note_error(tmp_path: Path) -> None:
    with pytest.raises(NoteError, match="cannot read"):
        notes.load(tmp_path / "missing.md")


def test_save_is_atomic_and_leaves_no_temporary_files(tmp_path: Path) -> None:
    path = tmp_path / "n.md"
    path.write_text("---\ntitle: A\n---\n")
    note = notes.load(path)
    note.meta["title"] = "B"
    assert notes.save(note) is True
    assert path.read_text() == "---\ntitle: B\n---\n"
    assert [p.name for p in tmp_path.iterdir()] == ["n.md"]


SAFE_TEXT = st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=20)
VALUES = st.recursive(
    st.one_of(SAFE_TEXT, st.integers(-(10**6), 10**6), st.booleans(), st.none()),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(SAFE_TEXT, inner, max_size=3),
    max_leaves=6,
)


@given(st.dictionaries(SAFE_TEXT.filter(lambda k: k.strip() == k and k != ""), VALUES, max_size=5))
def test_any_data_round_trips_through_text(meta: dict[str, object]) -> None:
    note = notes.Note("x.md", dict(meta), "Body\n")
    again = notes.loads(notes.dumps(note))
    assert notes.same(again.meta, meta)
    assert again.body == "Body\n"


@given(st.sampled_from(["title", "year", "tags"]), VALUES)
def test_changing_one_field_keeps_the_others_exactly(key: str, value: object) -> None:
    text = "---\ntitle: A  # c\nyear: 2020\ntags: [x]\nother: 'keep'\n---\nB\n"
    note = notes.loads(text)
    note.meta[key] = value
    again = notes.loads(notes.dumps(note))
    assert notes.same(again.meta, note.meta)
    assert "other: 'keep'\n" in notes.dumps(note)


def _pyyaml_field(key: str, value: object) -> str:
    return yaml.dump(
        {key: value},
        Dumper=notes._Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=1_000_000,
    )


_TRICKY = "ab:-#? '\"yesnoTrue0123.,()e+_/é\t\n~[]{}&*!|>%@`"
_VALUES = st.one_of(
    st.text(),
    st.text(alphabet=_TRICKY),
    st.integers(),
    st.booleans(),
    st.lists(st.one_of(st.text(), st.text(alphabet=_TRICKY)), max_size=4),
    st.lists(
        st.dictionaries(
            st.one_of(st.sampled_from(["name", "affiliation"]), st.text(alphabet=_TRICKY)),
            st.one_of(st.text(alphabet=_TRICKY), st.integers()),
            max_size=3,
        ),
        max_size=3,
    ),
)


@given(
    st.one_of(st.text(min_size=1, alphabet="abyesontru_-: '0"), st.sampled_from(["title"])), _VALUES
)
def test_dump_field_writes_what_pyyaml_writes(key: str, value: object) -> None:
    """The fast path gives PyYAML's own text, byte for byte, or leaves the field to it."""
    assert notes.dump_field(key, value) == _pyyaml_field(key, value)


@pytest.mark.parametrize(
    "value",
    [
        "2022",
        "1e5",
        "yes",
        "No",
        "~",
        "null",
        "2022-01-01",
        "1_000",
        "0x1F",
        "12:30",
        "MACE: Higher",
        "a #b",
        "- x",
        "x ",
        " x",
        "",
        "Dávid Péter",
        ".inf",
        "---x",
        "a:",
        "?",
    ],
)
def test_dump_field_quotes_what_yaml_would_coerce(value: str) -> None:
    assert notes.dump_field("title", value) == _pyyaml_field("title", value)
    assert notes.loads(f"---\n{notes.dump_field('title', value)}---\n", "n").meta == {
        "title": value
    }


def test_toml_front_matter_reads_string_first() -> None:
    """TOML (`+++`) reads into the same model: floats as the text written, dates as text."""
    text = (
        '+++\ntitle = "A paper"\narxiv = 2101.00100\nyear = 2024\ndraft = false\n'
        'date = 2024-05-01\nwhen = 1979-05-27T07:32:00Z\ntags = ["a", "b"]\n'
        '[venue]\nname = "X"\n+++\nBody\n'
    )
    note = notes.loads(text, "n.md")
    assert note.meta == {
        "title": "A paper",
        "arxiv": "2101.00100",
        "year": 2024,
        "draft": False,
        "date": "2024-05-01",
        "when": "1979-05-27T07:32:00+00:00",
        "tags": ["a", "b"],
        "venue": {"name": "X"},
    }
    assert notes.same(note.meta["draft"], False)
    assert (note.body, note.body_line(), note.source and note.source.format) == (
        "Body\n",
        12,
        "toml",
    )
    assert notes.front_matter_node(note) is None


def test_a_changed_toml_note_is_refused_not_rewritten_as_yaml(tmp_path: Path) -> None:
    path = tmp_path / "n.md"
    text = "+++\ntitle = 'A'\n+++\nBody\n"
    path.write_text(text)
    note = notes.load(path)
    assert notes.save(note) is False
    note.meta["year"] = 2024
    with pytest.raises(NoteError) as info:
        notes.save(note)
    assert str(info.value) == (
        f"{path}:1: TOML front matter is read-only here: papervault writes YAML (`---`) only"
    )
    assert path.read_text() == text


def test_only_a_new_order_moves_whole_fields() -> None:
    text = "---\nyear: 2020  # c\n# about the title\ntitle: T\n---\nB\n"
    note = notes.loads(text)
    note.meta = {"title": "T", "year": 2020}
    assert notes.dumps(note) == "---\ntitle: T\nyear: 2020  # c\n# about the title\n---\nB\n"
    flow = notes.loads("---\n{year: 2020, title: T}\n---\n")
    flow.meta = {"title": "T", "year": 2020}
    assert notes.dumps(flow) == "---\n{year: 2020, title: T}\n---\n"
