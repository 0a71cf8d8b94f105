"""Files written whole or not at all, and their digests: shared by the build's cache and the importers."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path


def write_atomically(path: Path, data: bytes | Iterable[bytes]) -> None:
    """Write beside ``path`` then rename over it: a reader (or a killed run) never sees half a file.
    ``data`` may come in pieces, so a large file is never held whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.writing")
    with temporary.open("wb") as file:
        file.writelines([data] if isinstance(data, bytes) else data)
    os.replace(temporary, path)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_digest(path: Path) -> str | None:
    """The digest of a file's bytes, or None if it cannot be read."""
    try:
        return digest(path.read_bytes())
    except OSError:
        return None
