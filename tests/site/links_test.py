"""Links between notes on the built site: each wikilink form, aliases, "Linked from", and
the strict build failing on a broken wikilink (real `mkdocs build`, parsed HTML, a browser)."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.site.browser_test import CHROMIUM
from tests.site.browser_test import Page
from tests.site.browser_test import browser  # noqa: F401 - a fixture `page` uses
from tests.site.browser_test import page  # noqa: F401 - a fixture
from tests.site.browser_test import serve
from tests.site.plugin_test import run_build
from tests.site.sitekit import NOTES
from tests.site.sitekit import make_project

EQUIFORMER = "llm/equiformer/equiformer.md"
SE3 = "llm/equiformer/se3.md"
MACE = "md/potentials/mace.md"
LINKED = {
    **NOTES,
    EQUIFORMER: NOTES[EQUIFORMER]
    + "\nIt cites [[se3]], [[se3|the SE(3) paper]], [[se3#Attention]],"
    " [[se3#Attention|its attention]], [[#Method]] and [[Tensor field networks]].\n"
    "\n## Method\n\nGraph attention.\n",
    SE3: NOTES[SE3]
    .replace("title: SE(3)-Transformers\n", "title: SE(3)-Transformers\n")
    .replace("order: 1\n", "order: 1\naliases:\n  - Tensor field networks\n")
    + "\n## Attention\n\nEquivariant attention.\n",
    MACE: NOTES[MACE] + "\nCompare [[equiformer]] and [[equiformer|Equiformer's paper]].\n",
}


class Links(HTMLParser):
    """The links of a page's article: (href, text), and the ids of its headings."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self.ids: set[str] = set()
        self.headings: list[str] = []
        self._href: str | None = None
        self._text: list[str] = []
        self._heading: list[str] | None = None
        self._in_article = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "article":
            self._in_article += 1
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if tag in ("h2", "h3"):
            self._heading = []
        if tag == "a" and self._in_article and "headerlink" not in (found.get("class") or ""):
            self._href, self._text = found.get("href") or "", []

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self._in_article -= 1
        if tag == "a" and self._href is not None:
            self.links.append((self._href, "".join(self._text).strip()))
            self._href = None
        if tag in ("h2", "h3") and self._heading is not None:
            self.headings.append("".join(self._heading).strip(" ¶"))
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text.append(data)
        if self._heading is not None:
            self._heading.append(data)


def parse(path: Path) -> Links:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("links"), LINKED)
    result = run_build(project, "--strict")
    assert result.returncode == 0, result.stderr
    return project / "site"


def test_each_wikilink_form_is_a_link(site: Path) -> None:
    found = parse(site / "llm/equiformer/equiformer/index.html")
    own = found.links[: found.links.index(("../se3/", "Tensor field networks")) + 1]
    assert [link for link in own if "se3" in link[0] or link[0].startswith("#")] == [
        ("../se3/", "SE(3)-Transformers"),  # the Markdown link the note already had
        ("../se3/", "se3"),
        ("../se3/", "the SE(3) paper"),
        ("../se3/#attention", "se3 > Attention"),
        ("../se3/#attention", "its attention"),
        ("#method", "Method"),
        ("../se3/", "Tensor field networks"),  # an alias of se3
    ]
    assert "method" in found.ids
    assert "attention" in parse(site / "llm/equiformer/se3/index.html").ids


def test_no_wikilink_is_left_as_text(site: Path) -> None:
    for path in site.rglob("*.html"):
        assert "[[" not in path.read_text(encoding="utf-8"), path


def test_a_paper_lists_the_notes_linking_to_it(site: Path) -> None:
    se3 = parse(site / "llm/equiformer/se3/index.html")
    assert "Linked from" in se3.headings
    assert se3.links[-1:] == [
        (
            "../equiformer/",
            "Equiformer: Equivariant Graph Attention Transformer for 3D Atomistic Graphs",
        )
    ]
    equiformer = parse(site / "llm/equiformer/equiformer/index.html")
    assert equiformer.links[-1] == ("../../../md/potentials/mace/", "MACE")  # once, not twice
    mace = parse(site / "md/potentials/mace/index.html")
    assert mace.links[-1][0] == "../../../llm/equiformer/equiformer/"  # its Markdown link
    deepmd = parse(site / "md/potentials/deepmd/index.html")
    assert "Linked from" not in deepmd.headings


def test_a_paper_lists_related_papers_before_its_backlinks(site: Path) -> None:
    se3 = parse(site / "llm/equiformer/se3/index.html")
    assert se3.headings[-2:] == ["Related papers", "Linked from"]
    equiformer = parse(site / "llm/equiformer/equiformer/index.html")
    assert "Related papers" in equiformer.headings


def test_a_broken_wikilink_fails_the_strict_build_at_its_position(tmp_path: Path) -> None:
    notes = {**NOTES, MACE: NOTES[MACE] + "See [[equiformr]] and [[se3#Results]].\n"}
    result = run_build(make_project(tmp_path, notes), "--strict")
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if "broken-link" in line]
    assert errors == [
        "ERROR   -  vault/md/potentials/mace.md:11:5: broken-link [[equiformr]] names no note"
        " of the vault (did you mean 'equiformer'?)",
        "ERROR   -  vault/md/potentials/mace.md:11:23: broken-link [[se3#Results]]:"
        " llm/equiformer/se3.md has no heading 'Results'",
    ]


def test_the_committed_vault_builds_with_its_links(tmp_path: Path) -> None:
    from tests.site.sitekit import ROOT

    project = tmp_path / "p"
    project.mkdir()
    (project / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text())
    import shutil

    shutil.copytree(ROOT / "vault", project / "vault")
    result = run_build(project, "--strict")
    assert result.returncode == 0, result.stderr


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's /usr/bin/chromium")
def test_following_a_wikilink_to_a_heading_in_the_browser(site: Path, page: Page) -> None:  # noqa: F811
    server, url = serve(site)
    try:
        page.open(f"{url}/llm/equiformer/equiformer/")
        page.eval(
            "Array.from(document.querySelectorAll('article a'))"
            ".find(a => a.innerText === 'its attention').click()"
        )
        page.wait_for("location.pathname === '/llm/equiformer/se3/'")
        assert page.eval("location.hash") == "#attention"
        assert page.wait_for(
            "(() => { const h = document.getElementById('attention'); if (!h) return '';"
            " const r = h.getBoundingClientRect();"
            " return r.top >= 0 && r.top < innerHeight ? 'in view' : '' })()"
        )
        back = page.eval("Array.from(document.querySelectorAll('article a')).at(-1).innerText")
        assert back.startswith("Equiformer: Equivariant Graph Attention")
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("builder", ["mkdocs", "zensical"])
def test_a_broken_wikilink_stops_either_builder(
    builder: str, tmp_path: Path, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from papervault.commands import site as command

    notes = {**NOTES, MACE: NOTES[MACE] + "See [[equiformr]].\n"}
    monkeypatch.chdir(make_project(tmp_path, notes))
    assert command.main(["--builder", builder, "--site-dir", "out"]) == 1
    err = capfd.readouterr().err
    assert (
        "vault/md/potentials/mace.md:11:5: broken-link [[equiformr]] names no note of the vault"
        " (did you mean 'equiformer'?)"
    ) in err
    assert "Traceback" not in err


def test_zensical_publishes_the_links_and_backlinks_mkdocs_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from papervault.commands import site as command

    monkeypatch.chdir(make_project(tmp_path, LINKED))
    assert command.main(["--builder", "zensical", "--site-dir", "out"]) == 0
    found = parse(tmp_path / "out/llm/equiformer/equiformer/index.html")
    assert ("../se3/#attention", "its attention") in found.links
    assert ("../se3/", "Tensor field networks") in found.links
    se3 = parse(tmp_path / "out/llm/equiformer/se3/index.html")
    assert "Linked from" in se3.headings
    assert not any(
        "[[" in p.read_text(encoding="utf-8") for p in (tmp_path / "out").rglob("*.html")
    )
