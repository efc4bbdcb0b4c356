"""The status protocol: one enum, and the shim's text agrees with it on every code."""

from __future__ import annotations

import ast
import subprocess
from pathlib import Path

import pytest

from papervault.driver import client
from papervault.driver import shim
from papervault.driver.status import ANSWERS
from papervault.driver.status import MERGED
from papervault.driver.status import Status

DRIVER_HOME = Path(shim.__file__).parent
CRASH = 1  # what a Python that died of a traceback exits with
BASE, OURS, THEIRS = "base\n", "ours\n", "theirs\n"
LINE_MERGE = "<<<<<<< ours\nours\n||||||| base\nbase\n=======\ntheirs\n>>>>>>> theirs\n"
FAILED = (
    "papervault: the merge driver failed on x.md; git's line merge used (run papervault install)\n"
)


def test_the_codes_are_none_of_gits_nor_a_crash() -> None:
    assert {s.name: s.value for s in Status} == {
        "CLEAN": 10,
        "CONFLICT": 11,
        "FAILED": 2,
        "NO_SERVER": 3,
    }
    assert not {0, CRASH} & set(Status)
    assert all(s < 128 for s in Status)  # above 128, git >= 2.42 aborts the whole merge
    assert {Status.CLEAN, Status.CONFLICT, Status.FAILED} == ANSWERS
    assert [s.for_git() for s in Status] == [0, 1, 1, 1]


def test_the_clients_plain_numbers_are_the_enums() -> None:
    assert client.NO_SERVER == Status.NO_SERVER
    assert len(client.ANSWERS) == len(ANSWERS)
    assert set(client.ANSWERS) == ANSWERS


def run_shim(tmp_path: Path, client: int, driver: int) -> tuple[int, str, list[str], str]:
    """The shim as install writes it, with a Python whose client and driver exit as given:
    (the shim's exit code, %A after it, the steps run, its stderr)."""
    python = tmp_path / "python"
    log = tmp_path / "steps"
    python.write_text(
        "#!/bin/sh\n"
        f'if [ "$2" = -S ]; then echo client >> {log}; exit {client}; fi\n'
        f"echo driver >> {log}; exit {driver}\n"
    )
    python.chmod(0o755)
    script = tmp_path / "merge-driver"
    script.write_text(shim.text(python, tmp_path, tmp_path))
    script.chmod(0o755)
    files = []
    for name, text in (("O", BASE), ("A", OURS), ("B", THEIRS)):
        path = tmp_path / f".merge_file_{name}"
        path.write_text(text)
        files.append(str(path))
    proc = subprocess.run(
        [str(script), "note", *files, "7", "x.md"], capture_output=True, text=True, check=False
    )
    steps = log.read_text().split() if log.exists() else []
    return proc.returncode, Path(files[1]).read_text(), steps, proc.stderr


@pytest.mark.parametrize("answer", list(Status), ids=lambda s: s.name)
def test_the_shim_reads_the_clients_answer_as_the_enum_says(tmp_path: Path, answer: Status) -> None:
    code, ours, steps, err = run_shim(tmp_path, client=answer, driver=Status.CLEAN)
    if answer in MERGED:  # the server merged: done
        assert (code, ours, steps, err) == (answer.for_git(), OURS, ["client"], "")
    else:  # no server, or it failed: the driver itself
        assert (code, ours, steps, err) == (0, OURS, ["client", "driver"], "")


@pytest.mark.parametrize("answer", [*Status, CRASH], ids=lambda s: getattr(s, "name", "crash"))
def test_the_shim_reads_the_drivers_answer_as_the_enum_says(tmp_path: Path, answer: int) -> None:
    code, ours, steps, err = run_shim(tmp_path, client=Status.NO_SERVER, driver=answer)
    assert steps == ["client", "driver"]
    if answer in MERGED:
        assert (code, ours, err) == (Status(answer).for_git(), OURS, "")
    else:  # git's line merge, so that no side is dropped silently
        assert (code, ours, err) == (1, LINE_MERGE, FAILED)


def test_a_crashed_client_falls_back_to_the_driver(tmp_path: Path) -> None:
    assert run_shim(tmp_path, client=CRASH, driver=Status.CONFLICT)[:3] == (
        1,
        OURS,
        ["client", "driver"],
    )


def environ_writes(tree: ast.AST) -> list[str]:
    """Every assignment to, deletion from or call changing the environment in `tree`."""
    targets: list[ast.expr] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.Delete):
            targets += node.targets
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets.append(node.target)
        elif isinstance(node, ast.Call):
            name = ast.unparse(node.func)
            changers = ("update", "setdefault", "pop", "popitem", "clear")
            if name in ("os.putenv", *(f"os.environ.{c}" for c in changers)):
                targets.append(node.func)
    return [
        ast.unparse(t) for t in targets if "environ" in ast.unparse(t) or "putenv" in ast.unparse(t)
    ]


def test_no_piece_switches_the_protocol_through_the_environment() -> None:
    """The protocol is chosen by what runs (client, driver, `merge-driver`), not a variable."""
    assert "PAPERVAULT_DRIVER_SHIM" not in shim.text(Path("py"), Path("pkg"), Path("key"))
    for path in sorted(DRIVER_HOME.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        strings = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)}
        assert "PAPERVAULT_DRIVER_SHIM" not in strings, path.name
        assert environ_writes(tree) == [], path.name
