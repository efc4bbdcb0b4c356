from __future__ import annotations

import subprocess
import sys

import pytest

from papervault.cli import COMMANDS
from papervault.cli import main


def test_no_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "usage: papervault COMMAND" in capsys.readouterr().err


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert all(name in out for name in COMMANDS)


def test_unknown_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["frobnicate"]) == 2
    assert "unknown command 'frobnicate'" in capsys.readouterr().err


def test_vault_error_becomes_message_and_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: object
) -> None:
    assert main(["list", "--vault", "/nonexistent/vault"]) == 2
    err = capsys.readouterr().err
    assert err == "papervault list: /nonexistent/vault: no vault folder here (use --vault DIR)\n"


def test_bad_option_is_exit_2_without_traceback() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "papervault", "new", "--title", "T", "--bogus"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "unrecognized arguments: --bogus" in proc.stderr


def test_check_conflicts_path_imports_no_yaml_or_git() -> None:
    code = (
        "import sys, papervault.cli\n"
        "assert 'yaml' not in sys.modules and 'git' not in sys.modules, sorted(sys.modules)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_mistyped_command_gets_a_suggestion(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lsit"]) == 2
    assert capsys.readouterr().err.startswith(
        "papervault: unknown command 'lsit'; did you mean 'list'?\n\nusage: papervault COMMAND"
    )
    assert main(["expotr"]) == 2
    assert "did you mean 'export'?" in capsys.readouterr().err


def test_a_mistyped_option_gets_a_suggestion_before_a_missing_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["new", "--titel", "X"])
    assert exit_.value.code == 2
    assert capsys.readouterr().err.endswith(
        "papervault new: error: unrecognized arguments: --titel (did you mean --title?)\n"
    )
