from __future__ import annotations

import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import cmarkgfm  # type: ignore[import-untyped]
import markdown  # type: ignore[import-untyped]
import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from papervault import toc
from papervault.cli import main
from papervault.toc import Entry
from papervault.vault import load_vault
from tests.conftest import WriteNote

GOLDEN = Path(__file__).parent / "data" / "toc"
CASES = sorted(p.name for p in GOLDEN.iterdir() if p.is_dir())
REGOLD = os.environ.get("PAPERVAULT_REGOLD") == "1"  # rewrite the golden files, then review
SITE_EXTENSIONS = ["toc", "tables", "attr_list", "footnotes", "admonition", "def_list"]


def test_the_golden_cases_are_there() -> None:
    assert CASES == ["escaping", "nested", "paper-list", "reordering"]


@pytest.mark.parametrize("case", CASES)
def test_golden(case: str) -> None:
    vault = load_vault(GOLDEN / case / "vault")
    assert vault.errors == []
    expected = GOLDEN / case / "contents.md"
    text = toc.render(vault)
    if REGOLD:
        expected.write_bytes(text.encode("utf-8"))
    assert text == expected.read_bytes().decode("utf-8")


def test_the_original_lists_numbers() -> None:
    entries = toc.entries(load_vault(GOLDEN / "paper-list" / "vault"))
    shown = {f"{e.number} {e.title.split(':')[0]}" for e in entries}
    assert {
        "1 Large Language Model",
        "1.1.3 SE(3)-Transformers",
        "2 Deep Molecular dynamics",
        "2.5 Machine Learning Potentials",
        "2.5.3 DeePMD-kit v2",
        "3.3 inverse design",
    } <= shown


def test_a_paper_in_two_sections_is_listed_under_each() -> None:
    entries = toc.entries(load_vault(GOLDEN / "paper-list" / "vault"))
    mace = [e for e in entries if e.path.endswith("/mace.md")]
    assert [(e.number, e.depth, e.kind) for e in mace] == [
        ("2.2.1", 3, "paper"),
        ("2.5.1", 3, "paper"),
    ]


def test_empty_sections_and_chapters_are_kept() -> None:
    paper_list = toc.entries(load_vault(GOLDEN / "paper-list" / "vault"))
    assert [e.number for e in paper_list if e.number.startswith("3")] == ["3", "3.1", "3.2", "3.3"]
    nested = toc.entries(load_vault(GOLDEN / "nested" / "vault"))
    assert nested[-1] == Entry("2", "Beta (an empty chapter)", "b/index.md", 1, "chapter")


def test_papers_come_after_subsections_and_deeper_levels_nest() -> None:
    entries = toc.entries(load_vault(GOLDEN / "nested" / "vault"))
    assert [(e.number, e.depth, e.kind, e.path) for e in entries] == [
        ("1", 1, "chapter", "a/index.md"),
        ("1.1", 2, "section", "a/s/index.md"),
        ("1.1.1", 3, "section", "a/s/sub/index.md"),
        ("1.1.1.1", 4, "section", "a/s/sub/deeper/index.md"),
        ("1.1.1.1.1", 5, "paper", "a/s/sub/deeper/deepest.md"),
        ("1.1.1.2", 4, "paper", "a/s/sub/deep.md"),
        ("1.1.2", 3, "paper", "a/s/p1.md"),
        ("1.1.3", 3, "paper", "a/s/p2.md"),
        ("1.1.4", 3, "paper", "a/s/untitled-note.md"),
        ("1.2", 2, "paper", "a/intro.md"),
        ("2", 1, "chapter", "b/index.md"),
    ]
    assert entries[8].title == "untitled-note"  # no title: the file name


def test_reordering_a_section_renumbers_without_touching_a_note(
    write: WriteNote, tmp_path: Path
) -> None:
    shutil.copytree(GOLDEN / "reordering" / "vault", tmp_path / "vault")
    before = [(e.number, e.title) for e in toc.entries(load_vault(tmp_path / "vault"))]
    write("vault/ch/second/index.md", "---\ntitle: Second\norder: 0\n---\n")
    after = [(e.number, e.title) for e in toc.entries(load_vault(tmp_path / "vault"))]
    assert before[2:5] == [
        ("2.1", "First"),
        ("2.1.1", "Ordered first"),
        ("2.1.2", "Ordered second"),
    ]
    assert after[2:4] == [("2.1", "Second"), ("2.1.1", "In the second section")]
    assert after[4:6] == [("2.2", "First"), ("2.2.1", "Ordered first")]


def test_the_same_vault_gives_the_same_bytes_wherever_and_however_written(
    tmp_path: Path,
) -> None:
    source = GOLDEN / "paper-list" / "vault"
    files = sorted(p for p in source.rglob("*.md"))
    for name, order in (("one", files), ("two", list(reversed(files)))):
        for path in order:  # files created in another order: another directory order
            target = tmp_path / name / "deep" / "er" / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    one = toc.render(load_vault(tmp_path / "one" / "deep" / "er"))
    two = toc.render(load_vault(tmp_path / "two" / "deep" / "er"))
    assert one == two == (GOLDEN / "paper-list" / "contents.md").read_text(encoding="utf-8")


def test_render_is_marked_generated_with_front_matter_and_ends_with_one_newline() -> None:
    text = toc.render(load_vault(GOLDEN / "nested" / "vault"))
    assert text.startswith(
        "---\n# Generated from the notes by papervault: change the notes, not this text.\n"
    )
    assert "\ntitle: Contents\n---\n\n# Contents\n\n## [Chapter 1 Alpha](a/index.md)\n\n" in text
    assert text.endswith("(b/index.md)\n")
    assert "\r" not in text


def test_the_front_matter_renders_nowhere() -> None:
    text = toc.render(load_vault(GOLDEN / "nested" / "vault"))
    assert "Generated" not in cmarkgfm.github_flavored_markdown_to_html(text.split("---\n", 2)[2])
    from papervault.notes import loads

    note = loads(text, "contents.md")
    assert note.meta == {"title": "Contents"}
    assert "Generated" not in note.body


def test_entries_of_the_sample_vault(sample_vault: Path) -> None:
    assert toc.entries(load_vault(sample_vault)) == [
        Entry("1", "Large Language Model", "llm/index.md", 1, "chapter"),
        Entry("1.1", "Equiformer", "llm/equiformer/index.md", 2, "section"),
        Entry("1.1.1", "SE(3)-Transformers", "llm/equiformer/se3.md", 3, "paper"),
        Entry("1.1.2", "Equiformer", "llm/equiformer/equiformer.md", 3, "paper"),
        Entry("2", "Deep Molecular dynamics", "md/index.md", 1, "chapter"),
        Entry("2.1", "molecular dynamics", "md/dynamics/index.md", 2, "section"),
        Entry("2.1.1", "MACE", "md/potentials/mace.md", 3, "paper"),
        Entry("2.2", "Machine Learning Potentials", "md/potentials/index.md", 2, "section"),
        Entry("2.2.1", "MACE", "md/potentials/mace.md", 3, "paper"),
        Entry("2.2.2", "DeePMD-kit", "md/potentials/deepmd.md", 3, "paper"),
    ]


def test_entries_with_the_vault_as_the_current_directory(
    sample_vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = toc.entries(load_vault(sample_vault))
    monkeypatch.chdir(sample_vault)
    assert toc.entries(load_vault(Path("."))) == expected
    assert toc.entries(load_vault(sample_vault.resolve())) == expected


# --- escaping: what a title says is what every renderer shows ---------------------------


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.hrefs: list[str | None] = []
        self.text: list[str] = []
        self._in_link = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "a":
            self._in_link = True
            self.hrefs.append(dict(attrs).get("href"))

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._in_link = False

    def handle_data(self, data: str) -> None:
        if self._in_link:
            self.text.append(data)


def _shown(html: str) -> _Links:
    parser = _Links()
    parser.feed(html)
    parser.close()
    return parser


def _renderings(line: str) -> dict[str, _Links]:
    line = line.lstrip(" ")  # alone, an indented line would be a code block
    return {
        "mkdocs": _shown(markdown.markdown(line, extensions=SITE_EXTENSIONS)),
        "github": _shown(cmarkgfm.github_flavored_markdown_to_html(line)),
    }


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _label(entry: Entry) -> str:
    """What a reader should see: number and title, control characters and runs of space
    shown as one space."""
    prefix = "Chapter " if entry.kind == "chapter" else ""
    return " ".join(_CONTROL.sub(" ", f"{prefix}{entry.number} {entry.title}").split())


@pytest.mark.parametrize("case", CASES)
def test_every_line_is_one_link_showing_its_title(case: str) -> None:
    for entry in toc.entries(load_vault(GOLDEN / case / "vault")):
        for renderer, shown in _renderings(toc.line(entry)).items():
            assert shown.tags.count("a") == 1, (renderer, entry)
            assert set(shown.tags) <= {"a", "ul", "li", "h2"}, (renderer, entry)
            assert "".join(shown.text) == _label(entry), (renderer, entry)
            assert shown.hrefs == [toc.link(entry.path)], (renderer, entry)


TITLE_CHARS = st.characters(codec="utf-8", include_characters="\\`*_[]{}#!&<>~$:|()-+.=^\"'")


@settings(max_examples=300, deadline=None)
@given(title=st.text(TITLE_CHARS, max_size=40))
def test_any_title_shows_as_itself_in_one_link(title: str) -> None:
    entry = Entry("2.5.3", title, "ch/sec/note.md", 3, "paper")
    line = toc.line(entry)
    assert "\n" not in line
    assert "\r" not in line
    for renderer, shown in _renderings(line).items():
        assert shown.tags.count("a") == 1, renderer
        assert set(shown.tags) <= {"a", "ul", "li"}, renderer
        assert " ".join("".join(shown.text).split()) == _label(entry), renderer


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        pytest.param("a/b-c_d.e~f.md", "a/b-c_d.e~f.md", id="plain"),
        pytest.param("a/with space (1).md", "a/with%20space%20%281%29.md", id="space-parens"),
        pytest.param("a/é.md", "a/%C3%A9.md", id="unicode"),
        pytest.param("a/[x]#y?.md", "a/%5Bx%5D%23y%3F.md", id="markdown-and-url-syntax"),
    ],
)
def test_link(path: str, expected: str) -> None:
    assert toc.link(path) == expected


def test_links_resolve_in_a_strict_mkdocs_build(tmp_path: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    shutil.copytree(GOLDEN / "escaping" / "vault", tmp_path / "docs")
    (tmp_path / "docs" / "contents.md").write_bytes(
        (GOLDEN / "escaping" / "contents.md").read_bytes()
    )
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\nstrict: true\nvalidation:\n  links:\n    not_found: warn\n",
        encoding="utf-8",
    )
    config = load_config(str(tmp_path / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    build(config)  # strict: a link to a missing page is a warning, so an abort
    page = (tmp_path / "site" / "contents" / "index.html").read_text(encoding="utf-8")
    assert 'href="../c/s/with%20space%20%28and%20parens%29/"' in page
    # (the default theme's own nav shows the note's title raw: the site plugin's business)
    assert '/">1.1.1 &lt;script&gt;alert(1)&lt;/script&gt;</a>' in page


# --- structure problems ------------------------------------------------------------------


def test_no_structure_problems_in_the_golden_vaults() -> None:
    for case in CASES:
        assert toc.structure_problems(load_vault(GOLDEN / case / "vault")) == []


def test_a_note_outside_any_section(write: WriteNote, tmp_path: Path) -> None:
    write("vault/a/index.md", "---\ntitle: A\norder: 1\n---\n")
    write("vault/a/figures/note.md", "---\ntitle: Lost\n---\n")
    write("vault/loose/note.md", "---\ntitle: Also lost\n---\n")
    problems = toc.structure_problems(load_vault(tmp_path / "vault"))
    assert [str(p) for p in problems] == [
        f"{tmp_path}/vault/a/figures/note.md:1:1: toc-unfiled note is outside any section:"
        " its folder 'a/figures' has no index.md (move it into a section's folder, or give"
        " the folder an index.md)",
        f"{tmp_path}/vault/loose/note.md:1:1: toc-unfiled note is outside any section:"
        " its folder 'loose' has no index.md (move it into a section's folder, or give"
        " the folder an index.md)",
    ]


def test_sibling_sections_with_the_same_order_are_no_problem(
    write: WriteNote, tmp_path: Path
) -> None:
    write("vault/a/index.md", "---\ntitle: A\norder: 1\n---\n")
    write("vault/b/index.md", "---\ntitle: B\n# a comment\norder: 1\n---\n")
    write("vault/a/x/index.md", "---\ntitle: X\n---\n")
    write("vault/a/y/index.md", "---\ntitle: Y\norder: many\n---\n")
    write("vault/a/z/index.md", "---\ntitle: Z\norder: 2\n---\n")
    vault = load_vault(tmp_path / "vault")
    assert toc.structure_problems(vault) == []
    numbers = [(e.number, e.title) for e in toc.entries(vault)]
    assert numbers == [("1", "A"), ("1.1", "Z"), ("1.2", "X"), ("1.3", "Y"), ("2", "B")]


def test_also_in_naming_no_section_is_the_lints_alone(
    write: WriteNote,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """One rule, one owner: the lint's unknown-section; toc --check does not print it again."""
    write("vault/index.md", "---\ntitle: Home\n---\n")
    write("vault/a/index.md", "---\ntitle: A\norder: 1\n---\n")
    write("vault/a/s/index.md", "---\ntitle: Potentials\norder: 1\n---\n")
    write(
        "vault/a/s/p.md",
        "---\ntitle: P\nalso_in:\n  - a\n  - potentials\n  - nowhere\n---\n",
    )
    write("vault/a/q.md", "---\ntitle: Q\nalso_in: a/s/\n---\n")
    assert toc.structure_problems(load_vault(tmp_path / "vault")) == []
    monkeypatch.chdir(tmp_path)
    assert main(["lint", "--no-cache", "--vault", "vault"]) == 1
    where = "vault/a/s/p.md"
    assert [line for line in capsys.readouterr().out.splitlines() if "also_in" in line] == [
        f"{where}:5:5: unknown-section also_in names 'potentials', which is not a section"
        " folder of the vault (did you mean 'a/s'?)",
        f"{where}:6:5: unknown-section also_in names 'nowhere', which is not a section"
        " folder of the vault",
    ]
