"""The machine-readable archive: data/archive.json and one CSV per record type.

The schema is documented in the README; field names here are the public contract.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from r2p_archive import urls
from r2p_archive.records import Archive, Event, Series, Source, Speaker, Statement, Theme, partial_iso

KINDS = ("sources", "events", "series", "people", "themes", "statements")  # archive.json's keys, one CSV each
# What each kind holds, in the data page's and Datasette's words.
ABOUT = {
    "sources": "The texts the archive is built from, each with its publisher and original address.",
    "events": "Meetings, dialogues and debates, with their date, place, hosts and participants.",
    "series": "Meetings that recur (the General Debate, the annual dialogues), each with its meetings.",
    "people": "Speakers who appear in the archive: people, states, organizations and groups.",
    "themes": "The vocabulary statements are filed under.",
    "statements": "Who said what: each statement's words, speaker, event and exact place in its source.",
}
LIST_SEPARATOR = "|"
T = TypeVar("T")

# Every field of every record kind: (name, Table Schema type of its CSV column, what it holds). The data
# page and datapackage.json read this table; a test checks it against the records written below.
FIELDS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "sources": (
        ("id", "string", "the source's id, a URL-safe slug of its file name"),
        ("url", "string", "its page, relative to the site root"),
        ("title", "string", "its title"),
        ("kind", "string", "news article, NGO report, meeting summary, speech transcript ..."),
        ("publisher", "string", "who published it"),
        ("byline", "string", "who wrote it, as the text says"),
        ("original_url", "string", "where it was published"),
        ("language", "string", "its language (BCP 47)"),
        ("file", "string", "its file in content/sources/"),
        ("written", "date", "when it was written (YYYY-MM-DD), if known"),
        ("written_method", "string", "how that date was found"),
        ("paragraphs", "integer", "its number of paragraphs"),
        ("delivered_by", "string", "a speech read out for its speaker: who delivered it (a minister for a state)"),
        ("citation", "string", "how the collection it came from asks to be cited"),
    ),
    "events": (
        ("id", "string", "the event's id"),
        ("url", "string", "its page, relative to the site root"),
        ("title", "string", "its title"),
        ("alternative_titles", "string", "other titles the sources give it (joined with |)"),
        ("date", "string", "when it was held, as precisely as its sources say (YYYY-MM-DD, YYYY-MM or YYYY)"),
        ("date_method", "string", "how that date was found"),
        ("place", "string", "where it was held"),
        ("sources", "string", "ids of the sources that report it (joined with |)"),
        ("hosts", "string", "ids of the people who hosted it (joined with |)"),
        ("participants", "string", "ids of the people who took part (joined with |)"),
        ("series", "string", "the id of the recurring meeting it is one of"),
    ),
    "series": (
        ("id", "string", "the recurring meeting's id"),
        ("url", "string", "its page, relative to the site root"),
        ("title", "string", "its title: its meetings' titles without their number or year"),
        ("events", "string", "ids of its meetings, in date order (joined with |)"),
    ),
    "people": (
        ("id", "string", "the speaker's id"),
        ("url", "string", "their page, relative to the site root"),
        ("name", "string", "their name"),
        ("kind", "string", "person, state, organization or group"),
        ("aliases", "string", "other ways the texts name them (joined with |)"),
        ("roles", "string", "offices held, as title, of affiliation (from/to) (joined with |)"),
        ("wikidata", "string", "their Wikidata item id"),
        ("discovered", "boolean", "true when found in a text, not yet confirmed by the archive"),
        ("role_text", "string", "a discovered person's office and affiliation, as the text words them"),
        ("description", "string", "who they are, in the registry's words"),
    ),
    "themes": (
        ("id", "string", "the theme's id"),
        ("url", "string", "its page, relative to the site root"),
        ("label", "string", "its name"),
        ("cues", "string", "the words that file a statement under it (joined with |)"),
        ("description", "string", "what it covers"),
    ),
    "statements": (
        ("id", "string", "the statement's id"),
        ("url", "string", "its page, relative to the site root"),
        ("text", "string", "the words, exactly as the source gives them"),
        ("kind", "string", "quote, paraphrase or remarks"),
        ("speaker", "string", "the speaker's id; empty when the source does not name them"),
        ("also_by", "string", "ids of the others who made it jointly with the speaker (joined with |)"),
        ("by_document", "boolean", "true when the words are a document's (speaker_label names it), not a person's"),
        ("speaker_label", "string", "the speaker as the text words it"),
        ("on_behalf_of", "string", "the id of whom they spoke for"),
        ("event", "string", "the id of the event where it was said"),
        ("source", "string", "the id of the source that reports it"),
        ("paragraph", "integer", "the paragraph of the source (1-based)"),
        ("start", "integer", "where the words start in the source (a character offset)"),
        ("end", "integer", "where they end"),
        ("themes", "string", "ids of its themes (joined with |)"),
        ("corroborated_by", "string", "ids of statements of the same words in other sources (joined with |)"),
        ("attribution", "string", "the rule that found the speaker"),
    ),
}


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
        "delivered_by": source.delivered_by,
        "citation": source.citation,
    }


def event_record(event: Event) -> dict[str, Any]:
    return {
        "id": event.id,
        "url": urls.record(urls.EVENTS, event.id),
        "title": event.title,
        "alternative_titles": list(event.alternative_titles),
        "date": partial_iso(event.date, event.date_precision),
        "date_method": event.date_method,
        "place": event.place,
        "sources": list(event.sources),
        "hosts": list(event.hosts),
        "participants": list(event.participants),
        "series": event.series,
    }


def series_record(series: Series) -> dict[str, Any]:
    return {
        "id": series.id,
        "url": urls.record(urls.SERIES, series.id),
        "title": series.title,
        "events": list(series.events),
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
                "affiliation": role.affiliation,
            }
            for role in speaker.roles
        ],
        "wikidata": speaker.wikidata,
        "discovered": speaker.discovered,
        "role_text": speaker.role_text,
        "description": speaker.description,
    }


def theme_record(theme: Theme) -> dict[str, Any]:
    return {
        "id": theme.id,
        "url": urls.record(urls.THEMES, theme.id),
        "label": theme.label,
        "cues": list(theme.cues),
        "description": theme.description,
    }


def statement_record(statement: Statement) -> dict[str, Any]:
    return {
        "id": statement.id,
        "url": urls.record(urls.STATEMENTS, statement.id),
        "text": statement.text,
        "kind": statement.kind,
        "speaker": statement.speaker,
        "also_by": list(statement.also_by),
        "by_document": statement.by_document,
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
    ids = {who for s in archive.statements for who in s.speakers}
    ids |= {s.on_behalf_of for s in archive.statements if s.on_behalf_of}
    ids |= {p for e in archive.events for p in (*e.hosts, *e.participants)}
    return ids


def exported_people(archive: Archive) -> list[Speaker]:
    """The speakers the downloads hold: those who appear in the archive."""
    present = spoken_ids(archive)
    return [p for p in archive.speakers if p.id in present]


def archive_records(archive: Archive) -> dict[str, Callable[[], Iterator[dict[str, Any]]]]:
    """Each record type's records, made one at a time when iterated (a large archive's export is
    never held whole in memory)."""
    people = exported_people(archive)
    return {
        "sources": lambda: map(source_record, archive.sources),
        "events": lambda: map(event_record, archive.events),
        "series": lambda: map(series_record, archive.series),
        "people": lambda: map(person_record, people),
        "themes": lambda: map(theme_record, archive.themes),
        "statements": lambda: map(statement_record, archive.statements),
    }


def record_counts(archive: Archive) -> dict[str, int]:
    """How many records of each kind ``archive_records`` gives, counted without making them."""
    return {
        "sources": len(archive.sources),
        "events": len(archive.events),
        "series": len(archive.series),
        "people": len(exported_people(archive)),
        "themes": len(archive.themes),
        "statements": len(archive.statements),
    }


_ENCODER = json.JSONEncoder(ensure_ascii=False)  # made once: json.dumps makes one per call for these options
_BATCH = 500  # records per piece written


def archive_json(records: dict[str, Callable[[], Iterator[dict[str, Any]]]]) -> Iterator[str]:
    """archive.json piece by piece: an object of record lists, one record per line (so that a diff of two
    builds reads record by record, and each record is dumped by json's C encoder, which ``indent`` avoids)."""
    yield "{"
    for number, (kind, made) in enumerate(records.items()):
        yield f'{"," if number else ""}\n "{kind}": ['
        lines = map(_ENCODER.encode, made())
        first = next(lines, None)
        if first is None:
            yield "]"
            continue
        yield "\n  " + first
        for batch in _batches(lines):
            yield "".join(",\n  " + line for line in batch)
        yield "\n ]"
    yield "\n}\n"


def _batches(items: Iterator[T]) -> Iterator[list[T]]:
    """The items ``_BATCH`` at a time: a file is written in pieces of that many records."""
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == _BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def records_csv(records: Iterator[dict[str, Any]], fields: list[str]) -> Iterator[str]:
    """One row per record under a header of ``fields`` (written even when there is no record); lists
    are joined with "|", nested role lists written as title (from/to)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(fields)
    for batch in _batches(records):
        writer.writerows([flat_value(value) for value in map(record.__getitem__, fields)] for record in batch)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


_NESTED = (list, dict)  # values a cell spells out; csv writes text and numbers as they are, and None as ""


def flat_value(value: Any) -> Any:
    """A record's value as one cell of a CSV or a database column: a list spelled out, the rest as it is."""
    return _cell(value) if type(value) in _NESTED else value


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(_cell(item) for item in value)
    if isinstance(value, dict):
        of = f", of {value['affiliation']}" if value["affiliation"] else ""
        return f"{value['title']}{of} ({value['from']}/{value['to'] or ''})"
    return str(value)


def exports(archive: Archive) -> dict[str, Iterator[str]]:
    """Output-relative paths to their text, in pieces; record order is the archive's and there are no
    timestamps, so builds are reproducible."""
    records = archive_records(archive)
    files = {urls.data_file("archive.json"): archive_json(records)}
    for kind, made in records.items():
        files[urls.data_file(f"{kind}.csv")] = records_csv(made(), [name for name, _, _ in FIELDS[kind]])
    files[urls.data_file("datapackage.json")] = iter([datapackage_json()])
    return files


def datapackage() -> dict[str, Any]:
    """A Frictionless Data Package describing each CSV: its path beside this file and its columns' types.
    An empty cell is a missing value (null in archive.json); lists are joined with "|"."""
    return {
        "profile": "tabular-data-package",
        "name": "r2p-archive",
        "title": "R2P Archive: the Responsibility to Protect in the words of those who spoke",
        "description": "Statements about the UN Responsibility to Protect, each attributed to its speaker "
        "and linked to the paragraph of the source that reports it, with the events, speakers, themes "
        "and sources they belong to. archive.json holds the same records as JSON.",
        "resources": [
            {
                "name": kind,
                "path": f"{kind}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": {"delimiter": ",", "quoteChar": '"', "header": True},
                "schema": {
                    "fields": [
                        {"name": name, "type": kind_of, "description": description}
                        for name, kind_of, description in FIELDS[kind]
                    ],
                    "missingValues": [""],
                    "primaryKey": "id",
                },
            }
            for kind in KINDS
        ],
    }


def datapackage_json() -> str:
    return json.dumps(datapackage(), ensure_ascii=False, indent=1) + "\n"
