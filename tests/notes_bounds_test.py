"""Bounded work for any note: sizes, numbers and aliases have limits, each a `path:line`
error in every command and the build; hostile YAML never hangs the note model or a merge."""

from __future__ import annotations

import contextlib
import logging
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from papervault import notes
from papervault.cli import main
from papervault.errors import NoteError
from papervault.merge.note import merge_note
from tests.commands.gitrepo import new_repo
from tests.site.sitekit import NOTES
from tests.site.sitekit import make_project

BOUND = 10.0  # seconds any one hostile note may take, on a loaded machine


def laughs(levels: int = 8, key: str = "lol") -> str:
    """The billion laughs: each level ten aliases of the one before."""
    lines = [f"{key}0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"]
    for i in range(1, levels + 1):
        lines.append(f"{key}{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n")
    return "".join(lines)


BIG_YEAR = "---\ntitle: Big\nvenue: X\nyear: " + "9" * 5000 + "\n---\n"
BOMB = "---\ntitle: Bomb\n" + laughs() + "---\n"
LONG_TITLE = "---\ntitle: " + "a" * 190_000 + "\n---\n"
MESSAGES = {
    "big": "4: invalid front matter: a number of 5,000 digits (at most 100)",
    "bomb": "7: invalid front matter: more than 100,000 values once its aliases are expanded",
    "long": "2: invalid front matter: a value of 190,000 characters (at most 20,000)",
}


@contextlib.contextmanager
def time_bound(seconds: float = BOUND) -> Iterator[None]:
    """Fail (not hang) when the block runs longer than `seconds`."""

    def expired(signum: int, frame: object) -> None:
        raise AssertionError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (BIG_YEAR, 4, "invalid front matter: a number of 5,000 digits (at most 100)"),
        (
            "---\ntitle: x\nyear: '" + "1" * 101 + "'\n---\n",
            3,
            "invalid front matter: a number of 101 digits (at most 100)",
        ),
        (BOMB, 7, "invalid front matter: more than 100,000 values once its aliases are expanded"),
        (
            "---\ntitle: x\nother: &a [1, *a]\n---\n",
            3,
            "invalid front matter: an alias that holds itself",
        ),
        (
            "---\ntitle: x\nabstract: " + "b" * 20_001 + "\n---\n",
            3,
            "invalid front matter: a value of 20,001 characters (at most 20,000)",
        ),
        (
            "---\ntitle: x\n---\n" + "c" * 1_000_000,
            1,
            "a note of 1,000,017 characters (at most 200,000)",
        ),
    ],
)
def test_limits_are_errors_at_their_line(text: str, line: int, message: str) -> None:
    with time_bound(), pytest.raises(NoteError) as caught:
        notes.loads(text, "n.md")
    assert (caught.value.line, caught.value.message) == (line, message)


def test_within_the_limits_a_note_reads() -> None:
    text = (
        "---\ntitle: " + "t" * 20_000 + "\nyear: " + "1" * 100 + "\n"
        "authors:\n" + "".join(f"  - Author {i}\n" for i in range(5_000)) + "---\n"
    )
    note = notes.loads(text, "n.md")
    assert len(note.meta["authors"]) == 5_000
    assert notes.loads("---\ntitle: x\nsee: &a [1, 2]\nagain: *a\n---\n").meta["again"] == [1, 2]


@pytest.fixture
def hostile_vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = make_project(tmp_path / "p", NOTES)
    for name, text in (("big", BIG_YEAR), ("bomb", BOMB), ("long", LONG_TITLE)):
        (root / f"vault/llm/{name}.md").write_text(text, encoding="utf-8")
    monkeypatch.chdir(root)
    return root


@pytest.mark.parametrize(
    "args",
    [
        ["lint"],
        ["list", "--json"],
        ["export", "--format", "bibtex"],
        ["export", "--format", "csl-json"],
        ["toc"],
        ["toc", "--check"],
    ],
)
def test_every_command_names_the_note_and_line(
    hostile_vault: Path, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    with time_bound():
        code = main(args)
    out, err = capsys.readouterr()
    assert code in (1, 2)
    for name, message in MESSAGES.items():
        line, _, text = message.partition(": ")
        if args == ["lint"]:
            assert f"vault/llm/{name}.md:{line}:1: broken-note {text}" in out
        else:
            assert f"vault/llm/{name}.md:{message}" in out + err
    assert "Traceback" not in out + err


def test_the_build_names_the_note_and_line(
    hostile_vault: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    config = load_config(str(hostile_vault / "mkdocs.yml"), site_dir=str(hostile_vault / "site"))
    with time_bound(60), pytest.raises(Abort):
        build(config)
    logged = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    for name, message in MESSAGES.items():
        assert f"vault/llm/{name}.md:{message}" in logged


def test_git_merge_of_a_laughing_note_ends(tmp_path: Path) -> None:
    """Both sides edit a note holding an alias bomb under an unknown key: git's merge,
    through the note driver, ends in time and keeps both sides."""
    repo = new_repo(tmp_path / "repo")
    bomb = "---\ntitle: GPT\nyear: 2018\n" + laughs(key="extra") + "---\nBody.\n"
    repo.write("vault/llm/gpt.md", bomb)
    repo.commit("a bomb")
    repo.git("checkout", "-q", "-b", "theirs")
    repo.write("vault/llm/gpt.md", bomb.replace("year: 2018", "year: 2019"))
    repo.commit("theirs")
    repo.git("checkout", "-q", "main")
    repo.write("vault/llm/gpt.md", bomb.replace("Body.", "Body, ours."))
    repo.commit("ours")
    start = time.monotonic()
    proc = subprocess.run(
        ["git", "merge", "-q", "--no-edit", "theirs"],
        cwd=repo.path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert time.monotonic() - start < 60
    merged = repo.read("vault/llm/gpt.md")
    assert proc.returncode in (0, 1)
    assert "year: 2019" in merged
    assert "Body, ours." in merged


# --- fuzz: the note model and the note merge over hostile YAML ---------------------------

PIECES = st.sampled_from(
    [
        "&a ",
        "*a",
        "&b ",
        "*b",
        "[",
        "]",
        "{",
        "}",
        ", ",
        ": ",
        "- ",
        "\n",
        "\n  ",
        "'",
        '"',
        "!!python/object:os.system ",
        "!!binary ",
        "!!str ",
        "? ",
        "|\n  ",
        ">\n  ",
        "#",
        "9" * 120,
        "9" * 5000,
        "1e999",
        "0x1F",
        "yes",
        "~",
        "%YAML 1.1\n",
        "---\n",
        "...\n",
        "\t",
        "\\",
        "\ufeff",
        "\x00",
        "\u2028",
        "title",
        "year",
        "tags",
        "x" * 30,
    ]
)
HOSTILE_YAML = st.lists(PIECES, max_size=40).map("".join)


def a_note(front: str) -> str:
    return f"---\ntitle: Fuzz\n{front}\n---\nBody.\n"


@settings(max_examples=300)
@given(front=HOSTILE_YAML)
def test_the_note_model_reads_or_refuses_hostile_yaml(front: str) -> None:
    error: NoteError | None = None
    with time_bound():
        try:
            note = notes.loads(a_note(front), "fuzz.md")
        except NoteError as e:
            error = e
    if error is not None:
        assert error.line >= 1
        assert error.message
        return
    with time_bound():
        notes.dumps(note)
        assert notes.same(notes.loads(notes.dumps(note), "again.md").meta, note.meta)


@settings(max_examples=150)
@given(ours=HOSTILE_YAML, theirs=HOSTILE_YAML)
def test_the_note_merge_ends_and_keeps_both_sides(ours: str, theirs: str) -> None:
    base = a_note("year: 2020").encode()
    ours_text = a_note(ours).replace("Body.", "Body, ours.").encode()
    theirs_text = a_note(theirs).replace("title: Fuzz", "title: Fuzz, theirs").encode()
    with time_bound():
        result = merge_note(base, ours_text, theirs_text)
    assert b"Body, ours." in result.data
    assert b"Fuzz, theirs" in result.data or result.conflicts
