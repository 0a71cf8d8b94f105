"""Quotation marks and sentences.

Rules, written down because they decide what counts as a statement:
- A quotation is text between a curly pair (“…”) or a straight pair ("…") inside one paragraph,
  curly and straight marks mixed as pages mix them (“…" or "…”), a space before the closing mark
  allowed. An opening mark with no closing mark before the next opening mark or ``MAX_QUOTE``
  characters is unbalanced and ignored: no quotation swallows the document.
- The last opening mark of a paragraph with no closing mark after it opens a quotation that runs
  to the paragraph's end (``closed`` False): a news story quoting someone over several paragraphs
  closes the mark only in the last one, and an excerpt may stop before the mark closes. When the
  next paragraph does not reopen the quotation (it does not open with a mark), the mark was left
  open by mistake: it is a stray mark (``stray_opening``), and the caller reports it and reads the
  paragraph without it. In the story's last paragraph (no paragraph follows but the page's own
  lines) it is not: the excerpt stopped before the mark closed.
- A closing curly mark with no opening mark before it in the paragraph closes a quotation that
  began at the paragraph's start (its opening mark lost: ``opened`` False).
- A quotation is a *term or name*, not a statement, when it has fewer than ``MIN_WORDS``
  words ("R2P", "critical moment", "Responsibility while Protecting") in a sentence that reports
  no one's speech (in one that does, it is a partial quotation of the speaker, unless an article
  makes it a name for something: "R2P is at a “critical moment”"), when a term cue
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
_CLOSING = '”"'  # either closes either: pages mix curly and straight marks
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
    closed: bool = True  # False: the mark opens and the paragraph ends first (rules above)
    opened: bool = True  # False: only a closing mark, the quotation runs from the paragraph's start


def find_quotes(text: str) -> list[Quote]:
    """Quotations in one paragraph, in order (rules above)."""
    quotes, resume = [], 0
    marks = list(_OPENING.finditer(text))
    orphan = _orphan_closing(text, marks[0].start() if marks else len(text))
    if orphan is not None:
        quotes.append(orphan)
        resume = orphan.outer[1]
    for number, mark in enumerate(marks):
        index = mark.start()
        if index < resume:
            continue
        end = _closing_index(text, index)
        if end is None:
            if number == len(marks) - 1 and _opens_words(text, index):
                quote = _quote(text, index, len(text), closed=False)
                if quote:
                    quotes.append(quote)
            continue
        quote = _quote(text, index, end)
        if quote:
            quotes.append(quote)
        resume = end + 1
    return quotes


def stray_opening(text: str, next_paragraph: str | None) -> int | None:
    """The opening mark of a quotation the paragraph never closes and the next paragraph does not reopen
    (rules above): a typing mistake, not a quotation. With no next paragraph, the excerpt stopped there."""
    open_quote = next((quote for quote in find_quotes(text) if not quote.closed), None)
    if open_quote is None or next_paragraph is None or _OPENING.match(next_paragraph.lstrip()):
        return None
    return open_quote.outer[0]


def _quote(text: str, index: int, end: int, closed: bool = True, opened: bool = True) -> Quote | None:
    """The quotation whose opening mark is at ``index`` (or whose words start there, if not
    ``opened``) and whose closing mark is at ``end``: its words without trailing punctuation."""
    start = index + 1 if opened else index
    stop = end
    while stop > start and (text[stop - 1] in _TRAILING or text[stop - 1].isspace()):
        stop -= 1
    if stop <= start:
        return None
    return Quote(start, stop, text[start:stop], (index, min(end + 1, len(text))), closed, opened)


def _opens_words(text: str, index: int) -> bool:
    """Does the mark at ``index`` open words (not close them, nor stand for inches)?"""
    before = text[index - 1] if index else " "
    after = text[index + 1] if index + 1 < len(text) else " "
    return (before.isspace() or before in "([—–-:") and not after.isspace()


def _orphan_closing(text: str, first_opening: int) -> Quote | None:
    """A curly closing mark before any opening mark: a quotation from the paragraph's start."""
    end = text.find("”", 0, min(first_opening, MAX_QUOTE))
    if end < 0 or len(_WORD.findall(text[:end])) < MIN_WORDS:
        return None
    start = len(text) - len(text.lstrip())
    return _quote(text, start, end, opened=False)


def _closing_index(text: str, opening_index: int) -> int | None:
    """The closing mark, unless another opening mark, the limit or the end comes first."""
    limit = min(len(text), opening_index + 1 + MAX_QUOTE)
    found = [at for at in (text.find(mark, opening_index + 1, limit) for mark in _CLOSING) if at >= 0]
    if not found:
        return None
    end = min(found)
    if text.find("“", opening_index + 1, end) >= 0:
        return None
    # a straight mark that opens words is another quotation beginning: this one never closed
    return end if text[end] == "”" or not _opens_words(text, end) else None


def _words_before(quote: Quote, paragraph: str) -> str:
    """The few words right before the quotation's opening mark, lower-cased, where a cue stands."""
    return paragraph[max(0, quote.start - 40) : quote.start - 1].lower().rstrip(" ,")


def named_by_cue(quote: Quote, paragraph: str, term_cues: tuple[str, ...]) -> bool:
    """Is the quotation a name the text gives right after a term cue ("known as “R2P”")?"""
    return _cued(_words_before(quote, paragraph), term_cues)


def _cued(before: str, term_cues: tuple[str, ...]) -> bool:
    return any(before.endswith(cue.lower()) for cue in term_cues)


def is_term(quote: Quote, paragraph: str, term_cues: tuple[str, ...], reported: bool = False) -> bool:
    """Is this quotation a name or a term rather than someone's words? (rules above)

    ``reported``: the sentence reports what someone said, so a short quotation in it is a partial
    quotation of their words ("accused the regime of barbaric “crimes”"), unless a term cue
    or capitals make it a name."""
    before = _words_before(quote, paragraph)
    if _cued(before, term_cues):
        return True
    words = _WORD.findall(quote.text)
    if len(words) < MIN_WORDS and (not reported or re.search(r"\b(?:a|an)$", before)):
        return True  # after an article it names a thing ("at a “critical moment”"), it quotes no one
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
