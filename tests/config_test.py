from __future__ import annotations

from pathlib import Path

import pytest

from papervault import config
from papervault.errors import VaultError


def test_vault_option_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool.papervault]\nvault = "notes"\n')
    assert config.vault_dir("elsewhere") == Path("elsewhere")


def test_vault_from_nearest_pyproject_relative_to_cwd(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.papervault]\nvault = "notes"\n')
    (tmp_path / "notes" / "sub").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "notes" / "sub")
    assert config.vault_dir() == Path("..")


def test_default_vault_without_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    monkeypatch.chdir(tmp_path)
    assert config.vault_dir() == Path("vault")


def test_broken_pyproject_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.papervault\n")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(VaultError, match=r"pyproject\.toml"):
        config.settings()
