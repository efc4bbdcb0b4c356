"""The resolution policy without git: stages' bytes in, outcomes and findings out."""

from __future__ import annotations

from papervault.findings import Finding
from papervault.merge.text import Labels
from papervault.resolution import KEPT
from papervault.resolution import OPEN
from papervault.resolution import RESOLVED
from papervault.resolution import Outcome
from papervault.resolution import duplicates
from papervault.resolution import is_note
from papervault.resolution import leftover_markers
from papervault.resolution import resolve

PAPER = "---\ntitle: {title}\nyear: {year}\n---\n# Summary\n"
BASE = PAPER.format(title="GPT", year=2018).encode()
OURS = PAPER.format(title="GPT-1", year=2018).encode()
THEIRS = PAPER.format(title="GPT", year=2019).encode()
MERGED = PAPER.format(title="GPT-1", year=2019).encode()
MARKED = b"---\n<<<<<<< HEAD\ntitle: GPT-1\n=======\ntitle: GPT\n>>>>>>> topic\nyear: 2019\n---\n"
STAGES = {1: BASE, 2: OURS, 3: THEIRS}
PATH = "vault/llm/gpt.md"


def error(line: int, rule: str, message: str, path: str = PATH) -> Finding:
    return Finding(path, line, 1, "error", rule, message)


def test_a_path_is_a_note_when_the_driver_merges_it_or_it_is_a_vault_md() -> None:
    assert is_note("notes.txt", driven=True, in_vault=False)
    assert is_note("vault/a.md", driven=False, in_vault=True)
    assert not is_note("vault/a.txt", driven=False, in_vault=True)
    assert not is_note("README.md", driven=False, in_vault=False)


def test_a_path_that_is_not_a_note_is_for_a_person() -> None:
    outcome = resolve("notes.txt", STAGES, MARKED, note=False)
    assert outcome == Outcome(
        OPEN, findings=(error(1, "merge-conflict", "not a note: resolve it by hand", "notes.txt"),)
    )
    shown = "notes.txt:1:1: merge-conflict not a note: resolve it by hand"
    assert str(outcome.findings[0]) == shown


def test_a_file_without_markers_is_a_choice_and_kept_untouched() -> None:
    for current in (OURS, THEIRS, b"anything a person wrote\n"):
        assert resolve(PATH, STAGES, current, note=True) == Outcome(KEPT)


def test_markers_are_re_merged_from_the_stages_and_the_file_rewritten() -> None:
    assert resolve(PATH, STAGES, MARKED, note=True) == Outcome(RESOLVED, MERGED, MARKED)


def test_a_file_that_is_one_side_or_already_merged_needs_no_backup() -> None:
    assert resolve(PATH, STAGES, None, note=True) == Outcome(RESOLVED, MERGED)
    assert resolve(PATH, {**STAGES, 2: MARKED}, MARKED, note=True).backup is None


def test_a_true_conflict_is_one_finding_at_its_markers() -> None:
    stages = {1: BASE, 2: OURS, 3: PAPER.format(title="GPT-2", year=2018).encode()}
    outcome = resolve(PATH, stages, MARKED, note=True, labels=Labels("HEAD", "base", "topic"))
    assert outcome.status == OPEN
    assert outcome.write is not None
    assert outcome.write.startswith(b"---\n<<<<<<< HEAD\ntitle: GPT-1\n||||||| base\n")
    assert outcome.findings == (
        error(2, "merge-conflict", "field 'title' changed differently on both sides"),
    )


def test_a_note_deleted_on_one_side_is_modify_delete() -> None:
    for stages, side in (({1: BASE, 2: OURS}, "theirs"), ({1: BASE, 3: THEIRS}, "ours")):
        message = (
            f"deleted by {side}, changed on the other side: keep it (git add) or delete it (git rm)"
        )
        assert resolve(PATH, stages, OURS, note=True) == Outcome(
            OPEN, findings=(error(1, "modify-delete", message),)
        )


def test_two_different_papers_added_at_one_path_are_add_add() -> None:
    bert, elmo = (PAPER.format(title=t, year=2019).encode() for t in ("BERT", "ELMo"))
    assert resolve(PATH, {2: elmo, 3: bert}, MARKED, note=True) == Outcome(
        OPEN, findings=(error(1, "add-add", "two different papers added here: 'BERT' and 'ELMo'"),)
    )


def test_the_same_paper_added_twice_is_merged() -> None:
    ours = PAPER.format(title="BERT", year=2019).encode()
    theirs = ours.replace(b"year: 2019\n", b"year: 2019\narxiv: '1810.04805'\n")
    assert resolve(PATH, {2: ours, 3: theirs}, MARKED, note=True) == Outcome(
        RESOLVED, theirs, MARKED
    )


def test_markers_left_in_a_changed_file_are_found_where_they_start() -> None:
    assert leftover_markers(PATH, MARKED) == [
        error(2, "merge-conflict", "markers left (<<<<<<< HEAD): edit the file")
    ]
    assert leftover_markers(PATH, MERGED) == []


def test_a_duplicate_is_named_at_the_note_the_merge_touched() -> None:
    groups = {
        "url:example.org/gn": ["md/full.md", "md/short.md"],
        "title:gpt": ["llm/a.md", "llm/b.md"],
        "arxiv:1806.01261": ["md/full.md", "md/short.md", "md/third.md"],
    }
    assert [str(f) for f in duplicates(groups, {"md/short.md", "md/third.md"})] == [
        "md/short.md:1:1: duplicate-paper one paper in two notes? md/full.md, md/third.md has"
        " the same arXiv id (1806.01261): a person decides, nothing was deleted",
        "md/short.md:1:1: duplicate-paper one paper in two notes? md/full.md has the same url"
        " (example.org/gn): a person decides, nothing was deleted",
    ]
    assert duplicates(groups, set()) == []


def test_add_add_asks_identity_c_and_c_plus_plus_are_two_papers() -> None:
    c, cpp = (
        PAPER.format(title=t, year=1978).encode() for t in ("The C language", "The C++ language")
    )
    assert resolve(PATH, {2: c, 3: cpp}, MARKED, note=True) == Outcome(
        OPEN,
        findings=(
            error(
                1,
                "add-add",
                "two different papers added here: 'The C language' and 'The C++ language'",
            ),
        ),
    )


def test_add_add_one_title_two_arxiv_ids_is_two_papers() -> None:
    ours = PAPER.format(title="BERT", year=2019).encode()
    mine = ours.replace(b"year: 2019\n", b"year: 2019\narxiv: '1810.04805'\n")
    other = ours.replace(b"year: 2019\n", b"year: 2019\narxiv: '1906.08237'\n")
    outcome = resolve(PATH, {2: mine, 3: other}, MARKED, note=True)
    assert outcome.findings == (
        error(1, "add-add", "two different papers added here: 'BERT' and 'BERT'"),
    )
