"""What each page's builder read of the lookups, so a rebuild builds again only pages whose reads changed.

A page's context is a pure function of what its builder read (besides the templates, the code
and the site's address, which every page shares and the build's salt covers). While a builder
runs, the lookups it is handed log every key it reads: ``events[e]``, ``by_speaker[p]``, ``x in
listed_ids``, or a whole collection when it iterates one. The build keeps those keys with a
digest of what they held; on the next build, a recipe whose keys still hold the same values
makes the same pages, so they are reused without building their contexts (the dependency
tracking of build systems such as Salsa or Adapton, here on one level). The lookups' records are
frozen dataclasses of tuples and strings, so ``repr`` is a faithful, deterministic fingerprint.

A list in a table (a theme's statements) is finer grained: its length and each slice taken of it
are reads of their own, so a page of a long listing depends on its own 200 statements and on how
many there are, not on the words of every other statement of the theme.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Iterator, Mapping, Sequence, Set
from functools import cached_property
from typing import Any

from r2p_archive.site.lookups import Lookups

WHOLE = "*"  # the key of a read of a whole collection
_SEPARATOR = "\0"


def _read(name: str, key: object) -> str:
    return f"{name}{_SEPARATOR}{key}"


class _Recording:
    """A collection of the lookups that notes what is read of it: a key asked for, or the whole
    collection when it is walked or counted."""

    def __init__(self, name: str, data: Any, log: set[str]) -> None:
        self._name, self._data, self._log = name, data, log

    def _note(self, key: object) -> None:
        self._log.add(_read(self._name, key))

    def __iter__(self) -> Iterator:
        self._note(WHOLE)
        return iter(self._data)

    def __len__(self) -> int:
        self._note(WHOLE)
        return len(self._data)


class _RecordingMapping(_Recording, Mapping):
    """A lookup table: each key asked for is noted (a list it holds notes its own uses, see ``_RecordingItems``)."""

    def __getitem__(self, key: object) -> Any:
        return self._value(key, self._data[key])

    def get(self, key: object, default: Any = None) -> Any:
        return self._value(key, self._data[key]) if key in self._data else self._value(key, default)

    def _value(self, key: object, value: Any) -> Any:
        if isinstance(value, list | tuple) and key in self._data:
            return _RecordingItems(self._name, key, value, self._log)
        self._note(key)
        return value

    def __contains__(self, key: object) -> bool:
        self._note(key)
        return key in self._data


class _RecordingSet(_Recording, Set):
    """A set of ids: membership notes the id asked about."""

    def __contains__(self, key: object) -> bool:
        self._note(key)
        return key in self._data


class _RecordingSequence(_Recording, Sequence):
    """An ordered collection: any use of it depends on all of it."""

    def __getitem__(self, index: Any) -> Any:
        self._note(WHOLE)
        return self._data[index]

    def __reversed__(self) -> Iterator:
        self._note(WHOLE)
        return reversed(self._data)


class _RecordingItems(Sequence):
    """A list held in a table: its length (which also says the key is there) and a slice of it are noted
    as such; any other use (a walk, an item, ``in``) reads the whole list, as the table's key."""

    def __init__(self, name: str, key: object, items: Sequence, log: set[str]) -> None:
        self._name, self._key, self._items, self._log = name, key, items, log
        self._note(_LENGTH)  # that the key is there at all was read: its length says so

    def _note(self, part: str | None) -> None:
        self._log.add(_read(self._name, self._key if part is None else f"{self._key}{_SEPARATOR}{part}"))

    def __len__(self) -> int:
        self._note(_LENGTH)
        return len(self._items)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            self._note(_slice_part(index))
            return list(self._items[index])
        self._note(None)
        return self._items[index]

    def __iter__(self) -> Iterator:
        self._note(None)
        return iter(self._items)

    def __contains__(self, item: object) -> bool:
        self._note(None)
        return item in self._items

    def __reversed__(self) -> Iterator:
        self._note(None)
        return reversed(self._items)


_LENGTH = "#"


def _slice_part(index: slice) -> str:
    return ":".join("" if bound is None else str(bound) for bound in (index.start, index.stop, index.step))


def _part_of(read: str, reads: set[str]) -> bool:
    """A list's part (``by_theme\0r2p\0#``) whose whole list (``by_theme\0r2p``) is among ``reads``."""
    return read.count(_SEPARATOR) == 2 and read.rsplit(_SEPARATOR, 1)[0] in reads


def _part_value(items: Any, part: str) -> Any:
    """What the part ``part`` (a length or a slice, as ``_RecordingItems`` noted it) of a list holds now."""
    if not isinstance(items, list | tuple):
        return _ABSENT
    if part == _LENGTH:
        return len(items)
    try:
        start, stop, step = (int(bound) if bound else None for bound in part.split(":"))
        return list(items[start:stop:step])
    except ValueError:  # not a part this code notes (a tampered state)
        return _ABSENT


class _RecordingArchive:
    """The archive's record tuples, each read whole."""

    def __init__(self, archive: Any, log: set[str]) -> None:
        self._archive, self._log = archive, log

    def __getattr__(self, name: str) -> Any:
        self._log.add(_read(f"archive.{name}", WHOLE))
        return getattr(self._archive, name)


def _recorded(name: str, value: Any, log: set[str]) -> Any:
    if isinstance(value, Mapping):
        return _RecordingMapping(name, value, log)
    if isinstance(value, Set):
        return _RecordingSet(name, value, log)
    if isinstance(value, Sequence) and not isinstance(value, str):
        return _RecordingSequence(name, value, log)
    return value


def _collections(site: Lookups) -> dict[str, Any]:
    """Every table, set and list on the lookups (cached groupings computed now), by attribute name."""
    cached = [name for name, value in vars(Lookups).items() if isinstance(value, cached_property)]
    found = {name: getattr(site, name) for name in (*vars(site), *cached)}
    return {name: value for name, value in found.items() if name != "archive" and not isinstance(value, str | None)}


class Recorder:
    """Lookups that log what they are asked, and the digest of what any logged read holds now."""

    def __init__(self, site: Lookups) -> None:
        self.site = site
        self.log: set[str] = set()
        self.lookups = copy.copy(site)
        for name, value in _collections(site).items():
            self.lookups.__dict__[name] = _recorded(name, value, self.log)
        self.lookups.__dict__["archive"] = _RecordingArchive(site.archive, self.log)
        self._digests: dict[str, str] = {}
        archive = site.archive
        records = (
            *archive.sources,
            *archive.events,
            *archive.series,
            *archive.speakers,
            *archive.themes,
            *archive.statements,
        )
        self._records: dict[int, str] = dict(zip(map(id, records), map(_sha, map(repr, records)), strict=True))

    def start(self) -> None:
        self.log.clear()

    def reads(self) -> list[str]:
        """The reads logged since ``start``; a whole collection's read stands for its keys' reads, and a
        whole list's for its parts'."""
        whole = {read for read in self.log if read.endswith(_SEPARATOR + WHOLE)}
        walked = {read.split(_SEPARATOR, 1)[0] for read in whole}
        keys = {read for read in self.log if read.split(_SEPARATOR, 1)[0] not in walked}
        return sorted(whole | {read for read in keys if not _part_of(read, keys)})

    def held(self, read: str) -> str:
        """A digest of what ``read`` holds now, made once per read: a rebuild checks every read of every
        recipe (half a million at 1,000 sources, twelve thousand of them different)."""
        digest = self._digests.get(read)
        if digest is None:
            digest = self._digests[read] = self.fingerprint(self._value(read))
        return digest

    def fingerprint(self, value: Any) -> str:
        """A digest of ``repr(value)``. Every record's is made once, when the recorder is (by identity: the
        lookups keep every record alive, so no other object can have its id), before any worker forks: a
        rebuild's check reads most records, in many groupings, and the workers inherit the prints."""
        kept = self._records.get(id(value))
        if kept is not None:
            return kept
        if isinstance(value, Mapping):
            value = sorted(value.items())
        if isinstance(value, list | tuple):
            try:  # a list of records, the common case (hundreds of thousands of items), read in C
                return _sha(" ".join(map(self._records.__getitem__, map(id, value))))
            except KeyError:
                return _sha(" ".join(map(self.fingerprint, value)))
        return _sha(repr(value))

    def _value(self, read: str) -> Any:
        name, key, *part = read.split(_SEPARATOR, 2)
        if name.startswith("archive."):
            return getattr(self.site.archive, name.removeprefix("archive."), None)
        collection = getattr(self.site, name, None)
        if key == WHOLE:
            return sorted(collection) if isinstance(collection, Set) else collection
        if isinstance(collection, Mapping):
            value = collection.get(key, _ABSENT)
            return _part_value(value, part[0]) if part else value
        return key in collection if isinstance(collection, Set) else _ABSENT


_ABSENT = "<absent>"


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:32]
