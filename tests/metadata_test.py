"""The installed package's metadata says what pyproject.toml says: licence, classifiers."""

from __future__ import annotations

import tomllib
from importlib.metadata import metadata
from pathlib import Path

import papervault

ROOT = Path(__file__).resolve().parent.parent


def test_the_installed_metadata_names_the_licence_and_the_classifiers() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    meta = metadata("papervault")
    assert meta["License-Expression"] == "MIT"
    assert meta.get_all("License-File") == ["LICENSE"]
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    assert meta.get_all("Classifier") == project["classifiers"]
    assert "Typing :: Typed" in project["classifiers"]
    assert (Path(papervault.__file__).parent / "py.typed").is_file()
    assert meta["Requires-Python"] == ">=3.11"
    versions = {c.rpartition(" :: ")[2] for c in project["classifiers"] if "3." in c}
    assert versions == {"3.11", "3.12", "3.13"}
