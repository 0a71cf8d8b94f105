"""A new source of the same genre, dropped into content/, yields records with no code change."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from loader_helpers import CONTENT
from r2p_archive.load import load_archive

DATA = Path(__file__).parent / "data"
NEW = "new-source-seventh-dialogue"


def test_new_source_gives_event_date_speakers_and_quotes(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    for suffix in (".txt", ".yaml"):
        shutil.copy(DATA / f"{NEW}{suffix}", content / "sources")
    archive = load_archive(content)

    (event,) = [e for e in archive.events if NEW in e.sources]
    assert event.date == date(2015, 9, 8)
    assert event.place == "New York"
    assert event.title == "Seventh Informal Interactive Dialogue on the Responsibility to Protect"

    statements = {(s.kind, s.speaker, s.speaker_label, s.text) for s in archive.statements if s.source == NEW}
    speakers = {(kind, speaker) for kind, speaker, _, _ in statements}
    assert ("quote", "jan-eliasson") in speakers  # "the Deputy Secretary-General" in 2015
    assert ("quote", "adama-dieng") in speakers  # "…,” said Adama Dieng"
    assert ("paraphrase", "jennifer-welsh") in speakers
    assert ("paraphrase", "rwanda") in speakers
    quotes = {text: label for kind, _, label, text in statements if kind == "quote"}
    assert quotes["The question is no longer whether to act, but how early we can act together."] == "one Minister"
    assert "prevention must become the daily work of every government." in quotes
    assert not [s for s in archive.statements if s.source == NEW and "Sign In" in s.text]
    assert archive.warnings == load_archive(CONTENT).warnings  # the new text adds no warning
