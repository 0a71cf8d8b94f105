"""Speeches read off the text (text/speech.py): one made-up example per rule of the genre.

A speech is statements passage by passage; ``remarks`` returns the first, ``passages`` all."""

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


def passages(text: str, meta: SourceMeta | None = None):
    extraction = extractor().extract("made-up", "made-up.txt", text.encode(), meta or SourceMeta())
    return [s for s in extraction.statements if s.kind == "remarks"], extraction


def remarks(text: str, kind: str = "document"):
    found, extraction = passages(text, SourceMeta(kind=kind))
    return (found[0] if found else None), extraction


def test_a_possessive_announcement_names_the_speaker_and_the_speech_follows_it():
    statement, extraction = remarks(
        "Ban Ki-moon's Remarks at the Garden Conference on Early Warning\n\n3 March 2010\n\n"
        "Our first duty is to listen to those at risk.\n\nThe second is to act in time.\n"
    )
    assert statement.speaker == "ban-ki-moon" and statement.text == "Our first duty is to listen to those at risk."
    assert extraction.source.kind == "speech-transcript"
    said = [s for s in extraction.statements if s.kind == "remarks"]
    assert [s.text for s in said] == [statement.text, "The second is to act in time."], "a statement per passage"
    assert len({s.id for s in said}) == 2 and [s.paragraph for s in said] == [3, 4]


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
    assert statement.speaker == "peru" and statement.text.startswith("Peru thanks you")


def test_following_is_the_text_of_someones_statement():
    statement, _ = remarks(
        "Words Matter, Secretary-General Says\n\n"
        "Following is the text of Secretary-General António Guterres’ recorded message to the Lantern forum:\n\n"
        "Friends, the world watches what we do.\n"
    )
    assert statement.speaker == "antonio-guterres" and statement.text.startswith("Friends, the world")


def test_delivered_by_makes_the_deliverer_speak_for_the_announced_speaker():
    statement, _ = remarks(
        "Remarks by H.E. Mr. Ban Ki-moon,\n\nDelivered by H.E. Mr. Jan Eliasson, his deputy\n\n"
        "Good morning, colleagues.\n\nWe are here to prevent.\n"
    )
    assert statement.speaker == "jan-eliasson" and statement.on_behalf_of == "ban-ki-moon"
    assert statement.text == "We are here to prevent.", "the greeting is no statement"


def test_on_behalf_of_in_the_opening_paragraph_with_an_unnamed_speaker():
    statement, _ = remarks(
        "Madam Chair,\n\nI have the honour to address you today on behalf of the Group of Friends of R2P.\n\n"
        "We call for early action.\n"
    )
    assert statement.speaker is None and statement.on_behalf_of == "group-of-friends-r2p"
    assert statement.text == "We call for early action.", "salutation and honour are courtesies"


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


THIRD_PERSON = (
    "Statement by Ida Lund, Special Rapporteur on Lanterns, on the situation in Freedonia\n\n"
    "(Geneva, 4 May 2014)\n\n"
    "The Special Rapporteur on Lanterns, Ida Lund, stated that she was alarmed by the reports of "
    "killings in the border towns of Freedonia.\n\n"
    "Three towns have burned since March. “This must stop now, and the world must not look away.”\n\n"
    "The Special Rapporteur welcomed the Government's promise of an inquiry.\n"
)


def test_rule_8_a_statement_that_reports_its_speaker_in_the_past_tense_is_read_as_a_report():
    """A press statement about what someone said is their reported speech, sentence by sentence, and a
    quotation no one else is given is theirs."""
    said, extraction = passages(THIRD_PERSON)
    assert said == [] and extraction.source.kind == "document"
    reported = [(s.kind, s.speaker, s.text[:30]) for s in extraction.statements]
    assert reported == [
        ("paraphrase", "ida-lund", "The Special Rapporteur on Lant"),
        ("quote", "ida-lund", "This must stop now, and the wo"),
        ("paraphrase", "ida-lund", "The Special Rapporteur welcome"),
    ]


def test_rule_8_not_for_a_statement_in_its_own_name_nor_a_declared_transcript():
    in_its_own_name = (
        "Statement by the Group of Friends of the Responsibility to Protect\n\n"
        "The Group of Friends welcomes the report of the Secretary-General on prevention.\n"
    )
    statement, _ = remarks(in_its_own_name)
    assert statement is not None and statement.text.startswith("The Group of Friends welcomes")
    statement, _ = remarks(THIRD_PERSON, kind="speech-transcript")  # the archivist's word outranks the tense
    assert statement is not None and statement.speaker_label.startswith("Ida Lund")


def test_a_salutation_may_drop_the_period_of_its_abbreviation():
    """British and Australian usage: "Mr President," greets the room as "Mr. President," does."""
    statement, extraction = remarks(
        "Joint Statement on Prevention\n\nLantern Council, 23 March 2011\n\n"
        "Mr President, it is an honour to read these words for twelve countries of the Lantern Group.\n\n"
        "Prevention is the first duty of every State.\n"
    )
    assert extraction.source.kind == "speech-transcript"  # without a salutation it would be no speech
    assert statement is not None and statement.text == "Prevention is the first duty of every State."


def test_a_sidecar_kind_is_trusted_either_way():
    text = "Ban Ki-moon's Remarks at the Garden Conference\n\nOur first duty is to listen.\n"
    assert remarks(text, kind="news-article")[0] is None
    statement, _ = remarks("A note\n\nOur first duty is to listen.\n", kind="speech-transcript")
    assert statement is not None and statement.speaker is None


def test_courtesies_stay_in_the_source_but_are_not_statements():
    said, extraction = passages(
        "Statement by Peru at the Harbour Debate\n\nMr. President,\n\n"
        "I congratulate you on your election. I thank the Secretary-General for his report.\n\n"
        "I thank the Secretary-General. Peru will fund the early warning office.\n\n"
        "Thank you.\n"
    )
    assert [s.text for s in said] == ["I thank the Secretary-General. Peru will fund the early warning office."]
    assert "I congratulate you on your election." in extraction.source.text


def test_a_speech_opening_that_greets_the_room_and_names_no_subject_is_no_statement():
    said, extraction = passages(
        "Statement by Peru at the Harbour Debate\n\n"
        "Mr. President, thank you for convening us. Special thanks to our guests from regional arrangements. "
        "We value their words.\n\n"
        "Thank you. We gather for the responsibility to protect.\n\n"
        "Peru will fund the early warning office.\n"
    )
    assert [s.text[:30] for s in said] == ["Thank you. We gather for the r", "Peru will fund the early warni"]
    assert "Special thanks to our guests from regional arrangements." in extraction.source.text


def test_a_sidecar_names_the_speaker_the_event_its_partial_date_and_the_passages_kept():
    meta = SourceMeta(
        kind="speech-transcript",
        speaker="Peru",
        delivered_by="Mr. Juan Pérez, Minister for Foreign Affairs",
        event="General Debate of the 86th session of the General Assembly",
        date="2031-09",
        passages="responsibility-to-protect",
    )
    said, extraction = passages(
        "Allow me to begin by congratulating you, Sir.\n\n"
        "The harbour of Lima is open to every ship.\n\n"
        "Peru stands by the responsibility to protect populations from atrocity crimes.\n",
        meta,
    )
    assert [(s.speaker, s.text[:20]) for s in said] == [("peru", "Peru stands by the r")], "only passages on the theme"
    assert extraction.source.delivered_by == "Mr. Juan Pérez, Minister for Foreign Affairs"
    event = extraction.event
    assert event.title == "General Debate of the 86th session of the General Assembly"
    assert (event.date.value.isoformat(), event.date.precision) == ("2031-09-01", "month")


def test_a_sidecar_passages_value_must_be_a_theme_or_all():
    from r2p_archive.errors import ArchiveError

    with pytest.raises(ArchiveError, match="passages names no theme 'harbours'"):
        passages("Mr. President,\n\nWe act.\n", SourceMeta(kind="speech-transcript", passages="harbours"))


def test_a_transcripts_paragraph_numbers_are_not_words():
    said, extraction = passages(
        "Statement by Peru at the Harbour Debate\n\nMr. President,\n\n"
        "45. Peru will fund the early warning office.\n\n(46) We call for restraint in the Council.\n\n"
        "100 States have signed the harbour pact.\n"
    )
    assert [s.text for s in said] == [
        "Peru will fund the early warning office.",
        "We call for restraint in the Council.",
        "100 States have signed the harbour pact.",
    ]
    assert all(extraction.source.text[s.start : s.end] == s.text for s in said), "offsets point at the words"


def test_rule_2_a_statement_announced_by_a_name_alone_with_the_office_under_it():
    said, _ = remarks(
        "Interactive Dialogue on Prevention\n\nStatement by Tomas K. Brell\nHead of Delegation of Peru\n\n"
        "3 March 2031\n\nThank you, Mr. President.\n\nPeru thanks the Special Adviser for the report.\n"
    )
    assert (said.speaker, said.on_behalf_of) == ("tomas-k-brell", "peru")


def test_rule_2_the_deliverer_named_in_a_lead_in_sentence():
    said, _ = remarks(
        "EU Statement at the Lakeside Forum\n\n3 March 2031, Lakeside -- The statement of the Union, on behalf "
        "of the European Union, was delivered by H.E. Ms. Ida Lund, Ambassador, at the Forum.\n\n"
        "Mr. President,\n\nThe European Union remains committed to prevention.\n"
    )
    assert (said.speaker, said.speaker_label) == ("ida-lund", "H.E. Ms. Ida Lund")
    assert said.on_behalf_of == "european-union"


def test_a_quotation_a_speech_gives_to_someone_it_names_is_theirs_and_the_passage_stays_the_speakers():
    found, _ = passages(
        "Ida Lund's remarks to the Lantern Dialogue\n\n4 May 2031\n\nExcellencies,\n\n"
        "We meet at a hard time. As the former High Commissioner, Ms. Rose Black, said in her last briefing, "
        "“prevention is the work of every day and every government.” I agree with her.\n"
    )
    _, extraction = passages(
        "Ida Lund's remarks to the Lantern Dialogue\n\n4 May 2031\n\nExcellencies,\n\n"
        "As the former High Commissioner, Ms. Rose Black, said in her last briefing, “prevention is the work "
        "of every day and every government.” I agree with her.\n"
    )
    assert [(s.kind, s.speaker) for s in extraction.statements] == [("remarks", "ida-lund"), ("quote", "rose-black")]
    assert [s.speaker for s in found] == ["ida-lund"]


def test_a_text_a_body_adopted_is_the_bodys_words():
    """Rule 7: a communiqué's preamble names the body whose words the numbered paragraphs are."""
    text = (
        "The Peace and Security Council of the African Union, at its 948th meeting, held in Kigali on "
        "14 March 2031, adopted the following decision concerning Freedonia:\n\nThe Council,\n\n"
        "1. Welcomes the report of the Lantern Commission.\n\n2. Condemns all acts of violence.\n"
    )
    extraction = extractor().extract("communique", "communique.txt", text.encode(), SourceMeta())
    said = [(s.kind, s.speaker, s.attribution) for s in extraction.statements]
    assert said and {who for _, who, _ in said} == {"peace-and-security-council-of-the-african-union"}
    assert {kind for kind, _, _ in said} == {"remarks"}
    assert said[0][2] == "the body that adopted it, named in its preamble"
