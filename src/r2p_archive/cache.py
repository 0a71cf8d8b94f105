"""What a rebuild can skip: the build's inputs fingerprinted, and extractions kept (``state`` keeps the rest).

The cache lives beside the output (``.<output>.cache/``), never inside the published site. It
is untrusted: anyone might have written it. So it holds JSON and SQLite, never pickles (reading it
can never run code), and anything unreadable, truncated, of the wrong shape or from another version
is ignored and rebuilt: the cache can only make a build faster, never different. A page is
reused only if its bytes are still exactly what the last build wrote.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import sys
import types
from collections.abc import Callable, Iterable
from dataclasses import fields, is_dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

import r2p_archive
from r2p_archive import listing, records
from r2p_archive.state import LastBuild
from r2p_archive.writing import file_digest, write_atomically

CODE_DIR = Path(r2p_archive.__file__).parent
ARCHIVE_JSON = "data/archive.json"  # the output file whose digest tells that the output is ours


def folder_for(output: Path) -> Path:
    return output.with_name(f".{output.name}.cache")


def files_digest(paths: Iterable[Path], root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(os.fsencode(path.relative_to(root).as_posix()) + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def tree_digest(root: Path, pattern: str = "*") -> str:
    return files_digest((p for p in root.rglob(pattern) if p.is_file()), root) if root.is_dir() else "absent"


def code_digest() -> str:
    """The package's own source: a new version of the loader may read the same text differently."""
    return tree_digest(CODE_DIR, "*.py")


def database_key(archive_json: Path) -> str:
    """What data/archive.db is made from: the archive's records (which archive.json holds whole) and the code
    that turns them into tables. The same key means the same database, so the last one is kept."""
    return hashlib.sha256(f"{code_digest()}\0{file_digest(archive_json)}".encode()).hexdigest()


def fingerprint(content: Path, templates: Path, base_url: str | None, strict: bool) -> str:
    """Everything a build's output depends on."""
    parts = [code_digest(), tree_digest(content), tree_digest(templates), repr((base_url, strict))]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def up_to_date(
    content: Path, templates: Path, output: Path, base_url: str | None, strict: bool
) -> tuple[bool, str, LastBuild | None]:
    """(nothing to do?, the inputs' fingerprint, the last build's state if the output is still its own).

    Light on purpose (no parsing, no templates): the command line asks it before importing
    the build machinery, so a rebuild with no change costs almost nothing."""
    output = output.resolve()
    last = LastBuild.read(folder_for(output))
    inputs = fingerprint(content, templates, base_url, strict) if content.is_dir() else ""
    if last is None or last.archive != file_digest(output / ARCHIVE_JSON):
        return False, inputs, None
    if not inputs or last.fingerprint != inputs:
        return False, inputs, last
    site = last.site()
    return site is not None and listing.unchanged(output, site.listing), inputs, last


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
    if kind is str:
        return _text
    if kind in (int, bool):
        return functools.partial(_exactly, kind)
    raise TypeError(f"no decoder for {kind}")


_PLAIN = {str: (str,), int: (int,), bool: (bool,), str | None: (str, type(None)), int | None: (int, type(None))}
_SHARED_UP_TO = 100  # characters: ids, kinds, themes, names and reasons; not the texts, rarely repeated


def _shared(text: str) -> str:
    """One object for every copy of a short text. JSON gives each copy its own string, where a fresh
    extraction shares one (a theme's id, an attribution's reason): at 1,000 sources the decoded archive
    held 421,000 strings against 173,000, and 33 MiB more than a fresh one."""
    return sys.intern(text) if len(text) <= _SHARED_UP_TO else text


def _text(data: Any) -> str:
    return _shared(_exactly(str, data))


def _record_decoder(kind: type) -> Callable[[Any], Any]:
    """A record's fields checked in place: a plain one (text, a number) by its exact type, any other by
    its own decoder. The record is then made without its ``__init__``, which sets each field of a frozen
    dataclass through ``object.__setattr__`` (``records.made``): half the time of reading 60,000 cached
    records. One with a ``__post_init__`` would go through ``__init__``."""
    hints = get_type_hints(kind)
    plain = [(name, _PLAIN[hint]) for name, hint in hints.items() if hint in _PLAIN]
    other = [(name, _decoder(hint)) for name, hint in hints.items() if hint not in _PLAIN]
    names = set(hints)
    make = _make(kind)

    def decode(data: Any) -> Any:
        if not isinstance(data, dict) or data.keys() != names:
            raise TypeError(f"not a {kind.__name__}")
        for name, allowed in plain:
            value = data[name]
            if type(value) not in allowed:
                raise TypeError(f"{kind.__name__}.{name}: expected {allowed}, got {type(value).__name__}")
            if type(value) is str:
                data[name] = _shared(value)
        for name, decode_field in other:
            data[name] = decode_field(data[name])
        return make(data)

    return decode


def _make(kind: type) -> Callable[[dict[str, Any]], Any]:
    if hasattr(kind, "__post_init__") or hasattr(kind, "__slots__"):
        return lambda values: kind(**values)
    return functools.partial(records.made, kind)


def _checked(data: Any, kind: type) -> Any:
    if not isinstance(data, kind):
        raise TypeError(f"not a {kind.__name__}")
    return data


def _one_of(choices: tuple, data: Any) -> Any:
    """The choice itself, not the equal value read: every record of a kind shares one object."""
    for choice in choices:
        if type(choice) is type(data) and choice == data:
            return choice
    raise ValueError(f"{data!r} is not one of {choices}")


def _exactly(kind: type, data: Any) -> Any:
    if type(data) is not kind:
        raise TypeError(f"expected {kind}, got {type(data).__name__}")
    return data
