"""The workflows (this repository's and those `init` writes) follow the rules that keep a
pull request from reaching the token, the site or the comment: no `${{ }}` in `run:`,
actions pinned to commits, no persisted credentials, least permissions, a capped comment."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from papervault import scaffold

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = {
    **{
        f"{p.name}": p.read_text(encoding="utf-8")
        for p in (ROOT / ".github/workflows").glob("*.yml")
    },
    "init: pull-request.yml": scaffold.PULL_REQUEST,
    "init: publish.yml": scaffold.PUBLISH,
}
USES = re.compile(r"^\s*(?:- )?uses:\s*(\S+)(.*)$")
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(?:/[\w./-]+)?@[0-9a-f]{40}$")
VERSION = re.compile(r"^\s+# v\d+(?:\.\d+){0,2}$")


def steps(workflow: dict[str, Any]) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    return [
        (name, job, step) for name, job in workflow["jobs"].items() for step in job.get("steps", [])
    ]


@pytest.fixture(params=sorted(WORKFLOWS))
def workflow(request: pytest.FixtureRequest) -> tuple[str, str, dict[str, Any]]:
    text = WORKFLOWS[request.param]
    return request.param, text, yaml.safe_load(text)


def test_no_expression_inside_a_script(workflow: tuple[str, str, dict[str, Any]]) -> None:
    _, _, data = workflow
    for job, _, step in steps(data):
        assert "${{" not in step.get("run", ""), (job, step.get("name"))


def test_actions_are_pinned_to_a_commit_with_the_version_beside(
    workflow: tuple[str, str, dict[str, Any]],
) -> None:
    _, text, _ = workflow
    found = [USES.match(line) for line in text.splitlines()]
    uses = [m for m in found if m]
    assert uses
    for m in uses:
        assert PINNED.match(m.group(1)), m.group(0)
        assert VERSION.match(m.group(2)), m.group(0)


def test_checkout_leaves_no_credentials(workflow: tuple[str, str, dict[str, Any]]) -> None:
    _, _, data = workflow
    checkouts = [s for _, _, s in steps(data) if s.get("uses", "").startswith("actions/checkout@")]
    assert checkouts
    for step in checkouts:
        assert step.get("with", {}).get("persist-credentials") is False


def test_least_permissions(workflow: tuple[str, str, dict[str, Any]]) -> None:
    """Top level: nothing, or read only. A job that may write checks out nothing and runs no
    script of the repository (only actions and commands of the runner)."""
    _, _, data = workflow
    top = data.get("permissions")
    assert top in ({}, {"contents": "read"}), top
    for name, job in data["jobs"].items():
        permissions = job.get("permissions", top)
        assert permissions != "write-all"
        writes = [k for k, v in (permissions or {}).items() if v == "write"]
        if writes:
            uses = [s.get("uses", "") for s in job.get("steps", [])]
            assert not any(u.startswith("actions/checkout@") for u in uses), name
            scripts = " ".join(s.get("run", "") for s in job.get("steps", []))
            assert not re.search(r"\bmake\b|\.venv|papervault|python", scripts), name


def test_the_pull_request_build_uses_the_base_branchs_site_configuration() -> None:
    for name in ("pull-request.yml", "init: pull-request.yml"):
        data = yaml.safe_load(WORKFLOWS[name])
        runs = [s.get("run", "") for _, _, s in steps(data)]
        first = next(i for i, r in enumerate(runs) if r)
        assert runs[first].strip() == 'git show "origin/$BASE_REF:mkdocs.yml" > mkdocs.yml'


def test_the_review_comment_is_capped_and_the_whole_review_uploaded(tmp_path: Path) -> None:
    data = yaml.safe_load(WORKFLOWS["pull-request.yml"])
    [cap] = [s for _, _, s in steps(data) if s.get("name", "").startswith("Cap the comment")]
    upload = [
        s for _, _, s in steps(data) if s.get("uses", "").startswith("actions/upload-artifact@")
    ]
    assert upload[0]["with"]["path"].split() == ["review.md", "comment.md"]
    post = data["jobs"]["comment"]["steps"][-1]["run"]
    assert "--body-file comment.md" in post
    assert "review.md" not in post
    line = "- **A paper with a long title, über and ünïcödé** in 1.2 Potentials (`md/x.md`)\n"
    for size, cut in ((10, False), (2000, True)):
        (tmp_path / "review.md").write_text(line * size, encoding="utf-8")
        subprocess.run(["bash", "-e", "-c", cap["run"]], cwd=tmp_path, check=True)
        comment = (tmp_path / "comment.md").read_text(encoding="utf-8")  # valid UTF-8
        assert len(comment) < 65_536
        assert comment.endswith('the whole review is the artifact "review" of this run.\n') == cut
        if not cut:
            assert comment == line * size
