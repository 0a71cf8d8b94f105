"""Quotation marks and sentences.

Rules, written down because they decide what counts as a statement:
- A quotation is text between a curly pair (“…”) or a straight pair ("…") inside one paragraph.
  An opening mark with no closing mark before the next opening mark, the end of the paragraph
  or ``MAX_QUOTE`` characters is unbalanced and ignored: no quotation swallows the document.
- A quotation is a *term or name*, not a statement, when it has fewer than ``MIN_WORDS``
  words ("R2P", "critical moment", "Responsibility while Protecting"), when a term cue
  precedes it ("known as", "concept of", "entitled"), or when every longer word in it is
  capitalized (a title: "Fulfilling our Collective Responsibility").
- Sentences end at . ! or ? followed by a space and a capital or an opening quote, never
  inside a quotation, and never after an abbreviation (Mr., Dr., H.E.) or an initial (U.).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_QUOTE = 2000
MIN_WORDS = 4
_PAIRS = {"“": "”", '"': '"'}
_OPENING = re.compile('[“"]')
_SENTENCE_END = re.compile(r"[.!?][”\"’)]*\s+(?=[A-Z“\"‘(0-9])")
_ABBREVIATION_BEFORE = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|St|No|Gen|Amb|Jr|Sr|vs|e\.g|i\.e|H\.E|U\.S|U\.N)|\b[A-Z])$"
)
_TRAILING = ",;: "
_WORD = re.compile(r"[\w’'-]+")


@dataclass(frozen=True)
class Quote:
    """A quotation in a paragraph: ``start``/``end`` span its words, ``outer`` the marks too."""

    start: int
    end: int
    text: str
    outer: tuple[int, int]


def find_quotes(text: str) -> list[Quote]:
    """Balanced quotations in one paragraph, in order."""
    quotes, resume = [], 0
    for mark in _OPENING.finditer(text):
        index = mark.start()
        if index < resume:
            continue
        opening = mark.group()
        end = _closing_index(text, index, opening, _PAIRS[opening])
        if end is None:
            continue
        start, stop = index + 1, end
        while stop > start and text[stop - 1] in _TRAILING:
            stop -= 1
        if stop > start:
            quotes.append(Quote(start, stop, text[start:stop], (index, end + 1)))
        resume = end + 1
    return quotes


def _closing_index(text: str, opening_index: int, opening: str, closing: str) -> int | None:
    """The closing mark, unless another opening mark, the limit or the end comes first."""
    limit = min(len(text), opening_index + 1 + MAX_QUOTE)
    end = text.find(closing, opening_index + 1, limit)
    if end < 0:
        return None
    if opening != closing and text.find(opening, opening_index + 1, end) >= 0:
        return None
    return end


def is_term(quote: Quote, paragraph: str, term_cues: tuple[str, ...]) -> bool:
    """Is this quotation a name or a term rather than someone's words? (rules above)"""
    words = _WORD.findall(quote.text)
    if len(words) < MIN_WORDS:
        return True
    before = paragraph[max(0, quote.start - 40) : quote.start - 1].lower().rstrip(" ,")
    if any(before.endswith(cue.lower()) for cue in term_cues):
        return True
    long_words = [word for word in words if len(word) > 3]
    return bool(long_words) and all(word[0].isupper() for word in long_words)


def sentences(text: str, quotes: list[Quote]) -> list[tuple[int, int]]:
    """Sentence spans of one paragraph, never splitting inside a quotation (linear time)."""
    inside = [quote.outer for quote in quotes]
    spans, start, current = [], 0, 0
    for match in _SENTENCE_END.finditer(text):
        while current < len(inside) and inside[current][1] <= match.start():
            current += 1
        punctuation_end = match.start() + len(match.group().rstrip())
        if current < len(inside) and inside[current][0] <= match.start() and punctuation_end < inside[current][1]:
            continue
        window = text[max(start, match.start() - 8) : match.start()]
        if text[match.start()] == "." and _ABBREVIATION_BEFORE.search(window):
            continue
        boundary = match.end()
        spans.append((start, _rstrip_index(text, start, boundary)))
        start = boundary
    if start < len(text):
        spans.append((start, _rstrip_index(text, start, len(text))))
    return [(_lstrip_index(text, s, e), e) for s, e in spans if e > _lstrip_index(text, s, e)]


def _lstrip_index(text: str, start: int, end: int) -> int:
    while start < end and text[start].isspace():
        start += 1
    return start


def _rstrip_index(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end
