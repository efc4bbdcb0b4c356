from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from bibtexparser.entrypoint import parse_string
from hypothesis import given
from hypothesis import strategies as st

from papervault import bib
from papervault.errors import VaultError

DATA = Path(__file__).resolve().parent / "data" / "bib"
FIXTURES = sorted(DATA.glob("*.bib"))
ROOT = Path(__file__).resolve().parent.parent

EQUIFORMER = {
    "title": "Equiformer: Equivariant Graph Attention Transformer for 3D Atomistic Graphs",
    "lead_authors": ["Yi-Lun Liao (MIT)"],
    "venue": "Arxiv",
    "year": 2022,
    "arxiv": "2206.11990",
    "url": "https://arxiv.org/abs/2206.11990",
    "tags": ["equivariance", "transformers"],
}
DEEPMD = {
    "title": "DeePMD-kit v2: A software package for deep potential models",
    "authors": ["Jinzhe Zeng", "Duo Zhang"],
    "venue": "The Journal of Chemical Physics",
    "year": 2023,
    "doi": "10.1063/5.0155600",
    "url": "https://doi.org/10.1063/5.0155600",
}
HOSTILE = {
    "title": "50% of {braces} & co_workers #1 at Zürich: $E=mc^2$",
    "authors": ["Ada Lovelace"],
    "year": 1843,
    "url": "https://example.org/a_b?x=1&y=%20",
}


def _decoded(entry: Any) -> dict[str, Any]:
    """An entry's fields as BibTeX means them: LaTeX decoded, names as parsed names."""
    out: dict[str, Any] = {}
    for f in entry.fields:
        name = f.key.lower()
        value = str(f.value)
        if name in bib.NAME_FIELDS:
            out[name] = bib.read_names(value)
        elif name in bib.VERBATIM:
            out[name] = " ".join(value.split())
        else:
            out[name] = (bib.decode({"v": value})["v"], bib.protected_groups(value))
    return out


def _round_trip(text: str) -> str:
    return bib.to_bibtex([ref.meta for ref in bib.read_bibtex(text)])


@pytest.mark.parametrize("path", FIXTURES, ids=[p.name for p in FIXTURES])
def test_every_entry_comes_back_with_its_key_type_and_fields(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    before = {e.key: e for e in parse_string(text).entries}
    after = {e.key: e for e in parse_string(_round_trip(text)).entries}
    assert list(after) == sorted(before, key=str.casefold)  # sorted by key
    for key, entry in before.items():
        assert after[key].entry_type == entry.entry_type.lower(), key
        assert _decoded(after[key]) == _decoded(entry), key


@pytest.mark.parametrize("path", FIXTURES, ids=[p.name for p in FIXTURES])
def test_export_is_a_fixed_point_and_byte_identical(path: Path) -> None:
    once = _round_trip(path.read_text(encoding="utf-8"))
    assert _round_trip(once) == once
    assert _round_trip(path.read_text(encoding="utf-8")) == once


def _entry(text: str, key: str) -> str:
    return next(e for e in bib.entries(_round_trip(text)) if bib.entry_key(e) == key)


def _fields(text: str, key: str) -> dict[str, str]:
    [entry] = parse_string(_entry(text, key)).entries
    return {f.key: str(f.value) for f in entry.fields}


JOSS = (DATA / "joss.bib").read_text(encoding="utf-8")
BIBLATEX = (DATA / "zotero-biblatex.bib").read_text(encoding="utf-8")


def test_case_protection_is_written_back_as_it_came() -> None:
    assert _fields(JOSS, "batatia2022mace")["title"].startswith("{{MACE}}: Higher Order")
    assert _fields(JOSS, "paszke2019pytorch")["title"].startswith("{{PyTorch}}: An")
    assert _fields(JOSS, "quartz2020")["journal"] == "Physical Review {B}"
    assert "{{Python}} Library" in _fields(JOSS, "larsen2017ase")["title"]


def test_the_note_shows_clean_text_and_keeps_the_bibtex_beside_it() -> None:
    refs = {r.meta["citekey"]: r.meta for r in bib.read_bibtex(JOSS)}
    mace = refs["batatia2022mace"]
    assert mace["title"].startswith("MACE: Higher Order")
    assert mace["title_bibtex"].startswith("{{MACE}}: Higher Order")
    quartz = refs["quartz2020"]
    assert quartz["title"] == "Elastic Constants of $\\alpha$-Quartz from DFT in Zürich and Zürich"
    assert quartz["authors"] == ["Müller, Hans", "Müller, Jörg", "Ångström, Anders"]
    assert "venue_bibtex" not in quartz
    assert quartz["journal_bibtex"] == "Physical Review {B}"
    assert "title_bibtex" not in refs["smith2015thesis"]  # nothing to protect: no twin


def test_an_edited_title_is_exported_over_the_kept_bibtex() -> None:
    [ref] = [r for r in bib.read_bibtex(JOSS) if r.meta["citekey"] == "batatia2022mace"]
    meta = {**ref.meta, "title": "MACE: fast and accurate force fields"}
    [entry] = parse_string(bib.to_bibtex([meta])).entries
    assert entry.fields_dict["title"].value == "MACE: fast and accurate force fields"


def test_names_are_written_as_bibtex_reads_them() -> None:
    author = _fields(JOSS, "larsen2017ase")["author"]
    for name in ("Hjorth Larsen, Ask", "Della Pia, Antonio", "De Fabritiis, Gianni"):
        assert name in author
    assert "van der Waals, Jr, Johannes" in author
    refs = {r.meta["citekey"]: r.meta for r in bib.read_bibtex(JOSS)}
    assert refs["larsen2017ase"]["authors"][-2:] == ["van Beethoven, Ludwig", "Castelli, Ivano E."]
    assert "{The PyTorch Lightning team}" in _fields(JOSS, "lightning2019")["author"]
    assert refs["lightning2019"]["authors"] == ["Falcon, William", "{The PyTorch Lightning team}"]


def test_a_hand_written_name_is_read_first_last() -> None:
    assert bib.write_name("Yi-Lun Liao") == "Liao, Yi-Lun"
    assert bib.write_name("Ludwig van Beethoven") == "van Beethoven, Ludwig"
    assert bib.write_name("{AT&T Bell Labs}") == "{AT\\&T Bell Labs}"
    assert bib.write_name("Müller, Jörg") == 'M{\\"u}ller, J{\\"o}rg'


def test_biblatex_stays_biblatex() -> None:
    fields = _fields(BIBLATEX, "zeng2023deepmd")
    assert fields["journaltitle"] == "The Journal of Chemical Physics"
    assert fields["date"] == "2023-08-04"
    assert "journal" not in fields
    assert "year" not in fields
    for name in ("shortjournal", "location", "langid", "annotation", "file", "urldate", "issn"):
        assert name in fields, name
    assert fields["abstract"].endswith("Deep Potential ({{DP}}) models.")
    online = _fields(BIBLATEX, "fuchs2020what")
    assert (online["eprint"], online["eprinttype"], online["date"]) == (
        "2006.10503",
        "arXiv",
        "2020-06",
    )
    assert "archiveprefix" not in online


def test_biblatex_gives_the_note_its_year_and_fields() -> None:
    [deepmd, online, *_] = [r.meta for r in bib.read_bibtex(BIBLATEX)]
    assert (deepmd["year"], deepmd["date"], deepmd["bibtex_dialect"]) == (
        2023,
        "2023-08-04",
        "biblatex",
    )
    assert deepmd["venue"] == "The Journal of Chemical Physics"
    assert deepmd["abstract"].startswith("DeePMD-kit is a powerful")
    assert (online["arxiv"], online["year"], online["entrytype"]) == ("2006.10503", 2020, "online")


def test_every_value_is_an_obsidian_property() -> None:
    for path in FIXTURES:
        for ref in bib.read_bibtex(path.read_text(encoding="utf-8")):
            for key, value in ref.meta.items():
                ok = isinstance(value, str | int | bool) or (
                    isinstance(value, list) and all(isinstance(v, str) for v in value)
                )
                assert ok, (path.name, key, value)


def test_values_the_schema_cannot_hold_are_kept_as_bibtex_text() -> None:
    [ref] = [r for r in bib.read_bibtex(JOSS) if r.meta["citekey"] == "noyear"]
    assert not {"year", "doi", "url"} & set(ref.meta)
    assert ref.meta["year_bibtex"] == "in press"
    assert ref.meta["doi_bibtex"] == "not-a-doi"
    assert ref.meta["url_bibtex"] == "www.example.org/no-scheme"
    fields = _fields(JOSS, "noyear")
    assert (fields["year"], fields["doi"], fields["url"]) == (
        "in press",
        "not-a-doi",
        "www.example.org/no-scheme",
    )


def test_a_field_given_twice_is_reported() -> None:
    text = "@misc{k,\n  title = {A},\n  note = {one},\n  NOTE = {two},\n}\n"
    library = parse_string(text)
    if library.failed_blocks:  # bibtexparser refuses the entry: a clear error
        with pytest.raises(VaultError, match=r"<bibtex>:1: cannot read this BibTeX entry"):
            bib.read_bibtex(text)
    else:
        [ref] = bib.read_bibtex(text)
        assert ref.lost == ["k: field 'note' given twice; kept the first"]


# ---- notes made by hand -------------------------------------------------------------------


def test_hand_made_notes_export_with_the_fields_they_have() -> None:
    text = bib.to_bibtex([EQUIFORMER, DEEPMD, {**HOSTILE, "volume": 3, "pages": "1--2"}])
    first, second, third = parse_string(text).entries
    assert (first.entry_type, first.key) == ("misc", "liao2022equiformer")
    assert first.fields_dict["eprint"].value == "2206.11990"
    assert first.fields_dict["archiveprefix"].value == "arXiv"
    assert first.fields_dict["keywords"].value == "equivariance, transformers"
    assert "journal" not in first.fields_dict
    assert (second.entry_type, second.key) == ("misc", "lovelace184350")
    assert second.fields_dict["volume"].value == "3"
    assert second.fields_dict["pages"].value == "1--2"
    assert (third.entry_type, third.key) == ("article", "zeng2023deepmd")
    assert third.fields_dict["journal"].value == "The Journal of Chemical Physics"
    assert third.fields_dict["author"].value == "Zeng, Jinzhe and Zhang, Duo"


def test_latex_is_escaped_and_reads_back_the_same() -> None:
    text = bib.to_bibtex([HOSTILE])
    assert r"50\% of \{braces\} \& co\_workers \#1 at Z\"urich: $E=mc^2$" in text
    assert "url = {https://example.org/a_b?x=1&y=%20}" in text
    [ref] = bib.read_bibtex(text)
    assert ref.meta["title"] == HOSTILE["title"]
    assert ref.meta["url"] == HOSTILE["url"]


def test_exports_are_byte_identical_whatever_the_order_of_the_notes() -> None:
    metas = [EQUIFORMER, DEEPMD, HOSTILE]
    assert bib.to_bibtex(metas) == bib.to_bibtex([dict(m) for m in reversed(metas)])


def test_the_vault_keeps_the_keys_it_had() -> None:
    from papervault.vault import load_vault

    vault = load_vault(ROOT / "vault")
    keys = [bib.entry_key(e) for e in bib.entries(bib.to_bibtex([n.meta for n in vault.notes]))]
    assert set(keys) == {
        "fuchsndwhat", "thomasndtensor", "fuchsndse", "liaondequiformer", "liaondequiformerv2",
        "vasenkondbreaking", "batatiandmace", "wangnddeepmd", "buehler2024mechgpt",
        "buehlerndsciagents", "mosqueraloisndidentifying", "zeng2023deepmd", "anonnddeep",
        "anonnduniversal",
    }  # fmt: skip
    assert all(isinstance(n.meta.get("citekey"), str) for n in vault.notes)


def test_entries_cut_the_export_into_one_entry_per_note() -> None:
    metas = [EQUIFORMER, DEEPMD, HOSTILE]
    parts = bib.entries(bib.to_bibtex(metas))
    assert len(parts) == 3
    assert [bib.entry_key(p) for p in parts] == sorted(bib.citation_keys(metas))
    assert all(p.startswith("@") and p.endswith("}\n") for p in parts)


# ---- keys of notes without one ------------------------------------------------------------


def test_colliding_derived_keys_are_disambiguated_by_identity_and_pins_win() -> None:
    a = {"title": "MACE one", "authors": ["I Batatia"], "year": 2022, "arxiv": "2206.07697"}
    b = {"title": "MACE two", "authors": ["I Batatia"], "year": 2022, "arxiv": "2205.06643"}
    keys = bib.citation_keys([a, b])
    assert len(set(keys)) == 2
    assert all(k.startswith("batatia2022mace-") for k in keys)
    assert bib.citation_keys([b, a]) == keys[::-1]
    assert bib.citation_keys([{**a, "citekey": "mine"}, b])[0] == "mine"
    assert bib.citation_keys([{**a, "citekey": "batatia2022mace"}, b])[1].startswith(
        "batatia2022mace-"
    )


WORD = st.text("abcdefghij", min_size=1, max_size=6)
META = st.fixed_dictionaries(
    {
        "title": st.lists(WORD, min_size=1, max_size=4).map(" ".join),
        "authors": st.lists(WORD, min_size=1, max_size=2),
        "year": st.integers(1990, 2030),
    }
)


@given(st.lists(META, max_size=8), META)
def test_adding_a_paper_never_changes_another_key(
    metas: list[dict[str, Any]], new: dict[str, Any]
) -> None:
    before = bib.citation_keys(metas)
    after = bib.citation_keys([*metas, new])
    new_base = bib.base_key(new)
    for key, meta, again in zip(before, metas, after, strict=False):
        if bib.base_key(meta) != new_base:
            assert again == key


@given(st.lists(st.tuples(META, WORD), max_size=8, unique_by=lambda p: p[1]), META)
def test_pinned_keys_never_change(
    pins: list[tuple[dict[str, Any], str]], new: dict[str, Any]
) -> None:
    metas = [{**m, "citekey": k} for m, k in pins]
    assert bib.citation_keys([*metas, new])[: len(metas)] == [k for _, k in pins]


def test_two_notes_with_one_key_both_export_until_a_person_decides() -> None:
    a = {"title": "One", "citekey": "same"}
    b = {"title": "Two", "citekey": "same"}
    assert bib.citation_keys([a, b]) == ["same", "same-2"]
    assert [e.key for e in parse_string(bib.to_bibtex([a, b])).entries] == ["same", "same-2"]


def test_an_entry_under_a_taken_key_and_what_is_no_entry_are_reported() -> None:
    text = (
        '@preamble{"x"}\n@string{jcp = {J. Chem. Phys.}}\n'
        "@article{a, title={One}, journal=jcp, month=jan}\n@comment{hello}\n"
        "@article{a, title={Two {B}}, year=2020, journal=jcp}\n"
    )
    one, two = bib.read_bibtex(text)
    assert (one.meta["venue"], two.meta["venue"]) == ("J. Chem. Phys.", "J. Chem. Phys.")
    assert one.lost == ["@preamble and @comment blocks (lines 1, 4) are no papers"]
    assert two.lost == ["a: another entry has this key; both kept (lint names them)"]
    assert (one.meta["month"], two.meta["title_bibtex"]) == ("jan", "Two {B}")
