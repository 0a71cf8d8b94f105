"""content/ -> Archive: find the sources and their sidecars, extract each, link them."""

from __future__ import annotations

import os
import re
from contextlib import nullcontext
from datetime import date
from pathlib import Path

from r2p_archive import workers
from r2p_archive.addresses import check_web_address
from r2p_archive.cache import ExtractionCache
from r2p_archive.corrections import read_corrections
from r2p_archive.errors import ArchiveError
from r2p_archive.extract import Extraction, Extractor, SourceMeta, partial_date
from r2p_archive.link import link
from r2p_archive.records import Archive
from r2p_archive.registry import load_registry
from r2p_archive.slugs import file_slug
from r2p_archive.text.mentions import MentionFinder
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


def check_content_tree(content: Path) -> None:
    """Everything under content/ is a plain file or folder of the content itself.

    A link pointing outside the folder would publish whatever it points at (``/etc/passwd``), and
    a pipe or device would hang or flood the reader."""
    root = content.resolve()
    for folder, folders, files in os.walk(content):
        for name in sorted(folders + files):
            path = Path(folder) / name
            if path.is_symlink():
                target = path.resolve()
                if target != root and root not in target.parents:
                    raise ArchiveError(f"a link to {target}, outside the content folder, is refused", path)
            if not (path.is_file() or path.is_dir()):
                raise ArchiveError("not a regular file or folder (a pipe, device or broken link)", path)


def source_files(content: Path) -> list[Path]:
    """The source texts, in a fixed order (never the file system's), each with a distinct id."""
    folder = content / "sources"
    if not folder.is_dir():
        raise ArchiveError("no sources folder (expected content/sources/ with .txt files)", folder)
    files = sorted(folder.rglob("*.txt"))  # an archivist or an importer may keep sources in subfolders
    for path in [*files, *folder.rglob("*.yaml")]:
        if not path.is_file():
            raise ArchiveError("a folder is named like a source text or sidecar; rename it", path)
    if not files:
        raise ArchiveError("no source texts (*.txt) found", folder)
    owners: dict[str, Path] = {}
    for path in files:
        first = owners.setdefault(file_slug(path.stem), path)
        if first != path:
            raise ArchiveError(
                f"this file and {first.name} have the same id {file_slug(path.stem)!r}; rename one", path
            )
    return files


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
    sidecar only through them, so a cached source's sidecar is not parsed again."""
    path = text_path.with_suffix(".yaml")
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return b""
    except OSError as exc:
        raise ArchiveError(f"cannot read the file: {exc.strerror}", path) from None


def display_path(path: Path, content: Path) -> str:
    """Paths in records and messages are relative to the content folder's parent."""
    try:
        return path.relative_to(content.parent).as_posix()
    except ValueError:
        return path.as_posix()


PARALLEL_FROM = 64  # sources; below this, starting worker processes costs more than it saves


def _extract_job(extractor: Extractor, job: tuple[str, str, bytes, SourceMeta]) -> Extraction:
    return extractor.extract(*job)


def _extract_many(extractor: Extractor, jobs: list, progress) -> list[Extraction]:
    """Extract in worker processes when there are enough sources and cores to pay for it."""
    if len(jobs) < PARALLEL_FROM or workers.worker_count() < 2 or not workers.can_fork():
        return [extractor.extract(*job) for job in progress(jobs)]
    with workers.map_forked(_extract_job, jobs, extractor, chunksize=16) as extracted:
        return list(progress(extracted, total=len(jobs)))


def extract_all(
    content: Path, extractor: Extractor, cache: ExtractionCache | None = None, progress=None
) -> list[Extraction]:
    """Every source's extraction, from the cache when neither the source nor the rules changed."""
    progress = progress or (lambda items, total=None: items)
    results: dict[int, Extraction] = {}
    jobs, keys = [], []
    for index, path in enumerate(source_files(content)):
        source_id = file_slug(path.stem)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ArchiveError(f"cannot read the file: {exc.strerror}", path) from None
        key = cache.key(path.name.encode(), data, _sidecar_bytes(path)) if cache else ""
        cached = cache.get(key) if cache else None
        if cached is not None:
            results[index] = cached
        else:
            jobs.append((source_id, display_path(path, content), data, read_sidecar(path)))
            keys.append((index, key))
    for (index, key), extraction in zip(keys, _extract_many(extractor, jobs, progress), strict=True):
        results[index] = extraction
        if cache:
            cache.put(key, extraction)
    return [results[index] for index in sorted(results)]


def load_archive(content: Path, cache: ExtractionCache | None = None, progress=None, phase=None) -> Archive:
    """Everything the site is made of, from the content folder alone.

    ``cache`` keeps extractions between builds; ``phase(name)`` is a context manager around each
    step (the build times them with it)."""
    phase = phase or (lambda name: nullcontext())
    if not content.is_dir():
        raise ArchiveError("content folder not found", content)
    check_content_tree(content)
    with phase("load"):
        registry = load_registry(content / "registry")
        extractor = Extractor(MentionFinder(registry))
    with phase("extract"):
        extractions = extract_all(content, extractor, cache, progress)
    with phase("link"):
        archive = link(extractions, registry)
    if cache:
        cache.prune()
    return archive
