"""content/ -> Archive: find the sources and their sidecars, extract each, link them."""

from __future__ import annotations

import os
import re
from contextlib import nullcontext
from dataclasses import replace
from datetime import date
from pathlib import Path

from r2p_archive import workers
from r2p_archive.addresses import check_web_address
from r2p_archive.cache import ExtractionCache
from r2p_archive.corrections import read_corrections
from r2p_archive.errors import SKIPPED, ArchiveError, Notice
from r2p_archive.extract import Extraction, Extractor, SourceMeta, partial_date
from r2p_archive.link import link
from r2p_archive.records import Archive
from r2p_archive.registry import load_registry
from r2p_archive.slugs import file_slug
from r2p_archive.text.mentions import MentionFinder
from r2p_archive.text.read import Unreadable, decodes
from r2p_archive.yamlfile import is_of_type, load_yaml, plain, type_name

_SIDECAR_FIELDS = {
    "kind": str,
    "publisher": str,
    "url": str,
    "language": str,
    "published": date,
    # what a transcript's text may not say, as an importer writes it:
    "title": str,
    "speaker": str,  # who spoke, in words the registry knows (a state, a person)
    "delivered_by": str,  # who read the speech for the speaker ("Mr. X, Prime Minister")
    "event": str,
    "date": str,  # the event's date, as precisely as known: YYYY-MM-DD, YYYY-MM or YYYY
    "place": str,
    "passages": str,  # which paragraphs of a speech are statements: "all", or those on a theme (its id)
    "citation": str,
    "corrections": list,  # the archivist's corrections of the loader's reading (corrections.py)
    "imported_by": str,  # the importer's own bookkeeping (importers/files.py); the loader ignores it
    "imported_digest": str,
}
_PARTIAL_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


def refused_paths(content: Path) -> dict[Path, str]:
    """What under content/ is not a plain file or folder of the content itself, and why: never read.

    A link pointing outside the folder would publish whatever it points at (``/etc/passwd``), and
    a pipe or device would hang or flood the reader. A link is resolved without being followed into
    its target's contents (``realpath`` also ends a link loop)."""
    root = Path(os.path.realpath(content))
    refused: dict[Path, str] = {}
    for folder, folders, files in os.walk(content):
        for name in sorted(folders + files):
            path = Path(folder) / name
            if not decodes(os.fsencode(name), "utf-8"):  # the file system's bytes, as they are
                refused[path] = (
                    f"its name {shown(name)!r} is not UTF-8 (an id and an address are made of it); rename it"
                )
                continue
            if path.is_symlink():
                target = Path(os.path.realpath(path))
                if target != root and root not in target.parents:
                    refused[path] = f"a link to {target}, outside the content folder, is refused"
                    continue
            if not (path.is_file() or path.is_dir()):
                refused[path] = "not a regular file or folder (a pipe, device, broken link or link loop)"
    return refused


def shown(name: str) -> str:
    """A file name as a message can print it: bytes that are not UTF-8 written as ``\\xff``."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def check_content_tree(content: Path) -> dict[Path, str]:
    """The refused paths among the sources, which the loader skips; one anywhere else (the registry) is an
    error, as the archive cannot be read without it."""
    refused = refused_paths(content)
    sources = content / "sources"
    for path, reason in refused.items():
        if sources not in path.parents:
            raise ArchiveError(reason, path)
    return refused


def skipped(path: Path, content: Path, reason: str, line: int = 1) -> Notice:
    """The warning of a source the loader could not read and left out (``--strict`` makes it fatal)."""
    return Notice(display_path(path, content), line, SKIPPED, f"skipped: {reason}")


def source_files(content: Path, refused: dict[Path, str]) -> tuple[list[Path], list[Notice]]:
    """The source texts, in a fixed order (never the file system's), each with a distinct id; and a warning
    for each that cannot be read as one (refused, a folder, or its sidecar refused or a folder)."""
    folder = content / "sources"
    if not folder.is_dir():
        raise ArchiveError("no sources folder (expected content/sources/ with .txt files)", folder)
    # an archivist or an importer may keep sources in subfolders, and name them .TXT
    found = sorted(path for path in folder.rglob("*") if path.suffix.lower() == ".txt")
    files, notices = [], []
    for path in found:
        sidecar = path.with_suffix(".yaml")
        if any(parent in refused for parent in path.parents):
            continue  # its folder is refused, and the warning names the folder
        if path in refused:
            notices.append(skipped(path, content, refused[path]))
        elif not path.is_file():
            notices.append(skipped(path, content, "a folder is named like a source text; rename it"))
        elif sidecar in refused or (sidecar.exists() and not sidecar.is_file()):
            why = refused.get(sidecar, "a folder, not a file")
            notices.append(skipped(path, content, f"its sidecar {sidecar.name}: {why}"))
        else:
            files.append(path)
    for path in folder.rglob("*"):
        if path in refused and path.suffix.lower() != ".txt" and path.is_dir():
            notices.append(skipped(path, content, f"{refused[path]} (the texts in it are not read)"))
    by_id: dict[str, list[Path]] = {}
    for path in files:
        by_id.setdefault(file_slug(path.stem), []).append(path)
    for id_, alike in by_id.items():
        if len(alike) > 1:  # neither is published: which one the id's pages show would depend on names alone
            names = ", ".join(shown(path.name) for path in alike)
            for path in alike:
                files.remove(path)
                notices.append(skipped(path, content, f"{names} have the same id {id_!r}; rename all but one"))
    if not files:
        raise ArchiveError("no readable source texts (*.txt) found", folder)
    return files, notices


def read_sidecar(text_path: Path) -> SourceMeta:
    """The optional <name>.yaml beside a source: only what the text cannot say itself."""
    path = text_path.with_suffix(".yaml")
    if not path.exists():
        return SourceMeta()
    document = load_yaml(path)
    if document is None:
        return SourceMeta()
    if not isinstance(document.value, dict):
        raise ArchiveError("a source sidecar must be a mapping", path, document.line)
    for key, located in document.value.items():
        if key not in _SIDECAR_FIELDS:
            raise ArchiveError(f"unknown field {key!r} (allowed: {', '.join(_SIDECAR_FIELDS)})", path, located.line)
        if not is_of_type(located.value, (_SIDECAR_FIELDS[key],)):
            raise ArchiveError(f"field {key!r} must be a {type_name((_SIDECAR_FIELDS[key],))}", path, located.line)
        if key == "url":
            check_web_address(located.value, path, located.line)
        if key == "date" and not (_PARTIAL_DATE.match(located.value) and partial_date(located.value)):
            raise ArchiveError("field 'date' must be a date: YYYY-MM-DD, YYYY-MM or YYYY", path, located.line)
    corrections = document.value.get("corrections")
    fields = plain(document)
    fields.pop("imported_by", None)
    fields.pop("imported_digest", None)
    if corrections is not None:
        fields["corrections"] = read_corrections(corrections, path)
    return SourceMeta(**fields)


def _sidecar_bytes(text_path: Path) -> bytes:
    """The sidecar's bytes (none when there is no sidecar), for the cache key: an extraction depends on its
    sidecar only through them, so a cached source's sidecar is not parsed again. ``OSError`` if unreadable."""
    try:
        return text_path.with_suffix(".yaml").read_bytes()
    except FileNotFoundError:
        return b""


def display_path(path: Path, content: Path) -> str:
    """Paths in records and messages are relative to the content folder's parent."""
    try:
        return shown(path.relative_to(content.parent).as_posix())
    except ValueError:
        return shown(path.as_posix())


PARALLEL_FROM = 64  # sources; below this, starting worker processes costs more than it saves


def _extract_job(extractor: Extractor, job: tuple[str, str, bytes, SourceMeta]) -> Extraction | Notice:
    """A source's extraction, or the warning that it cannot be read (no text at all, or a mistake in it
    that leaves its records in doubt, such as a date before year one) and is skipped."""
    try:
        return extractor.extract(*job)
    except Unreadable as exc:
        return Notice(job[1], exc.line or 1, SKIPPED, f"skipped: {exc.message}")
    except ArchiveError as exc:  # one source's mistake leaves it out, never the archive
        return Notice(job[1], exc.line or 1, SKIPPED, f"skipped: {exc.message}")


def _extract_many(extractor: Extractor, jobs: list, progress) -> list[Extraction | Notice]:
    """Extract in worker processes when there are enough sources and cores to pay for it."""
    if len(jobs) < PARALLEL_FROM or workers.worker_count() < 2 or not workers.can_fork():
        return [_extract_job(extractor, job) for job in progress(jobs)]
    with workers.map_forked(_extract_job, jobs, extractor, chunksize=16) as extracted:
        return list(progress(extracted, total=len(jobs)))


def extract_all(
    content: Path,
    extractor: Extractor,
    refused: dict[Path, str],
    cache: ExtractionCache | None = None,
    progress=None,
) -> tuple[list[Extraction], list[Notice]]:
    """Every readable source's extraction, from the cache when neither the source nor the rules changed;
    and a warning for each source skipped because it cannot be read (``refused``: see ``refused_paths``)."""
    progress = progress or (lambda items, total=None: items)
    results: dict[int, Extraction] = {}
    jobs, keys = [], []
    files, notices = source_files(content, refused)
    for index, path in enumerate(files):
        source_id = file_slug(path.stem)
        try:
            data, sidecar = path.read_bytes(), _sidecar_bytes(path)
        except OSError as exc:
            notices.append(skipped(Path(exc.filename or path), content, f"cannot read the file: {exc.strerror}"))
            continue
        key = cache.key(path.name.encode(), data, sidecar) if cache else ""
        cached = cache.get(key) if cache else None
        if cached is not None:
            results[index] = cached
            continue
        try:
            meta = read_sidecar(path)
        except ArchiveError as exc:  # its metadata cannot be trusted, so neither can its records
            where = display_path(path.with_suffix(".yaml"), content)
            notices.append(
                Notice(
                    where,
                    exc.line or 1,
                    SKIPPED,
                    f"skipped: {path.name} is left out until this is fixed: {exc.message}",
                )
            )
            continue
        jobs.append((source_id, display_path(path, content), data, meta))
        keys.append((index, key))
    for (index, key), extraction in zip(keys, _extract_many(extractor, jobs, progress), strict=True):
        if isinstance(extraction, Notice):
            notices.append(extraction)
            continue
        results[index] = extraction
        if cache:
            cache.put(key, extraction)
    if not results:
        raise ArchiveError("no readable source texts (*.txt) found", content / "sources")
    return [results[index] for index in sorted(results)], sorted(notices, key=lambda n: n.path)


def load_archive(content: Path, cache: ExtractionCache | None = None, progress=None, phase=None) -> Archive:
    """Everything the site is made of, from the content folder alone.

    ``cache`` keeps extractions between builds; ``phase(name)`` is a context manager around each
    step (the build times them with it)."""
    phase = phase or (lambda name: nullcontext())
    if not content.is_dir():
        raise ArchiveError("content folder not found", content)
    refused = check_content_tree(content)  # before anything is read
    with phase("load"):
        registry = load_registry(content / "registry")
        extractor = Extractor(MentionFinder(registry))
    with phase("extract"):
        extractions, skipped_files = extract_all(content, extractor, refused, cache, progress)
    with phase("link"):
        archive = link(extractions, registry)
        archive = replace(archive, warnings=(*skipped_files, *archive.warnings))
    if cache:
        cache.prune()
    return archive
