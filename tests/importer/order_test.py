"""`order` leaves room: import steps by ORDER_STEP, re-import keeps every order and puts a new
paper in a free place between its neighbours, so an insertion renumbers nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from papervault import notes
from papervault.cli import main
from papervault.vault import load_vault
from papervault.vault import order_between

LIST = """\
# Awesome Potentials

## Potentials

{entries}
"""


def entry(name: str) -> str:
    return (
        f"- [{name} potentials for molecules](https://example.org/{name.lower()}) - {name} et al."
    )


def write_list(path: Path, names: list[str]) -> None:
    path.write_text(LIST.format(entries="\n".join(entry(n) for n in names)), encoding="utf-8")


def orders(vault: Path) -> dict[str, object]:
    found = {}
    for note in load_vault(vault).notes:
        found[note.title.split()[0]] = note.meta.get("order")
    return found


def test_import_leaves_room_and_reimport_inserts_between(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    write_list(tmp_path / "list.md", ["Alpha", "Beta", "Gamma"])
    assert main(["import", "list.md", "--vault", "vault"]) == 0
    assert orders(tmp_path / "vault") == {"Alpha": 10, "Beta": 20, "Gamma": 30}
    before = {p: p.read_bytes() for p in (tmp_path / "vault").rglob("*.md")}
    write_list(tmp_path / "list.md", ["Zero", "Alpha", "Mid", "Beta", "Gamma", "Omega"])
    assert main(["import", "list.md", "--vault", "vault"]) == 0
    capsys.readouterr()
    assert orders(tmp_path / "vault") == {
        "Zero": 5,
        "Alpha": 10,
        "Mid": 15,
        "Beta": 20,
        "Gamma": 30,
        "Omega": 40,
    }
    after = {p: p.read_bytes() for p in before}
    assert after == before  # no note of the first import was rewritten
    section = next(s for s in load_vault(tmp_path / "vault").walk() if s.papers)
    assert [n.title.split()[0] for n in section.papers] == [
        "Zero",
        "Alpha",
        "Mid",
        "Beta",
        "Gamma",
        "Omega",
    ]
    note = notes.load(next((tmp_path / "vault").rglob("mid-*.md")))
    assert note.meta["order"] == 15


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (None, None, 10),
        (10, None, 20),
        (13, None, 20),
        (None, 10, 5),
        (10, 20, 15),
        (15, 20, 17),
        (19, 20, 19.5),
        (19.5, 20, 19.75),
        (0.5, 1, 0.75),
        (20, 10, 30),  # a neighbour out of order: after the one before
    ],
)
def test_order_between(before: float | None, after: float | None, expected: float) -> None:
    order = order_between(before, after)
    assert order == expected
    assert before is None or order > before
    assert after is None or after <= (before or 0) or order < after
