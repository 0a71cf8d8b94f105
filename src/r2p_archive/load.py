"""content/ -> Archive: find the sources and their sidecars, extract each, link them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from r2p_archive.errors import ArchiveError
from r2p_archive.extract import Extraction, Extractor, SourceMeta
from r2p_archive.link import link
from r2p_archive.records import Archive
from r2p_archive.registry import load_registry
from r2p_archive.slugs import check_slug
from r2p_archive.text.mentions import MentionFinder
from r2p_archive.yamlfile import load_yaml, plain

_SIDECAR_FIELDS = {"kind": str, "publisher": str, "url": str, "language": str, "published": date}


def source_files(content: Path) -> list[Path]:
    """The source texts, in a fixed order (never the file system's)."""
    folder = content / "sources"
    if not folder.is_dir():
        raise ArchiveError("no sources folder (expected content/sources/ with .txt files)", folder)
    files = sorted(folder.glob("*.txt"))
    if not files:
        raise ArchiveError("no source texts (*.txt) found", folder)
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
        if not isinstance(located.value, _SIDECAR_FIELDS[key]):
            expected = _SIDECAR_FIELDS[key].__name__
            raise ArchiveError(f"field {key!r} must be a {expected}", path, located.line)
    return SourceMeta(**plain(document))


def display_path(path: Path, content: Path) -> str:
    """Paths in records and messages are relative to the content folder's parent."""
    try:
        return path.relative_to(content.parent).as_posix()
    except ValueError:
        return path.as_posix()


def extract_all(content: Path, extractor: Extractor) -> list[Extraction]:
    extractions = []
    for path in source_files(content):
        source_id = check_slug(path.stem, path, None)
        extractions.append(
            extractor.extract(source_id, display_path(path, content), path.read_bytes(), read_sidecar(path))
        )
    return extractions


def load_archive(content: Path) -> Archive:
    """Everything the site is made of, from the content folder alone."""
    if not content.is_dir():
        raise ArchiveError("content folder not found", content)
    registry = load_registry(content / "registry")
    extractor = Extractor(MentionFinder(registry))
    return link(extract_all(content, extractor), registry)
