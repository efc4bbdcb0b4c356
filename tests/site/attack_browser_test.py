"""The doors around the sanitiser, in a real browser: tooltips, titles, the nav and the
page's table of contents (hovered with the mouse), and ids that collide with the theme's."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.site import browser_test
from tests.site.browser_test import Page
from tests.site.browser_test import serve
from tests.site.sitekit import NOTES
from tests.site.sitekit import make_project

PAYLOAD = "&lt;img src=x onerror=window.__pwned={n}&gt;"
LONG = " a title long enough for the theme to cut it short with an ellipsis, and then some more"
TOOLTIPS = (
    "---\n"
    f"title: '{PAYLOAD.format(n=1)}{LONG}'\n"
    f"venue: '{PAYLOAD.format(n=2)}'\n"
    "year: 2024\n"
    f"tags:\n  - '{PAYLOAD.format(n=3)}'\n"
    "url: https://example.org/paper\n"
    "---\n"
    f'[a link](https://example.org "{PAYLOAD.format(n=4)}")\n\n'
    f'![an image](figure.png "{PAYLOAD.format(n=5)}")\n\n'
    f'<abbr title="{PAYLOAD.format(n=6)}">HTML</abbr>\n\n'
    f'<span title="{PAYLOAD.format(n=7)}">a span</span>\n\n'
    f'[a reference][ref]\n\n[ref]: https://example.org "{PAYLOAD.format(n=8)}"\n\n'
    f"## {PAYLOAD.format(n=9)}{LONG}\n\nText.\n\n"
    f"## Second {PAYLOAD.format(n=10)}{LONG}\n\nMore text.\n"
)
TOOLTIPS_SECTION = f"---\ntitle: '{PAYLOAD.format(n=11)}{LONG}'\norder: 3\n---\n"
CONFIG = (
    '<p id="__config">{"base": ".", "features": [], "search": "x.js",'
    ' "translations": {"clipboard.copy": "<img src=x onerror=window.__pwned=20>"}}</p>\n\n'
    '<div id="__search" class="md-search md-dialog">hijacked</div>\n\n'
    "Text after the hijack.\n"
)
pytestmark = browser_test.pytestmark  # skipped without chromium
browser = browser_test.browser  # the fixtures: one headless chromium,
page = browser_test.page  # and a fresh tab of it
HOVER_TARGETS = """
Array.from(document.querySelectorAll(
  '[title], .md-nav__link, .md-ellipsis, .md-nav__item, article h1, article h2, article a,'
  + ' .md-header__topic, .md-source, .md-tag, .md-typeset abbr'
)).filter(el => el.getClientRects().length).map((el, i) => {
  el.setAttribute('data-hover', String(i));
  return String(i);
})
"""
CENTRE = """
(() => {
  const el = document.querySelector('[data-hover="%s"]');
  el.scrollIntoView({block: 'center', inline: 'center'});
  const r = el.getBoundingClientRect();
  return [r.left + Math.min(r.width / 2, 20), r.top + r.height / 2];
})()
"""


def hover_everything(page: Page) -> int:
    """Move the mouse over every element with a title, every nav and contents link."""
    targets = page.eval(HOVER_TARGETS)
    for target in targets:
        x, y = page.eval(CENTRE % target)
        page.send("Input.dispatchMouseEvent", type="mouseMoved", x=x, y=y)
        page.send("Input.dispatchMouseEvent", type="mouseMoved", x=x + 1, y=y)
        time.sleep(0.02)
    time.sleep(0.5)  # the theme shows its tooltips after a delay
    return len(targets)


def build(root: Path, notes: dict[str, str], config: str | None = None) -> Path:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    project = make_project(root, notes)
    if config is not None:
        (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    mkdocs_build(load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site")))
    return project / "site"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    notes = {
        **NOTES,
        "llm/equiformer/tooltips.md": TOOLTIPS,
        "llm/equiformer/config.md": "---\ntitle: Config\n---\n" + CONFIG,
        "tips/index.md": TOOLTIPS_SECTION,
        "llm/equiformer/figure.png": "an image",
    }
    server, url = serve(build(tmp_path_factory.mktemp("attack"), notes))
    yield url
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(
    "path", ["/llm/equiformer/tooltips/", "/", "/tips/", "/indexes/venues/", "/tags/"]
)
def test_hovering_escaped_text_runs_no_script(page: Page, site: str, path: str) -> None:
    page.open(f"{site}{path}")
    assert hover_everything(page) > 10
    assert page.eval("typeof window.__pwned") == "undefined"
    assert page.eval("location.href") == f"{site}{path}"


def test_the_hover_harness_catches_a_tooltip_that_runs(page: Page, tmp_path: Path) -> None:
    """The control: Material's own tooltips, on, run the entity-escaped payloads on hover."""
    plain = (
        "site_name: Plain\ndocs_dir: vault\ntheme:\n  name: material\n"
        "  features:\n    - content.tooltips\n"
        "markdown_extensions:\n  - toc:\n      permalink: true\n"
    )
    notes = {
        "index.md": "# Home\n",
        "tooltips.md": TOOLTIPS.split("---\n", 2)[2],
        "figure.png": "an image",
    }
    server, url = serve(build(tmp_path / "plain", notes, plain))
    try:
        page.open(f"{url}/tooltips/")
        hover_everything(page)
        assert page.eval("typeof window.__pwned") == "number"
    finally:
        server.shutdown()
        server.server_close()


def test_a_note_cannot_replace_the_themes_configuration(page: Page, site: str) -> None:
    page.open(f"{site}/llm/equiformer/config/")
    assert "Text after the hijack." in page.eval("document.body.innerText")
    assert page.eval("document.querySelectorAll('#__config').length") == 1
    assert page.eval("document.getElementById('__config').tagName") == "SCRIPT"
    assert page.eval("document.getElementById('__search').tagName") == "INPUT"
    assert page.eval("document.querySelector('article .md-dialog, article .md-search')") is None
    base = page.eval("JSON.parse(document.getElementById('__config').textContent).base")
    assert base == "../../.."
    page.eval("document.querySelector('.md-search__input').focus()")
    page.send("Input.insertText", text="Equiformer")
    assert page.wait_for("document.querySelectorAll('.md-search-result__item').length")
    hover_everything(page)
    assert page.eval("typeof window.__pwned") == "undefined"
