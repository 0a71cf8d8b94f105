"""Speeches read off the text (text/speech.py): one made-up example per rule of the genre."""

from __future__ import annotations

from functools import cache

import pytest

from loader_helpers import CONTENT
from r2p_archive.extract import Extractor, SourceMeta
from r2p_archive.registry import load_registry
from r2p_archive.text.mentions import MentionFinder


@cache
def extractor() -> Extractor:
    return Extractor(MentionFinder(load_registry(CONTENT / "registry")))


def remarks(text: str, kind: str = "document"):
    extraction = extractor().extract("made-up", "made-up.txt", text.encode(), SourceMeta(kind=kind))
    found = [s for s in extraction.statements if s.kind == "remarks"]
    return (found[0] if found else None), extraction


def test_a_possessive_announcement_names_the_speaker_and_the_speech_follows_it():
    statement, extraction = remarks(
        "Ban Ki-moon's Remarks at the Garden Conference on Early Warning\n\n3 March 2010\n\n"
        "Our first duty is to listen to those at risk.\n\nThe second is to act in time.\n"
    )
    assert statement.speaker == "ban-ki-moon" and statement.text.startswith("Our first duty")
    assert statement.text.endswith("act in time.") and extraction.source.kind == "speech-transcript"


def test_an_office_in_the_announcement_is_its_holder_on_the_day():
    statement, _ = remarks(
        "New York, 4 May 2014 - Deputy Secretary-General's Remarks to the Lantern Forum\n\n"
        "Prevention is cheaper than any cure.\n"
    )
    assert statement.speaker == "jan-eliasson"


def test_statement_by_a_state_after_a_prefix_and_the_speech_starts_at_the_salutation():
    statement, _ = remarks(
        "12 GA: Statement by Peru in the plenary meeting on prevention. Lima, 2 June 2015\n\n"
        "Mr. President,\n\nPeru thanks you for convening this meeting.\n"
    )
    assert statement.speaker == "peru" and statement.text.startswith("Mr. President,")


def test_following_is_the_text_of_someones_statement():
    statement, _ = remarks(
        "Words Matter, Secretary-General Says\n\n"
        "Following is the text of UN Secretary-General António Guterres’ video message to the forum, today:\n\n"
        "Friends, the world watches what we do.\n"
    )
    assert statement.speaker == "antonio-guterres" and statement.text.startswith("Friends, the world")


def test_delivered_by_makes_the_deliverer_speak_for_the_announced_speaker():
    statement, _ = remarks(
        "Remarks by H.E. Mr. Ban Ki-moon,\n\nDelivered by H.E. Mr. Jan Eliasson, his deputy\n\n"
        "Good morning, colleagues.\n\nWe are here to prevent.\n"
    )
    assert statement.speaker == "jan-eliasson" and statement.on_behalf_of == "ban-ki-moon"
    assert statement.text.startswith("Good morning")


def test_on_behalf_of_in_the_opening_paragraph_with_an_unnamed_speaker():
    statement, _ = remarks(
        "Madam Chair,\n\nI have the honour to speak on behalf of the Group of Friends of R2P.\n\n"
        "We call for early action.\n"
    )
    assert statement.speaker is None and statement.on_behalf_of == "group-of-friends-r2p"
    assert statement.text.startswith("Madam Chair,")


def test_a_letterhead_says_for_whom_an_unnamed_speaker_spoke():
    statement, _ = remarks(
        "Group of Friends of the Responsibility to Protect (Vienna)\n\nStatement at the Autumn Session\n\n"
        "Excellencies,\n\nWe remain committed to prevention.\n"
    )
    assert statement.on_behalf_of == "group-of-friends-r2p" and statement.speaker is None


@pytest.mark.parametrize(
    "text",
    [
        "Ministers Meet on Prevention\n\nGeneva, 3 May 2013 - Ban Ki-moon's remarks were welcomed by many.\n\n"
        "Several speakers said that prevention works.\n",
        "A report of the dialogue\n\nThe Secretary-General said that prevention works.\n",
        "Ministers Meet\n\nGeneva, 3 May 2013\n\n"
        + "A long paragraph of the report, " * 12
        + "and then the Security Council's statement was read: “We must act.”\n",
    ],
)
def test_a_report_that_mentions_remarks_in_passing_is_not_a_speech(text):
    statement, extraction = remarks(text)
    assert statement is None and extraction.source.kind == "document"


def test_a_sidecar_kind_is_trusted_either_way():
    text = "Ban Ki-moon's Remarks at the Garden Conference\n\nOur first duty is to listen.\n"
    assert remarks(text, kind="news-article")[0] is None
    statement, _ = remarks("A note\n\nOur first duty is to listen.\n", kind="speech-transcript")
    assert statement is not None and statement.speaker is None
