"""Shared helpers for loader tests: the bundled archive, loaded once."""

from __future__ import annotations

import os
import subprocess
import sys
from functools import cache
from pathlib import Path

from r2p_archive.load import load_archive
from r2p_archive.records import Archive, Statement

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"


@cache
def bundled() -> Archive:
    return load_archive(CONTENT)


def with_a_series(archive: Archive) -> Archive:
    """The archive with its first two events made one recurring meeting, so every kind of record
    has one (the bundled events are one-offs)."""
    from dataclasses import replace

    from r2p_archive.records import Series

    first, second, *rest = archive.events
    series = Series("sample-series", "Sample series", (first.id, second.id))
    events = (replace(first, series=series.id), replace(second, series=series.id), *rest)
    return replace(archive, events=events, series=(series,))


def statements_of(archive: Archive, source: str) -> list[Statement]:
    return [s for s in archive.statements if s.source == source]


def said(archive: Archive, source: str, words: str) -> Statement:
    """The one statement of ``source`` whose text contains ``words``."""
    found = [s for s in statements_of(archive, source) if words in s.text]
    assert found, f"no statement in {source} contains {words!r}"
    return found[0]


def words(text: str) -> str:
    """Text as a statement carries it: whitespace collapsed, Markdown bold marks dropped."""
    return " ".join(text.replace("**", " ").split())


def checked_build(content: Path, site: Path, **options):
    """Build, then run the output checker on the result: every test build must pass it."""
    from r2p_archive.build import build
    from r2p_archive.verify import check_site

    report = build(content, site, **options)
    problems = check_site(site)
    assert not problems, "\n".join(map(str, problems))
    return report


def run_cli(*args: str, cwd: Path = ROOT, timeout: float = 300) -> subprocess.CompletedProcess:
    """``python -m r2p_archive ARGS`` as a user runs it, with this checkout's code."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    command = [sys.executable, "-m", "r2p_archive", *args]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env, timeout=timeout)
