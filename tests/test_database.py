"""data/archive.db opened as a researcher opens it: with real Datasette and its metadata, and read beside the CSVs."""

from __future__ import annotations

import asyncio
import csv
import io
import shutil
import sqlite3
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from datasette.app import Datasette

from fixtures import sample_archive
from loader_helpers import ROOT, checked_build
from r2p_archive.database import DATABASE, LINKS, metadata_yaml, write_database
from r2p_archive.export import FIELDS, KINDS, exports
from r2p_archive.records import Archive


def joint_archive() -> Archive:
    """The sample archive with one statement made jointly: Denmark's, with Botswana."""
    archive = sample_archive()
    statements = [replace(s, also_by=("botswana",)) if s.speaker == "denmark" else s for s in archive.statements]
    return replace(archive, statements=tuple(statements))


@pytest.fixture(scope="module")
def database(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("db") / "archive.db"
    write_database(joint_archive(), path)
    return path


def served(database: Path, *paths: str) -> list[dict]:
    """Each path's JSON as Datasette, given the archive's metadata file, answers it."""

    async def ask() -> list[dict]:
        datasette = Datasette(files=[str(database)], metadata=yaml.safe_load(metadata_yaml()))
        await datasette.invoke_startup()
        answers = []
        for path in paths:
            response = await datasette.client.get(path)
            assert response.status_code == 200, (path, response.text[:300])
            answers.append(response.json())
        return answers

    return asyncio.run(ask())


def test_datasette_facets_statements_by_kind(database):
    (answer,) = served(database, "/archive/statements.json?_facet=kind&_size=0")
    counted = {row["value"]: row["count"] for row in answer["facet_results"]["kind"]["results"]}
    assert counted == Counter(s.kind for s in joint_archive().statements)


def test_datasette_finds_statements_by_a_stemmed_word(database):
    (answer,) = served(database, "/archive/statements.json?_search=prevent&_shape=objects")
    assert {row["id"] for row in answer["rows"]} == {
        "ban-ki-moon-prevention-first-tool",
        "jan-eliasson-prevention-begins-home",
    }, "the Porter stemmer takes 'prevention' as 'prevent'"


def test_a_statement_links_to_its_speaker_and_the_speaker_back(database):
    statement, speaker = served(
        database,
        "/archive/statements.json?id=denmark-accountability-impunity&_labels=on&_shape=objects",
        "/archive/people/denmark.json?_extras=foreign_key_tables",
    )
    row = statement["rows"][0]
    assert row["speaker"] == {"value": "denmark", "label": "Denmark"}
    assert row["on_behalf_of"]["value"] == "nordic-countries"
    pointing = {
        (table["other_table"], table["other_column"]): table["count"] for table in speaker["foreign_key_tables"]
    }
    assert pointing[("statements", "speaker")] == 1


def test_a_canned_query_and_the_views_answer(database):
    query, per_year = served(
        database,
        "/archive/search_statements.json?words=gather&_shape=objects",
        "/archive/statements_per_speaker_per_year.json?speaker=ban-ki-moon&_shape=objects",
    )
    assert {row["id"] for row in query["rows"]} == {
        "ban-ki-moon-gather-today-partners",
        "ban-ki-moon-gather-today-reported",
    }
    assert [row["statements"] for row in per_year["rows"]] == [3]
    (joint,) = served(database, "/archive/speaker_statements.json?speaker=botswana&_shape=objects")
    assert {row["id"] for row in joint["rows"]} == {"botswana-arms-trade-treaty", "denmark-accountability-impunity"}


def test_every_table_and_column_is_described_as_the_data_page_describes_it():
    tables = yaml.safe_load(metadata_yaml())["databases"]["archive"]["tables"]
    for kind in KINDS:
        assert tables[kind]["columns"] == {name: about for name, _, about in FIELDS[kind]}
    for name, _, columns in LINKS:
        assert list(tables[name]["columns"]) == [column for column, _, _ in columns]


def test_the_database_and_the_csvs_agree_row_for_row(database):
    archive = joint_archive()
    files = {path: "".join(pieces) for path, pieces in exports(archive).items()}
    connection = sqlite3.connect(database)
    assert connection.execute("pragma foreign_key_check").fetchall() == []
    for kind in KINDS:
        rows = list(csv.reader(io.StringIO(files[f"data/{kind}.csv"], newline="")))
        columns = ", ".join(f'"{name}"' for name in rows[0])
        types = [type_of for _, type_of, _ in FIELDS[kind]]
        stored = connection.execute(f"select {columns} from {kind} order by rowid").fetchall()
        assert [[_as_csv(value, type_of) for value, type_of in zip(row, types, strict=True)] for row in stored] == rows[
            1:
        ], kind
    speakers = connection.execute("select statement, speaker, position from statement_speakers").fetchall()
    assert speakers == [(s.id, who, n) for s in archive.statements for n, who in enumerate(s.speakers)]
    assert ("denmark-accountability-impunity", "botswana", 1) in speakers, "a joint statement's other speakers"
    themes = connection.execute("select statement, theme from statement_themes").fetchall()
    assert themes == [(s.id, theme) for s in archive.statements for theme in s.themes]


def _as_csv(value: object, type_of: str) -> str:
    """A column's value as the CSV writes it (a boolean column holds 0 or 1 where the CSV says False or True)."""
    if value is None:
        return ""
    return str(bool(value)) if type_of == "boolean" else str(value)


def test_the_same_archive_gives_the_same_bytes(tmp_path, database):
    again = tmp_path / "again.db"
    write_database(joint_archive(), again)
    assert again.read_bytes() == database.read_bytes()


def test_a_rebuild_keeps_the_database_while_the_archive_is_unchanged(content, tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    site = tmp_path / "site"
    checked_build(content, site, templates=templates)
    made = (site / DATABASE).stat()
    page = templates / "base.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</footer>", " </footer>"), encoding="utf-8")
    assert not checked_build(content, site, templates=templates).unchanged
    kept = (site / DATABASE).stat()
    assert (kept.st_ino, kept.st_mtime_ns) == (made.st_ino, made.st_mtime_ns), "the same file, not written again"
    source = next((content / "sources").glob("*.txt"))
    source.write_text(source.read_text(encoding="utf-8") + "\nA new closing paragraph.\n", encoding="utf-8")
    checked_build(content, site, templates=templates)
    assert (site / DATABASE).stat().st_ino != made.st_ino, "a changed archive is a new database"
    data_page = (site / "data" / "index.html").read_text(encoding="utf-8")
    assert 'href="../data/archive.db" download>archive.db</a>' in data_page
