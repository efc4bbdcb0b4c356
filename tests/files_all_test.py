"""`write_all`: every file or none (what `import` writes with), on a real file system."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from papervault.files import write_all


def listing(root: Path) -> dict[str, bytes | None]:
    out: dict[str, bytes | None] = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs:
            out[os.path.relpath(os.path.join(folder, name), root)] = None
        for name in files:
            path = os.path.join(folder, name)
            out[os.path.relpath(path, root)] = Path(path).read_bytes()
    return out


def test_all_are_written(tmp_path: Path) -> None:
    (tmp_path / "old.md").write_text("old\n")
    write_all([(tmp_path / "a/b/new.md", "new\n"), (tmp_path / "old.md", "changed\n")])
    assert listing(tmp_path) == {
        "a": None,
        "a/b": None,
        "a/b/new.md": b"new\n",
        "old.md": b"changed\n",
    }


def test_a_rename_that_fails_puts_everything_back(tmp_path: Path) -> None:
    (tmp_path / "old.md").write_text("old\n")
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken/x").write_text("a folder where a note should go\n")
    before = listing(tmp_path)
    with pytest.raises(IsADirectoryError):
        write_all(
            [
                (tmp_path / "new/deep/a.md", "a\n"),
                (tmp_path / "old.md", "changed\n"),
                (tmp_path / "taken", "cannot replace a folder\n"),
            ]
        )
    assert listing(tmp_path) == before  # no new file, no new folder, no temporary file


def test_a_folder_that_cannot_be_made_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "old.md").write_text("old\n")
    (tmp_path / "plain").write_text("a file, not a folder\n")
    before = listing(tmp_path)
    with pytest.raises(NotADirectoryError) as caught:
        write_all([(tmp_path / "old.md", "changed\n"), (tmp_path / "plain/sub/x.md", "x\n")])
    assert caught.value.filename == str(tmp_path / "plain/sub")
    assert listing(tmp_path) == before
