"""What a build wrote, as the size and modification time of each file and the time of each folder.

Enough to tell, with one ``stat`` per entry and no walk of the tree, whether anything in a
written site was edited (a file's size or time changed), added or removed (its folder's time
changed): git's index and its untracked cache judge a work tree the same way. A site of 40,000
pages has 40,000 folders (one per page, for clean addresses), and walking them costs seconds.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = ""  # the site's own folder, in ``folders``


@dataclass(frozen=True)
class Listing:
    files: dict[str, tuple[int, int]]  # path -> (size, mtime_ns)
    folders: dict[str, int]  # folder path (ROOT for the site's own) -> mtime_ns

    def to_data(self) -> dict[str, Any]:
        return {"files": self.files, "folders": self.folders}

    @classmethod
    def from_data(cls, data: Any) -> Listing | None:
        """The listing ``to_data`` made, or None if ``data`` is not one."""
        try:
            files = {str(path): (int(size), int(mtime)) for path, (size, mtime) in data["files"].items()}
            folders = {str(path): int(mtime) for path, mtime in data["folders"].items()}
        except (TypeError, ValueError, KeyError, AttributeError):
            return None
        return cls(files, folders)


def _stat(root: str, path: str) -> os.stat_result | None:
    try:
        return os.lstat(f"{root}/{path}" if path else root)
    except OSError:
        return None


def take(root: Path, paths: Iterable[str], known: Listing | None = None) -> Listing:
    """The listing of ``paths`` (every file under ``root``) and of the folders that hold them. An entry
    of ``known`` (one the caller knows to be still so) is taken as it is, not looked at again."""
    base = str(root)
    known_files, known_folders = (known.files, known.folders) if known else ({}, {})
    files, folders = {}, {}
    for path in paths:
        if path in known_files:
            files[path] = known_files[path]
        else:
            stat = _stat(base, path)
            if stat is not None:
                files[path] = (stat.st_size, stat.st_mtime_ns)
        folder = os.path.dirname(path)
        while folder not in folders:
            if folder in known_folders:
                folders[folder] = known_folders[folder]
            else:
                found = _stat(base, folder)
                folders[folder] = found.st_mtime_ns if found else 0
            if folder == ROOT:
                break
            folder = os.path.dirname(folder)
    return Listing(files, folders)


def walk(root: Path) -> list[str]:
    """Every file under ``root``, found by walking it (for a small subtree, or a tree with no listing)."""
    found = []
    for folder, _folders, names in os.walk(root):
        prefix = os.path.relpath(folder, root) + "/" if folder != str(root) else ""
        found += [prefix + name for name in names]
    return found


def intact(root: Path, listing: Listing) -> set[str]:
    """The listed files whose size and time are still those listed."""
    base = str(root)
    return {path for path, (size, mtime) in listing.files.items() if intact_file(base, path, size, mtime)}


def intact_file(base: str, path: str, size: int, mtime: int) -> bool:
    """The file ``path`` under the folder ``base`` still has this size and time."""
    stat = _stat(base, path)
    return stat is not None and stat.st_size == size and stat.st_mtime_ns == mtime


def changed_folders(root: Path, listing: Listing) -> list[str]:
    """Listed folders that gained or lost an entry since (their time changed), or are gone."""
    base = str(root)
    changed = []
    for folder, mtime in listing.folders.items():
        stat = _stat(base, folder)
        if stat is None or stat.st_mtime_ns != mtime:
            changed.append(folder)
    return changed


def unchanged(root: Path, listing: Listing) -> bool:
    """Nothing under ``root`` was edited, added or removed since it was listed."""
    return len(intact(root, listing)) == len(listing.files) and not changed_folders(root, listing)


def strays(root: Path, listing: Listing, keep: set[str], changed: list[str] | None = None) -> list[str]:
    """Files under ``root`` that are not in ``keep``: those listed, and any added since to a folder
    whose time changed (``changed``, if the caller has them; a folder the listing does not know is
    searched whole, and so is ``root`` when the listing is empty: nothing is known of it)."""
    if not listing.folders:
        return sorted(path for path in walk(root) if path not in keep)
    found = {path for path in listing.files if path not in keep}
    for folder in changed_folders(root, listing) if changed is None else changed:
        base = root / folder
        if not base.is_dir():
            continue
        for entry in os.scandir(base):
            path = f"{folder}/{entry.name}" if folder else entry.name
            if entry.is_dir(follow_symlinks=False):
                if path not in listing.folders:
                    found.update(f"{path}/{inner}" for inner in walk(base / entry.name))
            elif path not in keep:
                found.add(path)
    return sorted(path for path in found if path not in keep)
