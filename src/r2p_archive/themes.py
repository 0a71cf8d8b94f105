"""Themes of a statement: vocabulary cues in its words and in the heading it stands under."""

from __future__ import annotations

import re
from functools import lru_cache

from r2p_archive.records import Theme
from r2p_archive.slugs import slugify


@lru_cache(maxsize=256)
def _theme_pattern(cues: tuple[str, ...]) -> tuple[tuple[str, ...], re.Pattern[str]]:
    """One pattern for all of a theme's cues: whole words, case-insensitive; a trailing *
    matches any ending ("prevent*"). With it, the cues' lower-case stems: a text that contains
    none of them cannot match, and checking that is far cheaper than the search."""
    parts = [re.escape(c[:-1]) + r"[\w-]*" if c.endswith("*") else re.escape(c) + r"(?![\w-])" for c in cues]
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(parts) + ")", re.I) if parts else re.compile(r"(?!x)x")
    return tuple(c.removesuffix("*").lower() for c in cues), pattern


def _matching(text: str, themes: tuple[Theme, ...]) -> list[str]:
    lowered = text.lower()
    found = []
    for theme in themes:
        stems, pattern = _theme_pattern(theme.cues)
        if any(stem in lowered for stem in stems) and pattern.search(text):
            found.append(theme.id)
    return found


def heading_theme(heading: str) -> Theme:
    """A section heading that no vocabulary theme covers is a theme of its own."""
    return Theme(id=slugify(heading), label=heading.rstrip(" :"))


def themes_for(text: str, heading: str | None, themes: tuple[Theme, ...]) -> tuple[str, ...]:
    """Theme ids: vocabulary order first, then the heading's own theme; deterministic."""
    found = _matching(text, themes)
    if heading is not None:
        under = _matching(heading, themes)
        found += under or [heading_theme(heading).id]
    return tuple(dict.fromkeys(found))
