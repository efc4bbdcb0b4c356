"""Ids and classes of a note's body cannot be the theme's (Material finds its parts by them)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from papervault.site.sanitize import clean_html
from tests.site.sitekit import NOTES
from tests.site.sitekit import make_project


@pytest.mark.parametrize(
    ("html", "clean"),
    [
        ('<p id="__config">{}</p>', "<p>{}</p>"),
        ('<div id="__search">x</div>', "<div>x</div>"),
        ('<p id="_x">x</p>', "<p>x</p>"),
        ('<p id="md-x">x</p>', "<p>x</p>"),
        ('<h2 id="results">x</h2>', '<h2 id="results">x</h2>'),
        ('<p class="md-dialog md-search x">x</p>', '<p class="x">x</p>'),
        ('<div class="pv-card">x</div>', "<div>x</div>"),
        (
            '<a class="md-button md-button--primary" href="a/">a</a>',
            '<a class="md-button md-button--primary" href="a/">a</a>',
        ),
        ('<div class="admonition note">x</div>', '<div class="admonition note">x</div>'),
    ],
)
def test_theme_ids_and_classes_are_dropped(html: str, clean: str) -> None:
    assert clean_html(html) == clean


def test_tooltips_switched_back_on_are_turned_off_and_fail_a_strict_build(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    project = make_project(tmp_path / "p", NOTES)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("    - search.suggest\n", "    - search.suggest\n    - content.tooltips\n")
    )
    loaded = load_config(str(config), site_dir=str(project / "site"))
    with caplog.at_level(logging.WARNING), pytest.raises(Abort):
        build(loaded)
    assert "content.tooltips" not in loaded.theme["features"]
    assert (
        "theme feature content.tooltips is off: it turns a title attribute back into HTML"
        " on hover, so escaped text in a note would run as script"
    ) in [r.getMessage() for r in caplog.records]
