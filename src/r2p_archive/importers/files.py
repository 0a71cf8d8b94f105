"""Writing imported sources safely: a file the importer did not write, or one edited since, is
never overwritten, and a second run with the same corpus changes nothing.

Each sidecar an importer writes names the importer (``imported_by``) and the SHA-256 of the text
it wrote beside it (``imported_digest``). A pair is the importer's own only while both hold; then it
may be replaced when the corpus changes, and is left alone when it is already what would be written.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from r2p_archive.errors import ArchiveError
from r2p_archive.writing import digest, write_atomically
from r2p_archive.yamlfile import load_yaml, plain


@dataclass
class ImportReport:
    """What one run did, file names relative to the content folder."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    not_about_subject: int = 0  # texts left out: they never name the archive's subject
    refused: list[str] = field(default_factory=list)  # present and not the importer's: left alone
    problems: list[str] = field(default_factory=list)  # corpus files that could not be read


def sidecar_text(fields: dict[str, str], importer: str, text: str, comment: str) -> str:
    """A sidecar in a fixed layout: every value a JSON string, which YAML reads as a double-quoted scalar."""
    lines = [f"# {comment}"]
    lines += [f"{name}: {yaml_string(value)}" for name, value in fields.items()]
    lines += [f"imported_by: {importer}", f"imported_digest: {digest(text.encode())}"]
    return "\n".join(lines) + "\n"


_NOT_YAML = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def yaml_string(value: str) -> str:
    """A JSON string is a YAML double-quoted scalar, once the characters YAML refuses even there
    (control characters, as in a corpus's mis-encoded names) are written as \\u escapes."""
    return _NOT_YAML.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(value, ensure_ascii=False))


def write_source(folder: Path, stem: str, text: str, sidecar: str, importer: str, report: ImportReport) -> None:
    """Write ``stem.txt`` and ``stem.yaml`` unless a file there is not this importer's own."""
    text_path, sidecar_path = folder / f"{stem}.txt", folder / f"{stem}.yaml"
    name = f"{folder.name}/{stem}.txt"
    existing = [path for path in (text_path, sidecar_path) if path.exists() or path.is_symlink()]
    if existing and not _owned(text_path, sidecar_path, importer):
        report.refused.append(name)
        return
    if existing and text_path.read_bytes() == text.encode() and sidecar_path.read_bytes() == sidecar.encode():
        report.unchanged.append(name)
        return
    folder.mkdir(parents=True, exist_ok=True)
    write_atomically(text_path, text.encode())
    write_atomically(sidecar_path, sidecar.encode())
    report.written.append(name)


def _owned(text_path: Path, sidecar_path: Path, importer: str) -> bool:
    """Both files are plain files, the sidecar names this importer, and the text is the one it wrote."""
    if text_path.is_symlink() or sidecar_path.is_symlink() or not (text_path.is_file() and sidecar_path.is_file()):
        return False
    try:
        document = load_yaml(sidecar_path)
    except ArchiveError:
        return False
    fields = plain(document) if document is not None else None
    if not isinstance(fields, dict) or fields.get("imported_by") != importer:
        return False
    return fields.get("imported_digest") == digest(text_path.read_bytes())
