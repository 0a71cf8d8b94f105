"""`r2p-archive build` end to end on the bundled content: output, determinism, the CLI."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

from loader_helpers import CONTENT, ROOT, checked_build


def digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_two_builds_are_byte_identical(tmp_path):
    checked_build(CONTENT, tmp_path / "one")
    checked_build(CONTENT, tmp_path / "two")
    assert digest(tmp_path / "one") == digest(tmp_path / "two")


def test_archive_json_follows_the_schema(tmp_path):
    checked_build(CONTENT, tmp_path / "site")
    data = json.loads((tmp_path / "site" / "data" / "archive.json").read_text(encoding="utf-8"))
    assert list(data) == ["sources", "events", "series", "people", "themes", "statements"]
    for kind, records in data.items():
        assert records or kind == "series", kind  # the bundled events are one-offs: no recurring meeting
        for record in records:
            assert record["url"] == f"{kind}/{record['id']}/"
            assert (tmp_path / "site" / record["url"] / "index.html").is_file()
    event = next(e for e in data["events"] if e["date"] == "2011-07-12")
    assert len(event["sources"]) == 2
    ban = next(p for p in data["people"] if p["id"] == "ban-ki-moon")
    assert ban["roles"] == [
        {
            "title": "Secretary-General of the United Nations",
            "from": "2007-01-01",
            "to": "2016-12-31",
            "affiliation": None,
        }
    ]
    anonymous = [s for s in data["statements"] if s["speaker"] is None]
    assert anonymous and all(s["speaker_label"] for s in anonymous)
    for kind in data:
        header = (tmp_path / "site" / "data" / f"{kind}.csv").read_text(encoding="utf-8").splitlines()[0]
        assert header.startswith("id,url,")


def test_cli_builds_with_defaults(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "r2p_archive", "build", "--content", str(CONTENT), "--out", str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "statements" in result.stdout
    assert (tmp_path / "site" / "index.html").is_file()
    assert (tmp_path / "site" / "pagefind" / "archive.json").is_file()


def test_cli_reports_errors_with_file_and_line(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "r2p_archive", "build", "--content", str(tmp_path / "missing")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "missing" in result.stderr and "Traceback" not in result.stderr


def test_worker_processes_build_the_same_site(tmp_path, monkeypatch):
    """On a large archive, extraction and rendering run in forked workers that write their own
    pages; the bundled content, pushed down those paths, must give the same bytes."""
    from r2p_archive import load
    from r2p_archive.site import render

    checked_build(CONTENT, tmp_path / "inline", incremental=False)
    monkeypatch.setattr(load, "PARALLEL_FROM", 1)
    monkeypatch.setattr(render, "PARALLEL_FROM", 1)
    monkeypatch.setattr(render, "_CHUNK", 7)  # many chunks, so the workers share the pages
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    checked_build(CONTENT, tmp_path / "workers", incremental=False)
    assert digest(tmp_path / "workers") == digest(tmp_path / "inline")
