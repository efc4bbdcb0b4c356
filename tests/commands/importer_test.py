from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from papervault import notes
from papervault.cli import main
from papervault.importer.model import split_lines
from papervault.vault import load_vault
from tests.ptykit import pty_run

PROJECT = Path(__file__).resolve().parents[2]
ORIGINAL = PROJECT / "sources" / "Paper-List.md"
DATA = PROJECT / "tests" / "data" / "import"


def files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def imported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Path:
    monkeypatch.chdir(tmp_path)
    assert main(["import", str(ORIGINAL), "--vault", "vault"]) == 0
    capsys.readouterr()
    return tmp_path / "vault"


def test_original_list_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["import", str(ORIGINAL), "--vault", "vault"]) == 0
    out = capsys.readouterr()
    assert out.err == ""
    assert out.out.splitlines() == [
        f"{ORIGINAL}: paper-list, 16 paper entries",
        "  notes: wrote 14 (14 new, 0 updated); 2 papers merged; 0 already in the vault",
        "  sections: created 13 (3 chapters, 10 sections)",
        "  home page: wrote vault/index.md",
        "  lines accounted for: 249 of 249 (header 10, contents 18, chapter headings 2,"
        " section headings 6, paper headings 16, metadata 75, body 25, blank 92,"
        " conflict markers 5)",
        "  fields: 16 entries; with link 13, year 0, venue 14, authors 14",
    ]
    assert len(split_lines(ORIGINAL.read_text(encoding="utf-8"))) == 249


def test_fourteen_notes_duplicates_once_in_both_sections(imported: Path) -> None:
    vault = load_vault(imported)
    assert vault.errors == []
    assert len(vault.notes) == 14
    found = {
        note.title.split(":")[0]: [s.number for s in vault.sections_of(note)]
        for note in vault.notes
        if note.title.startswith(("MACE", "DeePMD-kit:"))
    }
    assert found == {"MACE": ["2.2", "2.5"], "DeePMD-kit": ["2.2", "2.5"]}


def test_all_ten_sections_of_both_sides_of_the_contents(imported: Path) -> None:
    vault = load_vault(imported)
    got = [(s.number, s.title) for s in vault.walk()]
    assert got == [
        ("1", "Large Language Model"),
        ("1.1", "Equiformer"),
        ("1.2", "Inverse design"),
        ("2", "Deep Molecular dynamics"),
        ("2.1", "molecular dynamics"),
        ("2.2", "DeePMD"),
        ("2.3", "Multi-Agent Intelligent"),
        ("2.4", "CBPFNet"),
        ("2.5", "Machine Learning Potentials"),
        ("3", "2D materials and heterostructures"),
        ("3.1", "characterizing structure"),
        ("3.2", "predicting properties"),
        ("3.3", "inverse design"),
    ]


def test_every_prose_line_of_the_list_is_in_some_note(imported: Path) -> None:
    """Every line that is not a heading, a metadata line, a contents line or a marker."""
    from papervault.importer import markdown

    text = ORIGINAL.read_text(encoding="utf-8")
    parsed = markdown.read(text, "list")
    written = [squash(p.read_text(encoding="utf-8")) for p in imported.rglob("*.md")]
    prose = [
        line
        for line, kind in zip(split_lines(text), parsed.kinds, strict=True)
        if kind in ("body", "header")
    ]
    assert len(prose) == 35
    missing = [line for line in prose if not any(squash(line) in note for note in written)]
    assert missing == []


def test_metadata_of_the_original_list(imported: Path) -> None:
    eq = imported / "large-language-model" / "equiformer"
    se3 = notes.load(eq / "se-3-transformers-3d-roto-translation-equivariant-attention-networks.md")
    assert se3.meta["arxiv"] == "2006.10503"
    assert se3.meta["url"] == "https://arxiv.org/abs/2006.10503"
    assert se3.meta["code_note"] == "code for the SE3 Transformers paper"
    v2 = notes.load(
        eq / "equiformerv2-improved-equivariant-transformer-for-scaling-to-higher-degree-repre.md"
    )
    assert v2.meta["code"] == "https://github.com/atomicarchitects/equiformer_v2"
    md = imported / "deep-molecular-dynamics"
    namd = notes.load(
        md
        / "molecular-dynamics"
        / "breaking-the-size-limitation-of-nonadiabatic-molecular-dynamics-in-condensed-mat.md"
    )
    assert "code" not in namd.meta  # "Code address:" was empty
    assert namd.meta["doi"] == "10.1073/pnas.2403497121"
    assert namd.meta["tags"] == ["NA-MD"]
    bare = notes.load(
        md
        / "machine-learning-potentials"
        / "a-universal-graph-deep-learning-interatomic-potential-for-the-periodic-table.md"
    )
    assert bare.meta == {
        "title": "A universal graph deep learning interatomic potential for the periodic table",
        "order": 50,
        "citekey": "anonnduniversal",  # written once, at import: the key export gave before
    }
    home = notes.load(imported / "index.md")
    assert home.meta == {"title": "Paper-List"}
    assert "**Author:** Feiyu Zhou" in home.body
    assert "«" not in home.body
    assert "»" not in home.body


def test_a_crlf_copy_gives_the_same_vault(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    data = ORIGINAL.read_bytes()
    assert b"\r\n" not in data
    (tmp_path / "crlf.md").write_bytes(data.replace(b"\n", b"\r\n"))
    assert main(["import", str(ORIGINAL), "--vault", "lf"]) == 0
    assert main(["import", "crlf.md", "--vault", "crlf"]) == 0
    assert files(tmp_path / "crlf") == files(tmp_path / "lf")
    assert "lines accounted for: 249 of 249" in capsys.readouterr().out


def test_reimport_changes_nothing(imported: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in imported.rglob("*.md")}
    assert main(["import", str(ORIGINAL), "--vault", "vault"]) == 0
    out = capsys.readouterr().out
    assert "notes: wrote 0 (0 new, 0 updated); 2 papers merged; 14 already in the vault" in out
    assert "home page: the vault has one already; kept it" in out
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in imported.rglob("*.md")} == before


def test_reimport_adds_what_is_new_and_keeps_the_vaults_values(
    tmp_path: Path, imported: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mech = next(imported.rglob("mechgpt-*.md"))
    corrected = mech.read_text(encoding="utf-8").replace("2409.05556", "2310.10445")
    mech.write_text(corrected, encoding="utf-8")
    eq = next(imported.rglob("equiformer-equivariant-*.md"))
    note = notes.load(eq)
    del note.meta["venue"]
    notes.save(note)
    untouched = {p: p.read_bytes() for p in imported.rglob("*.md") if p != eq}
    longer = ORIGINAL.read_text(encoding="utf-8").replace(
        "## 2.4 CBPFNet",
        "### 2.3.3 A new agent paper\n\n- Journal: Nature\n\nNew summary.\n\n## 2.4 CBPFNet",
    )
    (tmp_path / "longer.md").write_text(longer, encoding="utf-8")
    assert main(["import", "longer.md", "--vault", "vault"]) == 0
    out = capsys.readouterr().out
    assert "notes: wrote 2 (1 new, 1 updated); 2 papers merged; 14 already in the vault" in out
    assert (
        "  note: vault/deep-molecular-dynamics/multi-agent-intelligent/"
        f"{mech.name}: kept the vault's arxiv '2310.10445'; the list says '2409.05556'"
    ) in out.splitlines()
    assert {p: p.read_bytes() for p in imported.rglob("*.md") if p in untouched} == untouched
    filled = notes.load(eq)
    assert filled.meta["venue"] == "Arxiv"  # a missing field is filled in, in schema order
    assert list(filled.meta) == [
        "title",
        "order",
        "lead_authors",
        "venue",
        "arxiv",
        "url",
        "code",
        "citekey",
    ]
    new = notes.load(
        imported / "deep-molecular-dynamics/multi-agent-intelligent/a-new-agent-paper.md"
    )
    assert new.meta == {
        "title": "A new agent paper",
        "order": 30,
        "venue": "Nature",
        "citekey": "anonndnew",
    }
    assert new.body == "New summary.\n"


def test_refused_import_names_the_line_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    source = DATA / "conflict-in-summary.md"
    assert main(["import", str(source), "--vault", "vault"]) == 2
    out = capsys.readouterr()
    assert out.out == ""
    assert out.err == (
        f"{source}:10:1: import-conflict conflict (lines 10-14) outside the contents, under"
        " '1.1.1 A paper' (line 5): resolve it in the list first; nothing was written\n"
    )
    assert not (tmp_path / "vault").exists()


def test_refused_import_of_the_original_with_a_conflicted_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "vault").mkdir()
    (tmp_path / "vault" / "index.md").write_text("---\ntitle: Home\n---\n", encoding="utf-8")
    lines = ORIGINAL.read_text(encoding="utf-8").split("\n")
    at = lines.index("We summarise our main contributions as follows:")
    lines[at : at + 1] = ["«««< HEAD", "We summarise:", "=====", "We sum up:", "»»»> 35ed8ce"]
    (tmp_path / "list.md").write_text("\n".join(lines), encoding="utf-8")
    before = files(tmp_path / "vault")
    assert main(["import", "list.md", "--vault", "vault"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(
        f"list.md:{at + 1}:1: import-conflict mangled-conflict (lines {at + 1}-{at + 5})"
    )
    assert files(tmp_path / "vault") == before


def test_dry_run_shows_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["import", str(DATA / "awesome.md"), "--vault", "v", "--dry-run"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert not (tmp_path / "v").exists()
    assert out[:3] == [
        "would write v/index.md (new home)",
        "would write v/architectures/index.md (new section)",
        "would write v/architectures/transformers/index.md (new section)",
    ]
    assert (
        "  notes: would write 4 (4 new, 0 updated); 0 papers merged; 0 already in the vault" in out
    )
    assert "  sections: would create 3 (2 chapters, 1 section)" in out


def test_awesome_list_import(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["import", str(DATA / "awesome.md")]) == 0  # the default vault/
    assert "awesome, 4 paper entries" in capsys.readouterr().out
    assert main(["list", "--json"]) == 0
    rows = capsys.readouterr().out
    assert '"sections": [\n      "1.1"\n    ]' in rows
    mace = notes.load(
        "vault/potentials/mace-higher-order-equivariant-message-passing-neural-networks.md"
    )
    assert mace.meta["code"] == "https://github.com/ACEsuit/mace"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("refs.txt", "@article{a, title={A}}\n", "refs.txt:1: not a list papervault can import"),
        ("notes.md", "Just some text.\n", "notes.md:1: not a list papervault can import"),
        ("missing.md", None, "missing.md: cannot read: No such file or directory"),
        ("latin1.md", b"# Chapter 1 \xe9t\xe9\n", "latin1.md:1: not UTF-8 text (byte 0xe9)"),
    ],
)
def test_sources_that_cannot_be_imported(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    name: str,
    content: str | bytes | None,
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    if isinstance(content, str):
        (tmp_path / name).write_text(content, encoding="utf-8")
    elif content is not None:
        (tmp_path / name).write_bytes(content)
    assert main(["import", name, "--vault", "vault"]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "vault").exists()


def test_format_can_be_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "list.txt").write_text(
        "# Chapter 1 One\n## 1.1 A\n### 1.1.1 Paper\n", encoding="utf-8"
    )
    assert main(["import", "list.txt", "--format", "paper-list", "--vault", "v"]) == 0
    assert "list.txt: paper-list, 1 paper entry" in capsys.readouterr().out
    assert (tmp_path / "v/one/a/paper.md").is_file()


def _big_list(path: Path, count: int) -> None:
    lines = ["# Chapter 1 Big", "## 1.1 All"]
    for i in range(count):
        lines += [f"### 1.1.{i + 1} Paper {i}", "- Journal: J", "", "Summary.", ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def test_progress_only_on_a_terminal_and_never_with_quiet(tmp_path: Path) -> None:
    _big_list(tmp_path / "big.md", 300)
    command = [sys.executable, "-m", "papervault", "import", "big.md", "--vault"]
    piped = subprocess.run(
        [*command, "v"], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert piped.stderr == ""
    assert "wrote 300 (300 new, 0 updated)" in piped.stdout
    assert pty_run([*command, "v2", "--quiet"], tmp_path) == (0, "", b"")
    assert len(list((tmp_path / "v2").rglob("*.md"))) == 302
