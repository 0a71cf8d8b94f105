"""The last build's state: what it wrote (each file's size and time, each folder's time, each page's
context digest), the spare site's listing, what each page recipe read, and what each read held.

Kept in SQLite so that a rebuild writes only what changed. A site built into the spare differs
from the spare's own listing only by what was written, and few recipes change, so recording a
build updates those rows and swaps which slot is the site; the whole state (tens of megabytes of
JSON at 1,000 sources) is never read whole to tell that nothing changed, nor written whole after
one changed quotation.

The file is untrusted like the rest of the cache: it is data, never code. A database that is
unreadable, not exactly of this schema (no trigger or view of anyone else's), or damaged is
ignored and written afresh: without it a build is only slower, never different.
"""

from __future__ import annotations

import contextlib
import sqlite3
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from r2p_archive import listing

FILE = "state.sqlite"
_SCHEMA = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
    "CREATE TABLE files (slot INTEGER, path TEXT, size INTEGER NOT NULL, mtime INTEGER NOT NULL, page TEXT,"
    " PRIMARY KEY (slot, path)) WITHOUT ROWID",
    "CREATE TABLE folders (slot INTEGER, path TEXT, mtime INTEGER NOT NULL, PRIMARY KEY (slot, path)) WITHOUT ROWID",
    "CREATE TABLE reads (id INTEGER PRIMARY KEY, read TEXT NOT NULL UNIQUE, held TEXT NOT NULL)",
    "CREATE TABLE recipes (key TEXT PRIMARY KEY, record TEXT NOT NULL, reads TEXT NOT NULL, pages TEXT NOT NULL)"
    " WITHOUT ROWID",
)
_SITE, _SPARE = "site", "spare"  # meta keys naming the slot (0 or 1) of the site's listing and of the spare's


class Made(NamedTuple):
    """What one page recipe's builder read, and the pages it made. What each read held is kept once per
    read (``Held``), not per recipe: the twelve thousand different reads of 1,000 sources are checked
    once each."""

    record: str  # the digest of the recipe's own record
    reads: list[str]
    pages: list[str]


Recipes = dict[str, Made]  # by the recipe's key
Held = dict[str, str]  # read -> digest of what it held


@dataclass(frozen=True)
class WrittenSite:
    """A site a build wrote: its files' sizes and times, and each page's context digest."""

    listing: listing.Listing
    pages: dict[str, str]


NOTHING_WRITTEN = WrittenSite(listing.Listing({}, {}), {})


class _Unusable(Exception):
    """The state file is not one this code wrote."""


@contextlib.contextmanager
def _connected(path: Path, create: bool = False) -> Iterator[sqlite3.Connection]:
    """A connection to the state, whose schema is checked to be exactly ours; _Unusable if it is not."""
    if not create and not path.is_file():
        raise _Unusable
    try:
        connection = sqlite3.connect(path, isolation_level=None)
    except sqlite3.Error as exc:
        raise _Unusable from exc
    try:
        connection.execute("PRAGMA trusted_schema = OFF")
        connection.execute("PRAGMA synchronous = OFF")  # a cache: a torn file after a power cut is ignored
        schema = [row[0] for row in connection.execute("SELECT sql FROM sqlite_master WHERE sql NOT NULL ORDER BY 1")]
        if schema != sorted(_SCHEMA):
            if not create:
                raise _Unusable
            connection.close()
            path.unlink(missing_ok=True)
            connection = sqlite3.connect(path, isolation_level=None)
            connection.execute("PRAGMA synchronous = OFF")
            for statement in _SCHEMA:
                connection.execute(statement)
        yield connection
    except sqlite3.Error as exc:
        raise _Unusable from exc
    finally:
        connection.close()


class LastBuild:
    """The last build's state as stored, read a part at a time (a build with nothing to do reads its
    site's listing only). Every read is None-safe: a part that cannot be read is reported unusable."""

    def __init__(self, cache: Path, meta: dict[str, str]) -> None:
        self.path = cache / FILE
        self.fingerprint = meta.get("fingerprint", "")
        self.archive = meta.get("archive", "")
        self.database = (meta.get("database", ""), meta.get("database_digest", ""))  # (its key, its bytes' digest)
        self._slots = {_SITE: meta.get(_SITE, "0"), _SPARE: meta.get(_SPARE, "1")}

    @classmethod
    def read(cls, cache: Path) -> LastBuild | None:
        try:
            with _connected(cache / FILE) as connection:
                meta = dict(connection.execute("SELECT key, value FROM meta"))
        except _Unusable:
            return None
        if not {"fingerprint", "archive", _SITE, _SPARE} <= set(meta) or {meta[_SITE], meta[_SPARE]} != {"0", "1"}:
            return None  # not what ``record`` writes: the site's and the spare's slots are 0 and 1, one each
        return cls(cache, meta)

    def site(self) -> WrittenSite | None:
        return self._written(self._slots[_SITE])

    def spare(self, under: str = "") -> WrittenSite:
        """The spare's listing, or of its files under the folder ``under`` (e.g. ``"pagefind/"``)."""
        return self._written(self._slots[_SPARE], under) or NOTHING_WRITTEN

    def page_count(self) -> int:
        try:
            with _connected(self.path) as connection:
                query = "SELECT count(*) FROM files WHERE slot = ? AND page NOT NULL"
                return connection.execute(query, (self._slots[_SITE],)).fetchone()[0]
        except _Unusable:
            return 0

    def spare_pages(self, root: Path) -> dict[str, str]:
        """The spare's pages still as it was listed under ``root`` (path -> context digest)."""
        return self._pages(self._slots[_SPARE], root, {}) or {}

    def site_pages(self, root: Path, staged: dict[str, str]) -> dict[str, str] | None:
        """The site's pages (path -> context digest) whose bytes a build can still have: those the spare
        holds as they were (``staged``: the spare's pages as ``spare_pages`` found them), else those still
        intact under ``root``. None if the site's listing cannot be read."""
        return self._pages(self._slots[_SITE], root, staged)

    def _pages(self, slot: str, root: Path, staged: dict[str, str]) -> dict[str, str] | None:
        """Judged by size and time, as git and rsync judge (hashing every page would cost seconds), a row
        at a time: at 10,000 sources a slot's whole listing held in memory is 290 MiB."""
        base, kept = str(root), {}
        try:
            with _connected(self.path) as connection:
                query = "SELECT path, size, mtime, page FROM files WHERE slot = ? AND page NOT NULL"
                for path, size, mtime, page in connection.execute(query, (slot,)):
                    if not (type(path) is type(page) is str and type(size) is type(mtime) is int):
                        return None
                    if staged.get(path) == page or listing.intact_file(base, path, size, mtime):
                        kept[sys.intern(path)] = sys.intern(page)
        except _Unusable:
            return None
        return kept

    def _written(self, slot: str, under: str = "") -> WrittenSite | None:
        """A slot's listing; only its files under the folder ``under`` (a path ending in "/") if given."""
        at: tuple[str, ...]
        where, at = "slot = ?", (slot,)
        if under:  # a range of the primary key: "/" is followed by "0"
            where, at = "slot = ? AND path > ? AND path < ?", (slot, under, under[:-1] + "0")
        try:
            with _connected(self.path) as connection:
                rows = connection.execute(f"SELECT path, size, mtime, page FROM files WHERE {where}", at)
                files, pages = {}, {}
                for path, size, mtime, page in rows:
                    files[path] = (size, mtime)
                    if page is not None:
                        pages[path] = page
                found = connection.execute(f"SELECT path, mtime FROM folders WHERE {where}", at)
                folders = dict(found)
        except _Unusable:
            return None
        return WrittenSite(listing.Listing(files, folders), pages) if _well_typed(files, folders, pages) else None

    def recipes(self, salt: str = "") -> tuple[Recipes, Held]:
        """The recipes (those whose key starts with ``salt``, if given: no other can be reused), and what
        each of their reads held when they were last built or checked; ({}, {}) if unreadable. After a
        template changed, none is read: at 10,000 sources they are 256 MiB, held while the new ones are
        made. Keys and pages are interned: the build's own keys (``recipe_key``) and its pages' paths
        (``_pages``) are then the same objects, not second copies (130 MiB at 10,000 sources)."""
        intern = sys.intern
        try:
            with _connected(self.path) as connection:
                stored = connection.execute("SELECT id, read, held FROM reads").fetchall()
                reads = {str(number): read for number, read, _ in stored}
                where, bounds = ("WHERE key >= ? AND key < ?", (f"{salt}:", f"{salt};")) if salt else ("", ())
                rows = connection.execute(f"SELECT key, record, reads, pages FROM recipes {where}", bounds)
                recipes = {  # read a row at a time, the reads named in C (map): half a million at 1,000 sources
                    intern(key): Made(
                        record,
                        list(map(reads.__getitem__, indexes.split())),
                        list(map(intern, pages.split("\n"))) if pages else [],
                    )
                    for key, record, indexes, pages in rows
                }
            return recipes, {read: held for _, read, held in stored}
        except (_Unusable, KeyError, ValueError, AttributeError, TypeError):
            return {}, {}


def _well_typed(files: dict[Any, Any], folders: dict[Any, Any], pages: dict[Any, Any]) -> bool:
    values = [*files, *folders, *pages.values()]
    return (
        all(isinstance(v, str) for v in values)
        and all(isinstance(size, int) and isinstance(mtime, int) for size, mtime in files.values())
        and all(isinstance(mtime, int) for mtime in folders.values())
    )


def record(
    cache: Path,
    meta: dict[str, str],
    site: WrittenSite,
    made_in: WrittenSite | None,
    replaced_known: bool,
    recipes: Recipes,
    changed: set[str],
    held: Held,
) -> None:
    """Remember what this build wrote. The site's listing goes into the slot of the spare it was made
    in (``made_in``, as read at the start; None when the build did not start from the spare: the slot
    is then written whole), and the replaced site's slot becomes the spare's (emptied unless
    ``replaced_known``: its listing is then not the spare's). Of the recipes, those in ``changed`` and
    those gone are written, and each read with what it holds now (``held``: every read of a recipe
    is in it). Best effort: without it the next build is only slower."""
    path = cache / FILE
    try:
        (cache / "state.json").unlink(missing_ok=True)  # an older version's state, tens of megabytes, never read
        try:
            _record(path, meta, site, made_in, replaced_known, recipes, changed, held)
        except _Unusable:  # damaged on the way: written whole
            path.unlink(missing_ok=True)
            _record(path, meta, site, None, False, recipes, set(recipes), held)
    except (_Unusable, OSError):
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)


def _record(path, meta, site: WrittenSite, made_in, replaced_known: bool, recipes: Recipes, changed, held) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with _connected(path, create=True) as connection:
        stored = dict(connection.execute("SELECT key, value FROM meta"))
        known = {stored.get(_SITE), stored.get(_SPARE)} == {"0", "1"}
        old_site = stored[_SITE] if known else "1"
        slot = "1" if old_site == "0" else "0"  # the spare's slot takes the new site
        connection.execute("BEGIN")
        if made_in is None or not known:
            made_in = NOTHING_WRITTEN
            connection.execute("DELETE FROM files WHERE slot = ?", (slot,))
            connection.execute("DELETE FROM folders WHERE slot = ?", (slot,))
        if not (replaced_known and known):
            connection.execute("DELETE FROM files WHERE slot = ?", (old_site,))
            connection.execute("DELETE FROM folders WHERE slot = ?", (old_site,))
        _update_listing(connection, slot, made_in, site)
        _update_recipes(connection, recipes, changed if known else set(recipes), held)
        values = {**meta, _SITE: slot, _SPARE: old_site}
        connection.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", values.items())
        connection.execute("COMMIT")


def _update_listing(connection: sqlite3.Connection, slot: str, before: WrittenSite, after: WrittenSite) -> None:
    old_files, new_files = before.listing.files, after.listing.files
    connection.executemany(
        "DELETE FROM files WHERE slot = ? AND path = ?", ((slot, p) for p in old_files if p not in new_files)
    )
    connection.executemany(
        "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?)",
        (
            (slot, p, size, mtime, after.pages.get(p))
            for p, (size, mtime) in new_files.items()
            if old_files.get(p) != (size, mtime) or before.pages.get(p) != after.pages.get(p)
        ),
    )
    old_folders, new_folders = before.listing.folders, after.listing.folders
    connection.executemany(
        "DELETE FROM folders WHERE slot = ? AND path = ?", ((slot, p) for p in old_folders if p not in new_folders)
    )
    connection.executemany(
        "INSERT OR REPLACE INTO folders VALUES (?, ?, ?)",
        ((slot, p, mtime) for p, mtime in new_folders.items() if old_folders.get(p) != mtime),
    )


def _update_recipes(connection: sqlite3.Connection, recipes: Recipes, changed: set[str], held: Held) -> None:
    """Write the changed recipes and forget those gone. Reads are stored once each, named by number, with
    what they hold now; when most stored reads are no longer read, all are written again."""
    stored = {key for (key,) in connection.execute("SELECT key FROM recipes")}
    in_use = {read for _, reads, _ in recipes.values() for read in reads}
    ids, was = {}, {}
    for number, read, digest in connection.execute("SELECT id, read, held FROM reads"):
        ids[read], was[read] = number, digest
    if len(ids) > 2 * len(in_use) + 1000:
        connection.execute("DELETE FROM reads")
        connection.execute("DELETE FROM recipes")
        ids, stored, changed = {}, set(), set(recipes)
    connection.executemany(
        "UPDATE reads SET held = ? WHERE id = ?",
        ((held[read], ids[read]) for read in sorted(ids) if read in held and held[read] != was.get(read)),
    )
    connection.executemany("DELETE FROM recipes WHERE key = ?", ((key,) for key in stored - set(recipes)))
    written = sorted(changed | (set(recipes) - stored))
    new_reads = sorted({read for key in written for read in recipes[key][1] if read not in ids})
    start = max(ids.values(), default=0) + 1
    numbered = ((number, read, held[read]) for number, read in enumerate(new_reads, start))
    connection.executemany("INSERT INTO reads VALUES (?, ?, ?)", numbered)
    ids.update(zip(new_reads, range(start, start + len(new_reads)), strict=True))
    rows = ((key, *recipes[key]) for key in written)
    connection.executemany(
        "INSERT OR REPLACE INTO recipes VALUES (?, ?, ?, ?)",
        (
            (key, record, " ".join(str(ids[read]) for read in reads), "\n".join(pages))
            for key, record, reads, pages in rows
        ),
    )
