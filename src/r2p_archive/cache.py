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
import types
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, fields, is_dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

import r2p_archive
from r2p_archive import listing
from r2p_archive.writing import file_digest, write_atomically

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
        and listing.unchanged(output, state["site"].listing)
    )
    return fresh, inputs, state if same_output else {}


@dataclass(frozen=True)
class WrittenSite:
    """A site a build wrote: its files' sizes and times, and each page's context digest."""

    listing: listing.Listing
    pages: dict[str, str]

    def intact_pages(self, root: Path) -> dict[str, str]:
        """Pages still as the build wrote them under ``root``: path -> context digest. Judged by size and
        time, as git and rsync judge (hashing every page would cost seconds)."""
        kept = listing.intact(root, listing.Listing({p: self.listing.files[p] for p in self.pages}, {}))
        return {path: self.pages[path] for path in kept}

    def to_data(self) -> dict[str, Any]:
        return {**self.listing.to_data(), "pages": self.pages}

    @classmethod
    def from_data(cls, data: Any) -> WrittenSite | None:
        found = listing.Listing.from_data(data)
        pages = data.get("pages") if isinstance(data, dict) else None
        if found is None or not isinstance(pages, dict) or not set(pages) <= set(found.files):
            return None
        return cls(found, {str(path): str(digest) for path, digest in pages.items()})


NOTHING_WRITTEN = WrittenSite(listing.Listing({}, {}), {})

# site: the output as the last build wrote it; spare: the spare copy of the site beside it (see
# output.py); recipes: key -> [digest of its reads, indexes into reads, its pages]
_STATE_SHAPE = {"fingerprint": str, "archive": str, "site": dict, "spare": dict, "reads": list, "recipes": dict}


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
    site, spare = WrittenSite.from_data(state["site"]), WrittenSite.from_data(state["spare"])
    return {**state, "site": site, "spare": spare or NOTHING_WRITTEN} if site else {}


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
    site: WrittenSite,
    spare: WrittenSite,
    recipes: dict[str, tuple[str, list[str], list[str]]],
) -> None:
    """Remember what this build wrote. Best effort: without it the next build is only slower."""
    read_index: dict[str, int] = {}
    stored = {
        key: [digest, [read_index.setdefault(read, len(read_index)) for read in reads], made]
        for key, (digest, reads, made) in recipes.items()
    }
    state = {
        "fingerprint": inputs,
        "archive": file_digest(output / ARCHIVE_JSON) or "",
        "site": site.to_data(),
        "spare": spare.to_data(),
        "reads": list(read_index),
        "recipes": stored,
    }
    with contextlib.suppress(OSError):  # a part at a time: on a large archive each is a hundred megabytes
        parts = (f"{json.dumps(key)}: {json.dumps(value)}".encode() for key, value in state.items())
        write_atomically(cache / "state.json", _joined(b"{", b", ", parts, b"}"))


def _joined(opening: bytes, separator: bytes, parts: Iterable[bytes], closing: bytes) -> Iterator[bytes]:
    yield opening
    for number, part in enumerate(parts):
        yield separator + part if number else part
    yield closing


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
            write_atomically(self.folder / f"{key}.json", json.dumps(to_data(value)).encode())

    def prune(self) -> None:
        """Forget extractions of sources that are gone or changed."""
        if self.folder.is_dir():
            for path in self.folder.iterdir():
                if path.suffix in (".json", ".writing", ".tmp", ".pickle") and path.stem not in self.used:
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


def from_data(kind: Any, data: Any) -> Any:
    """The record of type ``kind`` that ``to_data`` made; TypeError or ValueError if ``data`` is not one."""
    return _decoder(kind)(data)


@functools.cache
def _decoder(kind: Any) -> Callable[[Any], Any]:
    """A function that reads JSON values as ``kind``, made once per type: working out a record type's
    fields and their types for every value was most of the cost of reading the cache."""
    origin = get_origin(kind)
    if is_dataclass(kind) and isinstance(kind, type):
        return _record_decoder(kind)
    if origin in (Union, types.UnionType):
        (inner,) = [arg for arg in get_args(kind) if arg is not type(None)]
        decode_inner = _decoder(inner)
        optional = type(None) in get_args(kind)
        return lambda data: None if data is None and optional else decode_inner(data)
    if origin is tuple:
        decode_item = _decoder(get_args(kind)[0])
        return lambda data: tuple(map(decode_item, _checked(data, list)))
    if origin is Literal:
        return functools.partial(_one_of, get_args(kind))
    if kind is date:
        return date.fromisoformat
    if kind in (str, int, bool):
        return functools.partial(_exactly, kind)
    raise TypeError(f"no decoder for {kind}")


def _record_decoder(kind: type) -> Callable[[Any], Any]:
    hints = get_type_hints(kind)
    decoders = [(name, _decoder(hint)) for name, hint in hints.items()]
    names = set(hints)

    def decode(data: Any) -> Any:
        if not isinstance(data, dict) or data.keys() != names:
            raise TypeError(f"not a {kind.__name__}")
        return kind(**{name: decode_field(data[name]) for name, decode_field in decoders})

    return decode


def _checked(data: Any, kind: type) -> Any:
    if not isinstance(data, kind):
        raise TypeError(f"not a {kind.__name__}")
    return data


def _one_of(choices: tuple, data: Any) -> Any:
    if data not in choices:
        raise ValueError(f"{data!r} is not one of {choices}")
    return data


def _exactly(kind: type, data: Any) -> Any:
    if type(data) is not kind:
        raise TypeError(f"expected {kind}, got {type(data).__name__}")
    return data
