from __future__ import annotations

import ast
import contextlib
import importlib
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from papervault import findings
from papervault import lint
from papervault import schema
from papervault import toc
from papervault.findings import ERROR
from papervault.findings import WARNING
from papervault.findings import Finding

FOUND = [
    Finding("b.md", 2, 1, WARNING, "stub", "title and nothing else"),
    Finding("a.md", 10, 3, ERROR, "doi", "doi 'x' is not a DOI: no 10. prefix"),
    Finding("a.md", 9, 1, ERROR, "bad-year", "year must be a year such as 2023, not text"),
]


def test_text_is_one_sorted_line_each_and_a_warning_says_so() -> None:
    assert findings.render(FOUND) == (
        "a.md:9:1: bad-year year must be a year such as 2023, not text\n"
        "a.md:10:3: doi doi 'x' is not a DOI: no 10. prefix\n"
        "b.md:2:1: stub title and nothing else [warning]\n"
    )


def test_str_is_the_text_line() -> None:
    assert str(FOUND[0]) == "b.md:2:1: stub title and nothing else [warning]"


def test_nothing_found_is_no_text_and_an_empty_json_list() -> None:
    assert findings.render([]) == ""
    assert findings.render([], "github") == ""
    assert findings.render([], "json") == "[]\n"


def test_json_objects_keep_the_fields_in_order() -> None:
    text = findings.render(FOUND[:1], "json")
    assert text == (
        "[\n"
        "  {\n"
        '    "path": "b.md",\n'
        '    "line": 2,\n'
        '    "col": 1,\n'
        '    "severity": "warning",\n'
        '    "rule": "stub",\n'
        '    "message": "title and nothing else"\n'
        "  }\n"
        "]\n"
    )
    assert [row["line"] for row in json.loads(findings.render(FOUND, "json"))] == [9, 10, 2]


def test_github_annotations_escape_what_would_end_a_property() -> None:
    odd = Finding("a,b:c.md", 1, 2, ERROR, "doi", "50% off\nnext line")
    assert findings.render([odd, FOUND[0]], "github") == (
        "::error file=a%2Cb%3Ac.md,line=1,col=2,title=doi::50%25 off%0Anext line\n"
        "::warning file=b.md,line=2,col=1,title=stub::title and nothing else\n"
    )


def test_an_unknown_format_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown findings format 'xml'"):
        findings.render(FOUND, "xml")


def test_a_finding_is_a_plain_value() -> None:
    f = FOUND[0]
    assert f == Finding(
        path="b.md", line=2, col=1, severity=WARNING, rule="stub", message="title and nothing else"
    )
    assert f._replace(path="c.md").path == "c.md"
    assert hash(f) == hash(Finding(*f))


def test_the_module_imports_nothing_a_commit_hook_cannot_afford() -> None:
    code = (
        "import sys\n"
        "from papervault import findings\n"
        "findings.render([findings.Finding('a', 1, 1, 'error', 'r', 'm')])\n"
        "print(sorted({'dataclasses', 'typing', 'json'} & set(sys.modules)))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout == "[]\n"


# --- each rule has one owner -----------------------------------------------------------------

PACKAGE = Path(findings.__file__).parent
CONFLICT_KINDS = (  # papervault.conflicts: what check-conflicts reports
    "conflict",
    "mangled-conflict",
    "escaped-conflict",
    "conflict-in-front-matter",
    "unterminated-conflict",
    "unmatched-close",
    "lone-base",
    "lone-separator",
)

RESOLVE_RULES = ("merge-conflict", "modify-delete", "add-add", "duplicate-paper")  # resolution


def every_rule() -> dict[str, str]:
    """Every rule id a checker reports, with the checker whose table declares it."""
    tables = {
        "lint": list(lint.RULES),
        "toc": list(toc.RULES),
        "conflicts": CONFLICT_KINDS,
        "resolution": RESOLVE_RULES,
    }
    out: dict[str, str] = {}
    for checker, rules in tables.items():
        for rule in rules:
            assert rule not in out, f"{rule} is declared by {out[rule]} and {checker}"
            out[rule] = checker
    return out


def _ignored(tree: ast.Module) -> set[int]:
    """Nodes where a rule id is read, not made: comparisons, sets, subscripts, `.get`,
    docstrings, and the lint's table of rules (`lint._rules(...)`)."""
    out: set[int] = set()
    for node in ast.walk(tree):
        func = node.func if isinstance(node, ast.Call) else None
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        if isinstance(node, ast.Compare | ast.Set | ast.Subscript) or name in ("_rules", "get"):
            out.update(id(n) for n in ast.walk(node))
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            out.add(id(body[0].value))
    return out


def _rule_position(node: ast.Constant, parents: dict[int, ast.AST]) -> bool:
    """A field name that is also a rule id (`doi`, `citekey`) makes that rule only as the
    first argument of a `schema.DataFinding`."""
    call = parents.get(id(node))
    if not isinstance(call, ast.Call) or not call.args or call.args[0] is not node:
        return False
    func = call.func
    return (
        func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    ) == "DataFinding"


def makers() -> dict[str, set[str]]:
    """Each rule id with the modules of the package whose code makes a finding of it."""
    rules = every_rule()
    fields = {f.name for f in schema.FIELDS}
    out: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        ignored = _ignored(tree)
        parents = {id(c): p for p in ast.walk(tree) for c in ast.iter_child_nodes(p)}
        for node in ast.walk(tree):
            if not isinstance(node, ast.Constant) or node.value not in rules:
                continue
            if id(node) in ignored:
                continue
            if node.value in fields and not _rule_position(node, parents):
                continue
            out.setdefault(node.value, set()).add(path.relative_to(PACKAGE).as_posix())
    return out


def test_every_rule_is_made_in_one_module_only() -> None:
    found = makers()
    assert {rule: sorted(mods) for rule, mods in found.items() if len(mods) > 1} == {}
    assert found["broken-note"] == {"lint.py"}  # the lint cache and review ask lint.broken
    assert found["unknown-section"] == {"lint.py"}  # also_in: the lint's, not the contents'
    assert found["toc-unfiled"] == {"toc.py"}
    assert found["doi"] == {"schema.py"}
    assert found["merge-conflict"] == {"resolution.py"}


def test_every_declared_rule_is_made_somewhere() -> None:
    assert sorted(set(every_rule()) - set(makers())) == []


# --- every command prints them one way ---------------------------------------------------------

LINE = re.compile(
    r"(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<rule>[a-z0-9-]+) (?P<message>.+)"
)


def parsed(text: str) -> list[Finding]:
    """Findings read back from the text output, every line one finding."""
    out = []
    for line in text.splitlines():
        m = LINE.fullmatch(line)
        assert m is not None, line
        message, warning = m["message"], m["message"].endswith(" [warning]")
        message = message.removesuffix(" [warning]")
        severity = WARNING if warning else ERROR
        out.append(Finding(m["path"], int(m["line"]), int(m["col"]), severity, m["rule"], message))
    return out


def test_lint_toc_and_conflicts_print_findings_one_way(
    sample_vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    note = "vault/loose/x.md"
    (sample_vault / "loose").mkdir()
    text = "---\ntitle: Loose\nyear: soon\n---\n<<<<<<< HEAD\na\n=======\nb\n>>>>>>> x\n"
    (sample_vault / "loose" / "x.md").write_text(text, encoding="utf-8")
    outputs = {}
    for name, args in (
        ("lint", ["--no-cache", note]),
        ("toc", ["--check", "--no-cache"]),
        ("check_conflicts", [note]),
    ):
        module = importlib.import_module(f"papervault.commands.{name}")
        assert module.main(args) == 1
        outputs[name] = capsys.readouterr().out
    found = {name: parsed(out) for name, out in outputs.items()}
    assert all(findings.render(found[name]) == out for name, out in outputs.items())
    assert {f.rule for fs in found.values() for f in fs} <= set(every_rule())
    assert [(f.path, f.rule) for f in found["toc"]] == [(note, "toc-unfiled")]
    assert [(f.line, f.rule) for f in found["check_conflicts"]] == [(5, "conflict")]
    assert {"bad-year", "missing-venue"} <= {f.rule for f in found["lint"]}
    assert main_json(note) == found["lint"]


def main_json(note: str) -> list[Finding]:
    from papervault.commands import lint as command

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        command.main(["--no-cache", "--format", "json", note])
    return [Finding(**row) for row in json.loads(out.getvalue())]
