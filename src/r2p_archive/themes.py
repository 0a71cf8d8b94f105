"""Themes of a statement: vocabulary cues in its words and in the heading it stands under.

Themes are the archive's vocabulary, kept by the archivist in themes.yaml; a section heading of one
source is never an archive-wide theme (it stays a heading of its source, shown with the statements
under it), but its cues count for them if the heading is a subject, what the words under it are
about. The lines web pages and UN documents set as headings that are not subjects:
- a date or a schedule label with one ("05 September 2012", "Part I, Morning Session, 27 June");
- a document symbol ("SC/13348", "A/63/677", "SG/SM/20276"), alone or run into other words;
- a greeting ("Mr. President,"), and a heading that is mostly a name: one with an honorific
  ("H.E. Mr. ...", "Dr. ...") names a person, not a subject;
- a meeting line ("8264th Meeting (AM)", "64th & 65th Meetings").
(A place alone on a line stands beside a date line and is read as the event's place; it is not
told from a one-word subject without a gazetteer, so it is not refused here.)
"""

from __future__ import annotations

import re
from functools import lru_cache

from r2p_archive.records import Theme
from r2p_archive.text.dates import find_dates

_SYMBOL = re.compile(r"[A-Z]{1,6}(?:/[A-Z0-9.]+)+\b")
_HONORIFIC = re.compile(r"(?<![\w.])(?:Mr|Mrs|Ms|Dr|Prof|H\.E|Amb)\.(?=\s)|\bExcellenc(?:y|ies)\b")
_MEETING_LINE = re.compile(r"\d+(?:st|nd|rd|th)(?: & \d+(?:st|nd|rd|th))? Meetings?\b")


def is_subject(heading: str) -> bool:
    """Is this heading what the text under it is about (see the module's docstring)?"""
    text = heading.strip()
    return not (
        text.endswith(",")
        or _SYMBOL.search(text)
        or _HONORIFIC.search(text)
        or _MEETING_LINE.match(text)
        or any(m.day or m.month for m in find_dates(text) if m.relative is None)
    )


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


def matches(text: str, theme: Theme) -> bool:
    """Does one of the theme's cues occur in ``text``?"""
    return bool(_matching(text, (theme,)))


def themes_for(text: str, heading: str | None, themes: tuple[Theme, ...]) -> tuple[str, ...]:
    """Theme ids, in vocabulary order: those the words cue, then those their heading cues; deterministic."""
    found = _matching(text, themes)
    if heading is not None and is_subject(heading):
        found += _matching(heading, themes)
    return tuple(dict.fromkeys(found))
