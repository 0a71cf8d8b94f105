"""The data exports are written piece by piece; they must read back as the whole archive."""

from __future__ import annotations

import csv
import dataclasses
import io
import json

import pytest

from loader_helpers import bundled
from r2p_archive.export import archive_json, archive_records, exports, record_counts


def whole(records) -> dict:
    return {kind: list(made()) for kind, made in records.items()}


EVERY_KIND = ("sources", "events", "speakers", "themes", "statements")


@pytest.mark.parametrize("emptied", [(), ("events", "themes"), EVERY_KIND])
def test_archive_json_streams_the_whole_archive_a_record_per_line(emptied):
    archive = dataclasses.replace(bundled(), **{field: () for field in emptied})
    records = archive_records(archive)
    text = "".join(archive_json(records))
    assert json.loads(text) == whole(records)
    rows = [json.loads(line.strip().rstrip(",")) for line in text.splitlines() if line.startswith("  {")]
    assert rows == [record for made in whole(records).values() for record in made], "each record on a line of its own"


def test_each_csv_has_a_row_per_record():
    archive = bundled()
    files = {path: "".join(pieces) for path, pieces in exports(archive).items()}
    for kind, made in archive_records(archive).items():
        records = list(made())
        rows = list(csv.DictReader(io.StringIO(files[f"data/{kind}.csv"], newline="")))
        assert [row["id"] for row in rows] == [record["id"] for record in records], kind
    assert json.loads(files["data/archive.json"])["statements"][0]["text"] == archive.statements[0].text
    assert record_counts(archive) == {kind: len(list(made())) for kind, made in archive_records(archive).items()}


def test_what_a_source_page_shows_is_in_every_download():
    archive = bundled()
    first = dataclasses.replace(archive.sources[0], delivered_by="Ms. Example, Minister", citation="Cite us, 2020.")
    archive = dataclasses.replace(archive, sources=(first, *archive.sources[1:]))
    files = {path: "".join(pieces) for path, pieces in exports(archive).items()}
    written = json.loads(files["data/archive.json"])["sources"][0]
    row = next(csv.DictReader(io.StringIO(files["data/sources.csv"], newline="")))
    for record in (written, row):
        assert (record["delivered_by"], record["citation"]) == ("Ms. Example, Minister", "Cite us, 2020.")
