from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from papervault import identity
from papervault import lint
from papervault import notes
from papervault.cli import main
from papervault.vault import load_vault
from tests.conftest import write_files


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("MACE", "mace"),
        ("MACE", "  MACE  "),
        ("MACE", "MACE."),
        ("MACE", "2.5.1 MACE"),
        ("MACE", "**MACE**"),
        ("MACE", "*MACE*"),
        ("MACE", "_MACE_"),
        ("MACE", "`MACE`"),
        ("MACE", "<em>MACE</em>"),
        ("MACE", "[MACE](https://example.org/mace)"),
        ("Equiformer: a graph transformer", "Equiformer:  a   graph\ttransformer"),
        ("DeePMD-kit v2", "DeePMD\u2013kit v2"),
        ("{E}quiformer", "Equiformer"),
        ("SE(3)-Transformers", "se(3)-transformers."),
        ("Chapter 2 Deep MD", "Deep MD"),
    ],
)
def test_title_keys_ignore_case_spaces_markup_numbering_and_a_trailing_period(
    a: str, b: str
) -> None:
    assert identity.title_key(a) == identity.title_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("C", "C++"),
        ("C#", "C"),
        ("MACE", "MACE v2"),
        ("SE(3)-Transformers", "SE3 Transformers"),
        ("What is it?", "What is it!"),
        ("snake_case names", "snakecase names"),
    ],
)
def test_title_keys_keep_meaningful_punctuation(a: str, b: str) -> None:
    assert identity.title_key(a) != identity.title_key(b)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ({"title": "MACE"}, {"title": "mace."}, True),
        (
            {"title": "MACE", "arxiv": "2206.07697"},
            {"title": "MACE", "arxiv": "2206.07697v2"},
            True,
        ),
        ({"title": "MACE", "arxiv": "2206.07697"}, {"title": "MACE", "arxiv": "2206.07698"}, False),
        ({"title": "MACE", "doi": "10.1000/A"}, {"title": "MACE", "doi": "10.1000/a"}, True),
        ({"title": "MACE", "doi": "10.1000/a"}, {"title": "MACE", "doi": "10.1000/b"}, False),
        (
            {"title": "MACE", "arxiv": "2206.07697"},
            {"title": "MACE", "url": "https://arxiv.org/pdf/2206.07697v3.pdf"},
            True,
        ),
        ({"title": "MACE", "arxiv": "2206.07697"}, {"title": "MACE", "doi": "10.1000/a"}, True),
        # the same id under two titles is not one paper: a lint finding, a person decides
        (
            {"title": "MechGPT", "arxiv": "2409.05556"},
            {"title": "SciAgents", "arxiv": "2409.05556"},
            False,
        ),
        ({"title": ""}, {"title": ""}, False),
        ({}, {}, False),
    ],
)
def test_same_paper(a: dict[str, Any], b: dict[str, Any], same: bool) -> None:
    assert identity.same_paper(a, b) is same
    assert identity.same_paper(b, a) is same


def test_keys_find_candidates_by_unversioned_id_lower_case_doi_and_title() -> None:
    meta = {
        "title": "2.5.3 DeePMD-kit v2.",
        "arxiv": "arXiv:2304.09409v2",
        "doi": "10.1063/5.0155600",
        "url": "https://pubs.aip.org/doi/10.1063/5.0155601",
    }
    assert identity.keys(meta) == (
        "arxiv:2304.09409",
        "doi:10.1063/5.0155600",
        "doi:10.1063/5.0155601",
        "title:deepmd-kit v2",
    )
    assert identity.fingerprint({**meta, "arxiv": "2304.09409v3"}) == identity.fingerprint(meta)


def test_identity_reads_ids_from_the_fields_and_the_url() -> None:
    ident = identity.identity(
        {
            "title": " 2.3.1 MechGPT. ",
            "arxiv": "2310.10445v2",
            "url": "https://arxiv.org/pdf/2409.05556",
        }
    )
    assert ident.key == "mechgpt"
    assert ident.arxiv == (("2310.10445", "arxiv"), ("2409.05556", "url"))
    doi = identity.identity(
        {"doi": "10.1115/1.4063843", "url": "https://doi.org/10.1115/1.4063843"}
    )
    assert doi.doi == (("10.1115/1.4063843", "doi"),)
    assert identity.identity({"arxiv": "not an id", "title": 3}).arxiv == ()


# --- the law: identity agrees with lint's duplicate checks ---------------------------------

TITLES = ["MACE", "mace.", "2.5.1 MACE", "**MACE**", "MACE v2", "C", "C++", "SE(3)-X", "SE3 X"]
ARXIVS = [None, "2206.11990", "2206.11990v2", "arXiv:2206.11990", "2206.11991"]
DOIS = [None, "10.1000/a", "10.1000/A", "doi:10.1000/b"]
URLS = [
    None,
    "https://arxiv.org/abs/2206.11990v3",
    "https://doi.org/10.1000/b",
    "https://www.pnas.org/doi/10.1000/a",
]
META = st.builds(
    lambda title, arxiv, doi, url: {
        k: v for k, v in {"title": title, "arxiv": arxiv, "doi": doi, "url": url}.items() if v
    },
    st.sampled_from(TITLES),
    st.sampled_from(ARXIVS),
    st.sampled_from(DOIS),
    st.sampled_from(URLS),
)


def note_text(meta: dict[str, Any]) -> str:
    return "---\n" + "".join(f"{k}: {json.dumps(v)}\n" for k, v in meta.items()) + "---\n"


def duplicate_rules(a: dict[str, Any], b: dict[str, Any]) -> set[str]:
    records = {
        path: lint.record(notes.loads(note_text(meta), path), lint.PAPER)
        for path, meta in (("v/s/a.md", a), ("v/s/b.md", b))
    }
    found = lint.cross_check(records, {"s"}, records)
    return {issue.rule for issues in found.values() for issue in issues}


@given(META, META)
def test_same_paper_agrees_with_lints_duplicate_checks(
    a: dict[str, Any], b: dict[str, Any]
) -> None:
    rules = duplicate_rules(a, b)
    assert ("duplicate-title" in rules) is identity.same_paper(a, b)
    ia, ib = identity.identity(a), identity.identity(b)
    shared_arxiv = {i for i, _ in ia.arxiv} & {i for i, _ in ib.arxiv}
    shared_doi = {i for i, _ in ia.doi} & {i for i, _ in ib.doi}
    assert ("duplicate-arxiv" in rules) is bool(shared_arxiv)
    assert ("duplicate-doi" in rules) is bool(shared_doi)
    assert identity.shares_id(ia, ib) is bool(shared_arxiv or shared_doi)


# --- the disagreements that were -----------------------------------------------------------


def test_a_bib_with_one_paper_under_two_versions_gives_one_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "refs.bib").write_text(
        "@misc{liao2022,\n  title = {Equiformer},\n  eprint = {2206.11990},\n"
        "  archiveprefix = {arXiv},\n}\n\n"
        "@misc{liao2022v2,\n  title = {Equiformer.},\n  eprint = {2206.11990v2},\n"
        "  archiveprefix = {arXiv},\n}\n",
        encoding="utf-8",
    )
    assert main(["import", "refs.bib", "--vault", "vault"]) == 0
    capsys.readouterr()
    vault = load_vault(tmp_path / "vault")
    assert [n.title for n in vault.notes] == ["Equiformer"]
    main(["lint", "--vault", "vault"])
    assert "duplicate-" not in capsys.readouterr().out


def test_a_doi_in_a_publisher_address_takes_part_in_duplicate_doi(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    files = {
        "vault/index.md": "---\ntitle: Home\n---\n",
        "vault/s/index.md": "---\ntitle: S\norder: 1\n---\n",
        "vault/s/a.md": "---\ntitle: A paper\ndoi: 10.1073/pnas.2403497121\n---\n",
        "vault/s/b.md": (
            "---\ntitle: Another paper\nurl: https://www.pnas.org/doi/10.1073/pnas.2403497121\n---\n"
        ),
    }
    write_files(tmp_path, files)
    assert main(["lint", "--vault", "vault", "--no-cache"]) == 1
    out = capsys.readouterr().out
    assert (
        "vault/s/b.md:3:6: duplicate-doi DOI 10.1073/pnas.2403497121 is also the DOI of"
        " vault/s/a.md ('A paper'): two papers cannot share it, one is wrong"
    ) in out.splitlines()
