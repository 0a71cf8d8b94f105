"""Events from any layout, and themes that are subjects: one invented text per rule."""

from __future__ import annotations

from datetime import date
from functools import cache

import pytest

from loader_helpers import CONTENT
from r2p_archive.extract import Extractor, SourceMeta
from r2p_archive.registry import load_registry
from r2p_archive.text.dates import find_dates
from r2p_archive.text.mentions import MentionFinder
from r2p_archive.themes import is_subject


@cache
def extractor() -> Extractor:
    return Extractor(MentionFinder(load_registry(CONTENT / "registry")))


def event(text: str, kind: str = "document"):
    return extractor().extract("made-up", "made-up.txt", text.encode(), SourceMeta(kind=kind)).event


def test_a_heading_ending_with_place_and_date_dates_a_statement():
    found = event(
        "Statement by Ruritania at the Plenary Meeting on Item 12, Widely Debated. Lakeside, 3 March 2031\n\n"
        "Mr. President,\n\nRuritania thanks you for convening this meeting.\n"
    )
    assert (found.date.value, found.place) == (date(2031, 3, 3), "Lakeside")
    assert found.title == "Plenary Meeting on Item 12, Widely Debated"


def test_a_date_line_under_the_title_dates_a_speech_and_the_heading_names_its_occasion():
    found = event(
        "The Envoy's remarks at the Second Harbour Lecture on Prevention\n\n4 Mar 2031 0:0\n\n"
        "Thank you for inviting me tonight. We met in 2019 and again on 2 May 2024.\n",
        kind="speech-transcript",
    )
    assert found.date.value == date(2031, 3, 4)
    assert found.title == "Second Harbour Lecture on Prevention"


def test_a_place_alone_beside_the_date_line():
    found = event("Remarks at the Valley Forum\n\n05 April 2031\n\nLakeside\n\nFriends, I thank you all for coming.\n")
    assert (found.date.value, found.place) == (date(2031, 4, 5), "Lakeside")


def test_the_lead_sentence_dates_the_event_rather_than_the_posting_line():
    found = event(
        "News from the Centre\n\n9 May 2031\n\n"
        "On 7 May, Ruritania and Utopia co-hosted the 4th Annual Harbour Roundtable in Lakeside, Utopia, "
        "in association with a foundation. It adopted resolution 12 of 1 January 2030.\n"
    )
    assert (found.date.value, found.place) == (date(2031, 5, 7), "Lakeside")
    assert found.title == "4th Annual Harbour Roundtable"


def test_a_span_of_days_begins_on_its_first_day():
    found = event(
        "Summary of a meeting\n\n2 June 2031\n\n"
        "Utopia hosted the third meeting of the Harbour Network in Lakeside, Utopia, from 27 to 28 May.\n"
    )
    assert found.date.value == date(2031, 5, 27)


def test_a_title_ending_with_its_date_keeps_its_ordinal_and_drops_praise():
    found = event("Historic Ninth Harbour Dialogue: 14 January 2031\n\nThe dialogue opened with remarks.\n")
    assert (found.title, found.date.value) == ("Ninth Harbour Dialogue", date(2031, 1, 14))


def test_a_meeting_line_names_the_meeting_but_never_a_date():
    text = "XY/123\n\nHarbour Council\n\n4321st Meeting (AM)\n\nThe Council adopted a text on the harbour.\n"
    assert event(text) is None
    found = event(text.replace("XY/123\n", "XY/123\n\n11 March 2031\n\nHarbour Office • Press Division • Lakeside"))
    assert found.title == "Harbour Council 4321st Meeting"
    assert (found.date.value, found.place) == (date(2031, 3, 11), "Lakeside")


def test_an_uncertain_day_dates_the_event_to_its_month_and_no_other_date():
    assert find_dates("10 or 11 June 2031")[0].day is None
    found = event("Statement during the Harbour Debate\n\n10 or 11 June 2031\n\nIt met on 2 May 2031.\n")
    assert (found.title, found.date.value, found.date.precision) == ("Harbour Debate", date(2031, 6, 1), "month")


def test_a_partial_date_is_shown_and_exported_as_precisely_as_the_text_gives_it(content):
    from r2p_archive.export import exports
    from r2p_archive.load import load_archive
    from r2p_archive.site import render_site

    (content / "sources" / "harbour.txt").write_text(
        "Statement during the Harbour Debate\n\n10 or 11 June 2031\n\nMr. President,\n\n"
        "Ruritania thanks you for convening this debate on the responsibility to protect.\n",
        encoding="utf-8",
    )
    archive = load_archive(content)
    (harbour,) = [e for e in archive.events if e.title == "Harbour Debate"]
    assert (harbour.id, harbour.date_precision) == ("2031-06-harbour-debate", "month")
    page = render_site(archive, CONTENT.parent / "templates")[f"events/{harbour.id}/index.html"].decode()
    assert '<time datetime="2031-06">June 2031</time>' in page
    assert "1 June 2031" not in page
    assert f"{harbour.id},events/{harbour.id}/,Harbour Debate,,2031-06," in "".join(exports(archive)["data/events.csv"])


def test_dates_merely_cited_in_the_body_do_not_date_the_event():
    text = "Statement on the harbour situation\n\nThe Group welcomes the statement of 3 May 2031 by the Council.\n"
    assert event(text) is None


def test_a_session_gives_the_year_of_a_day_without_one():
    found = event("On 12 June, the Assembly held a debate on harbours as part of its 86th session.\n")
    assert found.date.value == date(2032, 6, 12) and "86th session" in found.date.method


def test_a_news_dateline_with_a_day_gives_place_and_date():
    found = event(
        "Harbour talks\n\nLAKESIDE, 24 September (Harbour News) – The talks ended; "
        "the next round opens on 1 October 2031.\n"
    )
    assert (found.place, found.date.value) == ("Lakeside", date(2031, 9, 24))


@pytest.mark.parametrize(
    "heading",
    [
        "05 September 2031",
        "XY/13348",
        "A/86/677",
        "SG/SM/20276",
        "Mr. President,",
        "4321st Meeting (AM)",
        "H.E. Mr. Jan Example, Envoy",
        "Part I, Morning Session, 27 June:",
    ],
)
def test_headings_that_are_not_subjects(heading):
    assert not is_subject(heading)


@pytest.mark.parametrize("heading", ["Early warning and assessment", "Ending impunity", "Regional arrangements"])
def test_headings_that_are_subjects(heading):
    assert is_subject(heading)


@pytest.mark.parametrize(
    ("lead", "day"),
    [
        ("Ruritania on Thursday called for a ceasefire in the north.", date(2031, 3, 6)),
        ("Ruritania and Freedonia vetoed Thursday a draft resolution on the north.", date(2031, 3, 6)),
        ("The envoy told the Council today that time was running out.", date(2031, 3, 7)),
    ],
)
def test_a_news_story_reports_the_day_its_lead_names_from_the_story_date(lead, day):
    found = event(f"Council split over the north\n\nPosted Friday 7 March 2031\n\n{lead}\n")
    assert (found.date.value, found.title) == (day, "Council split over the north")


def test_a_wire_dateline_places_a_story_but_united_nations_is_no_city():
    story = "Council split over the north\n\n7 March 2031\n\n{} - The Council on Thursday met.\n"
    assert event(story.format("LAKESIDE (Harbour Wire)")).place == "Lakeside"
    assert event(story.format("UNITED NATIONS (Harbour Wire)")).place is None


def test_a_dateline_may_put_the_date_first_or_stand_in_brackets():
    first = event(
        "EU Statement at the Lakeside Forum\n\n3 March 2031, Lakeside -- Statement delivered by Ms. Ida Lund.\n"
    )
    assert (first.date.value, first.place) == (date(2031, 3, 3), "Lakeside")
    bracketed = event(
        "Statement by Ida Lund on the north\n\n(Lakeside, 3 March 2031)\n\nIda Lund said the north must be heard.\n"
    )
    assert (bracketed.date.value, bracketed.place) == (date(2031, 3, 3), "Lakeside")


def test_an_event_over_several_days_starts_on_the_first():
    found = event(
        "Dialogue on prevention\n\nOn 23, 24 and 28 July 2031, the General Assembly held a debate on prevention.\n"
    )
    assert found.date.value == date(2031, 7, 23)


def test_a_passive_held_sentence_dates_the_event_the_headline_names():
    found = event(
        "Fourth dialogue on prevention\n\n"
        "The dialogue was held at the United Nations Headquarters on Wednesday, 5 September 2031. It mattered.\n"
    )
    assert (found.title, found.date.value) == ("Fourth dialogue on prevention", date(2031, 9, 5))


def test_a_dateline_of_two_places_and_a_story_sentence_after_it():
    found = event(
        "Ministers meet on prevention\n\nROMEVILLE/NORTHTON, 28 March 2031 – Ministers today agreed to act.\n"
    )
    assert (found.title, found.date.value, found.place) == (
        "Ministers meet on prevention",
        date(2031, 3, 28),
        "Romeville/Northton",
    )


def test_a_first_line_of_site_metadata_is_not_the_title():
    text = "date 2031-01-01\nMinisters meet on prevention\n\nLAKESIDE, 28 March 2031 – Ministers today agreed to act.\n"
    extraction = extractor().extract("made-up", "made-up.txt", text.encode(), SourceMeta())
    assert extraction.source.title == "Ministers meet on prevention"
    assert (extraction.event.title, extraction.event.place) == ("Ministers meet on prevention", "Lakeside")


@pytest.mark.parametrize(
    "posted",
    [
        "By The Harbour Wire 7 March 2031",  # a byline with the date
        "Friday 7 March 2031 09:31 GMT\nComments",  # a weekday, a time and its zone, and page chrome
    ],
)
def test_a_story_dated_by_its_byline_or_a_posting_line_reports_the_day_its_lead_names(posted):
    found = event(f"Council split over the north\n\n{posted}\n\nThe envoy spoke at a special meeting on Tuesday.\n")
    assert (found.date.value, found.place) == (date(2031, 3, 4), None)


def test_a_dateline_with_a_no_break_space():
    found = event(
        "EU Statement at the Lakeside Forum\n\n3 March 2031, Lakeside --\u00a0 EU statement by Ms. Ida Lund.\n"
    )
    assert (found.date.value, found.place) == (date(2031, 3, 3), "Lakeside")


DIALOGUE = "HRC 71: Lantern Dialogue on Early Warning with the Special Adviser"


@pytest.mark.parametrize("day", ["04 July 2023", "04 July2023"])
def test_a_title_ending_with_a_dash_and_its_date_dates_the_event_even_with_the_year_glued_on(day):
    found = event(f"{DIALOGUE} - {day}\n\nThe Council meets the Special Adviser on early warning.\n")
    assert (found.title, found.date.value) == (DIALOGUE, date(2023, 7, 4))


def test_a_masthead_ending_in_a_name_in_capitals_gives_no_place():
    found = event(f"Statements | OHCHR\n\n{DIALOGUE} - 04 July 2023\n\nThe Council meets the Adviser.\n")
    assert found.place is None
    assert event(f"News • Geneva\n\n{DIALOGUE} - 04 July 2023\n\nThe Council holds a Dialogue.\n").place == "Geneva"


def test_a_heading_that_ends_like_a_sentence_is_known_by_the_date_line_under_it():
    heading = "Special Advisers on the Prevention of Genocide, on the relevance of the Convention."
    found = event(
        f"{heading}\n\nOffice of the Special Adviser\n\n9 December 2011\n\nThe Advisers remind states of it.\n"
    )
    assert (found.title, found.date.value) == (heading.rstrip("."), date(2011, 12, 9))


def test_a_communiques_preamble_names_the_bodys_meeting_its_place_and_date():
    found = event(
        "The Peace and Security Council of the African Union, at its 948th meeting, held in Kigali on "
        "14 March 2031, adopted the following decision concerning Freedonia:\n\nThe Council,\n\n"
        "1. Welcomes the report of the Commission.\n"
    )
    assert found.title == "948th meeting of the Peace and Security Council of the African Union"
    assert (found.date.value, found.place) == (date(2031, 3, 14), "Kigali")
    assert found.hosts == ("peace-and-security-council-of-the-african-union",), "not the UN Security Council"


def test_a_un_offices_dateline_with_its_date_in_brackets_places_the_event():
    found = event(
        "Council opens a seminar on prevention\n\nGENEVA (21 March 2031) - The Human Rights Council today "
        "opened a seminar on the prevention of atrocities, with three lanterns lit at its door.\n"
    )
    assert (found.date.value, found.place) == (date(2031, 3, 21), "Geneva")
