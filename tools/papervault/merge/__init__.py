"""Merging notes three ways: front matter field by field, bodies with git's line merge.

- `fields`: the pure 3-way merge of front-matter values (scalars, sets, ordered lists, maps).
- `text`: git's own line merge (`git merge-file`) and the both-sides block it falls back to.
- `quick`: a note whose front matter changed on one side at most, merged without YAML.
- `note`: a whole note (bytes in, bytes out) assembled from the two, keeping each side's text.
- `labels`: git's names for the sides (%S/%X/%Y, or worked out from what git left) for markers.

Nothing here prints, reads the environment, exits or serves: the merge driver's process
machinery (shim, client, server, status codes) is `papervault.driver`, and `papervault
resolve` is the other adapter (each reads what git left to name the sides). The only
process run here is git's line merge (`text`).
"""

from __future__ import annotations
