"""The archive as one SQLite database, data/archive.db, and its Datasette metadata, data/datasette.yml.

Each record kind is a table with the columns of its CSV (the same cells: a list joined with "|"),
so the two agree row for row; the lists that point at other records are link tables too, with
foreign keys, which is what a researcher joins on. Built with sqlite-utils: it makes a table,
its foreign keys and its FTS5 index in a call each, where hand-written SQL would spell out every
column's type and every index. The file is deterministic: a fresh file, the same rows in the
same order, no timestamp, so the same archive gives the same bytes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import sqlite_utils
import yaml

from r2p_archive import urls
from r2p_archive.export import ABOUT, FIELDS, KINDS, LIST_SEPARATOR, archive_records, flat_value
from r2p_archive.records import Archive
from r2p_archive.search.words import TOKENIZER

DATABASE = urls.data_file("archive.db")
METADATA = urls.data_file("datasette.yml")
FILES = (DATABASE, METADATA)  # the downloads this module writes, beside those of ``export``
FTS_TOKENIZER = TOKENIZER  # the search page's: the database finds what the page finds (search/words.py)
_COLUMN_TYPES = {"string": str, "date": str, "integer": int, "boolean": int}

# Each kind's columns that hold another record's id: (column, the table it points at).
_POINTERS: dict[str, tuple[tuple[str, str], ...]] = {
    "events": (("series", "series"),),
    "statements": (("speaker", "people"), ("on_behalf_of", "people"), ("event", "events"), ("source", "sources")),
}
# The link tables: (name, what it holds, (column, the table it points at, what it holds) ...).
LINKS: tuple[tuple[str, str, tuple[tuple[str, str, str], ...]], ...] = (
    (
        "statement_speakers",
        "Every named speaker of each statement, a row for each: a joint statement has several.",
        (
            ("statement", "statements", "the statement's id"),
            ("speaker", "people", "the id of one who made it"),
            ("position", "", "0 for the statement's speaker, then 1, 2 ... for those of also_by, in order"),
        ),
    ),
    (
        "statement_themes",
        "Each statement's themes, a row for each.",
        (("statement", "statements", "the statement's id"), ("theme", "themes", "the theme's id")),
    ),
    (
        "statement_corroborations",
        "Statements of the same words in other sources, a row for each pair.",
        (
            ("statement", "statements", "the statement's id"),
            ("corroborated_by", "statements", "the id of a statement of the same words in another source"),
        ),
    ),
    (
        "event_sources",
        "The sources that report each event, a row for each.",
        (("event", "events", "the event's id"), ("source", "sources", "the id of a source that reports it")),
    ),
    (
        "event_people",
        "Who hosted each event or took part in it, a row for each.",
        (
            ("event", "events", "the event's id"),
            ("person", "people", "the id of a speaker who hosted it or took part"),
            ("role", "", "host or participant"),
        ),
    ),
    (
        "roles",
        "The offices the registry says each speaker held, a row for each.",
        (
            ("person", "people", "the speaker's id"),
            ("title", "", "the office"),
            ("affiliation", "", "whose office it is, if the registry says"),
            ("from", "", "when they took it up (YYYY-MM-DD)"),
            ("to", "", "when they left it (YYYY-MM-DD); empty while they hold it"),
        ),
    ),
)
VIEWS: dict[str, tuple[str, str]] = {
    "statements_in_full": (
        "Each statement with its speaker's name, its event's title, date and place, and its source's title.",
        """select s.id, s.text, s.kind, s.speaker, p.name as speaker_name, s.also_by, s.speaker_label, s.event,
  e.title as event_title, e.date, e.place, s.source, src.title as source_title, s.url
from statements s
left join people p on p.id = s.speaker
left join events e on e.id = s.event
join sources src on src.id = s.source""",
    ),
    "statements_per_speaker_per_year": (
        "How many statements each speaker made, alone or jointly, each year (the year of the event, or else of "
        "the source).",
        """select ss.speaker, p.name as speaker_name, substr(coalesce(e.date, src.written), 1, 4) as year,
  count(*) as statements
from statement_speakers ss
join statements s on s.id = ss.statement
join people p on p.id = ss.speaker
left join events e on e.id = s.event
join sources src on src.id = s.source
group by ss.speaker, year
order by ss.speaker, year""",
    ),
}
_LABELS = {"sources": "title", "events": "title", "series": "title", "people": "name", "themes": "label"}
_FACETS = {
    "sources": ["kind", "publisher", "language"],
    "events": ["place", "series"],
    "people": ["kind", "discovered"],
    "statements": ["kind", "speaker", "event", "attribution"],
    "statements_in_full": ["kind", "speaker_name", "place"],
}
QUERIES: dict[str, tuple[str, str, str]] = {
    "search_statements": (
        "Search the statements",
        "Statements whose words match a full-text query (SQLite FTS5, Porter stemming), best match first.",
        """select s.id, s.text, s.speaker_label, s.source, s.url
from statements_fts f join statements s on s.rowid = f.rowid
where statements_fts match :words
order by f.rank""",
    ),
    "speaker_statements": (
        "A speaker's statements",
        "Everything one speaker said, alone or jointly, by date, given their id (a people id).",
        """select f.id, f.text, f.kind, f.event_title, f.date, f.place, f.source_title, f.url
from statement_speakers ss join statements_in_full f on f.id = ss.statement
where ss.speaker = :speaker order by f.date, f.id""",
    ),
    "theme_by_year": (
        "A theme's statements by year",
        "How many statements were filed under a theme each year, given its id.",
        """select substr(coalesce(e.date, src.written), 1, 4) as year, count(*) as statements
from statement_themes t
join statements s on s.id = t.statement
left join events e on e.id = s.event
join sources src on src.id = s.source
where t.theme = :theme group by year order by year""",
    ),
}


def write_database(archive: Archive, path: Path) -> None:
    """data/archive.db made afresh at ``path`` (a file already there is replaced, never written into)."""
    path.unlink(missing_ok=True)
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("pragma journal_mode = off")  # a failed build throws the whole file away
        connection.execute("pragma synchronous = off")
        db = sqlite_utils.Database(connection)
        records = archive_records(archive)
        with connection:  # one transaction: far faster than one a batch
            for kind in KINDS:
                columns = {name: _COLUMN_TYPES[type_of] for name, type_of, _ in FIELDS[kind]}
                db.table(kind).create(columns, pk="id")
                db.table(kind).insert_all(map(_row, records[kind]()), batch_size=1000)
            for kind, pointers in _POINTERS.items():
                for column, other in pointers:
                    db.table(kind).add_foreign_key(column, other, "id")
            for name, rows in _link_rows(archive).items():
                columns = {column: int if column == "position" else str for column, _, _ in _link(name)[2]}
                foreign = [(column, other, "id") for column, other, _ in _link(name)[2] if other]
                db.table(name).create(columns, foreign_keys=foreign)
                db.table(name).insert_all(rows, batch_size=1000)
                for column, _, _ in foreign:
                    db.table(name).create_index([column])
            for kind, pointers in _POINTERS.items():
                for column, _ in pointers:
                    db.table(kind).create_index([column])
            db.table("statements").enable_fts(["text"], tokenize=FTS_TOKENIZER)
            for name, (_, sql) in VIEWS.items():
                db.create_view(name, sql)
        connection.execute("vacuum")  # pages in table order, no free pages: the same rows give the same bytes
    finally:
        connection.close()


def _row(record: dict[str, Any]) -> dict[str, Any]:
    return {name: flat_value(value) for name, value in record.items()}


def _link(name: str) -> tuple[str, str, tuple[tuple[str, str, str], ...]]:
    return next(link for link in LINKS if link[0] == name)


def _link_rows(archive: Archive) -> dict[str, Iterable[dict[str, Any]]]:
    """Each link table's rows, made when inserted."""
    return {
        "statement_speakers": (
            {"statement": s.id, "speaker": who, "position": n}
            for s in archive.statements
            for n, who in enumerate(s.speakers)
        ),
        "statement_themes": ({"statement": s.id, "theme": theme} for s in archive.statements for theme in s.themes),
        "statement_corroborations": (
            {"statement": s.id, "corroborated_by": other} for s in archive.statements for other in s.corroborated_by
        ),
        "event_sources": ({"event": e.id, "source": source} for e in archive.events for source in e.sources),
        "event_people": _event_people(archive),
        "roles": (
            {
                "person": row["id"],
                "title": role["title"],
                "affiliation": role["affiliation"],
                "from": role["from"],
                "to": role["to"],
            }
            for row in archive_records(archive)["people"]()
            for role in row["roles"]
        ),
    }


def _event_people(archive: Archive) -> Iterator[dict[str, Any]]:
    for event in archive.events:
        for role, people in (("host", event.hosts), ("participant", event.participants)):
            yield from ({"event": event.id, "person": person, "role": role} for person in people)


def metadata() -> dict[str, Any]:
    """Datasette's metadata: every table and column described from the same ``FIELDS`` the data page shows."""
    tables: dict[str, Any] = {
        kind: {
            "title": kind.capitalize(),
            "description": ABOUT[kind] + f" Lists are joined with {LIST_SEPARATOR!r}; see the link tables.",
            "columns": {name: about for name, _, about in FIELDS[kind]},
            **({"label_column": _LABELS[kind]} if kind in _LABELS else {}),
            **({"facets": _FACETS[kind]} if kind in _FACETS else {}),
        }
        for kind in KINDS
    }
    for name, about, columns in LINKS:
        tables[name] = {"description": about, "columns": {column: said for column, _, said in columns}}
    for name, (about, _) in VIEWS.items():
        tables[name] = {"description": about, **({"facets": _FACETS[name]} if name in _FACETS else {})}
    tables["statements"]["fts_table"] = "statements_fts"
    tables["statements"]["searchmode"] = "raw"
    return {
        "title": "R2P Archive",
        "description": "Statements about the UN Responsibility to Protect, each attributed to its speaker and "
        "linked to the paragraph of the source that reports it. Full-text search uses SQLite FTS5 with "
        f"the {FTS_TOKENIZER} tokenizer (the Porter stemmer for English), as the site's search does.",
        "license": "The sources belong to their publishers; the archive's attributions and links are its reading",
        "source": "R2P Archive, built from the texts in its content/ folder",
        "databases": {
            "archive": {
                "tables": tables,
                "queries": {
                    name: {"title": title, "description": about, "sql": sql}
                    for name, (title, about, sql) in QUERIES.items()
                },
            }
        },
    }


def metadata_yaml() -> str:
    return yaml.safe_dump(metadata(), sort_keys=False, allow_unicode=True, width=100)
