from __future__ import annotations

import json
from typing import Any

from bibtexparser.entrypoint import parse_string
from hypothesis import given
from hypothesis import strategies as st

from papervault import bib

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


def test_bibtex_entries_carry_ids_venue_and_keywords() -> None:
    text = bib.to_bibtex([EQUIFORMER, DEEPMD])
    library = parse_string(text)
    first, second = library.entries
    assert (first.entry_type, first.key) == ("misc", "liao2022equiformer")
    assert first.fields_dict["eprint"].value == "2206.11990"
    assert first.fields_dict["archiveprefix"].value == "arXiv"
    assert first.fields_dict["keywords"].value == "equivariance, transformers"
    assert "journal" not in first.fields_dict
    assert (second.entry_type, second.key) == ("article", "zeng2023deepmd")
    assert second.fields_dict["journal"].value == "The Journal of Chemical Physics"
    assert second.fields_dict["doi"].value == "10.1063/5.0155600"
    assert second.fields_dict["author"].value == "Jinzhe Zeng and Duo Zhang"


def test_latex_is_escaped_and_reads_back_the_same() -> None:
    text = bib.to_bibtex([HOSTILE])
    assert r"50\% of \{braces\} \& co\_workers \#1 at Z\"urich: $E=mc^2$" in text
    assert "url = {https://example.org/a_b?x=1&y=%20}" in text
    [(meta, _)] = bib.read_bibtex(text)
    assert meta["title"] == str(HOSTILE["title"]).replace("{", "").replace("}", "")
    assert meta["url"] == HOSTILE["url"]


def test_bibtex_round_trip_keeps_titles_ids_and_dois() -> None:
    metas = [EQUIFORMER, DEEPMD]
    back = [m for m, _ in bib.read_bibtex(bib.to_bibtex(metas))]
    for before, after in zip(metas, back, strict=True):
        for key in ("title", "arxiv", "doi", "year", "url"):
            assert after.get(key) == before.get(key), key
    assert back[0]["authors"] == ["Yi-Lun Liao"]
    assert back[0]["tags"] == ["equivariance", "transformers"]
    assert [m["citekey"] for m in back] == ["liao2022equiformer", "zeng2023deepmd"]


def test_csl_round_trip() -> None:
    text = bib.to_csl([EQUIFORMER, DEEPMD])
    items = json.loads(text)
    assert items[1]["author"][0] == {"family": "Zeng", "given": "Jinzhe"}
    assert items[1]["issued"] == {"date-parts": [[2023]]}
    assert items[0]["number"] == "arXiv:2206.11990"
    back = [m for m, _ in bib.read_csl(text)]
    assert [m.get("arxiv") for m in back] == ["2206.11990", None]
    assert [m.get("doi") for m in back] == [None, "10.1063/5.0155600"]
    assert [m["title"] for m in back] == [EQUIFORMER["title"], DEEPMD["title"]]


def test_exports_are_byte_identical() -> None:
    metas = [EQUIFORMER, DEEPMD, HOSTILE]
    assert bib.to_bibtex(metas) == bib.to_bibtex([dict(m) for m in metas])
    assert bib.to_csl(metas) == bib.to_csl([dict(m) for m in metas])


def test_colliding_keys_are_disambiguated_by_identity_and_pins_win() -> None:
    a = {"title": "MACE one", "authors": ["I Batatia"], "year": 2022, "arxiv": "2206.07697"}
    b = {"title": "MACE two", "authors": ["I Batatia"], "year": 2022, "arxiv": "2205.06643"}
    keys = bib.citation_keys([a, b])
    assert len(set(keys)) == 2
    assert all(k.startswith("batatia2022mace-") for k in keys)
    assert bib.citation_keys([b, a]) == keys[::-1]
    assert bib.citation_keys([{**a, "citekey": "mine"}, b])[0] == "mine"


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
    assert len(set(after)) == len(after)
    new_base = bib.base_key(new)
    for key, meta, again in zip(before, metas, after, strict=False):
        if bib.base_key(meta) != new_base:
            assert again == key


def test_entries_cut_the_export_into_one_entry_per_note() -> None:
    metas = [EQUIFORMER, DEEPMD, HOSTILE]
    text = bib.to_bibtex(metas)
    parts = bib.entries(text)
    assert len(parts) == 3
    assert [p.split("{", 1)[1].split(",", 1)[0] for p in parts] == bib.citation_keys(metas)
    assert all(p.startswith("@") and p.endswith("}\n") for p in parts)
