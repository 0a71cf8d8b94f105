"""The output folder: which folder a build may replace, and the atomic swap that replaces it.

A build replaces its output wholesale, so a mistaken ``--out`` could delete a user's work.
Only an empty folder, or one that carries the marker file every build writes, is ever
replaced; the marker is never guessed from a folder's contents. The site is written into a
fresh folder beside the output and swapped in by renames, so the previous site stays whole
until the new one is complete.
"""

from __future__ import annotations

import os
import secrets
import shutil
from pathlib import Path

from r2p_archive.errors import ArchiveError

MARKER = ".r2p-archive-site"
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


def _fresh_folder(output: Path, purpose: str) -> Path:
    """An empty folder ``.<output>.<purpose>-<random>`` made with the user's umask (not mkdtemp's 0700)."""
    while True:
        folder = output.with_name(f".{output.name}.{purpose}-{secrets.token_hex(4)}")
        try:
            folder.mkdir()
        except FileExistsError:
            continue
        return folder


def swap(staging: Path, output: Path) -> None:
    """Replace ``output`` with ``staging`` by renames, never leaving it half-written.

    The old output is renamed over a fresh empty folder (rename replaces only an empty one), so
    nothing else beside the output is ever touched, then deleted."""
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
        shutil.rmtree(previous, ignore_errors=True)
