from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from papervault import citekey


def test_keys_are_family_year_and_first_significant_word() -> None:
    meta = {"title": "The Equiformer: graphs", "authors": ["Liao, Yi-Lun"], "year": 2022}
    assert citekey.derive(meta) == "liao2022equiformer"
    assert citekey.derive({**meta, "authors": ["Yi-Lun Liao"]}) == "liao2022equiformer"
    assert citekey.derive({**meta, "authors": ["van der Waals, Jr, J."]}) == "waals2022equiformer"
    assert (
        citekey.derive({**meta, "authors": ["Hjorth Larsen, Ask"]}) == "hjorthlarsen2022equiformer"
    )
    assert citekey.derive({**meta, "authors": ["{The PyTorch team}"]}) == "pytorch2022equiformer"
    assert citekey.derive({**meta, "authors": ["Müller, Jörg"]}) == "muller2022equiformer"
    leads = {"title": "X", "lead_authors": ["Ilyes Batatia (Cambridge (UK))"], "year": 2022}
    assert citekey.derive(leads) == "batatia2022x"


def test_the_year_comes_from_the_arxiv_id_when_the_note_has_none() -> None:
    assert citekey.derive({"title": "What is it?", "arxiv": "2006.10503"}) == "anon2020it"
    assert citekey.derive({"title": "Old", "arxiv": "cond-mat/9912123"}) == "anon1999old"
    assert citekey.derive({"title": "Undated"}) == "anonndundated"
    assert citekey.derive({"title": "D", "date": "2023-08-04"}) == "anon2023d"


def test_a_taken_key_gets_the_first_free_suffix() -> None:
    assert citekey.free("zeng2023deepmd", set()) == "zeng2023deepmd"
    assert citekey.free("zeng2023deepmd", {"zeng2023deepmd"}) == "zeng2023deepmda"
    used = {"k"} | {f"k{c}" for c in "abcdefghijklmnopqrstuvwxyz"}
    assert citekey.free("k", used) == "kaa"
    assert citekey.free("Key", {"key"}) == "Keya"  # BibTeX ignores case


def test_a_note_keeps_its_key_and_the_key_goes_where_the_schema_puts_it() -> None:
    used: set[str] = set()
    meta = citekey.assign({"title": "T", "year": 2020, "tags": ["a"], "volume": "3"}, used)
    assert list(meta) == ["title", "year", "tags", "citekey", "volume"]
    assert meta["citekey"] == "anon2020t"
    again = citekey.assign({"title": "T", "year": 2020}, used)
    assert again["citekey"] == "anon2020ta"
    mine = {"title": "T", "citekey": "mine"}
    assert citekey.assign(mine, used) is mine
    assert used == {"anon2020t", "anon2020ta", "mine"}


@given(st.lists(st.text("ab", min_size=1, max_size=3), max_size=30))
def test_assigned_keys_never_collide(bases: list[str]) -> None:
    used: set[str] = set()
    keys = [citekey.assign({"title": b, "authors": [b]}, used)["citekey"] for b in bases]
    assert len({k.casefold() for k in keys}) == len(keys)
