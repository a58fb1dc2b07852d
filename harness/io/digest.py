"""The SHA-256 of an input: a file, or a folder (brat) as the digest of its files' names and digests."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

CHUNK = 1 << 20


def file_digest(path: str | os.PathLike) -> str:
    """Hex SHA-256 of a file's bytes, or of a folder's sorted ``NAME  DIGEST`` lines (its files, not below).

    >>> import tempfile
    >>> with tempfile.NamedTemporaryFile(delete=False) as f:
    ...     _ = f.write(b"abc")
    >>> file_digest(f.name)[:16]
    'ba7816bf8f01cfea'
    """
    path = Path(path)
    if path.is_dir():
        lines = "".join(f"{file_digest(p)}  {p.name}\n" for p in sorted(path.iterdir()) if p.is_file())
        return hashlib.sha256(lines.encode("utf-8")).hexdigest()
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()
