"""The output folder: which folder a build may replace, and the atomic swap that replaces it.

A build replaces its output wholesale, so a mistaken ``--out`` could delete a user's work.
Only an empty folder, or one that carries the marker file every build writes, is ever
replaced; the marker is never guessed from a folder's contents. The site is written into a
fresh folder beside the output and swapped in by renames, so the previous site stays whole
until the new one is complete. One build at a time holds the output's lock; it clears what a
killed build left beside the output (and puts the site back if it died between the renames).

The replaced site is not deleted but kept beside the output as its spare (``.<output>.spare``),
and the next build starts from it, writing only the files that differ: a rebuild after a small
change neither copies nor deletes the whole site (double buffering). Unchanged files are hard
links shared by both copies, so the spare costs little disk; nothing is ever written into a
shared file, only replaced.
"""

from __future__ import annotations

import contextlib
import fcntl
import glob
import os
import re
import secrets
import shutil
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from r2p_archive.errors import ArchiveError

MARKER = ".r2p-archive-site"
_TOKEN_BYTES = 4  # of the random part of a staging folder's name: only names of exactly this form are cleared
MARKER_TEXT = b"This folder was written by r2p-archive; the next build replaces it whole.\n"


def check_replaceable(output: Path, content: Path, templates: Path) -> None:
    """Refuse an output folder whose replacement could lose anything the build did not write."""
    output, content, templates = output.resolve(), content.resolve(), templates.resolve()
    reason = _refusal(output, content, templates)
    if reason:
        raise ArchiveError(f"refusing to build into this folder: {reason}", output)


def _refusal(output: Path, content: Path, templates: Path) -> str | None:
    if output == output.parent:
        return "it is the root of the file system"
    if output.exists() and not output.is_dir():
        return "it is a file, not a folder"
    if output == content.parent:
        return f"it is the project's root (it holds the content folder {content})"
    for name, inputs in (("content", content), ("templates", templates)):
        if output == inputs or output in inputs.parents:
            return f"it is or holds the {name} folder {inputs}"
        if inputs in output.parents:
            return f"it lies inside the {name} folder {inputs}"
    if output.is_dir() and not (output / MARKER).is_file() and any(output.iterdir()):
        return (
            f"it is not empty and no build of r2p-archive made it (it has no {MARKER} file); "
            "choose another --out, or empty or remove it yourself"
        )
    return None


def new_staging(output: Path) -> Path:
    """A fresh, marked folder beside ``output`` to build into, readable as a published site should be."""
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = _fresh_folder(output, "building")
    (staging / MARKER).write_bytes(MARKER_TEXT)
    return staging


def spare_of(output: Path) -> Path:
    return output.with_name(f".{output.name}.spare")


def staging_from_spare(output: Path) -> Path | None:
    """The spare site renamed into a staging folder to build into, or None if there is no spare of ours."""
    spare = spare_of(output)
    if not spare.is_dir() or spare.is_symlink() or not (spare / MARKER).is_file():
        return None
    while True:
        staging = output.with_name(f".{output.name}.building-{secrets.token_hex(_TOKEN_BYTES)}")
        if not staging.exists():
            os.rename(spare, staging)
            return staging


def _fresh_folder(output: Path, purpose: str) -> Path:
    """An empty folder ``.<output>.<purpose>-<random>`` made with the user's umask (not mkdtemp's 0700)."""
    while True:
        folder = output.with_name(f".{output.name}.{purpose}-{secrets.token_hex(_TOKEN_BYTES)}")
        try:
            folder.mkdir()
        except FileExistsError:
            continue
        return folder


def swap(staging: Path, output: Path) -> None:
    """Replace ``output`` with ``staging`` by renames, never leaving it half-written.

    The old output is renamed over a fresh empty folder (rename replaces only an empty one), so
    nothing else beside the output is ever touched, then kept as the spare (an older spare of
    ours is deleted). Ctrl-C waits until this is done, so an interrupted build leaves either
    site whole and nothing beside it but the spare."""
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        _swap(staging, output)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


def _swap(staging: Path, output: Path) -> None:
    previous = None
    if output.exists():
        previous = _fresh_folder(output, "previous")
        os.rename(output, previous)
    try:
        os.rename(staging, output)
    except BaseException:
        if previous is not None and not output.exists():
            os.rename(previous, output)
        raise
    if previous is not None:
        _keep_as_spare(previous, spare_of(output))


def _keep_as_spare(previous: Path, spare: Path) -> None:
    if spare.is_dir() and not spare.is_symlink() and _ours(spare):
        remove_marked(spare)
    if spare.exists() or spare.is_symlink():  # not ours: left alone, and the old site is deleted instead
        remove_marked(previous)
    else:
        os.rename(previous, spare)


@contextmanager
def exclusive(output: Path, lock: Path) -> Iterator[None]:
    """Hold the output's lock for a whole build; a second build stops at once, saying why.

    The lock is ``flock`` on the file ``lock``: the kernel releases it when the last process holding it
    dies, even by SIGKILL. The file names its holder (pid and start time, so a reused pid is not taken
    for it): a lock whose holder is gone (a killed build's last stray child holds it) is taken over."""
    lock.parent.mkdir(parents=True, exist_ok=True)
    handle = _locked(lock)
    if handle is None:
        seen = lock.stat().st_ino
        holder = _holder(lock)
        if holder is None or _alive(*holder):
            raise ArchiveError("another build into this folder is running; try again when it has finished", output)
        print(f"{output}: taking over the lock of build {holder[0]}, which is no longer running", file=sys.stderr)
        if lock.stat().st_ino == seen:  # else another build took it over first, and holds the new file
            lock.unlink()  # the dead build's stray children keep the old file; this build locks a new one
        handle = _locked(lock)
        if handle is None:
            raise ArchiveError("another build into this folder is running; try again when it has finished", output)
    with handle:
        handle.truncate(0)
        handle.write(f"{os.getpid()} {_start_time(os.getpid())}\n".encode())
        handle.flush()
        clear_leftovers(output)
        yield


def tidy(output: Path, lock: Path) -> None:
    """Clear what a killed build left beside ``output`` when no build is running (a running one clears it
    itself): a build that finds nothing to do still leaves no stale staging folder."""
    handle = _locked(lock) if lock.parent.is_dir() else None
    if handle is not None:
        with handle:
            clear_leftovers(output)


def _locked(lock: Path) -> BinaryIO | None:
    """The lock file, open and locked by this process, or None when another holds it."""
    handle = open(lock, "a+b")  # noqa: SIM115 (held for the build, closed by the caller)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        return None
    return handle


def _holder(lock: Path) -> tuple[int, str] | None:
    """The pid and start time the lock file names, or None if it names none (a build of an older version)."""
    try:
        pid, started = lock.read_text(encoding="ascii").split()
        return int(pid), started
    except (OSError, ValueError, UnicodeDecodeError):
        return None


def _alive(pid: int, started: str) -> bool:
    """Is process ``pid`` running, and the same one that started at ``started``?"""
    return _start_time(pid) == started


def _start_time(pid: int) -> str:
    """When ``pid`` started, in clock ticks since boot (field 22 of /proc/PID/stat; its name, field 2, may
    hold spaces and parentheses, so fields are counted from the last ``)``); "" if there is no such process.
    Without /proc, "?" for any process that exists: then a reused pid still holds the lock."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except FileNotFoundError:
        if Path("/proc/self").exists():
            return ""
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return ""
        except PermissionError:
            pass
        return "?"
    return stat.rsplit(")", 1)[1].split()[19]


def clear_leftovers(output: Path) -> None:
    """Remove the marked folders a killed build left beside ``output``; restore the site if it was mid-swap."""
    for purpose in ("previous", "building"):
        named = re.compile(rf"\.{re.escape(output.name)}\.{purpose}-[0-9a-f]{{{2 * _TOKEN_BYTES}}}")
        for folder in sorted(output.parent.glob(f".{glob.escape(output.name)}.{purpose}-*")):
            if not named.fullmatch(folder.name) or not folder.is_dir() or folder.is_symlink() or not _ours(folder):
                continue
            if purpose == "previous" and not output.exists():
                os.rename(folder, output)
            else:
                remove_marked(folder)


def _ours(folder: Path) -> bool:
    """Marked by a build, or still empty (a build killed before it could mark it)."""
    return (folder / MARKER).is_file() or not any(folder.iterdir())


def remove_marked(folder: Path) -> None:
    """Delete a folder a build made, its marker last: killed half-way, it is still marked (or
    empty), so the next build knows it for its own and finishes the job."""
    if not folder.is_dir():
        return
    for child in folder.iterdir():
        if child.name == MARKER:
            continue
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)
    (folder / MARKER).unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        folder.rmdir()
