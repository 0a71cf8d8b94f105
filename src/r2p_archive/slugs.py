"""URL-safe ids. Every output path is built from these, so they can never leave the output folder."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from r2p_archive.errors import ArchiveError

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_STOPWORDS = frozenset(
    ["a", "an", "and", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with", "its"]
)


def slugify(text: str, max_words: int = 8) -> str:
    """ASCII, lower-case, hyphen-separated; stopwords dropped to keep ids short."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = [w for w in re.split(r"[^a-z0-9]+", ascii_text.lower()) if w]
    kept = [w for w in words if w not in _STOPWORDS] or words
    return "-".join(kept[:max_words]) or "untitled"


def check_slug(value: str, path: Path | str | None = None, line: int | None = None) -> str:
    """Reject ids that are not plain slugs (``../``, ``/``, NUL, spaces, capitals)."""
    if not _SLUG.match(value):
        raise ArchiveError(f"id {value!r} is not a URL-safe slug (lower-case letters, digits, hyphens)", path, line)
    return value
