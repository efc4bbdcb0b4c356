from __future__ import annotations

import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from papervault.site.core import insert_card
from tests.site.sitekit import NOTES
from tests.site.sitekit import build_sample
from tests.site.sitekit import make_project

MKDOCS = Path(sys.executable).parent / "mkdocs"
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href"}
SAFE_URL = re.compile(r"^(?:https?://|mailto:|#|\.{0,2}/|[\w.~%-]+(?:[/?#]|$)|$)", re.I)


class Audit(HTMLParser):
    """Every tag, attribute and address of a page, to find anything that could run."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []
        self.scripts: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "script":
            self.scripts.append(found)
        if tag in ("iframe", "object", "embed", "frame", "base"):
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}>")
            url = (value or "").strip()
            if name in URL_ATTRIBUTES and not SAFE_URL.match(url):
                self.problems.append(f"<{tag} {name}={value!r}>")


def audit(page: Path) -> Audit:
    parser = Audit()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def material_scripts(site: Path) -> list[dict[str, str | None]]:
    """The scripts Material puts on every page (small inline ones, config, the bundle)."""
    return audit(site / "index.html").scripts


def test_home_page_lists_the_chapters(built_site: Path) -> None:
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert '<a href="llm/">1 Large Language Model</a> — 3 papers' in home
    assert '<a href="md/">2 Deep Molecular dynamics</a> — 2 papers' in home
    assert '<a href="llm/equiformer/">1.1 Equiformer</a> — 3 papers' in home
    assert '<a href="papers.bib">BibTeX (all papers)</a>' in home
    assert (built_site / "papers.bib").read_text(encoding="utf-8").count("@") == 5


def test_paper_page_opens_with_its_card(built_site: Path) -> None:
    page = (built_site / "llm/equiformer/equiformer/index.html").read_text(encoding="utf-8")
    article = page[page.index("<article") : page.index("</article>")]
    assert (
        article.index("<h1")
        < article.index('<div class="pv-card">')
        < article.index("Equiformer builds on")
    )
    assert "<dt>Authors</dt><dd>Yi-Lun Liao, Tess Smidt</dd>" in article
    assert (
        '<dd>Yi-Lun Liao <span class="pv-affiliation">(Massachusetts Institute of Technology)'
        in article
    )
    assert '<a href="../../../indexes/venues/#venue-iclr">ICLR</a>' in article
    assert '<a href="../../../indexes/years/#year-2023">2023</a>' in article
    assert (
        '<a class="md-button pv-arxiv md-button--primary" '
        'href="https://arxiv.org/abs/2206.11990">arXiv 2206.11990</a>'
    ) in article
    assert 'href="https://github.com/atomicarchitects/equiformer">Code</a>' in article


def test_paper_page_offers_its_own_bibtex_entry(built_site: Path) -> None:
    page = (built_site / "llm/equiformer/equiformer/index.html").read_text(encoding="utf-8")
    start = page.index('<details class="pv-cite"><summary>Cite (BibTeX)</summary>')
    block = page[start : page.index("</details>", start)]
    key = block[block.index("{") + 1 : block.index(",")]
    assert block.count("@") == 1
    assert f"{{{key}," in (built_site / "papers.bib").read_text(encoding="utf-8")
    assert "eprint = {2206.11990}" in block


def test_links_between_notes_work(built_site: Path) -> None:
    page = (built_site / "llm/equiformer/equiformer/index.html").read_text(encoding="utf-8")
    assert '<a href="../se3/">SE(3)-Transformers</a>' in page
    assert '<a href="../../../md/potentials/mace/">MACE</a>' in page


def test_nav_is_numbered_in_contents_order(built_site: Path) -> None:
    page = (built_site / "llm/equiformer/se3/index.html").read_text(encoding="utf-8")
    nav = page[page.index("md-nav--primary") : page.index("md-sidebar--secondary")]
    titles = re.findall(r'<span class="md-ellipsis">\s*([^<]*?)\s*</span>', nav)
    # the open page is named twice when it has headings of its own ("Linked from")
    titles = [t for t in dict.fromkeys(titles) if t not in ("Linked from", "Related papers")]
    assert titles[:8] == [
        "Home",
        "Contents",
        "1 Large Language Model",
        "Large Language Model",
        "1.1 Equiformer",
        "Equiformer",
        "1.1.1 SE(3)-Transformers",
        "1.1.2 Equiformer: Equivariant Graph Attention Transformer for 3D Atomistic Graphs",
    ]
    assert "2 Deep Molecular dynamics" in titles
    assert titles[-2:] == [
        "&lt;img src=x onerror=&quot;window.__pwned=22&quot;&gt;About",
        "Indexes",
    ]


def test_the_contents_page_is_generated_from_the_notes(built_site: Path) -> None:
    project = built_site.parent
    assert not (project / "vault" / "contents.md").exists()  # never a file of the vault
    page = (built_site / "contents/index.html").read_text(encoding="utf-8")
    assert '<a href="../llm/equiformer/se3/">1.1.1 SE(3)-Transformers</a>' in page
    assert '<a href="../md/potentials/mace/">2.2.1 MACE</a>' in page
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert '<a href="contents/">Contents</a>' in home


def test_a_paper_in_two_sections_is_in_both(built_site: Path) -> None:
    home = (built_site / "md/index.html").read_text(encoding="utf-8")
    assert '<a href="dynamics/">2.1 molecular dynamics</a> — 1 paper' in home
    dynamics = (built_site / "md/dynamics/index.html").read_text(encoding="utf-8")
    mace = (
        '<p class="pv-item__title"><span class="pv-number">2.1.1</span>'
        ' <a href="../../md/potentials/mace/">MACE</a></p>'
        '<p class="pv-item__by">Ilyes Batatia</p>'
    )
    assert mace in dynamics  # numbered as the contents number it here, not 2.2.1
    potentials = (built_site / "md/potentials/index.html").read_text(encoding="utf-8")
    assert (
        '<span class="pv-number">2.2.1</span> <a href="../../md/potentials/mace/">MACE</a>'
        in potentials
    )


def test_index_pages(built_site: Path) -> None:
    years = (built_site / "indexes/years/index.html").read_text(encoding="utf-8")
    assert (
        years.index('id="year-2024"')
        < years.index('id="year-2023"')
        < years.index('id="year-2018"')
    )
    assert '<li><a href="../../md/potentials/deepmd/">2.2.2 DeePMD-kit</a></li>' in years
    venues = (built_site / "indexes/venues/index.html").read_text(encoding="utf-8")
    assert '<h2 id="venue-neurips">NeurIPS' in venues
    authors = (built_site / "indexes/authors/index.html").read_text(encoding="utf-8")
    assert (
        '<li><strong>Yi-Lun Liao</strong>: <a href="../../llm/equiformer/equiformer/">1.1.2 '
        in authors
    )
    tags = (built_site / "tags/index.html").read_text(encoding="utf-8")
    assert '<h2 id="tag-equivariance">equivariance' in tags
    assert '<li><a href="../llm/equiformer/se3/">1.1.1 SE(3)-Transformers</a></li>' in tags
    paper = (built_site / "llm/equiformer/se3/index.html").read_text(encoding="utf-8")
    chip = '<a class="pv-tag" href="../../../tags/#tag-equivariance">equivariance</a>'
    assert f"<dt>Tags</dt><dd>{chip}" in paper


def test_search_index_has_titles_authors_and_tags(built_site: Path) -> None:
    index = (built_site / "search/search_index.json").read_text(encoding="utf-8")
    assert "Equiformer: Equivariant Graph Attention" in index
    assert "Tess Smidt" in index
    assert '"tags":["equivariance","transformers"]' in index
    assert "Papers by author" not in index  # index pages stay out of search


def test_hostile_note_reaches_no_page_as_code(built_site: Path) -> None:
    expected = [sorted(s) for s in material_scripts(built_site)]
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 15
    for page in pages:
        found = audit(page)
        assert found.problems == [], page
        assert [sorted(s) for s in found.scripts] == expected, page
        text = page.read_text(encoding="utf-8")
        for script in re.findall(r"<script[^>]*>(.*?)</script>", text, re.S):
            assert "__pwned" not in script, page
    hostile = (built_site / "llm/equiformer/hostile/index.html").read_text(encoding="utf-8")
    assert "Some honest text after all that." in hostile
    assert "&lt;script&gt;window.__pwned=2&lt;/script&gt;Eve" in hostile  # shown, as text
    assert "window.__pwned = 12" not in hostile
    assert "../../etc/passwd" not in hostile


def run_build(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [str(MKDOCS), "build", "-q", *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_sample(tmp_path_factory.mktemp("site"))


def test_broken_note_fails_the_strict_build_with_path_and_line(tmp_path: Path) -> None:
    notes = dict(NOTES)
    notes["md/potentials/broken.md"] = "---\ntitle: Broken\nyear: [2020\n---\nBody\n"
    result = run_build(make_project(tmp_path, notes), "--strict")
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if "ERROR" in line]
    assert errors == [
        "ERROR   -  vault/md/potentials/broken.md:4: invalid front matter: "
        "did not find expected ',' or ']'",
    ]
    assert "Aborted with 1 errors in strict mode!" in result.stdout


def test_broken_note_is_left_out_of_a_lenient_build(tmp_path: Path) -> None:
    notes = dict(NOTES)
    notes["md/potentials/broken.md"] = "---\ntitle: [\n---\nsecret: front matter\n"
    root = make_project(tmp_path, notes)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("strict: true", "strict: false"))
    result = run_build(root)
    assert result.returncode == 0, result.stderr
    assert "vault/md/potentials/broken.md:3: invalid front matter" in result.stderr
    assert not (root / "site/md/potentials/broken").exists()
    assert (root / "site/md/potentials/mace/index.html").exists()


def test_insert_card_after_the_heading() -> None:
    assert insert_card('<h1 id="t">T</h1>\n<p>x</p>', "C") == '<h1 id="t">T</h1>\nC\n<p>x</p>'
    assert insert_card("<p>x</p>", "C") == "C<p>x</p>"


def test_with_materials_tags_plugin_it_shows_the_tags(tmp_path: Path) -> None:
    root = make_project(tmp_path, dict(NOTES))
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - papervault\n", "  - papervault\n  - tags\n"))
    result = run_build(root, "--strict")
    assert result.returncode == 0, result.stderr
    paper = (root / "site/llm/equiformer/se3/index.html").read_text(encoding="utf-8")
    assert '<a href="../../../tags/#tag:equivariance" class="md-tag">equivariance</a>' in paper
    assert "<dt>Tags</dt>" not in paper
    tags = (root / "site/tags/index.html").read_text(encoding="utf-8")
    assert 'href="../llm/equiformer/se3/"' in tags
