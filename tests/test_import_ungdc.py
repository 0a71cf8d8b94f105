"""`r2p-archive import ungdc`: a made-up corpus in the General Debate Corpus's layout."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from loader_helpers import CONTENT, run_cli
from r2p_archive.importers import run
from r2p_archive.importers.ungdc import reflow
from r2p_archive.load import load_archive
from r2p_archive.yamlfile import load_yaml, plain

MODERN = (
    "Mr. President, I congratulate you on your election.\n"
    "Ruritania reaffirms the responsibility to protect populations from atrocity crimes.\n"
    "We call for early warning.\n"
)
WRAPPED = (
    "Allow me to begin by congratulating the\n"
    "President on the adoption of the Outcome,\n"
    "whose paragraphs on the responsibility to\n"
    "protect bind us all.\n"
    "\n"
    "12\n"
    "\n"
    "We pledge to act with the Secretary-\n"
    "General and with all Member States of this\n"
    "Organization, in every region of the\n"
    "world.\n"
)
SILENT = "Mr. President, the harbour of Ruritania is open to all ships and to every trader.\n"


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    from openpyxl import Workbook

    root = tmp_path / "ungdc_1946-2024"
    session = root / "TXT" / "Session 71 - 2016"
    session.mkdir(parents=True)
    (session / "RUR_71_2016.txt").write_text(MODERN, encoding="utf-8")
    (session / "OLD_71_2016.txt").write_text(WRAPPED, encoding="utf-8")
    (session / "SIL_71_2016.txt").write_text(SILENT, encoding="utf-8")
    book = Workbook()
    sheet = book.active
    sheet.append(["Year", "Session", "ISO Code", "Country", "Name of Person Speaking", "Post"])
    sheet.append([2016, 71, "RUR", "Ruritania ", "Mr. Rudolf Rassendyll", "Prime Minister"])
    book.save(root / "Speakers_by_session.xlsx")
    return tmp_path


@pytest.fixture()
def content(tmp_path: Path) -> Path:
    copy = tmp_path / "content"
    shutil.copytree(CONTENT, copy)
    return copy


def sidecar(content: Path, stem: str) -> dict:
    return plain(load_yaml(content / "sources" / "ungdc" / f"{stem}.yaml"))


def test_speeches_naming_the_subject_become_sources_with_who_when_and_where(corpus, content):
    report = run("ungdc", corpus, content)
    assert sorted(report.written) == ["ungdc/old-71-2016.txt", "ungdc/rur-71-2016.txt"]
    assert report.not_about_subject == 1
    fields = sidecar(content, "rur-71-2016")
    assert fields["kind"] == "speech-transcript"
    assert fields["speaker"] == "Ruritania"
    assert fields["delivered_by"] == "Mr. Rudolf Rassendyll, Prime Minister"
    assert fields["event"] == "General Debate of the 71st session of the General Assembly"
    assert fields["date"] == "2016-09"
    assert fields["place"] == "New York"
    assert fields["passages"] == "responsibility-to-protect"
    assert "doi:10.7910/DVN/0TJX8Y" in fields["citation"]
    assert "delivered_by" not in sidecar(content, "old-71-2016"), "the table names no one for it"


def test_sessions_held_elsewhere_or_later_are_dated_and_placed_as_they_were(corpus, content):
    root = corpus / "ungdc_1946-2024" / "TXT"
    for folder, name in (("Session 06 - 1951", "RUR_6_1951.txt"), ("Session 01 - 1946", "RUR_1_1946.txt")):
        (root / folder).mkdir()
        (root / folder / name).write_text(MODERN, encoding="utf-8")
    run("ungdc", corpus, content)
    paris = sidecar(content, "rur-6-1951")
    assert (paris["date"], paris["place"]) == ("1951-11", "Paris")
    first = sidecar(content, "rur-1-1946")
    assert first["date"] == "1946" and "place" not in first, "London or New York: the corpus cannot say"
    event = next(e for e in load_archive(content).events if e.title.startswith("General Debate of the 6th"))
    assert (event.date.isoformat(), event.date_precision, event.place) == ("1951-11-01", "month", "Paris")


def test_hard_wrapped_speeches_are_reflowed_into_paragraphs():
    paragraphs = reflow(WRAPPED).split("\n\n")
    assert paragraphs[0].endswith("the responsibility to protect bind us all.")
    assert paragraphs[1] == (
        "We pledge to act with the Secretary-General and with all Member States of this Organization, "
        "in every region of the world.\n"
    ), "the page number goes, the page break inside a sentence does not split it, the hyphen joins"
    assert reflow(MODERN).split("\n\n")[1].startswith("Ruritania reaffirms")


def test_a_second_run_changes_nothing(corpus, content):
    run("ungdc", corpus, content)
    folder = content / "sources" / "ungdc"
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()}
    again = run("ungdc", corpus, content)
    assert again.written == [] and len(again.unchanged) == 2
    assert {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()} == before


def test_files_it_did_not_write_or_that_were_edited_are_left_alone(corpus, content):
    folder = content / "sources" / "ungdc"
    folder.mkdir(parents=True)
    (folder / "old-71-2016.txt").write_text("The archivist's own text.\n", encoding="utf-8")
    report = run("ungdc", corpus, content)
    assert report.refused == ["ungdc/old-71-2016.txt"]
    assert (folder / "old-71-2016.txt").read_text(encoding="utf-8") == "The archivist's own text.\n"
    assert not (folder / "old-71-2016.yaml").exists()
    edited = folder / "rur-71-2016.txt"
    edited.write_text(edited.read_text(encoding="utf-8") + "An archivist's note.\n", encoding="utf-8")
    again = run("ungdc", corpus, content)
    assert "ungdc/rur-71-2016.txt" in again.refused
    assert edited.read_text(encoding="utf-8").endswith("An archivist's note.\n")


def test_bad_corpus_files_are_reported_not_fatal(corpus, content):
    session = corpus / "ungdc_1946-2024" / "TXT" / "Session 71 - 2016"
    (session / "notes.txt").write_text("responsibility to protect", encoding="utf-8")
    (session / "BAD_71_2016.txt").write_bytes(b"\xff\xfe responsibility to protect \x80")
    (corpus / "ungdc_1946-2024" / "Speakers_by_session.xlsx").write_bytes(b"not a spreadsheet")
    report = run("ungdc", corpus, content)
    assert len(report.problems) == 3
    assert any("notes.txt" in p for p in report.problems) and any("BAD_71_2016" in p for p in report.problems)
    assert len(report.written) == 2, "the good speeches are imported, by state"
    assert sidecar(content, "rur-71-2016")["speaker"] == "RUR"


def test_all_imports_every_speech_with_every_passage(corpus, content):
    report = run("ungdc", corpus, content, everything=True)
    assert len(report.written) == 3
    assert sidecar(content, "sil-71-2016")["passages"] == "all"


def test_the_command_line_reports_and_refuses_a_missing_corpus(corpus, content, tmp_path):
    done = run_cli("import", "ungdc", str(corpus), "--content", str(content))
    assert done.returncode == 0, done.stderr
    assert "2 source(s) written" in done.stdout
    missing = run_cli("import", "ungdc", str(tmp_path / "nowhere"), "--content", str(content))
    assert missing.returncode == 1 and "corpus folder not found" in missing.stderr
    assert "Traceback" not in missing.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    wrong = run_cli("import", "ungdc", str(empty), "--content", str(content))
    assert wrong.returncode == 1 and "no TXT/ folder" in wrong.stderr


def test_imported_speeches_are_found_by_year_and_state_in_search(corpus, content, tmp_path, chromium, serve):
    """The General Debate as a researcher searches it: R2P passages of one state, or of one year."""
    from r2p_archive.build import build
    from test_search import search

    root = corpus / "ungdc_1946-2024" / "TXT"
    (root / "Session 60 - 2005").mkdir()
    (root / "Session 60 - 2005" / "RUR_60_2005.txt").write_text(
        "Ruritania welcomes the World Summit.\nThe responsibility to protect must now be made real.\n", "utf-8"
    )
    (root / "Session 71 - 2016" / "GRA_71_2016.txt").write_text(
        "Grand Fenwick recalls the responsibility to protect, and asks the Council to act.\n", "utf-8"
    )
    with (content / "registry" / "states.yaml").open("a", encoding="utf-8") as states:  # as an archivist adds a state
        states.write(
            '- id: ruritania\n  name: "Ruritania"\n  kind: state\n  aliases: [RUR]\n'
            '- id: grand-fenwick\n  name: "Grand Fenwick"\n  kind: state\n  aliases: [GRA]\n'
        )
    run("ungdc", corpus, content)
    site = tmp_path / "site"
    build(content, site, templates=CONTENT.parent / "templates")
    base = serve(site)
    page = chromium.new_page()

    def found(**filters: str) -> list[str]:
        return [result["text"] for result in search(page, base, "protect", everything=True, **filters)]

    everything = found()
    assert any("2005" in text for text in everything) and any("Grand Fenwick" in text for text in everything)
    by_state = found(speaker="Ruritania")
    assert by_state and all("Ruritania" in text for text in by_state) and len(by_state) < len(everything)
    in_2016 = found(year="2016")
    assert in_2016 and all("September 2016" in text for text in in_2016) and len(in_2016) < len(everything)
    page.close()
