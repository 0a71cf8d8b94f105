"""What a rebuild can skip: the build's inputs fingerprinted, extractions and page digests kept.

The cache lives beside the output (``.<output>.cache/``), never inside the published site. It
is untrusted: anyone might have written it. So it holds JSON, never pickles (reading it can
never run code), and anything unreadable, truncated, of the wrong shape or from another version
is ignored and rebuilt: the cache can only make a build faster, never different. A page is
reused only if its bytes are still exactly what the last build wrote.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import types
from collections.abc import Iterable
from dataclasses import fields, is_dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

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
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def output_files(output: Path) -> dict[str, tuple[int, int]]:
    """Every file of the output with its size and modification time (nanoseconds): a hand edit changes them."""
    found = {}
    for folder, _folders, files in os.walk(output):
        prefix = os.path.relpath(folder, output) + "/" if folder != str(output) else ""
        for name in files:
            stat = os.lstat(os.path.join(folder, name))
            found[prefix + name] = (stat.st_size, stat.st_mtime_ns)
    return found


def listing_digest(files: dict[str, tuple[int, int]]) -> str:
    digest = hashlib.sha256()
    for path, (size, mtime) in sorted(files.items()):
        digest.update(f"{path}\0{size}\0{mtime}\0".encode())
    return digest.hexdigest()


def up_to_date(
    content: Path, templates: Path, output: Path, base_url: str | None, strict: bool
) -> tuple[bool, str, dict]:
    """(nothing to do?, the inputs' fingerprint, the last build's state if the output is still its own).

    Light on purpose (no parsing, no templates): the command line asks it before importing
    the build machinery, so a rebuild with no change costs almost nothing."""
    output = output.resolve()
    state = read_state(folder_for(output))
    inputs = fingerprint(content, templates, base_url, strict) if content.is_dir() else ""
    same_output = bool(state) and state["archive"] == file_digest(output / ARCHIVE_JSON)
    fresh = (
        bool(inputs)
        and same_output
        and state["fingerprint"] == inputs
        and state["listing"] == listing_digest(output_files(output))
    )
    return fresh, inputs, state if same_output else {}


# pages: path -> [context digest, size, mtime_ns]; spare: the same for the spare copy of the site
# (see output.py); recipes: key -> [digest of its reads, indexes into reads, its pages]
_STATE_SHAPE = {
    "fingerprint": str,
    "archive": str,
    "listing": str,
    "pages": dict,
    "spare": dict,
    "reads": list,
    "recipes": dict,
}


def read_state(cache: Path) -> dict:
    """The last build's state, or {} when it is missing or not what a build writes."""
    try:
        state = json.loads((cache / "state.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(state, dict) or set(state) != set(_STATE_SHAPE):
        return {}
    if not all(isinstance(state[key], kind) for key, kind in _STATE_SHAPE.items()):
        return {}
    return state if all(_page_entry(v) for pages in (state["pages"], state["spare"]) for v in pages.values()) else {}


def _page_entry(value: Any) -> bool:
    return (
        isinstance(value, list)
        and len(value) == 3
        and isinstance(value[0], str)
        and all(type(n) is int for n in value[1:])
    )


def intact_pages(root: Path, pages: dict[str, list]) -> dict[str, str]:
    """Pages still as a build wrote them under ``root`` (same size and modification time, as git and
    rsync judge): path -> context digest. Judged by ``stat``: hashing every page costs seconds."""
    intact = {}
    for path, (digest, size, mtime) in pages.items():
        try:
            stat = os.lstat(root / path)
        except OSError:
            continue
        if stat.st_size == size and stat.st_mtime_ns == mtime:
            intact[path] = digest
    return intact


def previous_recipes(state: dict) -> dict[str, tuple[str, list[str], list[str]]]:
    """The last build's recipes: key -> (digest of its reads, the reads, its pages); {} if malformed."""
    reads = state.get("reads", [])
    try:
        recipes = state.get("recipes", {}).items()
        return {key: (digest, [reads[i] for i in indexes], pages) for key, (digest, indexes, pages) in recipes}
    except (TypeError, ValueError, IndexError):
        return {}


def record_build(
    cache: Path,
    output: Path,
    inputs: str,
    files: dict[str, tuple[int, int]],
    digests: dict[str, str],
    recipes: dict[str, tuple[str, list[str], list[str]]],
    spare: dict[str, list],
) -> None:
    """Remember what this build wrote (``files``: every file of the output, as ``output_files`` lists
    them). Best effort: without it the next build is only slower."""
    pages = {path: [digest, *files[path]] for path, digest in digests.items() if path in files}
    read_index: dict[str, int] = {}
    stored = {
        key: [digest, [read_index.setdefault(read, len(read_index)) for read in reads], made]
        for key, (digest, reads, made) in recipes.items()
    }
    state = {
        "fingerprint": inputs,
        "archive": file_digest(output / ARCHIVE_JSON) or "",
        "listing": listing_digest(files),
        "pages": pages,
        "spare": spare,
        "reads": list(read_index),
        "recipes": stored,
    }
    with contextlib.suppress(OSError):
        _write_atomically(cache / "state.json", json.dumps(state, sort_keys=True).encode())


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


class ExtractionCache:
    """Extractions as JSON, keyed by everything an extraction depends on (the code included)."""

    def __init__(self, cache: Path, salt: str, record_type: type) -> None:
        self.folder = cache / "extract"
        self.salt = salt
        self.record_type = record_type
        self.used: set[str] = set()

    def key(self, *parts: bytes) -> str:
        digest = hashlib.sha256(self.salt.encode())
        for part in parts:
            digest.update(hashlib.sha256(part).digest())
        return digest.hexdigest()

    def get(self, key: str) -> Any:
        """The cached extraction, or None if there is none or it is not one (then it is rebuilt)."""
        self.used.add(key)
        try:
            return from_data(self.record_type, json.loads((self.folder / f"{key}.json").read_bytes()))
        except (OSError, ValueError, TypeError, KeyError):
            return None

    def put(self, key: str, value: Any) -> None:
        self.used.add(key)
        with contextlib.suppress(OSError):
            _write_atomically(self.folder / f"{key}.json", json.dumps(to_data(value)).encode())

    def prune(self) -> None:
        """Forget extractions of sources that are gone or changed."""
        if self.folder.is_dir():
            for path in self.folder.iterdir():
                if path.suffix in (".json", ".tmp", ".pickle") and path.stem not in self.used:
                    path.unlink(missing_ok=True)


def to_data(value: Any) -> Any:
    """A record tree as JSON values: dataclasses as objects, tuples as lists, dates as ISO text."""
    if is_dataclass(value) and not isinstance(value, type):
        return {field.name: to_data(getattr(value, field.name)) for field in fields(value)}
    if isinstance(value, tuple | list):
        return [to_data(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


@functools.cache
def _fields_of(kind: type) -> dict[str, Any]:
    """A record type's field types, resolved once: resolving them is most of the cost of reading a cache file."""
    return get_type_hints(kind)


def from_data(kind: Any, data: Any) -> Any:
    """The record of type ``kind`` that ``to_data`` made; TypeError or ValueError if ``data`` is not one."""
    origin = get_origin(kind)
    if is_dataclass(kind) and isinstance(kind, type):
        hints = _fields_of(kind)
        if not isinstance(data, dict) or set(data) != set(hints):
            raise TypeError(f"not a {kind.__name__}")
        return kind(**{name: from_data(hints[name], data[name]) for name in hints})
    if origin in (Union, types.UnionType):
        if data is None and type(None) in get_args(kind):
            return None
        (inner,) = [arg for arg in get_args(kind) if arg is not type(None)]
        return from_data(inner, data)
    if origin is tuple:
        if not isinstance(data, list):
            raise TypeError("not a list")
        return tuple(from_data(get_args(kind)[0], item) for item in data)
    if origin is Literal:
        if data not in get_args(kind):
            raise ValueError(f"{data!r} is not one of {get_args(kind)}")
        return data
    if kind is date:
        return date.fromisoformat(data)
    if kind in (str, int, bool) and type(data) is kind:
        return data
    raise TypeError(f"expected {kind}, got {type(data).__name__}")
