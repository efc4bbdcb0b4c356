"""The committed vault read as Obsidian reads it: every value a property, every tag a tag.

Obsidian's Properties know text, number, checkbox, date and date & time, and lists of text
(`tags`, `aliases` and `cssclasses` are lists); there is no nested property. Its tags hold
letters, digits, `_`, `-` and `/` (nested tags), at least one of them not a digit, and no
spaces. The front matter is read here with a plain YAML 1.1 safe load, as a YAML library
would (not through papervault's own string-first reader), and judged by those rules
written out again, not by the schema under test.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
VAULT = ROOT / "vault"
NOTES = sorted(VAULT.rglob("*.md"))
SCALARS = (str, int, float, bool, datetime.date, type(None))
TAG = re.compile(r"(?=.*[^\d/])[\w/-]+", re.UNICODE)
LISTS = ("tags", "aliases", "cssclasses")


def front_matter(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return {}
    end = text.index("\n---\n", 3)
    data = yaml.safe_load(text[4:end])
    assert isinstance(data, dict | type(None)), path
    return data or {}


def property_type(value: Any) -> str | None:
    """The Obsidian property type of a value, None when Obsidian has none for it."""
    if isinstance(value, bool):
        return "checkbox"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, datetime.date):
        return "date"
    if isinstance(value, str) or value is None:
        return "text"
    if isinstance(value, list) and all(isinstance(v, SCALARS) for v in value):
        return "list"
    return None


def test_the_vault_has_notes() -> None:
    assert len([p for p in NOTES if p.name != "index.md"]) >= 10


@pytest.mark.parametrize("path", NOTES, ids=lambda p: p.relative_to(VAULT).as_posix())
def test_every_value_is_an_obsidian_property(path: Path) -> None:
    for key, value in front_matter(path).items():
        assert property_type(value) is not None, f"{path}: {key} is {value!r}"
        if key in LISTS or key in ("authors", "lead_authors", "also_in"):
            assert isinstance(value, list), f"{path}: {key} must be a list"
            assert all(isinstance(v, str) for v in value), f"{path}: {key} holds non-text"


@pytest.mark.parametrize("path", NOTES, ids=lambda p: p.relative_to(VAULT).as_posix())
def test_every_tag_is_an_obsidian_tag(path: Path) -> None:
    for tag in front_matter(path).get("tags") or []:
        assert TAG.fullmatch(tag), f"{path}: {tag!r} is not an Obsidian tag"


def test_lead_authors_are_name_and_affiliation_texts() -> None:
    seen = 0
    for path in NOTES:
        for item in front_matter(path).get("lead_authors") or []:
            seen += 1
            assert re.fullmatch(r"[^()]+?( \(.+\))?", item), f"{path}: {item!r}"
    assert seen >= 10


def test_a_note_whose_file_name_was_cut_answers_to_its_full_title() -> None:
    from papervault.names import slug_is_cut
    from papervault.names import slugify

    cut = 0
    for path in NOTES:
        meta = front_matter(path)
        title = meta.get("title")
        if path.name == "index.md" or not isinstance(title, str):
            continue
        if path.stem == slugify(title) and slug_is_cut(title):
            cut += 1
            assert title in (meta.get("aliases") or []), f"{path}: no alias {title!r}"
    assert cut >= 1
