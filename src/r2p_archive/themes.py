"""Themes of a statement: vocabulary cues in its words and in the heading it stands under."""

from __future__ import annotations

import re
from functools import lru_cache

from r2p_archive.records import Theme
from r2p_archive.slugs import slugify


@lru_cache(maxsize=512)
def _cue_pattern(cue: str) -> re.Pattern[str]:
    """Whole-word, case-insensitive; a trailing * matches any ending ("prevent*")."""
    if cue.endswith("*"):
        return re.compile(r"(?<![\w-])" + re.escape(cue[:-1]) + r"[\w-]*", re.I)
    return re.compile(r"(?<![\w-])" + re.escape(cue) + r"(?![\w-])", re.I)


def matches(text: str, theme: Theme) -> bool:
    return any(_cue_pattern(cue).search(text) for cue in theme.cues)


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
