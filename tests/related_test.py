from __future__ import annotations

import time

from papervault import related


def test_shared_tags_weigh_more_than_shared_words() -> None:
    papers = {
        "a.md": ("Equivariant graph attention", ["equivariance", "transformers"]),
        "b.md": ("SE(3) attention networks", ["equivariance"]),
        "c.md": ("Graph neural potentials", ["potentials"]),
        "d.md": ("Unrelated", []),
    }
    found = related.related(papers)
    assert found["a.md"] == ["b.md", "c.md"]  # a tag and a word, then a word
    assert found["b.md"] == ["a.md"]
    assert "d.md" not in found


def test_a_key_many_papers_share_is_not_looked_at() -> None:
    papers = {f"p{i}.md": (f"Paper {i}", ["common"]) for i in range(related.COMMON + 1)}
    papers["x.md"] = ("Rare words here", ["rare"])
    papers["y.md"] = ("Other rare words", ["rare"])
    found = related.related(papers)
    assert found == {"x.md": ["y.md"], "y.md": ["x.md"]}


def test_related_is_not_quadratic() -> None:
    """20,000 papers sharing a few tags each: the pass stays linear (seconds, not hours)."""
    tags = [f"tag{i}" for i in range(400)]
    papers = {
        f"p{i}.md": (f"Paper about {tags[i % 400]} and {tags[(i * 7) % 400]}", [tags[i % 400]])
        for i in range(20_000)
    }
    start = time.process_time()
    found = related.related(papers)
    assert time.process_time() - start < 30
    assert len(found) == 20_000
    assert all(len(v) <= related.SHOWN for v in found.values())
