"""Where the project keeps what it derives once (token classes, trained models): one cache folder.

``TAHALOF_CACHE`` if set, else ``~/.cache/tahalof``.
"""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    """The project's cache folder (not created here)."""
    return Path(os.environ.get("TAHALOF_CACHE") or Path.home() / ".cache" / "tahalof").expanduser()
