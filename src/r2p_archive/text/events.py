"""A source's main event: its title, date, place, hosts and participants.

Three ways texts in this genre announce an event, tried in order:
1. a dateline line: "5th Annual R2P Ministerial Meeting, New York, 28 September 2012" or
   "New York, 12 July 2011 - Secretary-General's Remarks to <event>";
2. "<organizer> held an/its <event> at <venue> in <place>" in a sentence with a date;
3. "at the <Event Name>, held in <place> <yesterday | on Friday>".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from r2p_archive.records import DateRef
from r2p_archive.text.read import Block, dateline, plain_text

_HELD = re.compile(r"\bheld (?:an?|its|the) (?P<title>[^.]+?)(?: at (?:the )?(?P<venue>[^.]+?))?\.?$")
_HELD_IN = re.compile(r"\bat the (?P<title>[A-Z][^,]+?), held in (?P<place>[A-Z][A-Za-z]+(?: [A-Z][A-Za-z]+)*)")
_VENUE_PLACE = re.compile(r"\bin (?P<place>[A-Z][A-Za-z]+(?: [A-Z][A-Za-z]+)*)$")
_INLINE_DATELINE = re.compile(r"^(?P<place>[A-Z][A-Z .'-]{2,40}),(?: [A-Z][\w .]+)? [–—-] ")
_REMARKS = re.compile(
    r"^(?P<speaker>.+?)['’]s (?:Remarks|Statement|Address|Speech|Message|Opening Remarks) "
    r"(?:to|at|before) (?:the )?(?P<event>.+)$"
)
_PARENTHESES = re.compile(r"\s*\([^)]*\)")


@dataclass(frozen=True)
class EventClue:
    """What one source says of its main event, before events of all sources are merged."""

    title: str
    date_text: str | None  # the words that date it, for DateMention lookup
    date_at: int  # offset in the original text of the sentence or line that dates it
    place: str | None
    speaker_title: str | None = None  # for a transcript: who delivered the remarks
    organizer: tuple[int, int] | None = None  # original offsets of the words naming the organizer


def find_event(blocks: list[Block], sentence_spans) -> EventClue | None:
    """The main event of a source, from its dateline or its first 'held' sentence."""
    place = _inline_place(blocks)
    for block in blocks:
        if block.role != "dateline":
            continue
        match = dateline(block.text)
        title = match.group("post") or match.group("pre")
        speaker = None
        if title:
            remarks = _REMARKS.match(title)
            if remarks:
                title, speaker = remarks.group("event"), remarks.group("speaker")
            return EventClue(_tidy(title), match.group("date"), block.start, match.group("place"), speaker)
    for block in blocks:
        if block.role != "body":
            continue
        for start, end in sentence_spans(block):
            sentence = block.text[start:end]
            held_in = _HELD_IN.search(sentence)
            if held_in:
                return EventClue(
                    _tidy(held_in.group("title")),
                    None,
                    block.to_original(start),
                    held_in.group("place"),
                    None,
                )
            held = _HELD.search(sentence)
            if held:
                venue = held.group("venue") or ""
                venue_place = _VENUE_PLACE.search(venue)
                found_place = venue_place.group("place") if venue_place else place
                organizer = (block.to_original(start), block.to_original(start + held.start()))
                return EventClue(
                    _tidy(held.group("title")), None, block.to_original(start), found_place, None, organizer
                )
    return None


def _inline_place(blocks: list[Block]) -> str | None:
    """A news dateline at the start of the first paragraph: "NEW YORK, United States – ..."."""
    for block in blocks:
        if block.role == "body":
            match = _INLINE_DATELINE.match(block.text)
            return match.group("place").title() if match else None
    return None


def _tidy(title: str) -> str:
    title = _PARENTHESES.sub("", plain_text(title)).strip(" ,.:;")
    return title[:1].upper() + title[1:]


def date_for(clue: EventClue, dates: list[DateRef]) -> DateRef | None:
    """The resolved date nearest after the clue's position (its line or sentence)."""
    after = [d for d in dates if d.start >= clue.date_at]
    if clue.date_text:
        exact = [d for d in after if d.expression == clue.date_text]
        if exact:
            return exact[0]
    return min(after, key=lambda d: d.start - clue.date_at, default=None) or (dates[0] if dates else None)
