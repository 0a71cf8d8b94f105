"""Mistakes in a text are reported as they are, naming the line and the cause; the bundled texts give none."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from loader_helpers import CONTENT, bundled, run_cli
from r2p_archive.load import load_archive
from r2p_archive.text.dates import find_dates, impossible_dates


def archive_of(tmp_path: Path, text: str, sidecar: str | None = None):
    """The archive of one made-up text, read with the bundled registry."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT / "registry", content / "registry")
    (content / "sources").mkdir()
    (content / "sources" / "made-up.txt").write_text(text, encoding="utf-8")
    if sidecar is not None:
        (content / "sources" / "made-up.yaml").write_text(sidecar, encoding="utf-8")
    return load_archive(content)


def warnings_of(archive) -> list[str]:
    return [str(notice) for notice in archive.warnings]


WORKSHOP = "Workshop on Early Warning\n\nNEW YORK, {day} — The Workshop on Early Warning met today.\n\n{body}\n"


def test_an_unclosed_quotation_is_reported_at_its_line_and_leaves_no_stray_mark(tmp_path):
    body = "“We must act early, said Ban Ki-moon. Prevention matters.\n\nBan Ki-moon said prevention comes first."
    archive = archive_of(tmp_path, WORKSHOP.format(day="12 March 2015", body=body))
    assert "content/sources/made-up.txt:5: warning: quotation opened and not closed: We must act early" in "\n".join(
        warnings_of(archive)
    )
    assert not [s for s in archive.statements if "“" in s.text or s.kind == "quote"]


def test_a_quotation_continued_in_the_next_paragraph_is_no_mistake(tmp_path):
    body = "“We must act early, said Ban Ki-moon.\n\n“And we must act together,” he said."
    archive = archive_of(tmp_path, WORKSHOP.format(day="12 March 2015", body=body))
    assert not [w for w in warnings_of(archive) if "not closed" in w]


def test_a_quotation_the_excerpt_stops_in_is_a_quotation_not_a_mistake(tmp_path):
    """The story's last paragraph: no paragraph of it follows to close or reopen the mark."""
    body = "“We must act early,” said Ban Ki-moon. “We wanted a plan to act on, and we have a brochure."
    archive = archive_of(tmp_path, WORKSHOP.format(day="12 March 2015", body=body))
    assert not [w for w in warnings_of(archive) if "not closed" in w]
    assert [s.text for s in archive.statements if s.kind == "quote"][-1].startswith("We wanted a plan")


def test_an_impossible_date_is_no_such_date_at_its_line(tmp_path):
    archive = archive_of(tmp_path, WORKSHOP.format(day="31 February 2015", body="Ban Ki-moon said it."))
    assert "content/sources/made-up.txt:3: warning: no such date: “31 February 2015”" in warnings_of(archive)
    assert impossible_dates("on 2015-02-30 and 29 February 2016") == [(3, "2015-02-30")]


def test_an_iso_date_in_a_dateline_dates_and_places_the_event(tmp_path):
    archive = archive_of(
        tmp_path, WORKSHOP.format(day="2015-03-12", body="Ban Ki-moon said it.").replace("NEW YORK", "GENEVA")
    )
    (event,) = archive.events
    assert (event.date.isoformat(), event.date_method, event.place) == ("2015-03-12", "stated in full", "Geneva")
    assert [m.expression for m in find_dates("A/66/874-S/2012/578 of 2012-07-25")] == ["2012-07-25"]


@pytest.mark.parametrize("sidecar", ["event: Workshop on Atrocity Prevention\n", "place: Geneva\n"])
def test_a_sidecar_event_or_place_without_a_date_names_the_event_the_text_dates(tmp_path, sidecar):
    archive = archive_of(tmp_path, WORKSHOP.format(day="12 March 2015", body="Ban Ki-moon said it."), sidecar)
    (event,) = archive.events
    key, value = sidecar.strip().split(": ")
    assert (event.title if key == "event" else event.place) == value
    assert event.date.isoformat() == "2015-03-12"


def test_a_sidecar_event_without_any_date_says_what_is_missing(tmp_path):
    text = "Workshop on Early Warning\n\nBan Ki-moon said prevention comes first.\n"
    archive = archive_of(tmp_path, text, "event: Workshop on Atrocity Prevention\n")
    assert not archive.events
    assert any("the sidecar's 'event' and 'place' need its 'date'" in w for w in warnings_of(archive))


def test_the_bundled_texts_give_no_warning():
    """A newcomer's first ``build --strict`` passes: "The World Summit Outcome Document notes: “…”" is the
    document's words (a document speaks in the present tense: ``document_verbs``)."""
    archive = bundled()
    assert warnings_of(archive) == []
    (quoted,) = [s for s in archive.statements if s.text.startswith("Each individual State has the responsibility")]
    assert (quoted.by_document, quoted.speaker_label) == (True, "The World Summit Outcome Document")


def test_serve_takes_strict_and_build_describes_itself():
    assert "--strict" in run_cli("serve", "--help").stdout
    build = run_cli("build", "--help").stdout
    assert "Build the site from content/ into _site/" in build and "--strict" in build


def test_a_group_is_never_a_speaker_by_its_bare_noun(tmp_path):
    body = "Fourteen states identified the veto as a hurdle.\n\nThese same countries urged restraint on the veto."
    archive = archive_of(tmp_path, WORKSHOP.format(day="12 March 2015", body=body))
    labels = {s.speaker_label for s in archive.statements if not s.speaker}
    assert labels == {"Fourteen states", "These same countries"}
    nouns = set(bundled_conventions().group_nouns)  # as written inside a sentence: "states", "countries"
    assert not [s.speaker_label for s in bundled().statements if s.speaker_label in nouns]


def bundled_conventions():
    from r2p_archive.registry import load_registry

    return load_registry(CONTENT / "registry").conventions


@pytest.mark.parametrize("headline", ["", "Workshop strengthens regional cooperation on prevention\n\n"])
def test_a_press_release_titles_its_event_by_the_meeting_it_names_and_writes_its_place_as_a_place(tmp_path, headline):
    lead = "The Regional Workshop on Atrocity Prevention for Eastern Europe brought together officials from twenty"
    quoted = "“Act early,” said Ban Ki-moon."
    text = f"{headline}GENEVA, 14 May 2019 – {lead} Member States at the Palais des Nations.\n\n{quoted}\n"
    (event,) = archive_of(tmp_path, text).events
    assert (event.title, event.place) == ("Regional Workshop on Atrocity Prevention for Eastern Europe", "Geneva")
