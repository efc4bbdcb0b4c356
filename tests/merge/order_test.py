"""`order` both sides changed differently is settled without a person: the earlier place."""

from __future__ import annotations

from pathlib import Path

import pytest

from papervault.merge.fields import MISSING
from papervault.merge.fields import merge_fields
from papervault.merge.note import merge_note
from tests.commands.gitrepo import new_repo

NOTE = "---\ntitle: GPT\norder: {order}\nyear: 2018\n---\nBody.\n"


@pytest.mark.parametrize(
    ("ours", "theirs", "expected"),
    [
        (15, 25, 15),
        (25, 15, 15),
        ("17.5", 17, 17),
        (15, MISSING, 15),
        (MISSING, 15, 15),
        ("many", 30, 30),
        (12, 12.0, 12),  # the same place: ours' spelling
    ],
)
def test_both_sides_moved_the_paper(ours: object, theirs: object, expected: object) -> None:
    o = {"title": "GPT"} if ours is MISSING else {"title": "GPT", "order": ours}
    t = {"title": "GPT"} if theirs is MISSING else {"title": "GPT", "order": theirs}
    merged = merge_fields({"title": "GPT", "order": 20}, o, t)
    assert merged.conflicts == []
    assert merged.meta["order"] == expected
    swapped = merge_fields({"title": "GPT", "order": 20}, t, o)
    assert swapped.conflicts == []
    assert float(swapped.meta["order"]) == float(str(expected))


def test_neither_a_number_is_still_a_conflict() -> None:
    merged = merge_fields({"order": 1}, {"order": "a"}, {"order": "b"})
    assert merged.conflicts == ["order"]


def test_the_note_keeps_the_chosen_sides_bytes() -> None:
    base = NOTE.format(order=20).encode()
    result = merge_note(
        base, NOTE.format(order=25).encode(), NOTE.format(order="15  # moved").encode()
    )
    assert result.clean
    assert result.data == NOTE.format(order="15  # moved").encode()


@pytest.mark.parametrize("drivers", [True, False])
def test_a_real_merge_never_stops_on_order(tmp_path: Path, drivers: bool) -> None:
    repo = new_repo(tmp_path / "repo", drivers=drivers)
    name = "vault/llm/gpt.md"
    repo.write(name, NOTE.format(order=20))
    repo.commit("ordered")
    repo.git("checkout", "-q", "-b", "topic")
    repo.write(name, NOTE.format(order=25))
    repo.commit("theirs moves it")
    repo.git("checkout", "-q", "main")
    repo.write(name, NOTE.format(order=15).replace("2018", "2019"))
    repo.commit("ours moves it and fixes the year")
    proc = repo.git("merge", "--no-edit", "topic", check=False)
    if not drivers:  # git's line merge stops; resolve settles it with the same rule
        assert proc.returncode == 1
        resolved = repo.papervault("resolve")
        assert resolved.returncode == 0, resolved.stdout
        repo.git("commit", "-q", "--no-edit")
    else:
        assert proc.returncode == 0, proc.stdout + proc.stderr
    assert repo.show("HEAD", name) == NOTE.format(order=15).replace("2018", "2019")
