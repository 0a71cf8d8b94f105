"""The archivist corrects the machine: a source's sidecar says who really spoke, or what is no statement.

A sidecar's ``corrections`` is a list; each picks statements of its source by their opening words
(``statement: "We are appalled"``, compared without regard to case or spacing) or by their position
among the source's statements (``at: 3``, counting from 1), and says either ``speaker: <id>`` (a
registry id, or the id of someone the loader found in this text) or ``not_a_statement: true``. A
``note`` says why. Corrections are applied to every build's fresh reading, so they survive
rebuilds; one that no longer picks any statement (the text changed, or the loader now reads it
another way) is reported, never silently dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from r2p_archive.errors import ArchiveError, Notice
from r2p_archive.records import Statement, changed
from r2p_archive.yamlfile import Located, plain

CORRECTED = "corrected by the archivist"  # how a corrected statement's attribution begins


@dataclass(frozen=True)
class Correction:
    line: int  # in the sidecar, for messages
    words: str | None = None
    at: int | None = None
    speaker: str | None = None
    not_a_statement: bool = False
    note: str | None = None


_FIELDS = {"statement", "at", "speaker", "not_a_statement", "note"}


def read_corrections(located: Located, path: Path) -> tuple[Correction, ...]:
    """The sidecar's ``corrections``, checked: each picks its statements one way and says one thing."""
    if not isinstance(located.value, list):
        raise ArchiveError("field 'corrections' must be a list", path, located.line)
    found = []
    for entry in located.value:
        item, item_line = plain(entry), entry.line
        if not isinstance(item, dict) or not item.keys() <= _FIELDS:
            raise ArchiveError(f"a correction is a mapping of {', '.join(sorted(_FIELDS))}", path, item_line)
        words, at = item.get("statement"), item.get("at")
        if (words is None) == (at is None) or (words is not None and not str(words).strip()):
            raise ArchiveError(
                "a correction picks its statement by 'statement' (opening words) or 'at'", path, item_line
            )
        if at is not None and (not isinstance(at, int) or isinstance(at, bool) or at < 1):
            raise ArchiveError("a correction's 'at' counts statements from 1", path, item_line)
        speaker, dropped = item.get("speaker"), item.get("not_a_statement") is True
        if (speaker is None) == (not dropped):
            raise ArchiveError("a correction says 'speaker: <id>' or 'not_a_statement: true'", path, item_line)
        note = item.get("note")
        found.append(Correction(item_line, str(words) if words else None, at, speaker and str(speaker), dropped, note))
    return tuple(found)


def _normal(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def apply_corrections(
    statements: tuple[Statement, ...],
    corrections: tuple[Correction, ...],
    speaker_name: Callable[[str], str | None],
    sidecar: str,
) -> tuple[tuple[Statement, ...], list[Notice]]:
    """The statements as the archivist corrected them, and a warning per correction that picks none
    or names no known speaker. ``speaker_name`` gives a speaker id's name (None if unknown)."""
    kept = list(statements)
    warnings = []
    for correction in corrections:
        if correction.at is not None:
            picked = [kept[correction.at - 1]] if correction.at <= len(kept) else []
        else:
            words = _normal(correction.words or "")
            picked = [s for s in kept if _normal(s.text).startswith(words)]
        what = f"statement {correction.at}" if correction.at else f"“{correction.words}”"
        if not picked:
            message = f"the correction of {what} matches no statement of the source (its text or its reading changed)"
            warnings.append(Notice(sidecar, correction.line, "correction-unmatched", message))
            continue
        if correction.not_a_statement:
            kept = [s for s in kept if all(s is not p for p in picked)]
            continue
        name = speaker_name(correction.speaker or "")
        if name is None:
            message = f"the correction of {what} names no known speaker {correction.speaker!r}"
            warnings.append(Notice(sidecar, correction.line, "correction-unknown-speaker", message))
            continue
        why = f"; {correction.note}" if correction.note else ""
        for statement in picked:
            was = f"{CORRECTED}{why} (the loader read: {statement.speaker_label}, {statement.attribution})"
            fixed = changed(statement, speaker=correction.speaker, also_by=(), speaker_label=name, attribution=was)
            kept = [fixed if s is statement else s for s in kept]
    return tuple(kept), warnings
