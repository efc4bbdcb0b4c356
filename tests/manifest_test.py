"""The hooks, the console scripts, the README and the workflow files stay in step."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from tests.conftest import git
from tests.conftest import write_files

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
HOOK_IDS = ["papervault-conflicts", "papervault-lint", "papervault-toc"]


def _manifest() -> list[dict[str, object]]:
    data = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert isinstance(data, list)
    return data


def test_every_hook_is_a_console_script_and_named_in_the_readme() -> None:
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    hooks = {str(h["id"]): str(h["entry"]).split()[0] for h in _manifest()}
    assert sorted(hooks) == HOOK_IDS
    assert sorted(s for s in scripts if s != "papervault") == HOOK_IDS
    assert all(entry == hook for hook, entry in hooks.items())
    readme = (ROOT / "README.md").read_text()
    assert [h for h in HOOK_IDS if h not in readme] == []


def test_own_config_uses_the_same_hooks() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    local = [h["id"] for r in config["repos"] if r["repo"] == "local" for h in r["hooks"]]
    assert set(HOOK_IDS) <= set(local)


def test_manifest_and_config_validate() -> None:
    for args in (
        ["validate-manifest", ".pre-commit-hooks.yaml"],
        ["validate-config", ".pre-commit-config.yaml"],
    ):
        proc = subprocess.run([BIN / "pre-commit", *args], cwd=ROOT, capture_output=True, text=True)
        assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize(
    "schema", ["vendor.github-workflows", "custom.github-workflows-require-timeout"]
)
def test_workflows_validate_against_their_schema(schema: str) -> None:
    workflows = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
    assert [w.name for w in workflows] == ["publish.yml", "pull-request.yml"]
    proc = subprocess.run(
        [BIN / "check-jsonschema", "--builtin-schema", schema, *workflows],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_workflows_run_the_checks_a_forge_merge_skips() -> None:
    pr = (ROOT / ".github/workflows/pull-request.yml").read_text()
    publish = (ROOT / ".github/workflows/publish.yml").read_text()
    for text in (pr, publish):
        assert "papervault toc --check" in text
        assert "papervault check-conflicts" in text
        assert "make site" in text
    assert "papervault review" in pr
    assert "actions/deploy-pages" in publish


NOTE = "---\ntitle: A paper\nyear: 2024\nvenue: Arxiv\nurl: https://arxiv.org/abs/2206.11990\n"
NOTE += "arxiv: '2206.11990'\n---\nSummary.\n"


@pytest.fixture
def sample_repo(git_repo: Path) -> Path:
    files = {
        "vault/index.md": "---\ntitle: Home\n---\n# Home\n",
        "vault/ch/index.md": "---\ntitle: Chapter\norder: 1\n---\n",
        "vault/ch/sec/index.md": "---\ntitle: Section\norder: 1\n---\n",
        "vault/ch/sec/a-paper.md": NOTE,
    }
    write_files(git_repo, files)
    git(git_repo, "add", "-A")
    return git_repo


def _try_repo(repo: Path, *hooks: str) -> subprocess.CompletedProcess[str]:
    # pre-commit's environments go under the test's own temporary folder, never the clone
    env = {**os.environ, "PRE_COMMIT_HOME": str(repo.parent / "pre-commit-home")}
    return subprocess.run(
        [BIN / "pre-commit", "try-repo", str(ROOT), *hooks, "--all-files"],
        cwd=repo,
        capture_output=True,
        text=True,
        env=env,
    )


@pytest.mark.slow  # 25-50 s: `make test-slow` (and .ci/run) runs it, the inner loop does not
def test_pre_commit_try_repo_on_a_sample_vault(sample_repo: Path) -> None:
    proc = _try_repo(sample_repo)  # every hook of the manifest, one environment
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for name in ("papervault conflict markers", "papervault metadata lint", "papervault contents"):
        assert re.search(rf"^{name}\.+Passed$", proc.stdout, re.MULTILINE), proc.stdout
    note = sample_repo / "vault/ch/sec/a-paper.md"
    note.write_text(NOTE + "«««< HEAD\nmine\n=====\ntheirs\n»»»> 35ed8ce\n")
    git(sample_repo, "add", "-A")
    proc = _try_repo(sample_repo, "papervault-conflicts")
    assert proc.returncode == 1
    assert "vault/ch/sec/a-paper.md:9:1: mangled-conflict" in proc.stdout
