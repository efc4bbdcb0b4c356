from __future__ import annotations

from pathlib import Path

import pytest

from papervault.errors import VaultError
from papervault.vault import INBOX
from papervault.vault import ensure_inbox
from papervault.vault import load_vault
from papervault.vault import paper_number


def test_numbers_are_derived_from_order(sample_vault: Path) -> None:
    vault = load_vault(sample_vault)
    assert [(s.number, s.title) for s in vault.walk()] == [
        ("1", "Large Language Model"),
        ("1.1", "Equiformer"),
        ("2", "Deep Molecular dynamics"),
        ("2.1", "molecular dynamics"),
        ("2.2", "Machine Learning Potentials"),
    ]


def test_papers_sorted_by_order_then_year_then_title(sample_vault: Path) -> None:
    vault = load_vault(sample_vault)
    section = vault.by_number("2.2")
    assert [n.title for n in section.papers] == ["MACE", "DeePMD-kit"]
    assert [n.title for n in vault.by_number("1.1").papers] == ["SE(3)-Transformers", "Equiformer"]
    assert paper_number(section, section.papers[1]) == "2.2.2"


def test_also_in_lists_a_paper_in_both_sections(sample_vault: Path) -> None:
    vault = load_vault(sample_vault)
    mace = next(n for n in vault.notes if n.title == "MACE")
    assert [s.number for s in vault.sections_of(mace)] == ["2.2", "2.1"]
    assert mace in vault.by_number("2.1").papers


def test_inserting_a_section_renumbers_without_touching_files(sample_vault: Path) -> None:
    before = {p: p.read_bytes() for p in sample_vault.rglob("*.md")}
    (sample_vault / "md" / "agents").mkdir()
    (sample_vault / "md" / "agents" / "index.md").write_text(
        "---\ntitle: Agents\norder: 1.5\n---\n"
    )
    vault = load_vault(sample_vault)
    assert vault.by_number("2.2").title == "Agents"
    assert vault.by_number("2.3").title == "Machine Learning Potentials"
    assert all(p.read_bytes() == data for p, data in before.items())


def test_root_pages_are_not_papers(sample_vault: Path) -> None:
    vault = load_vault(sample_vault)
    assert [Path(p.path).name for p in vault.pages] == ["index.md"]
    assert len(vault.notes) == 4


def test_broken_note_is_collected_and_others_still_load(sample_vault: Path) -> None:
    (sample_vault / "md" / "potentials" / "bad.md").write_text("---\ntitle: [\n---\n")
    vault = load_vault(sample_vault)
    assert len(vault.notes) == 4
    assert [e.line for e in vault.errors] == [3]


def test_by_number_accepts_a_folder_path_and_rejects_unknown(sample_vault: Path) -> None:
    vault = load_vault(sample_vault)
    assert vault.by_number("md/potentials").number == "2.2"
    with pytest.raises(VaultError, match=r"no section '9\.9'"):
        vault.by_number("9.9")


def test_missing_vault_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(VaultError, match="no vault folder"):
        load_vault(tmp_path / "nowhere")


def test_inbox_is_created_once_and_sorts_last(sample_vault: Path) -> None:
    vault = load_vault(sample_vault)
    inbox = ensure_inbox(vault)
    assert inbox.number == "3"
    assert ensure_inbox(vault) is inbox
    assert load_vault(sample_vault).sections[INBOX].title == "Inbox"
