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
    """The digest of a file's bytes, or None if it cannot be read. Read a block at a time: the archive's
    JSON download is hundreds of megabytes at 10,000 sources, and a build reads it when it ends."""
    try:
        with path.open("rb") as file:
            return hashlib.file_digest(file, "sha256").hexdigest()
    except OSError:
        return None
