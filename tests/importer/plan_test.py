from __future__ import annotations

from pathlib import Path

from papervault import notes
from papervault.importer import markdown
from papervault.importer import plan
from papervault.importer.model import ListPaper

DATA = Path(__file__).parents[1] / "data" / "import"


def paper(title: str, section: str, body: list[str], **meta: object) -> ListPaper:
    return ListPaper(title, 1, ("ch", section), dict(meta), body)


def test_same_paper_in_two_sections_is_one_paper_with_united_fields() -> None:
    papers, summary = plan.unite(
        [
            paper("MACE: fast.", "a", ["Same  summary,", "two lines."], code="c", tags=["x"]),
            paper("Other", "a", []),
            paper("mace: Fast", "b", ["Same summary, two lines."], tags=["y", "x"], venue="V"),
        ]
    )
    assert summary.merged == 1
    mace = papers[0]
    assert mace.title == "mace: Fast"  # the form without the trailing period
    assert mace.meta == {"code": "c", "tags": ["x", "y"], "venue": "V"}
    assert mace.sections == [("ch", "a"), ("ch", "b")]
    assert mace.positions == {("ch", "a"): 1, ("ch", "b"): 1}
    assert mace.bodies == [["Same  summary,", "two lines."]]  # kept once


def test_different_summaries_are_both_kept_and_a_contained_one_once() -> None:
    papers, _ = plan.unite(
        [
            paper("P", "a", ["Summary A."]),
            paper("P", "b", ["Summary B."]),
            paper("P", "c", ["Summary A. And more."]),
        ]
    )
    assert papers[0].bodies == [["Summary A. And more."], ["Summary B."]]


def test_identifiers_that_contradict_keep_papers_apart() -> None:
    papers, summary = plan.unite(
        [paper("P", "a", [], arxiv="2409.05556"), paper("P", "b", [], arxiv="2310.10445")]
    )
    assert len(papers) == 2
    assert summary.merged == 0


def test_differing_scalars_are_kept_first_and_named() -> None:
    papers, summary = plan.unite([paper("P", "a", [], venue="A"), paper("P", "b", [], venue="B")])
    assert papers[0].meta == {"venue": "A", "alternatives": ["venue: B"]}
    assert summary.findings == ["line 1: venue: kept 'A', also listed as 'B'"]


def test_plan_touches_nothing_and_notes_read_back(tmp_path: Path) -> None:
    text = (DATA / "small-list.md").read_text(encoding="utf-8")
    parsed = markdown.read(text, "small-list.md")
    root = tmp_path / "vault"
    result = plan.plan(parsed, root)
    assert not root.exists()
    by_path = {w.path.relative_to(root).as_posix(): w for w in result.writes}
    assert sorted(by_path) == [
        "graphs/attention/index.md",
        "graphs/equivariance/index.md",
        "graphs/equivariance/shared-paper-same-summary-twice.md",
        "graphs/equivariance/tensor-field-networks-rotation-equivariant-networks.md",
        "graphs/equivariance/twice-with-two-summaries.md",
        "graphs/index.md",
        "graphs/message-passing/index.md",
        "index.md",
        "materials/defects/a-bare-title.md",
        "materials/defects/index.md",
        "materials/defects/naive-bayes-fur-materialien.md",
        "materials/index.md",
    ]
    twice = notes.loads(by_path["graphs/equivariance/twice-with-two-summaries.md"].text)
    assert twice.meta == {
        "title": "Twice with two summaries",
        "order": 30,
        "also_in": ["materials/defects"],
        "venue": "NeurIPS",
        "doi": "10.1063/5.0155600",
        "url": "https://doi.org/10.1063/5.0155600",
        "alternatives": ["url: https://pubs.aip.org/aip/jcp/article/159/5/054801"],
        "citekey": "anonndtwice",
    }
    assert twice.body == (
        "Summary A, from the first section.\n\nSummary B, from the second section.\n"
    )
    graphs = notes.loads(by_path["graphs/index.md"].text)
    assert graphs.meta == {"title": "Graphs", "order": 10}
    assert graphs.body == "Papers on graph networks.\n"
    orders = [
        notes.loads(by_path[f"graphs/{name}/index.md"].text).meta["order"]
        for name in ("equivariance", "message-passing", "attention")
    ]
    assert orders == [10, 20, 30]
    assert result.summary.notes_new == 5
    assert result.summary.merged == 2
    assert (result.summary.chapters_new, result.summary.sections_new) == (2, 4)


def test_a_title_cut_for_the_file_name_becomes_an_alias(tmp_path: Path) -> None:
    title = "Breaking the size limitation of nonadiabatic molecular dynamics in condensed matter"
    text = f"# List\n\n## 1 Chapter\n\n### 1.1 Section\n\n#### 1.1.1 {title}\n\n- Journal: Nature\n"
    result = plan.plan(markdown.read(text, "list.md"), tmp_path / "vault")
    note = next(w for w in result.writes if w.path.name.startswith("breaking"))
    assert note.path.name == (
        "breaking-the-size-limitation-of-nonadiabatic-molecular-dynamics-in-condensed-mat.md"
    )
    meta = notes.loads(note.text).meta
    assert list(meta)[:2] == ["title", "aliases"]
    assert meta["aliases"] == [title]
    short = plan.plan(markdown.read(text.replace(title, "Short"), "l.md"), tmp_path / "v")
    assert all("aliases:" not in w.text for w in short.writes)
