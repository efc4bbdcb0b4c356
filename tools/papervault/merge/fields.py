"""The 3-way merge of front-matter values: pure data in, merged data (or a conflict) out.

A value changed on one side takes that side; the same change on both sides is taken once.
When both sides changed a field differently:

- set fields (`tags`, `also_in`, ...): ours' items in ours' order, then theirs' additions,
  without the items either side removed;
- other lists (`authors`, `lead_authors`, ...): merged in order, element by element, like
  git merges lines; edits at the same place conflict (old `{name, affiliation}` lead
  authors are read as their `Name (Affiliation)` text, so a side that migrated them and a
  side that added one merge);
- maps: merged key by key with these same rules;
- `order` (a place among the section's papers, never a person's question): the earlier of
  the two places, the smaller number; a side that removed it gives way to the side that
  moved it;
- anything else (a scalar, a field deleted on one side and changed on the other, a change
  of type) is a conflict: the caller shows both values and decides nothing.

`MISSING` stands for an absent field; a base of `UNKNOWN` (a base that could not be read)
makes every difference between the sides a conflict.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from typing import Final

from papervault.notes import same


class _Sentinel:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


MISSING: Final[Any] = _Sentinel("MISSING")
UNKNOWN: Final[Any] = _Sentinel("UNKNOWN")

SET_FIELDS: Final = frozenset({"tags", "also_in", "keywords", "aliases"})
LEAD_AUTHORS: Final = "lead_authors"
ORDER: Final = "order"


class Conflict(Exception):
    """Both sides changed a value in ways that cannot be combined."""


@dataclass
class FieldsMerge:
    """The merged fields (in order) and the names of the fields in conflict."""

    meta: dict[str, Any]
    conflicts: list[str]


def merge_fields(
    base: dict[str, Any] | Any, ours: dict[str, Any], theirs: dict[str, Any]
) -> FieldsMerge:
    """Merge top-level fields; conflicting fields are left out of `meta` and named."""
    merged: dict[str, Any] = {}
    conflicts: list[str] = []
    for key in key_order(ours, theirs):
        b = UNKNOWN if base is UNKNOWN else base.get(key, MISSING)
        try:
            value = merge_value(key, b, ours.get(key, MISSING), theirs.get(key, MISSING))
        except Conflict:
            conflicts.append(key)
            continue
        if value is not MISSING:
            merged[key] = value
    return FieldsMerge(merged, conflicts)


def key_order(ours: dict[str, Any], theirs: dict[str, Any]) -> list[str]:
    """Ours' keys in ours' order; each key only theirs has goes after its neighbour there."""
    order = list(ours)
    previous: str | None = None
    for key in theirs:
        if key not in order:
            order.insert(order.index(previous) + 1 if previous is not None else 0, key)
        previous = key
    return order


def merge_value(key: str, base: Any, ours: Any, theirs: Any) -> Any:
    """The merged value of one field, `MISSING` when it goes, or `Conflict`."""
    if same(ours, theirs):
        return ours
    if base is not UNKNOWN:
        if same(base, ours):
            return theirs
        if same(base, theirs):
            return ours
    if key == LEAD_AUTHORS:  # one side migrated to the text form, the other did not
        texts = [_lead_texts(v) for v in (base, ours, theirs)]
        if any(not same(t, v) for t, v in zip(texts, (base, ours, theirs), strict=True)):
            return merge_value(f"{key} (as text)", *texts)
    if key in SET_FIELDS and _set_like(base, ours, theirs):
        return _merge_set(base, ours, theirs)
    if key == ORDER:
        return _earlier(ours, theirs)
    if base is UNKNOWN:
        raise Conflict(key)
    if isinstance(ours, list) and isinstance(theirs, list) and isinstance(base, list):
        return merge_sequence(base, ours, theirs)
    if isinstance(ours, dict) and isinstance(theirs, dict) and isinstance(base, dict):
        merged: dict[str, Any] = {}
        for sub in key_order(ours, theirs):
            value = merge_value(
                sub, base.get(sub, MISSING), ours.get(sub, MISSING), theirs.get(sub, MISSING)
            )
            if value is not MISSING:
                merged[sub] = value
        return merged
    raise Conflict(key)


def _lead_texts(value: Any) -> Any:
    """`lead_authors` with the old `{name, affiliation}` entries as `Name (Affiliation)`."""
    if not isinstance(value, list):
        return value
    from papervault.schema import lead_author_text

    return [text if (text := lead_author_text(item)) is not None else item for item in value]


def _earlier(ours: Any, theirs: Any) -> Any:
    """Of two `order`s, the smaller number (ours on a tie); a number over anything else."""
    from papervault.vault import order_number  # the one reading of `order`; rarely needed

    o, t = order_number(ours), order_number(theirs)
    if o is None and t is None:
        raise Conflict(ORDER)
    if t is None or (o is not None and o <= t):
        return ours
    return theirs


def _set_like(*values: Any) -> bool:
    return all(v is MISSING or v is UNKNOWN or isinstance(v, list | str) for v in values)


def _items(value: Any) -> list[Any]:
    if value is MISSING or value is UNKNOWN:
        return []
    return [value] if isinstance(value, str) else list(value)


def _merge_set(base: Any, ours: Any, theirs: Any) -> Any:
    """Ours' items, then theirs' additions, less what either side removed."""
    old = {_key(v) for v in _items(base)}
    removed = (old - {_key(v) for v in _items(ours)}) | (old - {_key(v) for v in _items(theirs)})
    result: list[Any] = []
    seen: set[str] = set()
    for item in [*_items(ours), *_items(theirs)]:
        k = _key(item)
        if k not in seen and k not in removed:
            seen.add(k)
            result.append(item)
    if not result and (ours is MISSING or theirs is MISSING):
        return MISSING
    return result


def _key(value: Any) -> str:
    """A hashable, type-aware key for a YAML value (`1`, `True` and `"1"` all differ)."""
    return repr(_canonical(value))


def _canonical(value: Any) -> Any:
    if isinstance(value, dict):
        return ("map", sorted((repr(k), _canonical(v)) for k, v in value.items()))
    if isinstance(value, list):
        return ("list", [_canonical(v) for v in value])
    return (type(value).__name__, value)


def merge_sequence(base: Sequence[Any], ours: Sequence[Any], theirs: Sequence[Any]) -> list[Any]:
    """diff3 on list items: changes at different places combine, overlapping ones conflict."""
    b, o_keys, t_keys = [_key(v) for v in base], [_key(v) for v in ours], [_key(v) for v in theirs]
    o_hunks = list(_changes(b, o_keys))
    t_hunks = list(_changes(b, t_keys))
    result: list[Any] = []
    pos = i = j = 0
    while i < len(o_hunks) or j < len(t_hunks):
        o = o_hunks[i] if i < len(o_hunks) else None
        t = t_hunks[j] if j < len(t_hunks) else None
        side: Sequence[Any]
        if o is not None and t is not None and o[0] <= t[1] and t[0] <= o[1]:
            # overlapping or touching changes: git would conflict unless they are the same
            if o[:2] != t[:2] or o_keys[o[2] : o[3]] != t_keys[t[2] : t[3]]:
                raise Conflict("list")
            side, hunk = ours, o
            i, j = i + 1, j + 1
        elif o is not None and (t is None or o[0] < t[0]):
            side, hunk = ours, o
            i += 1
        else:
            assert t is not None
            side, hunk = theirs, t
            j += 1
        result += [*base[pos : hunk[0]], *side[hunk[2] : hunk[3]]]
        pos = hunk[1]
    result += base[pos:]
    counts = {k: max(o_keys.count(k), t_keys.count(k)) for k in {*o_keys, *t_keys}}
    merged_keys = [_key(v) for v in result]
    if any(merged_keys.count(k) > counts.get(k, 0) for k in set(merged_keys)):
        raise Conflict("list")  # both sides added the same item at different places
    return result


def _changes(base: list[str], side: list[str]) -> Iterable[tuple[int, int, int, int]]:
    """The changed regions: (base start, base end, side start, side end)."""
    import difflib  # here: most merges never compare lists

    matcher = difflib.SequenceMatcher(None, base, side, autojunk=False)
    for tag, b1, b2, s1, s2 in matcher.get_opcodes():
        if tag != "equal":
            yield b1, b2, s1, s2
