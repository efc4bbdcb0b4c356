from __future__ import annotations

import json
from pathlib import Path

import pytest

from papervault import notes
from papervault.cli import main
from papervault.template import READING_TEMPLATE


def test_new_writes_note_in_section_and_prints_path(
    sample_vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["new", "--title", "EquiformerV2: Improved", "--section", "1.1", "--arxiv", "2306.12059"]
    assert main(args) == 0
    printed = capsys.readouterr().out.strip()
    assert printed == "vault/llm/equiformer/equiformerv2-improved.md"
    note = notes.load(printed)
    assert note.meta == {
        "title": "EquiformerV2: Improved",
        "order": 10,  # a free place after the section's last paper (order 2)
        "arxiv": "2306.12059",
        "url": "https://arxiv.org/abs/2306.12059",
        "citekey": "anon2023equiformerv2",  # no authors yet; the year from the arXiv id
    }
    assert note.body == READING_TEMPLATE
    assert main(["list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {"path": printed, "sections": ["1.1"]}.items() <= next(
        r for r in rows if r["title"].startswith("EquiformerV2")
    ).items()


def test_new_refuses_to_overwrite(sample_vault: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = sample_vault / "md" / "potentials" / "mace.md"
    before = target.read_bytes()
    assert main(["new", "--title", "MACE", "--section", "2.2"]) == 2
    assert "vault/md/potentials/mace.md already exists" in capsys.readouterr().err
    assert target.read_bytes() == before


def test_new_title_cannot_escape_the_vault(
    sample_vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", "--title", "../../../evil", "--section", "2.1"]) == 0
    written = Path(capsys.readouterr().out.strip()).resolve()
    assert written == (sample_vault / "md" / "dynamics" / "evil.md").resolve()


def test_new_without_section_goes_to_inbox(
    sample_vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", "--title", "A paper", "--doi", "https://doi.org/10.1063/5.0155600"]) == 0
    path = capsys.readouterr().out.strip()
    assert path == "vault/inbox/a-paper.md"
    assert notes.load(path).meta["doi"] == "10.1063/5.0155600"
    assert notes.load("vault/inbox/index.md").meta == {"title": "Inbox", "order": 999}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--title", "X", "--arxiv", "12345"], "--arxiv '12345' is not an arXiv id"),
        (["--title", "X", "--doi", "5.0155600"], "--doi '5.0155600' is not a DOI"),
        (["--title", "X", "--section", "7.7"], "no section '7.7'"),
        (["--title", "   "], "--title must not be empty"),
    ],
)
def test_new_rejects_bad_input_and_writes_nothing(
    sample_vault: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    before = sorted(sample_vault.rglob("*"))
    assert main(["new", *args]) == 2
    assert message in capsys.readouterr().err
    assert sorted(sample_vault.rglob("*")) == before


def test_a_title_too_long_for_the_file_name_is_kept_as_an_alias(
    sample_vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    title = (
        "EquiformerV2: Improved Equivariant Transformer for Scaling to Higher-Degree"
        " Representations"
    )
    assert main(["new", "--title", title, "--section", "1.1"]) == 0
    printed = capsys.readouterr().out.strip()
    assert printed == (
        "vault/llm/equiformer/"
        "equiformerv2-improved-equivariant-transformer-for-scaling-to-higher-degree-repre.md"
    )
    meta = notes.load(printed).meta
    assert meta == {
        "title": title,
        "aliases": [title],
        "order": 10,
        "citekey": "anonndequiformerv2",
    }
    assert Path(printed).read_text().startswith(f"---\ntitle: '{title}'\naliases:\n  - '{title}'\n")
    assert main(["lint", "--vault", "vault", printed]) == 0


def test_titles_of_four_byte_letters_are_cut_by_bytes(
    sample_vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    title = "𠀀" * 90  # 90 letters of 4 bytes: 360 bytes, more than a file name may hold
    assert main(["new", "--title", title, "--section", "2.1"]) == 0
    written = Path(capsys.readouterr().out.strip())
    assert len(written.name.encode()) <= 255 - len(".x.XXXXXXXX.tmp")
    assert written.name == "𠀀" * 50 + ".md"
    assert notes.load(written).meta["aliases"] == [title]


def test_long_titles_sharing_their_start_get_distinct_file_names(
    sample_vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    start = "A study of equivariant message passing for interatomic potentials at scale, "
    paths = []
    for end in ("part one", "part two"):
        assert main(["new", "--title", start + end, "--section", "2.1"]) == 0
        paths.append(capsys.readouterr().out.strip())
    stem = "a-study-of-equivariant-message-passing-for-interatomic-potentials-at-scale-part"
    assert paths == [f"vault/md/dynamics/{stem}.md", f"vault/md/dynamics/{stem}-2.md"]
    assert main(["new", "--title", start + "part two", "--section", "2.1"]) == 2
    assert capsys.readouterr().err == (
        f"papervault new: vault/md/dynamics/{stem}-2.md already exists; edit it instead\n"
    )


def test_new_warns_about_a_paper_the_vault_has(
    sample_vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", "--title", "mace.", "--section", "2.1"]) == 0
    out, err = capsys.readouterr()
    assert out == "vault/md/dynamics/mace.md\n"
    assert err == (
        "papervault new: warning: vault/md/potentials/mace.md is the same paper"
        " (papervault lint will report both until one goes)\n"
    )


def test_an_unknown_section_lists_the_sections(
    sample_vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", "--title", "X", "--section", "9.9"]) == 2
    assert capsys.readouterr().err == (
        "papervault new: no section '9.9' in vault\n"
        "sections:\n"
        "  1    Large Language Model\n"
        "  1.1  Equiformer\n"
        "  2    Deep Molecular dynamics\n"
        "  2.1  molecular dynamics\n"
        "  2.2  Machine Learning Potentials\n"
    )
    assert main(["new", "--title", "X", "--section", "2.3"]) == 2
    assert capsys.readouterr().err.startswith(
        "papervault new: no section '2.3' in vault; did you mean '2.2'?\nsections:\n"
    )


def test_new_where_a_file_stands_for_the_inbox_folder(
    sample_vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # (root ignores permissions: a file where the folder should be makes the write fail)
    (sample_vault / "inbox").write_text("not a folder\n")
    assert main(["new", "--title", "X"]) == 2
    assert capsys.readouterr().err == (
        "papervault new: vault/inbox: a file is where a folder is needed\n"
    )
