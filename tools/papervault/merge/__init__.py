"""Merging notes three ways: front matter field by field, bodies with git's line merge.

- `fields`: the pure 3-way merge of front-matter values (scalars, sets, ordered lists, maps).
- `text`: git's own line merge (`git merge-file`) and the both-sides block it falls back to.
- `quick`: a note whose front matter changed on one side at most, merged without YAML.
- `note`: a whole note (bytes in, bytes out) assembled from the two, keeping each side's text.
- `labels`: git's names for the sides (%S/%X/%Y, or worked out on an old git) for markers.
- `server` / `client`: one process merges every note of a merge, so git's per-file driver
  calls do not each pay the imports.

Nothing here prints; the git merge drivers and `papervault resolve` are the adapters.
"""

from __future__ import annotations
