"""URL-safe ids. Every output path is built from these, so they can never leave the output folder."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

from r2p_archive.errors import ArchiveError

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_LENGTH = 80  # an id is a folder name: far below any file system's 255-byte limit, and readable
_STOPWORDS = frozenset(
    ["a", "an", "and", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with", "its"]
)


def _ascii_words(text: str) -> list[str]:
    """The lower-case ASCII words of ``text``, accents and other non-ASCII characters dropped."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return [w for w in re.split(r"[^a-z0-9]+", ascii_text.lower()) if w]


def slugify(text: str, max_words: int = 8) -> str:
    """ASCII, lower-case, hyphen-separated; stopwords dropped to keep ids short."""
    words = _ascii_words(text)
    kept = [w for w in words if w not in _STOPWORDS] or words
    return bounded("-".join(kept[:max_words]) or "untitled")


def name_slug(name: str) -> str:
    """A person's id from their full name: accents stripped, every run of other characters one
    hyphen ("Patricia O’Brien" -> "patricia-o-brien"), every word kept ("Ida van Lund")."""
    kept = []
    for char in unicodedata.normalize("NFKD", name):
        if unicodedata.combining(char) or (char.isalpha() and not char.isascii()):
            continue  # an accent, or a letter with no ASCII form ("Søvndal" -> "svndal")
        kept.append(char if char.isascii() and char.isalnum() else " ")
    return bounded("-".join("".join(kept).lower().split()) or "untitled")


def file_slug(name: str) -> str:
    """The id of a file named as a user likes ("01_Remarks (final)" -> "01-remarks-final"): every word kept."""
    return bounded("-".join(_ascii_words(name)) or "untitled")


def bounded(slug: str) -> str:
    """A slug cut to MAX_LENGTH at a hyphen; a cut one ends with a digest of the whole, so it stays unique."""
    if len(slug) <= MAX_LENGTH:
        return slug
    digest = hashlib.sha256(slug.encode()).hexdigest()[:8]
    head = slug[: MAX_LENGTH - len(digest) - 1].rstrip("-")
    return f"{head.rsplit('-', 1)[0] if '-' in head else head}-{digest}"


def check_slug(value: str, path: Path | str | None = None, line: int | None = None) -> str:
    """Reject ids that are not plain slugs (``../``, ``/``, NUL, spaces, capitals)."""
    if not _SLUG.match(value):
        raise ArchiveError(f"id {value!r} is not a URL-safe slug (lower-case letters, digits, hyphens)", path, line)
    if len(value) > MAX_LENGTH:
        raise ArchiveError(f"id {value[:20]!r}… is longer than {MAX_LENGTH} characters", path, line)
    return value
