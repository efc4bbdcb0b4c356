"""The merge driver's process machinery: the adapter between git and `papervault.merge`.

git runs a driver once per file; this package is everything about that process and none of
the merging (which is `papervault.merge`, pure):

- `status`: the status protocol between the pieces below, one `Status` enum;
- `shim`: the shell shim `papervault install` writes (its text generated from `Status`) and
  the git config entries that run it;
- `client`: what the shim runs first (`python -I -S`, standard library only): it hands the
  file names to the clone's merge server;
- `server`: one process that merges every note of a merge, so the imports are paid once;
- `labels`: the side names git did not pass, read from its environment and state files;
- `drive`: one driver run in this process (the server's, and the shim's fallback when no
  server answers); `papervault merge-driver` is the same run with git's exit codes.
"""

from __future__ import annotations
