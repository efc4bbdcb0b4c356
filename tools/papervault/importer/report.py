"""The import's report as text lines (pure): what was written, merged, created, and how
every line of the source was taken."""

from __future__ import annotations

import os

from papervault.importer import navigation
from papervault.importer.model import KINDS
from papervault.importer.model import Parsed
from papervault.importer.plan import Plan

LABELS = {
    "header": "header",
    "contents": "contents",
    "navigation": "navigation",
    "chapter": "chapter headings",
    "section": "section headings",
    "paper": "paper headings",
    "metadata": "metadata",
    "body": "body",
    "blank": "blank",
    "marker": "conflict markers",
}


def _plural(count: int, word: str, words: str = "") -> str:
    return f"{count} {word}" if count == 1 else f"{count} {words or word + 's'}"


def lines(parsed: Parsed, plan: Plan, *, dry_run: bool) -> list[str]:
    """The report: one line per file (dry run), then the summary and the findings."""
    out: list[str] = []
    s = plan.summary
    if dry_run:
        for write in plan.writes:
            out.append(f"would write {os.path.relpath(write.path)} ({write.action} {write.what})")
    verb = "would write" if dry_run else "wrote"
    notes = s.notes_new + s.notes_updated
    out.append(
        f"{parsed.source}: {parsed.format}, {_plural(s.entries, 'paper entry', 'paper entries')}"
    )
    out.append(
        f"  notes: {verb} {notes} ({s.notes_new} new, {s.notes_updated} updated);"
        f" {_plural(s.merged, 'paper')} merged; {s.existing} already in the vault"
    )
    created = "would create" if dry_run else "created"
    out.append(
        f"  sections: {created} {s.chapters_new + s.sections_new}"
        f" ({_plural(s.chapters_new, 'chapter')}, {_plural(s.sections_new, 'section')})"
    )
    if s.home == "written":
        out.append(f"  home page: {verb} {os.path.relpath(_home(plan))}")
    elif s.home == "kept":
        out.append("  home page: the vault has one already; kept it")
    counts = parsed.counts()
    total = len(parsed.kinds)
    accounted = sum(counts[k] for k in KINDS)
    detail = ", ".join(f"{LABELS[k]} {counts[k]}" for k in KINDS if counts[k])
    out.append(f"  lines accounted for: {accounted} of {total} ({detail})")
    out.append(f"  fields: {fields(parsed)}")
    if parsed.navigation:
        out.append(f"  navigation skipped: {'; '.join(navigation.summary(parsed.navigation))}")
    out.extend(f"  note: {text}" for text in s.findings)
    return out


def _home(plan: Plan) -> str:
    return str(next(w.path for w in plan.writes if w.what == "home"))


LINKS = ("url", "arxiv", "doi", "code")


def fields(parsed: Parsed) -> str:
    """What came through: `16 entries; with link 12, year 3, venue 15, authors 14`."""
    papers = parsed.papers

    def count(*names: str) -> int:
        return sum(1 for p in papers if any(p.meta.get(n) not in (None, "", []) for n in names))

    return (
        f"{_plural(len(papers), 'entry', 'entries')}; with link {count(*LINKS)},"
        f" year {count('year')}, venue {count('venue')},"
        f" authors {count('authors', 'lead_authors')}"
    )
