"""Recurring meetings: events whose titles differ only by a number or year are one series, with a page."""

from __future__ import annotations

import csv
import json
import re
from datetime import date
from pathlib import Path

import pytest

from loader_helpers import CONTENT
from r2p_archive.importers import run
from r2p_archive.load import load_archive
from r2p_archive.records import Event
from r2p_archive.text.series import series_key, series_title
from test_accessibility import _violations


@pytest.mark.parametrize(
    ("title", "series"),
    [
        ("General Debate of the 60th session of the General Assembly", "General Debate of the General Assembly"),
        ("General Debate of the Sixty-first session of the General Assembly", "General Debate of the General Assembly"),
        (
            "Fifth annual Ministerial Meeting on the Responsibility to Protect",
            "Ministerial Meeting on the Responsibility to Protect",
        ),
        ("5th Annual R2P Ministerial Meeting", "R2P Ministerial Meeting"),
        ("The 2013 informal interactive dialogue", "Informal interactive dialogue"),
        (
            "Tenth emergency special session of the General Assembly",
            "Emergency special session of the General Assembly",
        ),
        ("Open debate of the Sixth Committee", "Open debate of the Sixth Committee"),  # a body, not a number
        ("Arria-formula meeting on Myanmar", "Arria-formula meeting on Myanmar"),
    ],
)
def test_a_title_without_its_number_year_and_annual_names_its_series(title: str, series: str):
    assert series_title(title) == series


def test_numbers_in_words_and_figures_give_one_key():
    assert series_key("Twenty-third Annual Forum, 2019") == series_key("the 24th annual forum") == "forum"


def _event(event_id: str, title: str, day: date, *alternatives: str) -> Event:
    return Event(event_id, title, day, "sidecar", None, (event_id,), alternative_titles=alternatives)


def test_two_or_more_events_of_one_bare_title_are_a_series_and_one_alone_is_not():
    from r2p_archive import link as linking

    events = [
        _event("a", "Fourth annual dialogue on prevention", date(2012, 9, 5)),
        _event("b", "Summit on oceans", date(2013, 1, 1)),
        _event("c", "Prevention summit", date(2013, 6, 1), "Fifth Annual Dialogue on Prevention"),  # by its other title
        _event("d", "The 2014 dialogue on prevention", date(2014, 9, 5)),
    ]
    marked, series = linking._series(events)
    assert [(s.id, s.title, s.events) for s in series] == [
        ("dialogue-prevention", "Dialogue on prevention", ("a", "c", "d"))
    ], "named as its latest meeting names it"
    assert [e.series for e in marked] == ["dialogue-prevention", None, "dialogue-prevention", "dialogue-prevention"]


def test_the_bundled_one_off_events_are_no_series():
    assert load_archive(CONTENT).series == ()


SPEECHES = {  # made up, by two states the registry knows
    ("Session 60 - 2005", "ISL_60_2005.txt"): "Iceland welcomes the responsibility to protect in the Outcome.\n",
    ("Session 60 - 2005", "GHA_60_2005.txt"): "Ghana will uphold the responsibility to protect.\n",
    ("Session 65 - 2010", "ISL_65_2010.txt"): "Iceland asks that the responsibility to protect guide the Council.\n",
    ("Session 71 - 2016", "ISL_71_2016.txt"): "Iceland recalls the responsibility to protect populations.\n",
}
STATES = {"ISL": "Iceland", "GHA": "Ghana"}


@pytest.fixture(scope="module")
def debate_site(tmp_path_factory) -> Path:
    """The bundled archive plus made-up General Debate speeches of three sessions, built."""
    import shutil

    from openpyxl import Workbook

    from r2p_archive.build import build

    root = tmp_path_factory.mktemp("debate")
    for (folder, name), text in SPEECHES.items():
        (root / "corpus" / "TXT" / folder).mkdir(parents=True, exist_ok=True)
        (root / "corpus" / "TXT" / folder / name).write_text(text, encoding="utf-8")
    book = Workbook()
    book.active.append(["Year", "Session", "ISO Code", "Country", "Name of Person Speaking", "Post"])
    for _, name in SPEECHES:
        code, session, year = name.removesuffix(".txt").split("_")
        book.active.append([int(year), int(session), code, STATES[code], "Ms. A. Delegate", "Minister"])
    book.save(root / "corpus" / "Speakers_by_session.xlsx")
    content = root / "content"
    shutil.copytree(CONTENT, content)
    run("ungdc", root / "corpus", content)
    build(content, root / "site", templates=CONTENT.parent / "templates")
    return root / "site"


def test_the_general_debate_gets_a_page_with_its_sessions_and_who_spoke(debate_site: Path):
    page = (debate_site / "series" / "general-debate-general-assembly" / "index.html").read_text()
    assert "<h1>General Debate of the General Assembly</h1>" in page
    assert "3 meetings, 2005–2016: 4 statements by 2 speakers." in page
    assert page.count('class="timeline-title"') == 3
    regulars = re.search(r'id="regulars".*?</ul>', page, re.S)
    assert regulars and "Iceland" in regulars.group(0) and "3 meetings" in regulars.group(0)
    assert "Ghana" not in regulars.group(0), "heard once: not a regular"
    assert 'id="speakers-per-year' in page and 'id="themes-by-year' in page
    assert "2005 to 2016: the most speakers in 2005 (2)." in page
    assert "2005: 2 speakers" in page and "2010: 1 speaker" in page and "2007: 0 speakers" in page
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert ld["@type"] == "EventSeries" and len(ld["subEvent"]) == 3


def test_a_meeting_and_the_events_index_link_their_series(debate_site: Path):
    session = next((debate_site / "events").glob("2010-09-general-debate-*/index.html")).read_text()
    assert 'href="../../series/general-debate-general-assembly/"' in session
    assert '"superEvent"' in session
    listing = (debate_site / "events" / "index.html").read_text()
    assert "Recurring meetings" in listing and "3 meetings, 2005–2016" in listing
    bundled = debate_site / "events" / "2011-07-12-informal-interactive-dialogue-role-regional-sub" / "index.html"
    assert "One of the meetings of" not in bundled.read_text(), "a one-off event has no series"


def test_series_are_data_too(debate_site: Path):
    with open(debate_site / "data" / "series.csv", encoding="utf-8") as table:
        rows = list(csv.DictReader(table))
    assert [(r["id"], r["title"], len(r["events"].split("|"))) for r in rows] == [
        ("general-debate-general-assembly", "General Debate of the General Assembly", 3)
    ]
    archive = json.loads((debate_site / "data" / "archive.json").read_text())
    assert sum(1 for e in archive["events"] if e["series"] == "general-debate-general-assembly") == 3
    assert "series.csv" in (debate_site / "data" / "index.html").read_text()


def test_the_series_page_reads_in_chromium_and_passes_axe(debate_site: Path, chromium, serve, axe_source):
    page = chromium.new_page()
    page.goto(serve(debate_site) + "series/general-debate-general-assembly/")
    assert page.locator("figure.chart").count() == 2
    assert page.locator("figure.chart rect.bar").count() == 12, "one slot a year, 2005 to 2016"
    assert page.get_by_role("link", name="Events").first.is_visible()
    violations = _violations(page, axe_source)
    page.close()
    assert not violations, "\n".join(violations)
