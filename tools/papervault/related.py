"""Related papers: a few per paper from shared tags and title words (pure, not quadratic).

An inverted index maps each tag and each title word to the papers that carry it; a paper's
candidates are the papers it shares one of them with. Tags and words that many papers share
say little and would make the pass quadratic, so a key held by more than `COMMON` papers is
skipped: each paper looks at no more than (its keys x COMMON) others, and the whole pass is
linear in the vault. A shared tag weighs more than a shared word; rarer keys weigh more.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable
from collections.abc import Mapping
from collections.abc import Sequence

COMMON = 50  # a key shared by more papers than this is not looked at
SHOWN = 3
HEADING = "Related papers"
TAG_WEIGHT = 2.0
_WORD = re.compile(r"[^\W\d_][\w-]{2,}", re.UNICODE)
STOP_WORDS = frozenset(
    [
        "the",
        "and",
        "for",
        "with",
        "from",
        "into",
        "over",
        "under",
        "via",
        "using",
        "based",
        "towards",
        "toward",
        "its",
        "their",
        "are",
        "is",
        "of",
        "on",
        "in",
        "an",
        "to",
        "by",
        "as",
        "at",
    ]
)


def keys(title: str, tags: Iterable[str]) -> set[tuple[str, str]]:
    """What a paper is looked up by: ('tag', tag) and ('word', title word), folded."""
    found = {("tag", t.casefold()) for t in tags if t.strip()}
    for word in _WORD.findall(title.casefold()):
        if word not in STOP_WORDS:
            found.add(("word", word))
    return found


def related(
    papers: Mapping[str, tuple[str, Sequence[str]]], shown: int = SHOWN
) -> dict[str, list[str]]:
    """Up to `shown` related papers of each paper (by path), best first.

    `papers`: path -> (title, tags). Ties go to the paper listed first.
    """
    by_key: dict[tuple[str, str], list[str]] = defaultdict(list)
    own: dict[str, set[tuple[str, str]]] = {}
    order = {path: i for i, path in enumerate(papers)}
    for path, (title, tags) in papers.items():
        own[path] = keys(title, tags)
        for key in own[path]:
            by_key[key].append(path)
    out: dict[str, list[str]] = {}
    for path, found in own.items():
        scores: dict[str, float] = defaultdict(float)
        for key in found:
            holders = by_key[key]
            if len(holders) < 2 or len(holders) > COMMON:
                continue
            weight = (TAG_WEIGHT if key[0] == "tag" else 1.0) / math.log(1 + len(holders))
            for other in holders:
                if other != path:
                    scores[other] += weight
        best = sorted(scores, key=lambda p: (-scores[p], order[p]))[:shown]
        if best:
            out[path] = best
    return out
