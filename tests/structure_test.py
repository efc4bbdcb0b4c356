"""The cached structure check (`toc --check` through `structure.clean`) says exactly what
the full one says, whatever the edits, and no stale or forged cache can hide a finding."""

from __future__ import annotations

import contextlib
import io
import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from papervault import structure
from papervault import toc
from papervault.cachedir import cache_path
from papervault.cachedir import digest
from papervault.cli import main
from papervault.vault import load_vault
from tests.conftest import git

FOLDERS = ("a", "a/b", "c")
NAMES = ("p.md", "q.md")
# every paper's text has the same length, so an edit can keep the size (and, put back, the mtime)
ALSO = ("~", "a", "c/", "[a/b]", "nope", "[1]", "''", "[a, c]", "[x")  # `[x`: broken YAML
WIDTH = max(map(len, ALSO))


def paper(also: str) -> str:
    return f"---\ntitle: P\nalso_in: {also.ljust(WIDTH)}\n---\nText.\n"


def section(broken: bool) -> str:
    return "---\ntitle: [S\n---\n" if broken else "---\ntitle: S\norder: 1\n---\n"


def full(vault: Path) -> tuple[int, str, str]:
    """`toc --check --no-cache`: the exit and what it prints."""
    return run(["toc", "--check", "--no-cache", "--vault", str(vault)])


def run(args: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(args)
    return code, out.getvalue(), err.getvalue()


def agree(vault: Path) -> None:
    loaded = load_vault(vault)
    expected = not loaded.errors and not toc.structure_problems(loaded)
    assert structure.clean(vault) is expected
    assert run(["toc", "--check", "--vault", str(vault)]) == full(vault)


def age(vault: Path, seconds: int = 10) -> None:
    """Every file as if written `seconds` ago: old enough for its stat to be trusted."""
    for path in vault.rglob("*.md"):
        st = path.stat()
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns - seconds * 1_000_000_000))


def same_size_edit(path: Path, text: str) -> None:
    """Rewrite `path` keeping its size and mtime, as an edit within the clock's tick does."""
    st = path.stat()
    assert len(text.encode()) == st.st_size
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


@pytest.fixture
def vault(git_repo: Path) -> Path:
    root = git_repo / "vault"
    (root / "a/b").mkdir(parents=True)
    (root / "index.md").write_text("---\ntitle: Home\n---\n")
    (root / "a/index.md").write_text(section(False))
    (root / "a/b/index.md").write_text(section(False))
    (root / "a/p.md").write_text(paper("a"))
    (root / "a/b/q.md").write_text(paper("~"))
    return root


def test_a_clean_vault_is_clean_cold_and_warm_and_the_index_is_in_the_git_dir(
    vault: Path,
) -> None:
    assert structure.clean(vault)
    age(vault)
    assert structure.clean(vault)  # from the stat now
    where = cache_path(vault.resolve(), "toc")
    assert where.parent == (vault.parent / ".git/papervault").resolve()
    files = json.loads(where.read_bytes())["files"]
    assert sorted(files) == ["a/b/index.md", "a/b/q.md", "a/index.md", "a/p.md", "index.md"]
    assert all(entry[5] is True for entry in files.values())  # trusted by stat


def test_an_edit_that_keeps_size_and_mtime_is_still_found(vault: Path) -> None:
    age(vault)
    assert structure.clean(vault)
    assert structure.clean(vault)
    same_size_edit(vault / "a/p.md", paper("[x"))  # broken YAML, same size and mtime
    code, out, err = run(["toc", "--check"])
    assert code == 2
    assert "vault/a/p.md:" in out + err
    assert (code, out, err) == full(Path("vault"))


def test_a_forged_index_cannot_hide_a_finding(vault: Path) -> None:
    (vault / "c").mkdir()
    (vault / "c/r.md").write_text(paper("a"))  # outside any section
    where = cache_path(vault.resolve(), "toc")
    stamp = structure.stamp()
    data = (vault / "c/r.md").read_bytes()
    st = (vault / "c/r.md").stat()
    claims = [
        # "it reads, and it is a fine paper": for other bytes, or another stat
        [st.st_size, st.st_mtime_ns, 0, st.st_ino, "0" * 32, True, True],
        [1, 2, 3, 4, digest(data) + "x", True, True],
        # shapes no run writes
        [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, "", "yes", True],
        {"ok": True},
        "clean",
    ]
    expected = (
        1,
        "vault/c/r.md:1:1: toc-unfiled note is outside any section: its folder 'c' has no"
        " index.md (move it into a section's folder, or give the folder an index.md)\n",
        "",
    )
    for claim in claims:
        where.parent.mkdir(parents=True, exist_ok=True)
        files = {"c/r.md": claim, "c/index.md": [0, 0, 0, 0, "", True, True]}
        where.write_text(json.dumps({"stamp": stamp, "files": files}))
        assert run(["toc", "--check"]) == expected
    for text in ("{not json", json.dumps({"stamp": "old", "files": {}}), "[]"):
        where.write_text(text)
        assert run(["toc", "--check"]) == expected


def test_an_entry_of_the_older_format_is_not_read(vault: Path) -> None:
    """Format 1 kept each paper's `also_in` names after its `reads`: such an entry, even for
    the very bytes and stat of a note, is not taken for this format's."""
    (vault / "a/p.md").write_text(paper("[x"))  # broken YAML
    age(vault)
    st = (vault / "a/p.md").stat()
    data = (vault / "a/p.md").read_bytes()
    old = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, digest(data), True, True, []]
    where = cache_path(vault.resolve(), "toc")
    where.parent.mkdir(parents=True, exist_ok=True)
    where.write_text(json.dumps({"stamp": structure.stamp(), "files": {"a/p.md": old}}))
    assert not structure.clean(vault)
    assert run(["toc", "--check"]) == full(Path("vault"))


def test_a_committed_index_is_never_read(vault: Path) -> None:
    """In a clone the index lives in the git directory: a file a change brings (where a
    cache outside git would be) is not looked at."""
    (vault / "c").mkdir()
    (vault / "c/r.md").write_text(paper("a"))
    committed = vault.parent / ".papervault-cache" / cache_path(vault.resolve(), "toc").name
    committed.parent.mkdir()
    committed.write_text(json.dumps({"stamp": structure.stamp(), "files": {}}))
    assert run(["toc", "--check"])[0] == 1


def test_an_unreadable_note_goes_to_the_full_check(vault: Path) -> None:
    assert structure.clean(vault)
    (vault / "a/p.md").write_bytes(b"---\ntitle: \xff\n---\n")
    assert not structure.clean(vault)
    code, _, err = run(["toc", "--check"])
    assert code == 2
    assert "no contents while these notes cannot be read" in err


OPS = st.one_of(
    st.tuples(
        st.just("paper"),
        st.sampled_from(FOLDERS),
        st.sampled_from(NAMES),
        st.sampled_from(ALSO),
    ),
    st.tuples(st.just("section"), st.sampled_from(FOLDERS), st.booleans()),
    st.tuples(st.just("unsection"), st.sampled_from(FOLDERS)),
    st.tuples(st.just("delete"), st.sampled_from(FOLDERS), st.sampled_from(NAMES)),
    st.tuples(
        st.just("same-size"),
        st.sampled_from(FOLDERS),
        st.sampled_from(NAMES),
        st.sampled_from(ALSO),
    ),
    st.tuples(st.just("age")),
)


@settings(max_examples=40, deadline=None)
@given(st.lists(OPS, min_size=1, max_size=12))
def test_law_the_cached_check_agrees_with_the_full_one_after_any_edits(
    ops: list[tuple[object, ...]],
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        git(root, "init", "-q")
        vault = root / "vault"
        vault.mkdir()
        (vault / "index.md").write_text("---\ntitle: Home\n---\n")
        agree(vault)
        for op in ops:
            kind = op[0]
            if kind == "age":
                age(vault)
            elif kind == "section":
                folder = vault / str(op[1])
                folder.mkdir(parents=True, exist_ok=True)
                (folder / "index.md").write_text(section(bool(op[2])))
            elif kind == "unsection":
                (vault / str(op[1]) / "index.md").unlink(missing_ok=True)
            elif kind == "delete":
                (vault / str(op[1]) / str(op[2])).unlink(missing_ok=True)
            else:
                path = vault / str(op[1]) / str(op[2])
                if kind == "same-size" and path.exists():
                    same_size_edit(path, paper(str(op[3])))
                else:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_text(paper(str(op[3])))
            agree(vault)
