"""Is a text one speaker's words (a speech, a statement read in a meeting), and whose?

Speeches and statements announce themselves in the genre's own ways, so an archivist need
not write a sidecar for each. Rules, tried on the text's front matter (its first lines):

1. **Announcement.** A line names a delivered speech and its speaker: "<Speaker>'s remarks at
   …", "Following is the text of <Speaker>’ video statement …", "Statement by <Speaker> in …",
   "Intervention by <Speaker>, <office>", "Remarks by <Speaker>". The speech nouns are the
   conventions' ``speech_announcements``.
2. **Delivered by.** "Delivered by <Deliverer>" under an announcement, or "… statement … delivered
   by <Deliverer>, <office>" in the lead-in before the salutation: the deliverer speaks, on
   behalf of the announced speaker. A short line right under the announcement is the speaker's
   office ("Head of Delegation of <State>"): the state it names is whom they speak for.
3. **On behalf of.** "Statement on behalf of <Group>", or "I have the honour to deliver this
   statement on behalf of <Group>" in the opening paragraphs: the speaker speaks for the group.
4. **Salutation.** The speech starts at the first paragraph that opens with a salutation of the
   room ("Mr. President,", "Excellencies,", "Thank you, Madam Chair"; the conventions'
   ``salutations``); without one, at the first body paragraph after the announcement. A text
   with neither an announcement nor a salutation up front is not a speech (unless its sidecar
   says so).
5. **Letterhead.** When no speaker is named, a first line that is only the name of a group or
   organization is on whose behalf the (unnamed) speaker spoke.

7. **Adopted text.** A preamble "<Body>, at its <meeting>, ..., adopted the following decision:" makes
   what follows (a communiqué, a decision) the body's words.
8. **Third person.** An announced statement whose first passage reports its own speaker in the past
   tense ("Statement by Ida Lund ...", then "The Special Adviser, Ida Lund, stated that she was
   alarmed ...") is a press statement about what they said, not their words: it is read sentence by
   sentence, as any report. (A group's statement in its own name, "The Group welcomes ...", is its
   words: the present tense.) A quotation in it that no other rule gives a speaker is theirs.

A speech is statements passage by passage: each of its paragraphs is one, except courtesies.
6. **Courtesy.** A paragraph every sentence of which opens with a salutation ("Mr. President,") or
   a courtesy (the conventions' ``courtesies``: "I congratulate", "I thank", "It is an honour")
   greets or thanks the room: it stays in the source, and is no statement. So does the speech's
   opening passage when it opens so and each of its other sentences thanks (``thanks_words``) or
   names none of the archive's subjects (no theme's cue): "Mr. President, thank you for convening
   us. Special thanks to our guests from regional arrangements. We value their words."
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from r2p_archive.text.quotes import find_quotes, sentences
from r2p_archive.text.read import Block, plain_text

_IRREGULAR_PAST = frozenset({"said", "told", "spoke of", "made a statement"})
FRONT_MATTER = 8  # blocks: where a speech's announcement and first words stand

_NAME = r"[A-Z][\w.\-]*(?:\s+(?:[A-Z][\w.\-]*|[a-z]{1,3}(?=\s+[A-Z])))*"  # "Ban Ki-moon", "Karel van Oosterom"
_CLAUSE_END = r"(?=,|;|:|\s+(?:in|at|on|to|before|during|for|of the)\s|\s*$)"
# rule 7: "The Peace and Security Council of the African Union, at its 631st meeting, ..., adopted the
# following decision on ...:"
_ADOPTED = re.compile(r"^(?P<who>(?:The\s+)?[A-Z][^,]{3,120}?),\s.*\badopted the following\b[^.]*:$")


@dataclass(frozen=True)
class Speech:
    """Where a speech starts and who the text says gave it (words as the text has them)."""

    start: int  # index of the block where the speech's words begin
    speaker: str | None  # the words naming who spoke, e.g. "Deputy Secretary-General"
    behalf: tuple[str, ...]  # who the speaker spoke for: the words after "on behalf of", a letterhead
    rule: str
    office: str | None = None  # the line under the announcement that gives the speaker's office
    reported: bool = False  # rule 8: a press statement about what the speaker said, to be read as a report


class SpeechReader:
    """Compiled announcement and salutation patterns of one registry's conventions."""

    def __init__(
        self,
        announcements: tuple[str, ...],
        salutations: tuple[str, ...],
        courtesies: tuple[str, ...] = (),
        thanks: tuple[str, ...] = (),
        reporting_verbs: tuple[str, ...] = (),
    ) -> None:
        nouns = "|".join(re.escape(n) for n in sorted(announcements, key=len, reverse=True))
        self._possessive = re.compile(rf"(?P<who>{_NAME})['’]s?\s+(?:[a-z]+[\s-]+){{0,2}}?(?i:{nouns})\b(?!\s+by\b)")
        self._by = re.compile(
            rf"(?:^|[:–—-]\s+)(?i:{nouns})\s+(?:(?:delivered|given|made)\s+)?by\s+(?P<who>.+?){_CLAUSE_END}"
        )
        self._delivered = re.compile(rf"^(?i:delivered|read(?: out)?)\s+by\s+(?P<who>.+?){_CLAUSE_END}")
        self._delivered_within = re.compile(
            rf"\b(?i:{nouns})\b[^.]{{0,200}}?\b(?:delivered|read out|read)\s+by\s+(?P<who>.+?){_CLAUSE_END}"
        )
        self._behalf = re.compile(r"\bon behalf of\s+(?:\((?:some |the )?members of\)\s+)?(?P<who>.+?)(?=[,;.]|$)")
        greetings = "|".join(_abbreviated(s) for s in sorted(salutations, key=len, reverse=True))
        self._salutation = re.compile(rf"^(?i:{greetings})\b")
        polite = "|".join(_abbreviated(c) for c in sorted((*salutations, *courtesies), key=len, reverse=True))
        self._courteous = re.compile(rf"^[“\"]?(?i:{polite})\b")
        grateful = "|".join(re.escape(t) for t in thanks)
        self._thanks = re.compile(rf"\b(?i:{grateful})\b") if thanks else None
        # rule 8: narration is in the past tense ("stated", "said"); a statement in its own name is not
        past = sorted((v for v in reporting_verbs if v.endswith("ed") or v in _IRREGULAR_PAST), key=len, reverse=True)
        self._past_report = "|".join(map(re.escape, past))

    def is_courtesy(self, paragraph: str) -> bool:
        """Rule 6: does every sentence of the paragraph greet or thank the room?"""
        text = plain_text(paragraph).strip()
        spans = sentences(text, find_quotes(text))
        return bool(spans) and all(self._courteous.match(text[start:end].lstrip()) for start, end in spans)

    def is_greeting(self, paragraph: str, on_subject: Callable[[str], bool]) -> bool:
        """Rule 6 at a speech's opening: does the passage open courteously and say nothing on a subject?"""
        text = plain_text(paragraph).strip()
        spans = sentences(text, find_quotes(text))
        if not spans or not self._courteous.match(text[spans[0][0] : spans[0][1]].lstrip()):
            return False
        rest = [text[start:end] for start, end in spans[1:]]
        return all((self._thanks and self._thanks.search(words)) or not on_subject(words) for words in rest)

    def read(self, blocks: list[Block], declared: bool) -> Speech | None:
        """The speech in ``blocks``, or None if the text is not one (``declared``: its sidecar says it is)."""
        front = [(i, b) for i, b in enumerate(blocks) if b.role != "chrome"][:FRONT_MATTER]
        speaker = behalf = office = None
        rule = ""
        announced_at = None
        for index, block in front:
            text = plain_text(block.text)
            if self._salutation.match(text):
                break
            adopted = _ADOPTED.match(text)
            if adopted and announced_at is None:  # rule 7
                speaker, rule, announced_at = (
                    _tidy(adopted["who"]),
                    "the body that adopted it, named in its preamble",
                    index,
                )
                continue
            if not _heading_line(text):
                delivered_within = self._delivered_within.search(text)
                if delivered_within and announced_at is None:
                    speaker, rule = _tidy(delivered_within["who"]), "deliverer named in the statement's lead-in"
                    announced_at = index
                    on_behalf = self._behalf.search(text)
                    behalf = behalf or (_tidy(on_behalf["who"]) if on_behalf else None)
                continue
            if announced_at is not None and index == announced_at + 1 and office is None and speaker:
                office = text
            found = self._announcement(text)
            if found and speaker is None:
                speaker, rule, announced_at = found, "speaker named in the speech's announcement", index
            delivered = self._delivered.match(text)
            if delivered:
                behalf, speaker = speaker, _tidy(delivered["who"])
                rule, announced_at = "deliverer named under the speech's announcement", index
            if behalf is None and (on_behalf := self._behalf.search(text)):
                behalf = _tidy(on_behalf["who"])
        start = self._start(blocks, front, announced_at)
        if start is None or (announced_at is None and not declared and not self._greets(blocks, start)):
            return None
        candidates = (behalf, self._opening_behalf(blocks, start), None if speaker else _letterhead(front))
        reported = not declared and speaker is not None and self._reports(speaker, plain_text(blocks[start].text))
        return Speech(
            start,
            speaker,
            tuple(c for c in candidates if c),
            rule or "speaker named in the speech's opening",
            office,
            reported,
        )

    def _reports(self, speaker: str, passage: str) -> bool:
        """Rule 8: does the passage report the announced speaker in the past tense ("Ida Lund, stated")?"""
        surname = speaker.split()[-1]
        if not self._past_report or not surname[:1].isupper():
            return False
        verb = rf"\b{re.escape(surname)}\b[^.;:!?“”\"]{{0,80}}?\b(?:{self._past_report})\b"
        return bool(re.search(verb, passage))

    def _announcement(self, text: str) -> str | None:
        by = self._by.search(text)
        if by:
            return _tidy(by["who"])
        possessive = self._possessive.search(text)
        return _tidy(possessive["who"]) if possessive else None

    def _start(self, blocks: list[Block], front, announced_at: int | None) -> int | None:
        """The first salutation up front, else the first body paragraph after the announcement."""
        for index, _block in front:
            if self._greets(blocks, index):
                return index
        after = -1 if announced_at is None else announced_at
        return next((i for i, b in enumerate(blocks) if i > after and b.role == "body"), None)

    def _greets(self, blocks: list[Block], index: int) -> bool:
        return bool(self._salutation.match(plain_text(blocks[index].text)))

    def _opening_behalf(self, blocks: list[Block], start: int) -> str | None:
        """ "I have the honour to deliver this statement on behalf of …" in the first paragraphs."""
        for block in blocks[start : start + 3]:
            match = self._behalf.search(plain_text(block.text))
            if match:
                return _tidy(match["who"])
        return None


def _abbreviated(words: str) -> str:
    """A pattern for words whose abbreviations may drop their period ("Mr. President", "Mr President")."""
    return re.escape(words).replace(r"\.", r"\.?")


HEADING_WORDS = 45  # an announcement is a short line; a paragraph of a report is not one


def _heading_line(text: str) -> bool:
    """A line that announces (a heading, or "Following is the text of …:"), not a sentence that
    mentions remarks in passing ("Ban's remarks were welcomed by ….")."""
    return len(text.split()) <= HEADING_WORDS and not re.search(r"[.!?][\"”’]?$", text)


def _letterhead(front) -> str | None:
    """A short first line with no verb and no date: the group or mission the text comes from."""
    if not front:
        return None
    text = plain_text(front[0][1].text)
    return text if len(text.split()) <= 12 and not re.search(r"\d{4}|[.!?]$", text) else None


def _tidy(words: str) -> str:
    return re.sub(r"\s*\([^)]*\)", "", words).strip(" ,.:;")
