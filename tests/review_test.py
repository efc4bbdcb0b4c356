from __future__ import annotations

import json
from pathlib import Path

from papervault import review
from papervault.findings import ERROR
from papervault.findings import Finding
from papervault.vault import load_vault
from tests.conftest import write_files


def _vault(root: Path, files: dict[str, str]) -> Path:
    write_files(root, files)
    return root


BASE = {
    "a/index.md": "---\ntitle: Chapter A\norder: 1\n---\n",
    "a/s/index.md": "---\ntitle: Section S\norder: 1\n---\n",
    "a/t/index.md": "---\ntitle: Section T\norder: 2\n---\n",
    "a/s/mace.md": "---\ntitle: MACE\narxiv: '2206.07697'\nyear: 2022\n---\nBody\n",
    "a/s/old.md": "---\ntitle: Old paper\n---\n",
    "a/s/keep.md": "---\ntitle: Keep\ntags: [x]\n---\nSame\n",
}


def test_review_names_added_deleted_moved_and_changed_fields(tmp_path: Path) -> None:
    before = load_vault(_vault(tmp_path / "b", BASE))
    head = dict(BASE)
    del head["a/s/old.md"]
    del head["a/s/mace.md"]
    head["a/t/mace-renamed.md"] = "---\ntitle: MACE\narxiv: '2206.07697'\nyear: 2023\n---\nBody\n"
    head["a/s/keep.md"] = "---\ntitle: Keep\ntags: [x, y]\nvenue: NeurIPS\n---\nNew summary\n"
    head["a/s/new.md"] = "---\ntitle: New paper\n---\n"
    after = load_vault(_vault(tmp_path / "h", head))
    result = review.review(before, after)
    assert [p.title for p in result.added] == ["New paper"]
    assert [p.title for p in result.deleted] == ["Old paper"]
    moved = next(c for c in result.changed if c.paper.title == "MACE")
    assert moved.moved
    assert (moved.old_path, moved.paper.path) == ("a/s/mace.md", "a/t/mace-renamed.md")
    assert (moved.old_sections, moved.paper.sections) == (["1.1 Section S"], ["1.2 Section T"])
    assert [(f.field, f.old, f.new) for f in moved.fields] == [("year", 2022, 2023)]
    keep = next(c for c in result.changed if c.paper.title == "Keep")
    assert [(f.field, f.old, f.new) for f in keep.fields] == [
        ("tags", ["x"], ["x", "y"]),
        ("venue", None, "NeurIPS"),
    ]
    assert keep.body_changed
    text = review.to_markdown(result, "main", "topic")
    assert "**Papers:** 1 added, 1 deleted, 1 moved, 2 edited." in text
    assert (
        "- **MACE**: 1.1 Section S → 1.2 Section T (`a/s/mace.md` → `a/t/mace-renamed.md`)" in text
    )
    assert '  - `tags`: `["x"]` → `["x", "y"]`' in text
    assert "  - `venue`: — → `NeurIPS`" in text
    assert "  - summary changed" in text


def test_sections_added_and_renamed_and_duplicates(tmp_path: Path) -> None:
    before = load_vault(_vault(tmp_path / "b", BASE))
    head = dict(BASE)
    head["a/s/index.md"] = "---\ntitle: Section S renamed\norder: 1\n---\n"
    head["a/u/index.md"] = "---\ntitle: Section U\norder: 3\n---\n"
    head["a/u/copy.md"] = "---\ntitle: Another\narxiv: '2206.07697'\n---\n"
    result = review.review(before, load_vault(_vault(tmp_path / "h", head)))
    assert result.sections_added == ["1.3 Section U"]
    assert result.sections_renamed == [("Section S", "Section S renamed")]
    message = (
        "one paper in two notes? a/s/mace.md has the same arXiv id (2206.07697):"
        " a person decides, nothing was deleted"
    )
    assert result.duplicates == [
        Finding("a/u/copy.md", 1, 1, ERROR, "duplicate-paper", message),
    ]
    text = review.to_markdown(result, "a", "b")
    assert f"### Duplicates introduced\n\n- `a/u/copy.md:1:1: duplicate-paper {message}`\n" in text
    data = json.loads(review.to_json(result))
    assert data["duplicates"] == [
        {
            "path": "a/u/copy.md",
            "line": 1,
            "col": 1,
            "severity": "error",
            "rule": "duplicate-paper",
            "message": message,
        }
    ]


def test_a_duplicate_the_vault_had_before_is_not_introduced(tmp_path: Path) -> None:
    base = dict(BASE)
    base["a/u/index.md"] = "---\ntitle: Section U\norder: 3\n---\n"
    base["a/u/copy.md"] = "---\ntitle: Another\narxiv: '2206.07697'\n---\n"
    before = load_vault(_vault(tmp_path / "b", base))
    head = dict(base)
    head["a/s/index.md"] = "---\ntitle: Section S renamed\norder: 1\n---\n"
    assert review.review(before, load_vault(_vault(tmp_path / "h", head))).duplicates == []


def test_empty_change_and_hostile_titles(tmp_path: Path) -> None:
    before = load_vault(_vault(tmp_path / "b", BASE))
    same = review.review(before, load_vault(_vault(tmp_path / "h", BASE)))
    assert same.empty
    assert "No papers or sections changed." in review.to_markdown(same, "a", "b")
    head = dict(BASE)
    head["a/s/x.md"] = "---\ntitle: '<script>alert(1)</script> [x](javascript:y)'\n---\n"
    text = review.to_markdown(
        review.review(before, load_vault(_vault(tmp_path / "x", head))), "a", "b"
    )
    assert "<script>" not in text
    assert "\\[x\\](javascript:y)" in text  # escaped: shown as text, never a link


def test_a_version_bump_with_a_new_title_and_file_is_one_paper_moved(tmp_path: Path) -> None:
    """Found by the identity review: the arXiv id with a version was a delete plus an add."""
    before = load_vault(_vault(tmp_path / "b", BASE))
    head = dict(BASE)
    del head["a/s/mace.md"]
    head["a/t/mace-v2.md"] = "---\ntitle: MACE, revised\narxiv: '2206.07697v2'\nyear: 2022\n---\n"
    result = review.review(before, load_vault(_vault(tmp_path / "h", head)))
    assert result.added == []
    assert result.deleted == []
    moved = next(c for c in result.changed if c.paper.title == "MACE, revised")
    assert (moved.old_path, moved.paper.path) == ("a/s/mace.md", "a/t/mace-v2.md")
    assert [(f.field, f.old, f.new) for f in moved.fields] == [
        ("title", "MACE", "MACE, revised"),
        ("arxiv", "2206.07697", "2206.07697v2"),
    ]
