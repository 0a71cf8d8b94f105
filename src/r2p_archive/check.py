"""`r2p-archive check`: lint the content, build into a temporary folder, verify the output."""

from __future__ import annotations

import json
import re
import tempfile
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path

from r2p_archive.build import build
from r2p_archive.corrections import CORRECTED
from r2p_archive.errors import ArchiveError, ArchiveErrors, Notice
from r2p_archive.load import load_archive
from r2p_archive.records import Archive, Speaker
from r2p_archive.verify import Problem, check_site


def lint_archive(archive: Archive) -> list[Problem]:
    """Sources with no event. (Registered people no source names are fine: the registry is a
    reference of offices and their holders, kept ahead of the sources.)"""
    with_event = {source for event in archive.events for source in event.sources}
    return [
        Problem(source.path, 1, "source has no event (no dateline, no 'held' sentence)")
        for source in archive.sources
        if source.id not in with_event
    ]


@dataclass(frozen=True)
class CheckResult:
    """Problems fail the check; warnings and notes are listed apart. Unpacks as (problems, warnings)."""

    problems: list[Problem]
    warnings: list[Notice]
    notes: list[str] = field(default_factory=list)
    reviews: list[str] = field(default_factory=list)  # attributions the loader is least sure of

    def __iter__(self):
        return iter((self.problems, self.warnings))


def people_entry(speaker: Speaker) -> str:
    """A people.yaml entry for a discovered speaker, ready to paste: the office stays words (its
    registry title and dates are the archivist's to give)."""
    lines = [f"- id: {speaker.id}", f"  name: {json.dumps(speaker.name, ensure_ascii=False)}"]
    if speaker.aliases:
        lines.append(f"  aliases: [{', '.join(json.dumps(a, ensure_ascii=False) for a in speaker.aliases)}]")
    if speaker.role_text:
        lines.append(f"  description: {json.dumps(speaker.role_text, ensure_ascii=False)}")
        lines.append(f"  # roles, as the text words them: {speaker.role_text}")
    return "\n".join(lines)


def discovered_notes(archive: Archive) -> list[str]:
    """Every speaker the loader found in a text but not in the registry, for the archivist to confirm."""
    return [
        f"{speaker.found_at}: note: discovered speaker {speaker.name}; to confirm, add to people.yaml:\n"
        + people_entry(speaker)
        for speaker in archive.speakers
        if speaker.discovered
    ]


# How the loader says it leaned on the least evidence (text/chain.py, text/statements.py): a pronoun
# for someone who had not spoken yet, a description read as a person, a speaker carried over from
# the sentence or paragraph before.
_UNSURE = ("the latest person named it fits", "the person the text named with that office", "continues the")


def review_notes(archive: Archive) -> list[str]:
    """The attributions the loader is least sure of, and speakers it found named once, for review."""
    sources = {source.id: source for source in archive.sources}
    named_once = {
        speaker.id
        for speaker in archive.speakers
        if speaker.discovered and sum(speaker.id in s.speakers for s in archive.statements) == 1
    }
    notes = []
    line_starts: dict[str, list[int]] = {}
    for statement in archive.statements:
        if statement.attribution.startswith(CORRECTED):
            continue
        unsure = next((cue for cue in _UNSURE if cue in statement.attribution), None)
        if unsure is None and named_once.isdisjoint(statement.speakers):
            continue
        source = sources[statement.source]
        if source.id not in line_starts:  # once per source: counting lines per statement is quadratic
            line_starts[source.id] = [0, *(m.end() for m in re.finditer("\n", source.text))]
        line = bisect_right(line_starts[source.id], statement.start)
        why = statement.attribution if unsure else f"{statement.attribution}; a speaker found in this one statement"
        opening = " ".join(statement.text.split()[:8])
        notes.append(f"{source.path}:{line}: review: “{opening} …” → {statement.speaker_label} ({why})")
    return notes


def check(content: Path, templates: Path | None = None) -> CheckResult:
    """Problems make the check fail; loader warnings and discovered speakers are listed apart."""
    if not content.is_dir():
        return CheckResult([Problem(str(content), None, "content folder not found")], [])
    try:
        archive = load_archive(content)
    except ArchiveError as exc:
        return CheckResult(_problems_of(exc, content), [])
    problems = lint_archive(archive)
    with tempfile.TemporaryDirectory(prefix="r2p-check-") as folder:
        site = Path(folder) / "site"
        try:
            build(content, site, templates=templates)
        except ArchiveError as exc:
            return CheckResult([*problems, *_problems_of(exc, content)], [])
        problems += [Problem(f"_site/{p.path}", p.line, p.message) for p in check_site(site)]
    return CheckResult(problems, list(archive.warnings), discovered_notes(archive), review_notes(archive))


def _problems_of(error: ArchiveError, content: Path) -> list[Problem]:
    """One problem per error, every error of a registry included."""
    errors = error.errors if isinstance(error, ArchiveErrors) else (error,)
    return [Problem(str(e.path or content), e.line, e.message) for e in errors]
