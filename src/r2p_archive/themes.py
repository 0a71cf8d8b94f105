"""Themes of a statement: vocabulary cues in its words and in the heading it stands under."""

from __future__ import annotations

import re
from functools import lru_cache

from r2p_archive.records import Theme
from r2p_archive.slugs import slugify


@lru_cache(maxsize=256)
def _theme_pattern(cues: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for all of a theme's cues: whole words, case-insensitive; a trailing *
    matches any ending ("prevent*")."""
    parts = [re.escape(c[:-1]) + r"[\w-]*" if c.endswith("*") else re.escape(c) + r"(?![\w-])" for c in cues]
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + ")", re.I) if parts else re.compile(r"(?!x)x")


def matches(text: str, theme: Theme) -> bool:
    return _theme_pattern(theme.cues).search(text) is not None


def heading_theme(heading: str) -> Theme:
    """A section heading that no vocabulary theme covers is a theme of its own."""
    return Theme(id=slugify(heading), label=heading.rstrip(" :"))


def themes_for(text: str, heading: str | None, themes: tuple[Theme, ...]) -> tuple[str, ...]:
    """Theme ids: vocabulary order first, then the heading's own theme; deterministic."""
    found = [t.id for t in themes if matches(text, t)]
    if heading is not None:
        under = [t.id for t in themes if matches(heading, t)]
        found += under or [heading_theme(heading).id]
    return tuple(dict.fromkeys(found))
