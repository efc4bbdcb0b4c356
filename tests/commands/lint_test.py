from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from papervault import lint
from papervault import lintcache
from papervault.cli import main
from tests.conftest import git

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parent.parent.parent

FILES = {
    "vault/index.md": "---\ntitle: Home\n---\n# Home\n",
    "vault/llm/index.md": "---\ntitle: Large Language Model\norder: 1\n---\n",
    "vault/llm/agents/index.md": "---\ntitle: Multi-Agent Intelligent\norder: 1\n---\n",
    "vault/md/index.md": "---\ntitle: Deep Molecular dynamics\norder: 2\n---\n",
    "vault/llm/agents/mechgpt.md": (
        "---\n"
        "title: MechGPT, a language-based strategy for mechanics and materials modeling\n"
        "order: 1\n"
        "lead_authors:\n"
        "  - Markus J. Buehler (MIT)\n"
        "  - Alireza Ghafarollahi (MIT)\n"
        "venue: Arxiv\n"
        "year: 2024\n"
        "url: https://arxiv.org/abs/2409.05556\n"
        "code: https://github.com/lamm-mit/SciAgentsDiscovery\n"
        "tags:\n"
        "  - Point-defects\n"
        "---\n"
        "With the advent of Artificial Intelligence...\n"
    ),
    "vault/llm/agents/sciagents.md": (
        "---\n"
        "title: 'SciAgents: Automating scientific discovery'\n"
        "order: 2\n"
        "venue: Arxiv\n"
        "year: 2024\n"
        "arxiv: '2409.05556'\n"
        "url: https://arxiv.org/abs/2409.05556\n"
        "---\n"
        "A key challenge in artificial intelligence...\n"
    ),
    "vault/md/mace.md": (
        "---\ntitle: MACE\norder: 1\nalso_in:\n  - llm/agents\nvenue: NeurIPS\nyear: 2022\n"
        "arxiv: '2206.07697'\n---\nMACE body.\n"
    ),
}
MECHGPT = "vault/llm/agents/mechgpt.md"
SCIAGENTS = "vault/llm/agents/sciagents.md"
DUPLICATE = [
    f"{MECHGPT}:9:6: duplicate-arxiv arXiv 2409.05556 is also the id of {SCIAGENTS}"
    " ('SciAgents: Automating scientific discovery'): two papers cannot share it, one is wrong",
    f"{SCIAGENTS}:6:8: duplicate-arxiv arXiv 2409.05556 is also the id of {MECHGPT}"
    " ('MechGPT, a language-based strategy for mechanics and materials modeling'):"
    " two papers cannot share it, one is wrong",
]
ERRATA = (
    "---\n"
    "title: MechGPT, a language-based strategy for mechanics and materials modeling\n"
    "order: 1\n"
    "venue: Applied Mechanics Reviews\n"
    "year: 2024\n"
    "arxiv: '2310.10445'\n"
    "doi: 10.1115/1.4063843\n"
    "url: https://arxiv.org/abs/2310.10445\n"
    "---\n"
    "With the advent of Artificial Intelligence...\n"
)


@pytest.fixture
def vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name, text in FILES.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "vault"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str], str]:
    code = main(["lint", *args])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


def test_finds_the_original_lists_duplicate_arxiv_id(
    vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys)
    assert (code, out, err) == (1, DUPLICATE, "")


def test_clean_after_the_errata_commit(vault: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (vault / "llm/agents/mechgpt.md").write_text(ERRATA)
    assert run(capsys) == (0, [], "")
    assert run(capsys, "--strict") == (0, [], "")


def test_warnings_pass_unless_strict(vault: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (vault / "llm/agents/mechgpt.md").write_text(ERRATA)
    (vault / "md/to-read.md").write_text("---\ntitle: A paper to read\n---\n")
    warning = (
        "vault/md/to-read.md:1:1: stub a stub: only a title so far"
        " (add authors, venue, year, a link, a summary) [warning]"
    )
    assert run(capsys) == (0, [warning], "")
    assert run(capsys, "--strict") == (1, [warning], "")


def test_broken_notes_are_errors_and_the_rest_is_still_checked(
    vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (vault / "md/bad.md").write_bytes(b"---\ntitle: caf\xe9\n---\n")
    (vault / "md/open.md").write_text("---\ntitle: x\n\nno end\n")
    (vault / "md/dup.md").write_text("---\ntitle: a\nyear: 2020\ntitle: b\n---\n")
    code, out, err = run(capsys)
    assert code == 1
    assert out == [
        *DUPLICATE,
        "vault/md/bad.md:2:1: broken-note not UTF-8 text (byte 0xe9)",
        "vault/md/dup.md:4:1: broken-note invalid front matter: duplicate key 'title'",
        "vault/md/open.md:1:1: broken-note front matter opened here is never closed",
    ]
    assert err == ""


def test_output_is_sorted_by_path_line_col(vault: Path, capsys: pytest.CaptureFixture[str]) -> None:
    note = vault / "md/mace.md"
    note.write_text(
        note.read_text().replace("year: 2022", "year: 2019\njornal: x")
        + "<script>alert(1)</script>\n"
    )
    code, out, _ = run(capsys, "vault/md/mace.md")
    assert code == 1
    assert out == [
        "vault/md/mace.md:7:7: year-before-arxiv year 2019 is earlier than arXiv 2206.07697"
        " says (June 2022, from its arxiv)",
        "vault/md/mace.md:8:1: unknown-key unknown key 'jornal' (did you mean 'venue'?) [warning]",
        "vault/md/mace.md:12:1: unsafe-html raw <script> tag: the site publishes the body as HTML",
    ]


def test_json_format(vault: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--format", "json")
    assert code == 1
    rows = json.loads("\n".join(out))
    assert rows[0] == {
        "path": MECHGPT,
        "line": 9,
        "col": 6,
        "severity": "error",
        "rule": "duplicate-arxiv",
        "message": DUPLICATE[0].split(" duplicate-arxiv ", 1)[1],
    }
    assert [r["path"] for r in rows] == [MECHGPT, SCIAGENTS]
    assert all(Path(r["path"]).is_file() for r in rows)


def test_github_format(vault: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (vault / "md/x.md").write_text("---\ntitle: x\n---\n50% done,\n<iframe src=x>\n")
    code, out, _ = run(capsys, "--format", "github", "vault/md/x.md")
    assert code == 1
    assert out == [
        "::warning file=vault/md/x.md,line=1,col=1,title=missing-link::no arxiv, doi or url to"
        " find the paper by",
        "::warning file=vault/md/x.md,line=1,col=1,title=missing-venue::no venue (journal or"
        " conference)",
        "::warning file=vault/md/x.md,line=1,col=1,title=missing-year::no year",
        "::error file=vault/md/x.md,line=5,col=1,title=unsafe-html::raw <iframe> tag:"
        " the site publishes the body as HTML",
    ]


def test_fix_writes_safe_fixes_and_reports_them(
    vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (vault / "llm/agents/mechgpt.md").write_text(ERRATA)
    note = vault / "md/mace.md"
    before = note.read_text()
    note.write_text(
        before.replace("year: 2022", "year: 2022\nurl: http://arxiv.org/pdf/2206.07697.pdf")
        .replace("venue: NeurIPS", "venue: 'NeurIPS '  # conference")
        .replace("---\nMACE", "tags: equivariance, MD,\n---\nMACE")
    )
    code, out, err = run(capsys, "--fix")
    assert (code, out, err) == (
        1,
        ["Fixing vault/md/mace.md (arxiv-url, tags-string, whitespace)"],
        "papervault lint: fixed 1 file: review and `git add` it (then commit again)\n",
    )
    assert note.read_text() == (
        "---\ntitle: MACE\norder: 1\nalso_in:\n  - llm/agents\nvenue: NeurIPS\nyear: 2022\n"
        "url: https://arxiv.org/abs/2206.07697\narxiv: '2206.07697'\n"
        "tags:\n  - equivariance\n  - MD\n---\nMACE body.\n"
    )
    assert run(capsys, "--fix") == (0, [], "")


def test_a_fix_that_would_change_the_data_is_not_written(
    vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    note = vault / "md/mace.md"
    text = note.read_text().replace("title: MACE", "title: &t ' MACE '\nnickname: *t")
    note.write_text(text)
    code, out, _ = run(capsys, "--fix", "vault/md/mace.md")
    assert code == 1
    assert out == [
        "vault/md/mace.md:1:1: fix-failed whitespace not fixed: the fixed text would not parse"
        " (invalid front matter: found undefined alias); fix it by hand",
        "vault/md/mace.md:2:8: whitespace title has leading or trailing whitespace [warning]",
        "vault/md/mace.md:3:1: unknown-key unknown key 'nickname' [warning]",
    ]
    assert note.read_text() == text


def test_fix_reports_what_remains(vault: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--fix", "--format", "json")
    assert code == 1
    assert err == ""
    assert len(json.loads("\n".join(out))) == 2


OLD_FORM = (
    "---\n"
    "title: Tensor field networks\n"
    "order: 2\n"
    "lead_authors:\n"
    "  - name: Nathaniel Thomas\n"
    "    affiliation: Stanford University\n"
    "  # the second lead author\n"
    "  - name: Tess Smidt\n"
    "    affiliation: University of California (Berkeley)\n"
    "venue: Arxiv\n"
    "year: 2018\n"
    "arxiv: '1802.08219'\n"
    "tags:\n"
    "  - Point clouds\n"
    "  - equivariance\n"
    "---\n"
    "Body, kept.\n"
)


def test_fix_migrates_nested_lead_authors_and_spaced_tags(
    vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (vault / "llm/agents/mechgpt.md").write_text(ERRATA)
    note = vault / "md/tfn.md"
    note.write_text(OLD_FORM)
    code, out, _ = run(capsys)
    assert (code, out) == (
        1,
        [
            "vault/md/tfn.md:5:5: lead-authors-form lead_authors[0] is a mapping, which Obsidian"
            " cannot show: --fix writes 'Nathaniel Thomas (Stanford University)'",
            "vault/md/tfn.md:8:5: lead-authors-form lead_authors[1] is a mapping, which Obsidian"
            " cannot show: --fix writes 'Tess Smidt (University of California (Berkeley))'",
            "vault/md/tfn.md:14:5: tag-spaces tags[0] 'Point clouds' holds spaces, which"
            " Obsidian tags cannot: --fix makes it 'Point-clouds'",
        ],
    )
    code, out, _ = run(capsys, "--fix")
    assert (code, out) == (1, ["Fixing vault/md/tfn.md (lead-authors-form, tag-spaces)"])
    assert note.read_text() == (
        "---\n"
        "title: Tensor field networks\n"
        "order: 2\n"
        "lead_authors:\n"
        "  - Nathaniel Thomas (Stanford University)\n"
        "  - Tess Smidt (University of California (Berkeley))\n"
        "venue: Arxiv\n"
        "year: 2018\n"
        "arxiv: '1802.08219'\n"
        "tags:\n"
        "  - Point-clouds\n"
        "  - equivariance\n"
        "---\n"
        "Body, kept.\n"
    )
    fixed = note.read_bytes()
    assert run(capsys, "--fix") == (0, [], "")  # idempotent: nothing left to fix
    assert note.read_bytes() == fixed


def test_tags_as_text_are_a_warning_with_a_fix(
    vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (vault / "llm/agents/mechgpt.md").write_text(
        ERRATA.replace("order: 1\n", "tags: MD, Point defects\n")
    )
    code, out, _ = run(capsys)
    assert (code, out) == (
        0,
        [
            "vault/llm/agents/mechgpt.md:3:7: tags-string tags is text, not a list: --fix makes"
            " it ['MD', 'Point defects'] [warning]"
        ],
    )
    assert run(capsys, "--fix")[:2] == (
        1,
        ["Fixing vault/llm/agents/mechgpt.md (tag-spaces, tags-string)"],
    )
    assert "tags:\n  - MD\n  - Point-defects\n" in (vault / "llm/agents/mechgpt.md").read_text()


def test_field_order_is_opt_in(
    vault: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (vault / "llm/agents/mechgpt.md").write_text(ERRATA)
    note = vault / "md/mace.md"
    note.write_text("---\nyear: 2022\ntitle: MACE\nvenue: NeurIPS\narxiv: '2206.07697'\n---\nB\n")
    assert run(capsys, "--fix") == (0, [], "")
    (tmp_path / "pyproject.toml").write_text('[tool.papervault.rules]\nfield-order = "warning"\n')
    code, out, _ = run(capsys)
    assert code == 0
    assert out == [
        "vault/md/mace.md:2:1: field-order 'year' is out of the schema's order (title, venue,"
        " year, arxiv, then others): --fix reorders [warning]"
    ]
    assert run(capsys, "--fix")[:2] == (1, ["Fixing vault/md/mace.md (field-order)"])
    assert note.read_text() == (
        "---\ntitle: MACE\nvenue: NeurIPS\nyear: 2022\narxiv: '2206.07697'\n---\nB\n"
    )


def test_rule_severities_from_pyproject(
    vault: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.papervault]\nvault = "vault"\n[tool.papervault.rules]\nduplicate-arxiv = "warning"\n'
    )
    code, out, _ = run(capsys)
    assert code == 0
    assert out == [line + " [warning]" for line in DUPLICATE]
    (tmp_path / "pyproject.toml").write_text('[tool.papervault.rules]\nduplicate-arxiv = "off"\n')
    assert run(capsys) == (0, [], "")


def test_extra_keys(vault: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (vault / "llm/agents/mechgpt.md").write_text(ERRATA.replace("order: 1", "order: 1\nread: yes"))
    assert run(capsys)[1] == [f"{MECHGPT}:4:1: unknown-key unknown key 'read' [warning]"]
    (tmp_path / "pyproject.toml").write_text('[tool.papervault.lint]\nextra-keys = ["read"]\n')
    assert run(capsys) == (0, [], "")


def test_per_file_ignores_take_a_note_out_of_a_duplicate_rule(
    vault: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.papervault.lint.per-file-ignores]\n"llm/agents/mechgpt.md" = ["duplicate-arxiv"]\n'
    )
    assert run(capsys) == (0, [], "")
    assert run(capsys, SCIAGENTS) == (0, [], "")


def test_the_committed_vault_has_no_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    code, out, err = run(capsys, "--no-cache")
    assert [line for line in out if not line.endswith("[warning]")] == []
    assert (code, err) == (0, "")


def test_bad_settings_are_a_usage_error(
    vault: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.papervault.rules]\nstub = "never"\n')
    code, out, err = run(capsys)
    assert (code, out) == (2, [])
    assert err == (
        f"papervault lint: {tmp_path / 'pyproject.toml'}: [tool.papervault.rules]"
        " stub = 'never': use one of error, warning, off\n"
    )


def test_list_rules(vault: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.papervault.rules]\nstub = "off"\n')
    code, out, _ = run(capsys, "--list-rules")
    assert code == 0
    assert len(out) == len(lint.RULES)
    assert out[0] == (
        "broken-note        error   not UTF-8, empty, invalid YAML, unclosed front matter,"
        " duplicate key"
    )
    assert "stub               off     a title and nothing else" in out
    assert any(line.startswith("arxiv-url          warning") and "(--fix)" in line for line in out)


def test_usage_errors(vault: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert run(capsys, "vault/nope.md") == (2, [], "papervault lint: vault/nope.md: no such file\n")
    assert run(capsys, "--vault", "elsewhere") == (
        2,
        [],
        "papervault lint: elsewhere: no vault folder here (use --vault DIR)\n",
    )
    with pytest.raises(SystemExit) as info:
        main(["lint", "--format", "xml"])
    assert info.value.code == 2


def test_files_outside_a_vault_get_the_note_checks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "draft.md").write_text("---\ntitle: Draft\nyear: 20\n---\nText.\n")
    code, out, _ = run(capsys, "draft.md")
    assert code == 1
    assert out[2].startswith("draft.md:3:7: bad-year year 20 is not a plausible year (1600 to ")


def test_folders_as_files(vault: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "vault/llm")
    assert (code, out) == (1, DUPLICATE)


# --- one file, the rest from the cache -----------------------------------------------------


def cache_files(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / lintcache.CACHE_DIR).glob("lint-*.json"))


def test_one_file_is_cross_checked_against_the_cached_vault(
    vault: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert run(capsys)[0] == 1
    [cache] = cache_files(tmp_path)
    assert (tmp_path / lintcache.CACHE_DIR / ".gitignore").read_text().endswith("*\n")
    stored = json.loads(cache.read_text())
    assert sorted(stored["files"]) == sorted(n.removeprefix("vault/") for n in FILES)
    assert run(capsys, SCIAGENTS) == (1, DUPLICATE[1:], "")
    assert run(capsys, "vault/md/mace.md") == (0, [], "")


def test_the_cache_is_keyed_by_content(
    vault: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    mechgpt = vault / "llm/agents/mechgpt.md"
    mechgpt.write_text(ERRATA)
    assert run(capsys) == (0, [], "")
    stat = mechgpt.stat()
    text = ERRATA.replace("2310.10445", "2409.05556")  # same size, same time: new content
    mechgpt.write_text(text)
    os.utime(mechgpt, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert run(capsys, SCIAGENTS) == (1, DUPLICATE[1:], "")


def test_a_broken_cache_is_ignored(
    vault: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    run(capsys)
    [cache] = cache_files(tmp_path)
    for junk in ("{", "[]", '{"stamp": 1}', json.dumps({"stamp": "x", "files": {"a": 1}})):
        cache.write_text(junk)
        assert run(capsys, SCIAGENTS) == (1, DUPLICATE[1:], "")
    stored = json.loads(cache.read_text())
    stored["files"]["llm/agents/sciagents.md"][2] = [["not", "a", "finding"]]
    cache.write_text(json.dumps(stored))
    assert run(capsys, SCIAGENTS) == (1, DUPLICATE[1:], "")


def test_a_deleted_note_leaves_the_cache(
    vault: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    run(capsys)
    (vault / "llm/agents/mechgpt.md").unlink()
    assert run(capsys, SCIAGENTS) == (0, [], "")
    [cache] = cache_files(tmp_path)
    assert "llm/agents/mechgpt.md" not in json.loads(cache.read_text())["files"]


def test_no_cache(vault: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert run(capsys, "--no-cache")[0] == 1
    assert cache_files(tmp_path) == []


def test_unknown_section(vault: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (vault / "llm/agents/mechgpt.md").write_text(ERRATA)
    note = vault / "md/mace.md"
    note.write_text(note.read_text().replace("  - llm/agents", "  - llm/agent"))
    assert run(capsys) == (
        1,
        [
            "vault/md/mace.md:5:5: unknown-section also_in names 'llm/agent', which is not a"
            " section folder of the vault (did you mean 'llm/agents'?)"
        ],
        "",
    )


# --- as users run it -----------------------------------------------------------------------


def test_console_script(vault: Path, tmp_path: Path) -> None:
    proc = subprocess.run(
        [BIN / "papervault-lint", SCIAGENTS], cwd=tmp_path, capture_output=True, text=True
    )
    assert (proc.returncode, proc.stdout.splitlines(), proc.stderr) == (1, DUPLICATE[1:], "")
    proc = subprocess.run(
        [BIN / "papervault-lint", "--format", "nope"], cwd=tmp_path, capture_output=True, text=True
    )
    assert proc.returncode == 2
    assert "invalid choice: 'nope'" in proc.stderr


def test_this_repositorys_pre_commit_hook(git_repo: Path, tmp_path: Path) -> None:
    """The hook in .pre-commit-config.yaml, run by pre-commit on a commit's files."""
    (git_repo / ".pre-commit-config.yaml").write_text(
        (ROOT / ".pre-commit-config.yaml").read_text()
    )
    installed = subprocess.run(
        [sys.executable, "-m", "papervault", "install", "--no-hooks"], cwd=git_repo, check=False
    )
    assert installed.returncode == 0  # `git papervault`: the hooks' way to this Python
    for name, text in FILES.items():
        (git_repo / name).parent.mkdir(parents=True, exist_ok=True)
        (git_repo / name).write_text(text)
    (git_repo / MECHGPT).write_text(ERRATA.replace("https://arxiv.org/abs", "http://arxiv.org/pdf"))
    git(git_repo, "add", "vault", ".pre-commit-config.yaml")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}

    def hook() -> subprocess.CompletedProcess[str]:
        cmd = [str(BIN / "pre-commit"), "run", "papervault-lint", "--files", MECHGPT, SCIAGENTS]
        return subprocess.run(cmd, cwd=git_repo, capture_output=True, text=True, env=env)

    first = hook()
    assert first.returncode == 1, first.stdout + first.stderr
    assert f"Fixing {MECHGPT} (arxiv-url)" in first.stdout
    assert "files were modified by this hook" in first.stdout
    assert "url: https://arxiv.org/abs/2310.10445\n" in (git_repo / MECHGPT).read_text()
    git(git_repo, "add", "vault")
    second = hook()
    assert second.returncode == 0, second.stdout + second.stderr
    assert "Passed" in second.stdout


LINKS = (
    "---\n"
    "title: Links between the papers\n"
    "venue: V\n"
    "year: 2020\n"
    "url: https://a.b\n"
    "---\n"
    "See [[sciagents]] and [[mechgpt|MechGPT]] ([[#Notes]]).\n"
    "Broken: [[sciagent]] and [[mace#Results]].\n"
    "A [link](../llm/agents/sciagent.md) and `[[code is not a link]]`.\n"
    "\n"
    "## Notes\n"
)


def test_broken_links_are_errors_at_their_positions(
    vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (vault / "llm/agents/mechgpt.md").write_text(ERRATA)
    (vault / "md/links.md").write_text(LINKS)
    code, out, _ = run(capsys)
    assert (code, out) == (
        1,
        [
            "vault/md/links.md:8:9: broken-link [[sciagent]] names no note of the vault"
            " (did you mean 'sciagents'?)",
            "vault/md/links.md:8:26: broken-link [[mace#Results]]: md/mace.md has no heading"
            " 'Results'",
            "vault/md/links.md:9:3: broken-link (../llm/agents/sciagent.md) names no note of the"
            " vault (did you mean 'llm/agents/sciagents.md'?)",
        ],
    )
    fixed = LINKS.replace("[[sciagent]]", "[[SciAgents]]").replace("#Results", "")
    (vault / "md/links.md").write_text(fixed.replace("sciagent.md", "sciagents.md"))
    assert run(capsys) == (0, [], "")


def test_a_rename_is_followed_by_a_finding_for_every_link_it_broke(
    git_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, text in {**FILES, MECHGPT: ERRATA, "vault/md/links.md": LINKS}.items():
        path = git_repo / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.replace("[[sciagent]]", "[[SciAgents]]").replace("#Results", ""))
    (git_repo / "vault/md/links.md").write_text(
        (git_repo / "vault/md/links.md").read_text().replace("sciagent.md", "sciagents.md")
    )
    git(git_repo, "add", "vault")
    git(git_repo, "commit", "-qm", "links")
    assert run(capsys, "--no-cache") == (0, [], "")
    git(git_repo, "mv", "vault/llm/agents/sciagents.md", "vault/llm/agents/sci-agents.md")
    # pre-commit passes the renamed file only: the notes whose links broke are found too
    code, out, _ = run(capsys, "vault/llm/agents/sci-agents.md")
    assert (code, out) == (
        1,
        [
            "vault/md/links.md:7:5: broken-link [[sciagents]] names no note of the vault"
            " (did you mean 'sci-agents'?)",
            "vault/md/links.md:8:9: broken-link [[SciAgents]] names no note of the vault"
            " (did you mean 'sci-agents'?)",
            "vault/md/links.md:9:3: broken-link (../llm/agents/sciagents.md) names no note of"
            " the vault (did you mean 'llm/agents/sci-agents.md'?)",
        ],
    )


def test_a_link_to_an_alias_resolves(vault: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (vault / "llm/agents/mechgpt.md").write_text(
        ERRATA.replace("order: 1\n", "aliases:\n  - The MechGPT paper\norder: 1\n")
    )
    (vault / "md/mace.md").write_text(
        FILES["vault/md/mace.md"] + "Compare [[the mechgpt paper]].\n"
    )
    assert run(capsys) == (0, [], "")


def test_a_warm_cache_trusts_no_stat_an_edit_could_keep(
    git_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Entries are reused unread only for the file's exact size, mtime, ctime and inode,
    and only once that mtime is older than the run (an edit within the clock's tick)."""
    note = git_repo / "vault/s/a.md"
    note.parent.mkdir(parents=True)
    (git_repo / "vault/s/index.md").write_text("---\ntitle: S\norder: 1\n---\n")
    note.write_text("---\ntitle: A paper\nyear: 2020\n---\nText.\n")
    for path in (note, git_repo / "vault/s/index.md"):
        st = path.stat()
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns - 10_000_000_000))
    for _ in range(2):  # cold, then warm from the stat
        assert main(["lint", "vault/s/a.md"]) == 0
        assert "bad-year" not in capsys.readouterr().out
    st = note.stat()
    note.write_text("---\ntitle: A paper\nyear: 20xx\n---\nText.\n")  # same size
    os.utime(note, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert note.stat().st_size == st.st_size
    assert main(["lint", "vault/s/a.md"]) == 1
    assert "vault/s/a.md:3:7: bad-year" in capsys.readouterr().out
