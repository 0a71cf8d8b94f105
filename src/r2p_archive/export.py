"""The machine-readable archive: data/archive.json and one CSV per record type.

The schema is documented in the README; field names here are the public contract.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from r2p_archive.records import Archive, Event, Source, Speaker, Statement, Theme


def url_of(kind: str, record_id: str) -> str:
    """A record's page, relative to the site root: the one place URLs are decided."""
    return f"{kind}/{record_id}/"


def source_record(source: Source) -> dict[str, Any]:
    return {
        "id": source.id,
        "url": url_of("sources", source.id),
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
        "url": url_of("events", event.id),
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
        "url": url_of("people", speaker.id),
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
    }


def theme_record(theme: Theme) -> dict[str, Any]:
    return {"id": theme.id, "url": url_of("themes", theme.id), "label": theme.label, "cues": list(theme.cues)}


def statement_record(statement: Statement) -> dict[str, Any]:
    return {
        "id": statement.id,
        "url": url_of("statements", statement.id),
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


def archive_dict(archive: Archive) -> dict[str, list[dict[str, Any]]]:
    present = spoken_ids(archive)
    return {
        "sources": [source_record(s) for s in archive.sources],
        "events": [event_record(e) for e in archive.events],
        "people": [person_record(p) for p in archive.speakers if p.id in present],
        "themes": [theme_record(t) for t in archive.themes],
        "statements": [statement_record(s) for s in archive.statements],
    }


def _csv(rows: list[dict[str, Any]]) -> bytes:
    """Lists are joined with "|"; nested role lists are written as title (from/to)."""
    if not rows:
        return b""
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _cell(value) for key, value in row.items()})
    return buffer.getvalue().encode("utf-8")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "|".join(_cell(item) for item in value)
    if isinstance(value, dict):
        return f"{value['title']} ({value['from']}/{value['to'] or ''})"
    return str(value)


def export_files(archive: Archive) -> dict[str, bytes]:
    """Output-relative paths to bytes; sorted keys and no timestamps, so builds are reproducible."""
    data = archive_dict(archive)
    files = {"data/archive.json": (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n").encode()}
    for kind, rows in data.items():
        files[f"data/{kind}.csv"] = _csv(rows)
    return files
