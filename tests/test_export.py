"""The data exports are written piece by piece; they must read back as the whole archive."""

from __future__ import annotations

import csv
import dataclasses
import io
import json

import pytest

from loader_helpers import bundled
from r2p_archive.export import archive_json, archive_records, exports


def whole(records) -> str:
    """What one json.dumps of the whole archive gives: the layout archive.json promises."""
    return json.dumps({kind: list(made()) for kind, made in records.items()}, ensure_ascii=False, indent=1) + "\n"


EVERY_KIND = ("sources", "events", "speakers", "themes", "statements")


@pytest.mark.parametrize("emptied", [(), ("events", "themes"), EVERY_KIND])
def test_archive_json_streams_the_layout_of_one_dump(emptied):
    archive = dataclasses.replace(bundled(), **{field: () for field in emptied})
    records = archive_records(archive)
    assert "".join(archive_json(records)) == whole(records)


def test_each_csv_has_a_row_per_record():
    archive = bundled()
    files = {path: "".join(pieces) for path, pieces in exports(archive).items()}
    for kind, made in archive_records(archive).items():
        records = list(made())
        rows = list(csv.DictReader(io.StringIO(files[f"data/{kind}.csv"], newline="")))
        assert [row["id"] for row in rows] == [record["id"] for record in records], kind
    assert json.loads(files["data/archive.json"])["statements"][0]["text"] == archive.statements[0].text
