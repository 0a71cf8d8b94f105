"""The records of each bundled source, asserted one by one."""

from __future__ import annotations

from datetime import date

import pytest

from loader_helpers import CONTENT, bundled, said, statements_of, words
from r2p_archive.yamlfile import load_yaml, plain

ROUNDTABLE = "impunity-watch-ban-ministerial-roundtable"
NGLS = "ngls-general-assembly-dialogue-regional-arrangements"
MINISTERIAL = "gcr2p-fifth-ministerial-meeting"
ICRTOP = "icrtop-sixth-general-assembly-dialogue"
REMARKS = "sg-remarks-general-assembly-dialogue-2011"


def event_of(source: str):
    archive = bundled()
    return next(e for e in archive.events if source in e.sources)


def test_every_event_with_its_date_and_place():
    events = {e.date: e for e in bundled().events}
    assert sorted(events) == [date(2011, 7, 12), date(2011, 9, 23), date(2012, 9, 28), date(2014, 9, 8)]
    assert all(e.place == "New York" for e in events.values())
    assert events[date(2011, 9, 23)].title.startswith("Ministerial Roundtable Discussion on Responsibility to Protect")
    assert events[date(2012, 9, 28)].title == "5th Annual R2P Ministerial Meeting"
    assert events[date(2014, 9, 8)].title.lower().startswith("sixth annual informal, interactive dialogue")


def test_two_reports_of_the_2011_dialogue_are_one_event():
    event = event_of(NGLS)
    assert event.date == date(2011, 7, 12)
    assert event.sources == (NGLS, REMARKS)
    assert event is event_of(REMARKS)
    assert "Regional and Sub-regional Arrangements" in event.title


def test_relative_dates_are_resolved_and_explained():
    event = event_of(ROUNDTABLE)
    assert event.date == date(2011, 9, 23)
    assert "yesterday" in event.date_method and "2011-09-23" in event.date_method


def test_a_day_without_a_year_takes_the_year_from_a_term_of_office():
    event = event_of(NGLS)
    assert "Joseph Deiss" in event.date_method and "term of office" in event.date_method


def test_hosts_are_found():
    assert event_of(ROUNDTABLE).hosts == ("netherlands", "guatemala", "global-centre-r2p")
    assert event_of(MINISTERIAL).hosts == ("botswana", "brazil", "denmark", "netherlands", "global-centre-r2p")
    assert "un-general-assembly" in event_of(ICRTOP).hosts


def test_roundtable_quotations():
    archive = bundled()
    headline = said(archive, ROUNDTABLE, "Responsibility to protect has arrived")
    assert (headline.kind, headline.speaker, headline.speaker_label) == ("quote", "ban-ki-moon", "UN Secretary-General")
    for quoted in (
        "this doctrine has gone from crawling to walking to running.",
        "Effective prevention requires early, active and sustained engagement",
        "need to look at our development",
        "the international community found the will and the means to respond.",
        "Let us do our utmost to ensure that this umbrella of protection covers all who need it.",
    ):
        statement = said(archive, ROUNDTABLE, quoted)
        assert (statement.kind, statement.speaker) == ("quote", "ban-ki-moon"), quoted
    quoted = {s.text for s in statements_of(archive, ROUNDTABLE) if s.kind == "quote"}
    assert not quoted & {"R2P", "critical moment", "responsibility to protect"}


def test_chrome_and_repeated_captions_yield_nothing():
    archive = bundled()
    source = next(s for s in archive.sources if s.id == ROUNDTABLE)
    roles = [p.role for p in source.paragraphs]
    assert roles.count("caption") == 1 and "chrome" in roles
    chrome = " ".join(p.text for s in archive.sources for p in s.paragraphs if p.role == "chrome")
    assert "Member Sign In" in chrome and "PDF Print E-mail" in chrome and "Photo credits" in chrome
    for statement in archive.statements:
        assert "Sign In" not in statement.text and "YouTube" not in statement.text


def test_ngls_quotations_and_paraphrases():
    archive = bundled()
    too_late = said(archive, NGLS, "doing too little, too late")
    assert (too_late.kind, too_late.speaker) == ("quote", "ban-ki-moon")
    deiss = said(archive, NGLS, "these actions were needed as a last resort")
    assert (deiss.kind, deiss.speaker) == ("paraphrase", "joseph-deiss")
    vollebaek = said(archive, NGLS, "Preventing conflicts and violence is not an easy task")
    assert (vollebaek.kind, vollebaek.speaker) == ("paraphrase", "knut-vollebaek")
    anonymous = said(archive, NGLS, "regional solutions were needed for regional problems")
    assert (anonymous.speaker, anonymous.speaker_label) == (None, "one participant")
    (outcome,) = [s for s in statements_of(archive, NGLS) if "Each individual State" in s.text]
    assert (outcome.kind, outcome.speaker, outcome.by_document) == ("quote", None, True), "the document's words"


def test_ministerial_meeting_chatham_house_rule_stays_anonymous():
    archive = bundled()
    expected = {
        "no country is immune": "one of the Ministers",
        "If we act early enough the choice does not have to be": "one participant",
        "The Hague is the final link": "one Minister",
    }
    for quoted, label in expected.items():
        statement = said(archive, MINISTERIAL, quoted)
        assert (statement.kind, statement.speaker, statement.speaker_label) == ("quote", None, label)


def test_titles_resolve_by_date():
    archive = bundled()
    deputy = said(archive, MINISTERIAL, "R2P is basically a tool of prevention")
    assert (deputy.speaker, deputy.speaker_label) == ("jan-eliasson", "Deputy Secretary-General")
    comment = said(archive, MINISTERIAL, "We have not embraced R2P because it is easy")
    assert comment.speaker == "ban-ki-moon"


def test_terms_are_not_statements_but_partial_quotations_are():
    archive = bundled()
    texts = {s.text for s in archive.statements if s.kind == "quote"}
    assert not texts & {"Responsibility while Protecting", "national ownership", "critical moment"}
    # a few quoted words inside a sentence that reports someone's speech are theirs
    speakers = {s.text: s.speaker_label for s in archive.statements if s.kind == "quote"}
    assert speakers["distorted"] == "Several speakers"
    assert speakers["severely tested"] == "UNSG"


def test_icrtop_speakers_states_and_groups():
    archive = bundled()
    tenable = said(archive, ICRTOP, "turning a blind eye to these acts is no longer tenable.")
    assert tenable.speaker == "ban-ki-moon"
    eliasson = said(archive, ICRTOP, "the lives of millions and the credibility of this organization")
    assert eliasson.speaker == "jan-eliasson"
    rwanda = said(archive, ICRTOP, "our common understanding that RtoP reinforces")
    assert (rwanda.speaker, rwanda.on_behalf_of) == ("rwanda", "group-of-friends-r2p")
    thailand = said(archive, ICRTOP, "focus more on women’s empowerment.")
    assert thailand.speaker == "thailand"
    icrtop = said(archive, ICRTOP, "already providing all three main forms of assistance")
    assert icrtop.speaker == "icrtop"
    warned = [s.speakers for s in statements_of(archive, ICRTOP) if "countering the arms trade" in s.text]
    assert warned == [("ecuador", "new-zealand", "finland", "montenegro", "burundi", "sierra-leone")]


def test_speech_transcript_is_remarks_passage_by_passage_and_a_quotation_links_to_its_passage():
    archive = bundled()
    passages = statements_of(archive, REMARKS)
    assert len(passages) > 5 and {(p.kind, p.speaker) for p in passages} == {("remarks", "ban-ki-moon")}
    assert not [p for p in passages if p.text.startswith(("Excellencies", "Thank you"))], "courtesies"
    assert any("agreed at the 2005 World Summit." in p.text for p in passages)  # the broken paragraph is rejoined
    too_late = said(archive, NGLS, "doing too little, too late")
    (holding,) = [p for p in passages if "too little, too late" in p.text]
    assert too_late.id in holding.corroborated_by
    assert too_late.corroborated_by == (holding.id,), "the quotation is corroborated by the passage, not the speech"


@pytest.mark.parametrize("source", [ROUNDTABLE, NGLS, MINISTERIAL, ICRTOP, REMARKS])
def test_every_statement_points_at_its_words(source):
    archive = bundled()
    text = next(s.text for s in archive.sources if s.id == source)
    for statement in statements_of(archive, source):
        assert words(text[statement.start : statement.end]) == words(statement.text)
        assert statement.event is not None


def test_themes_come_from_vocabulary_and_headings():
    archive = bundled()
    ids = {t.id for t in archive.themes}
    assert {"prevention", "accountability", "focal-points"} <= ids
    vocabulary = {theme["id"] for theme in plain(load_yaml(CONTENT / "registry" / "themes.yaml"))}
    assert ids == vocabulary, "a source's section headings are its own, never archive-wide themes"
    hague = said(archive, MINISTERIAL, "The Hague is the final link")
    assert "accountability" in hague.themes
    questions = said(archive, ICRTOP, "continued to express their concern")
    assert "responsibility-to-protect" in questions.themes, "the heading names RtoP: the vocabulary's theme"
