"""Merging notes three ways: front matter field by field, bodies with git's line merge.

- `fields`: the pure 3-way merge of front-matter values (scalars, sets, ordered lists, maps).
- `text`: git's own line merge (`git merge-file`) and the both-sides block it falls back to.
- `note`: a whole note (bytes in, bytes out) assembled from the two, keeping each side's text.
- `contents`: the generated contents file, merged without ever needing a person.

Nothing here prints; the git merge drivers and `papervault resolve` are the adapters.
"""

from __future__ import annotations
