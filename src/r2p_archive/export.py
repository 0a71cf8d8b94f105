"""The machine-readable archive: data/archive.json and one CSV per record type.

The schema is documented in the README; field names here are the public contract.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from typing import Any

from r2p_archive import urls
from r2p_archive.records import Archive, Event, Source, Speaker, Statement, Theme


def source_record(source: Source) -> dict[str, Any]:
    return {
        "id": source.id,
        "url": urls.record(urls.SOURCES, source.id),
        "title": source.title,
        "kind": source.kind,
        "publisher": source.publisher,
        "byline": source.byline,
        "original_url": source.url,
        "language": source.language,
        "file": source.path,
        "written": source.written.value.isoformat() if source.written else None,
        "written_method": source.written.method if source.written else None,
        "paragraphs": len(source.paragraphs),
    }


def event_record(event: Event) -> dict[str, Any]:
    return {
        "id": event.id,
        "url": urls.record(urls.EVENTS, event.id),
        "title": event.title,
        "alternative_titles": list(event.alternative_titles),
        "date": event.date.isoformat(),
        "date_method": event.date_method,
        "place": event.place,
        "sources": list(event.sources),
        "hosts": list(event.hosts),
        "participants": list(event.participants),
    }


def person_record(speaker: Speaker) -> dict[str, Any]:
    return {
        "id": speaker.id,
        "url": urls.record(urls.PEOPLE, speaker.id),
        "name": speaker.name,
        "kind": speaker.kind,
        "aliases": list(speaker.aliases),
        "roles": [
            {
                "title": role.title,
                "from": role.start.isoformat(),
                "to": role.end.isoformat() if role.end else None,
            }
            for role in speaker.roles
        ],
        "wikidata": speaker.wikidata,
        "discovered": speaker.discovered,
        "role_text": speaker.role_text,
    }


def theme_record(theme: Theme) -> dict[str, Any]:
    return {"id": theme.id, "url": urls.record(urls.THEMES, theme.id), "label": theme.label, "cues": list(theme.cues)}


def statement_record(statement: Statement) -> dict[str, Any]:
    return {
        "id": statement.id,
        "url": urls.record(urls.STATEMENTS, statement.id),
        "text": statement.text,
        "kind": statement.kind,
        "speaker": statement.speaker,
        "speaker_label": statement.speaker_label,
        "on_behalf_of": statement.on_behalf_of,
        "event": statement.event,
        "source": statement.source,
        "paragraph": statement.paragraph,
        "start": statement.start,
        "end": statement.end,
        "themes": list(statement.themes),
        "corroborated_by": list(statement.corroborated_by),
        "attribution": statement.attribution,
    }


def spoken_ids(archive: Archive) -> set[str]:
    """Speakers who appear in the archive: they said something, hosted or took part."""
    ids = {s.speaker for s in archive.statements if s.speaker}
    ids |= {s.on_behalf_of for s in archive.statements if s.on_behalf_of}
    ids |= {p for e in archive.events for p in (*e.hosts, *e.participants)}
    return ids


def archive_records(archive: Archive) -> dict[str, Callable[[], Iterator[dict[str, Any]]]]:
    """Each record type's records, made one at a time when iterated (a large archive's export is
    never held whole in memory)."""
    present = spoken_ids(archive)
    return {
        "sources": lambda: map(source_record, archive.sources),
        "events": lambda: map(event_record, archive.events),
        "people": lambda: (person_record(p) for p in archive.speakers if p.id in present),
        "themes": lambda: map(theme_record, archive.themes),
        "statements": lambda: map(statement_record, archive.statements),
    }


def archive_json(records: dict[str, Callable[[], Iterator[dict[str, Any]]]]) -> Iterator[str]:
    """archive.json piece by piece, laid out exactly as ``json.dumps(..., indent=1)`` lays out the whole."""
    yield "{"
    for number, (kind, made) in enumerate(records.items()):
        yield f'{"," if number else ""}\n "{kind}": ['
        empty = True
        for record in made():
            text = json.dumps(record, ensure_ascii=False, indent=1)
            yield ("\n  " if empty else ",\n  ") + text.replace("\n", "\n  ")  # JSON strings hold no raw newline
            empty = False
        yield "]" if empty else "\n ]"
    yield "\n}\n"


def records_csv(records: Iterator[dict[str, Any]]) -> Iterator[str]:
    """One row per record; lists are joined with "|", nested role lists written as title (from/to)."""
    buffer = io.StringIO(newline="")
    writer = None
    for record in records:
        if writer is None:
            writer = csv.DictWriter(buffer, fieldnames=list(record), lineterminator="\n")
            writer.writeheader()
        writer.writerow({key: _cell(value) for key, value in record.items()})
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "|".join(_cell(item) for item in value)
    if isinstance(value, dict):
        return f"{value['title']} ({value['from']}/{value['to'] or ''})"
    return str(value)


def exports(archive: Archive) -> dict[str, Iterator[str]]:
    """Output-relative paths to their text, in pieces; record order is the archive's and there are no
    timestamps, so builds are reproducible."""
    records = archive_records(archive)
    files = {"data/archive.json": archive_json(records)}
    for kind, made in records.items():
        files[f"data/{kind}.csv"] = records_csv(made())
    return files
