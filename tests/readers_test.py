from __future__ import annotations

import html
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from papervault import bib
from papervault import citekey
from papervault import csl
from papervault import readers
from papervault.site import card
from papervault.site import pages


@pytest.mark.parametrize(
    ("name", "family"),
    [
        ("Yi-Lun Liao", "Liao"),
        ("Liao, Yi-Lun", "Liao"),
        ("Hjorth Larsen, Ask", "Hjorth Larsen"),
        ("Ask Hjorth Larsen", "Larsen"),
        ("Vincent van Gogh", "Gogh"),
        ("van Gogh, Vincent", "Gogh"),
        ("Smith, Jr., John", "Smith"),
        ("{The PyTorch Lightning team}", "PyTorch"),
        ("J. {de Groot}", "de Groot"),
        ("Plato", "Plato"),
        ("Müller, Jörg", "Müller"),
    ],
)
def test_family_name_is_the_one_bibtex_reads(name: str, family: str) -> None:
    assert readers.family_name(name) == family


@pytest.mark.parametrize("name", ["", " ", "   ", "\t\n", ",", ", b", "{}", "{ }"])
def test_family_name_of_nothing_is_empty(name: str) -> None:
    # site/pages.family_name gave the input back ("   "), citekey.family gave "": one now
    assert readers.family_name(name) == ""
    assert pages.initial(name) == "#"


@pytest.mark.parametrize(
    ("meta", "names"),
    [
        ({"authors": ["Ilyes Batatia", " Gabor Csanyi "]}, ["Ilyes Batatia", "Gabor Csanyi"]),
        ({"authors": "Ilyes Batatia"}, ["Ilyes Batatia"]),
        ({"authors": ["A", None, True, "", " ", {"name": "x"}, ["y"], 3]}, ["A", "3"]),
        ({"authors": [], "lead_authors": ["Tess Smidt (MIT)"]}, ["Tess Smidt"]),
        ({"authors": [None], "lead_authors": [{"name": "Tess Smidt"}]}, ["Tess Smidt"]),
        ({"lead_authors": "Tess Smidt (MIT)"}, ["Tess Smidt"]),
        ({"authors": None}, []),
        ({}, []),
    ],
)
def test_authors_are_read_one_way(meta: dict[str, Any], names: list[str]) -> None:
    assert readers.authors(meta) == names
    assert readers.first_author(meta) == (names[0] if names else "")


NAMES = ["Yi-Lun Liao", "Liao, Yi-Lun", "Hjorth Larsen, Ask", "Vincent van Gogh", "Plato"]
NAMES += ["Müller, Jörg", "{The PyTorch Lightning team}", " Tess Smidt ", "", "  "]
ITEMS = st.sampled_from([*NAMES, None, True, 3, {"name": "x"}])
LEADS = st.sampled_from(["Tess Smidt (MIT)", "Gabor Csanyi (Cambridge (UK))", "", None])
META = st.fixed_dictionaries(
    {},
    optional={
        "authors": st.lists(ITEMS, max_size=4) | st.sampled_from(NAMES),
        "lead_authors": st.lists(LEADS, max_size=3),
    },
).map(lambda m: {"title": "A paper", "year": 2022, **m})


@given(META)
def test_every_output_names_the_authors_the_reader_reads(meta: dict[str, Any]) -> None:
    names = readers.authors(meta)
    # the card and the author index
    shown = card.render(meta)
    assert all(html.escape(n) in shown for n in names)
    index = pages.authors_page([pages.paper("s/a.md", "", meta)])
    assert sorted(row.lead for rows in index.lists for row in rows) == sorted(set(names))
    # the .bib export, read back
    [ref] = bib.read_bibtex(bib.to_bibtex([meta]))
    families = [readers.family_name(n) for n in names]
    assert [readers.family_name(n) for n in ref.meta.get("authors", [])] == families
    # CSL-JSON
    [item] = json.loads(csl.to_csl([meta]))
    assert len(item.get("author", [])) == len(names)
    # the citation key starts with the first author's family name
    who = citekey.ascii_word(readers.family_name(readers.first_author(meta)))
    assert citekey.derive(meta).startswith(who or "anon")
