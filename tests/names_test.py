from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from papervault.names import normalize_title
from papervault.names import slugify
from papervault.names import strip_numbering


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("2.5.3 DeePMD-kit v2: A package", "DeePMD-kit v2: A package"),
        ("Chapter 2 Deep Molecular dynamics", "Deep Molecular dynamics"),
        ("1.1 Equiformer", "Equiformer"),
        ("3. Title", "Title"),
        ("MACE", "MACE"),
        ("2D materials and heterostructures", "2D materials and heterostructures"),
        ("3D point clouds", "3D point clouds"),
    ],
)
def test_strip_numbering(title: str, expected: str) -> None:
    assert strip_numbering(title) == expected


def test_normalized_titles_ignore_case_punctuation_numbering_and_trailing_period() -> None:
    a = "2.2.2 DeePMD-kit: A deep learning package for many-body potential energy."
    b = "2.5.2 DeePMD-kit: a Deep Learning package for many-body potential energy"
    assert normalize_title(a) == normalize_title(b)
    assert normalize_title("MACE") != normalize_title("MACE v2")


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("SE(3)-Transformers: 3D Roto-Translation", "se-3-transformers-3d-roto-translation"),
        ("../../etc/passwd", "etc-passwd"),
        ("Équivariance über alles", "equivariance-uber-alles"),
        ("机器学习势", "机器学习势"),
        ("???", "untitled"),
        ("index", "index-note"),
        ("CON", "con-note"),
        ("C", "c"),
        ("C++", "c-plus-plus"),
        ("C#", "c-sharp"),
        ("F#", "f-sharp"),
        ("C++ templates", "c-plus-plus-templates"),
        ("Notepad++", "notepad-plus-plus"),
        ("Point+Line features", "point-line-features"),
        ("a + b", "a-b"),
        ("Issue #5", "issue-5"),
    ],
)
def test_slugify(title: str, slug: str) -> None:
    assert slugify(title) == slug


@pytest.mark.parametrize("names", [("C", "C++", "C#"), ("F", "F#"), ("Lasso", "Lasso+")])
def test_a_sign_that_ends_a_name_keeps_its_slug_apart(names: tuple[str, ...]) -> None:
    assert len({slugify(n) for n in names}) == len(names)


@given(st.text())
def test_slug_is_always_a_safe_file_name(title: str) -> None:
    slug = slugify(title)
    assert slug
    assert "/" not in slug
    assert "\\" not in slug
    assert not slug.startswith(".")
    assert len(slug) <= 80
