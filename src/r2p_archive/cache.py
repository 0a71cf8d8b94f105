"""What a rebuild can skip: the build's inputs fingerprinted, extractions and page digests kept.

The cache lives beside the output (``.<output>.cache/``), never inside the published site.
Anything unreadable in it is ignored: the cache can only make a build faster, never different.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from collections.abc import Iterable
from pathlib import Path

import r2p_archive

CODE_DIR = Path(r2p_archive.__file__).parent
ARCHIVE_JSON = "data/archive.json"  # the output file whose digest tells that the output is ours


def folder_for(output: Path) -> Path:
    return output.with_name(f".{output.name}.cache")


def files_digest(paths: Iterable[Path], root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def tree_digest(root: Path, pattern: str = "*") -> str:
    return files_digest((p for p in root.rglob(pattern) if p.is_file()), root) if root.is_dir() else "absent"


def code_digest() -> str:
    """The package's own source: a new version of the loader may read the same text differently."""
    return tree_digest(CODE_DIR, "*.py")


def fingerprint(content: Path, templates: Path, base_url: str | None, strict: bool) -> str:
    """Everything a build's output depends on."""
    parts = [code_digest(), tree_digest(content), tree_digest(templates), repr((base_url, strict))]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def file_digest(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


def up_to_date(
    content: Path, templates: Path, output: Path, base_url: str | None, strict: bool
) -> tuple[bool, str, dict]:
    """(nothing to do?, the inputs' fingerprint, the last build's state).

    Light on purpose (no parsing, no templates): the command line asks it before importing
    the build machinery, so a rebuild with no change costs almost nothing."""
    output = output.resolve()
    state = read_state(folder_for(output))
    inputs = fingerprint(content, templates, base_url, strict) if content.is_dir() else ""
    same_output = state.get("archive") is not None and state.get("archive") == file_digest(output / ARCHIVE_JSON)
    return bool(inputs) and state.get("fingerprint") == inputs and same_output, inputs, state if same_output else {}


def read_state(cache: Path) -> dict:
    try:
        state = json.loads((cache / "state.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def write_state(cache: Path, state: dict) -> None:
    cache.mkdir(parents=True, exist_ok=True)
    temporary = cache / "state.json.tmp"
    temporary.write_text(json.dumps(state, sort_keys=True), encoding="utf-8")
    os.replace(temporary, cache / "state.json")


class ExtractionCache:
    """Pickled extractions keyed by everything an extraction depends on."""

    def __init__(self, cache: Path, salt: str) -> None:
        self.folder = cache / "extract"
        self.salt = salt
        self.used: set[str] = set()

    def key(self, *parts: bytes) -> str:
        digest = hashlib.sha256(self.salt.encode())
        for part in parts:
            digest.update(hashlib.sha256(part).digest())
        return digest.hexdigest()

    def get(self, key: str):
        self.used.add(key)
        try:
            return pickle.loads((self.folder / f"{key}.pickle").read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return None

    def put(self, key: str, value) -> None:
        self.used.add(key)
        self.folder.mkdir(parents=True, exist_ok=True)
        temporary = self.folder / f"{key}.tmp"
        temporary.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(temporary, self.folder / f"{key}.pickle")

    def prune(self) -> None:
        """Forget extractions of sources that are gone or changed."""
        if self.folder.is_dir():
            for path in self.folder.glob("*.pickle"):
                if path.stem not in self.used:
                    path.unlink(missing_ok=True)
