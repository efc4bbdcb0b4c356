"""`papervault merge-driver [--inner] %O %A %B %L %P [%S %X %Y]`: git's merge driver for notes.

The driver run itself is `papervault.driver.drive` (the merged note goes to %A; `--inner` is
the marker-free merge of common ancestors). This command is that run as git's own driver:
exit 0 when clean, 1 when a conflict stays marked in the file, never above 1 (above 128
aborts the whole merge on git >= 2.42). The shim `papervault install` writes runs the
client and the direct driver instead, which answer with `papervault.driver.status.Status`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from papervault.driver.drive import drive

# A shim written by an older `papervault install` runs this command with this variable set
# and reads the status codes; `papervault install` rewrites it to run the driver directly.
OLD_SHIM_ENV = "PAPERVAULT_DRIVER_SHIM"


def main(argv: Sequence[str] | None = None) -> int:
    status = drive(list(sys.argv[1:] if argv is None else argv))
    if os.environ.get(OLD_SHIM_ENV) == "1":
        return status.value
    return status.for_git()
