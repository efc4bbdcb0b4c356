from __future__ import annotations

import json
import subprocess
import sys

import pytest

from papervault import findings
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
