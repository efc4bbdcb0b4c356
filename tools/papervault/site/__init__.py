"""Publishing the vault with MkDocs Material: pure functions and one thin plugin.

- `card`: a paper's metadata card (escaped text, http(s) links only).
- `sanitize`: the rendered HTML of a note and the front matter the theme reads, made safe.
- `pages`: generated Markdown (indexes by year, venue and author; chapter and section lists).
- `nav`: the site navigation, built from `toc.entries` so it cannot disagree with the contents.
- `plugin`: the MkDocs adapter (`plugins: [papervault]`).
"""

from __future__ import annotations
