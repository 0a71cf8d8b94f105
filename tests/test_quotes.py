"""Quotations and sentences: rules from the module docstring, examples and properties."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from r2p_archive.text.quotes import MAX_QUOTE, find_quotes, is_term, sentences

plain = st.text(alphabet=st.characters(blacklist_characters='“”"', blacklist_categories=("Cs",)), max_size=200)
words = st.lists(st.from_regex(r"[a-z]{2,9}", fullmatch=True), min_size=1, max_size=12).map(" ".join)


@given(plain, words, plain)
def test_a_curly_quotation_is_found_exactly(before, quoted, after):
    text = f"{before}“{quoted}”{after}"
    (quote,) = find_quotes(text)
    assert quote.text == quoted and text[quote.start : quote.end] == quoted


@given(st.text(max_size=400))
def test_quotes_always_point_at_their_text_and_stay_bounded(text):
    for quote in find_quotes(text):
        assert text[quote.start : quote.end] == quote.text
        assert quote.end - quote.start <= MAX_QUOTE
        assert text[quote.outer[0]] in '“"'


@given(plain, words)
def test_an_unbalanced_mark_swallows_nothing(before, rest):
    assert [q.text for q in find_quotes(f"{before}“{rest}. And then “the rest” of it")] == ["the rest"]


@given(st.text(max_size=300))
def test_sentences_cover_the_text_in_order(text):
    spans = sentences(text, find_quotes(text))
    assert spans == sorted(spans)
    assert all(0 <= start < end <= len(text) for start, end in spans)


def test_sentence_split_respects_abbreviations_and_quotes():
    text = "H.E. Mr. Jan Eliasson spoke. “We act. Together,” he said. Dr. Welsh agreed."
    cut = [text[s:e] for s, e in sentences(text, find_quotes(text))]
    assert cut == ["H.E. Mr. Jan Eliasson spoke.", "“We act. Together,” he said.", "Dr. Welsh agreed."]


def test_terms_and_names_are_not_statements():
    text = (
        "the concept of “Responsibility while Protecting” known as “R2P” at a “critical moment” said “it is right now”"
    )
    quotes = find_quotes(text)
    assert [is_term(q, text, ("known as", "concept of")) for q in quotes] == [True, True, True, False]
    title = (
        "a report entitled “Fulfilling our Collective Responsibility: International Assistance and the Responsibility”"
    )
    assert is_term(find_quotes(title)[0], title, ("entitled",))
