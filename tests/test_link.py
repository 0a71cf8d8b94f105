"""Corroboration: the same words in two sources are linked only when both report one event."""

from __future__ import annotations

from r2p_archive.link import _corroborate
from r2p_archive.records import Statement

WORDS = "We must act before the killing starts, not after the graves are dug."


def said(statement_id: str, source: str, event: str | None, text: str = WORDS, kind: str = "quote") -> Statement:
    return Statement(statement_id, text, kind, "ban-ki-moon", "Ban Ki-moon", source, 1, 0, len(text), event=event)


def links(statements: list[Statement]) -> dict[str, tuple[str, ...]]:
    return {s.id: s.corroborated_by for s in _corroborate(statements)}


def test_the_same_words_in_two_reports_of_one_event_corroborate_each_other():
    remarks = said(
        "remarks", "transcript", "2011-07-12-dialogue", f"As I said this morning: {WORDS} Thank you.", "remarks"
    )
    quote = said("quote", "article", "2011-07-12-dialogue")
    assert links([remarks, quote]) == {"remarks": ("quote",), "quote": ("remarks",)}


def test_words_said_again_at_another_event_are_a_new_statement():
    assert links(
        [said("2011", "article-a", "2011-07-12-dialogue"), said("2014", "article-b", "2014-09-08-dialogue")]
    ) == {
        "2011": (),
        "2014": (),
    }


def test_one_source_never_corroborates_itself_and_paraphrases_never_corroborate():
    same_source = [said("first", "article", "e"), said("second", "article", "e")]
    paraphrase = [said("quote", "a", "e"), said("gist", "b", "e", kind="paraphrase")]
    assert set(links(same_source).values()) == {()}
    assert set(links(paraphrase).values()) == {()}
