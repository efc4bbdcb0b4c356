"""A note cannot inject into the BibTeX export: every key and value is made safe at the
writer's one way out, and the lint refuses identifiers that cannot be what they claim."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from bibtexparser.entrypoint import parse_string
from bibtexparser.library import Library
from hypothesis import given
from hypothesis import strategies as st

from papervault import bib
from papervault.cli import main

INJECT = '10.1234/x},note={injected}}@preamble{"pwned"}@misc{extra,title={x}'
HOSTILE: dict[str, Any] = {
    "title": "A } title {with} {braces\\",
    "authors": ["Eve }, and @preamble{x}"],
    "venue": "J} @misc{x,",
    "year": 2024,
    "doi": INJECT,
    "arxiv": "2206.11990},x={",
    "url": "https://example.org/}@misc{y,\\",
    "citekey": "k}, note={z",
    "tags": ["a}b"],
}
FIELDS = ["title", "author", "journal", "year", "keywords", "doi", "eprint", "archiveprefix", "url"]


def parsed(text: str) -> Library:
    library = parse_string(text)
    assert not library.failed_blocks
    return library


def test_a_hostile_note_is_one_entry_with_its_own_fields() -> None:
    out = bib.to_bibtex([HOSTILE, {"title": "Second paper", "year": 2020}])
    library = parsed(out)
    assert [e.key for e in library.entries] == ["anon2020second", "k---note--z"]  # by key
    assert len(library.blocks) == 2  # no @preamble, no @string, no extra entry
    hostile = library.entries_dict["k---note--z"]
    assert [f.key for f in hostile.fields] == FIELDS
    fields = {f.key: f.value for f in hostile.fields}
    assert (
        fields["doi"]
        == '10.1234/x%7D,note=%7Binjected%7D%7D@preamble%7B"pwned"%7D@misc%7Bextra,title=%7Bx%7D'
    )
    assert fields["url"] == "https://example.org/%7D@misc%7By,%5C"
    assert fields["eprint"] == "2206.11990%7D,x=%7B"
    assert "note" not in fields


def test_braces_that_pair_up_are_kept() -> None:
    assert bib.balanced("The {RNA} world") == "The {RNA} world"
    assert bib.balanced("x},note={y") == "x,note=y"
    assert bib.balanced("}{") == ""
    assert bib.safe_key("liao2022equiformer") == "liao2022equiformer"
    assert bib.safe_key("Liao:2022/x") == "Liao:2022/x"


TEXT = st.text(alphabet=st.sampled_from('{}\\@,="% \nab'), max_size=30)


@given(title=TEXT, venue=TEXT, doi=TEXT, url=TEXT, key=TEXT, author=TEXT)
def test_any_values_give_one_entry_with_only_its_fields(
    title: str, venue: str, doi: str, url: str, key: str, author: str
) -> None:
    meta = {
        "title": title or "t",
        "venue": venue or "J",
        "doi": doi,
        "url": url,
        "citekey": key,
        "authors": [author] if author.strip() else [],
        "year": 2024,
    }
    library = parsed(bib.to_bibtex([meta, {"title": "After", "year": 2020}]))
    assert len(library.blocks) == 2
    [other] = [e for e in library.entries if e.key == "anon2020after"] or library.entries[1:]
    [entry] = [e for e in library.entries if e is not other]
    allowed = {"title", "author", "journal", "year", "doi", "url"}
    assert {f.key for f in entry.fields} <= allowed


def test_export_and_the_site_bib_are_safe(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    vault = tmp_path / "vault"
    (vault / "llm").mkdir(parents=True)
    (vault / "llm/index.md").write_text("---\ntitle: LLM\norder: 1\n---\n")
    (vault / "llm/x.md").write_text(
        f"---\ntitle: X\nyear: 2024\ndoi: '{INJECT}'\ncitekey: 'a b}}'\n---\n"
    )
    monkeypatch.chdir(tmp_path)
    assert main(["export", "--format", "bibtex", "-o", "out.bib"]) == 0
    library = parsed((tmp_path / "out.bib").read_text())
    assert len(library.blocks) == 1
    assert [f.key for f in library.entries[0].fields] == ["title", "year", "doi"]


def test_lint_refuses_what_cannot_be_an_identifier(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    vault = tmp_path / "vault"
    (vault / "llm").mkdir(parents=True)
    (vault / "llm/index.md").write_text("---\ntitle: LLM\norder: 1\n---\n")
    (vault / "llm/x.md").write_text(
        "---\ntitle: X\nvenue: J\nyear: 2024\n"
        f"doi: '{INJECT}'\n"
        "url: 'https://example.org/}@misc{y,'\n"
        "citekey: 'k}, note={z'\n"
        "---\n"
    )
    monkeypatch.chdir(tmp_path)
    assert main(["lint"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"vault/llm/x.md:5:6: doi doi {INJECT!r} is not a DOI (10.<digits>/<suffix>,"
        " e.g. 10.1063/5.0155600)",
        'vault/llm/x.md:6:6: url-syntax url contains { } \\ or "'
        " (write them %-encoded: %7B %7D %5C %22)",
        "vault/llm/x.md:7:10: citekey citekey 'k}, note={z' cannot be a BibTeX key: use"
        " letters, digits and _ : . + / - (no spaces, braces, commas or quotes)",
    ]
