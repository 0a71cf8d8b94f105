"""One source file in, its records out: the source, its main event and its statements.

Pure apart from the ``Registry`` it reads: no file system, so sources can be extracted in
parallel and tested on strings.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from pathlib import PurePosixPath

from r2p_archive.corrections import Correction, apply_corrections
from r2p_archive.errors import ArchiveError, Notice
from r2p_archive.records import DatePrecision, DateRef, Source, Speaker, Statement, Theme
from r2p_archive.slugs import name_slug
from r2p_archive.text import dates as dating
from r2p_archive.text.events import EventClue, EventWords, date_for, find_event
from r2p_archive.text.mentions import HONORIFIC, HONORIFIC_PREFIX, Mention, MentionFinder, surnames
from r2p_archive.text.quotes import find_quotes, sentences, stray_opening
from r2p_archive.text.read import Block, blocks_of, classify, dateline_end, decode, paragraphs_of, plain_text
from r2p_archive.text.speech import Speech, SpeechReader
from r2p_archive.text.statements import Attributor, Context, RawStatement, Speaking
from r2p_archive.text.turns import Floor, Turn, TurnReader
from r2p_archive.themes import matches, themes_for

_STATEMENT_ROLES = ("body", "title")
_DATED_ROLES = ("body", "title", "dateline", "caption", "reference", "heading", "byline")  # "By X 26 January 2023"
_TRANSCRIPT_KINDS = ("speech-transcript", "statement")
_SPEECH_ROLES = ("body", "title", "heading", "list")  # a speech's own paragraphs, however a line looked
UNDECLARED = "document"  # no sidecar says what the text is: the loader reads it off the text


@dataclass(frozen=True)
class SourceMeta:
    """What a sidecar YAML says about a source the text does not."""

    kind: str = UNDECLARED
    publisher: str | None = None
    url: str | None = None
    language: str = "en"
    published: date | None = None
    title: str | None = None
    speaker: str | None = None
    delivered_by: str | None = None
    event: str | None = None
    date: str | None = None  # partial ISO, checked by the sidecar reader
    place: str | None = None
    passages: str | None = None  # "all" (the default), or a theme id
    citation: str | None = None
    corrections: tuple[Correction, ...] = ()  # the archivist's, applied to every reading (corrections.py)


def partial_date(text: str) -> tuple[date, DatePrecision] | None:
    """ "2016-09" -> (1 September 2016, "month"); None if it names no real date."""
    parts = [int(part) for part in text.split("-")]
    precision: DatePrecision = ("year", "month", "day")[len(parts) - 1]
    try:
        return date(parts[0], *[*parts[1:], 1, 1][:2]), precision
    except ValueError:
        return None


@dataclass(frozen=True)
class RawEvent:
    title: str
    date: DateRef
    place: str | None
    source: str
    hosts: tuple[str, ...]
    participants: tuple[str, ...]


@dataclass(frozen=True)
class Extraction:
    source: Source
    event: RawEvent | None
    statements: tuple[Statement, ...]
    warnings: tuple[Notice, ...]
    speakers: tuple[Speaker, ...] = ()  # people the registry does not know, found in this source


class Extractor:
    """Holds the compiled registry matchers shared by every source."""

    def __init__(self, finder: MentionFinder) -> None:
        self.finder = finder
        self.registry = finder.registry
        self.conventions = finder.registry.conventions
        self.attributor = Attributor(finder, self.conventions)
        self.speeches = SpeechReader(
            self.conventions.speech_announcements,
            self.conventions.salutations,
            self.conventions.courtesies,
            self.conventions.thanks_words,
            self.conventions.reporting_verbs,
        )
        self.event_words = EventWords(self.conventions.event_verbs, self.conventions.evaluative_words)
        self.turns = TurnReader(self.conventions)

    def extract(self, source_id: str, path: str, data: bytes, meta: SourceMeta) -> Extraction:
        text, decode_warnings = decode(data, path)
        warnings = [Notice(path, line, "encoding", w) for line, w in decode_warnings]
        blocks = classify(blocks_of(text, self.conventions), self.conventions, self.finder.is_name_line)
        paragraphs = paragraphs_of(blocks)
        warnings += _impossible_dates(blocks, text, path)
        mentions = {index: self.finder.find(block.text) for index, block in enumerate(blocks) if block.role != "chrome"}
        dates, written = self._dates(blocks, mentions, meta, path)
        clue = _declared_event(meta, find_event(blocks, _sentence_spans, self.event_words))
        event_date = _declared_date(meta) or (date_for(clue, dates) if clue else None)
        title = meta.title or _title(blocks, clue) or source_id
        declared = meta.kind in _TRANSCRIPT_KINDS
        speech = self.speeches.read(blocks, declared) if declared or meta.kind == UNDECLARED else None
        if speech and meta.speaker:  # the sidecar names who spoke: it outranks what the text's layout suggests
            speech = replace(speech, speaker=meta.speaker, rule="speaker named in the source's sidecar")
        about = None  # a press statement about what its speaker said (rule 8 of text/speech.py): a report
        if speech and speech.reported:
            about, speech = speech, None
        source = Source(
            id=source_id,
            path=path,
            title=title,
            kind=_TRANSCRIPT_KINDS[0] if speech and not declared else meta.kind,
            text=text,
            paragraphs=paragraphs,
            publisher=meta.publisher,
            url=meta.url,
            language=meta.language,
            byline=_byline(blocks, self.conventions.byline_pattern),
            written=written,
            delivered_by=meta.delivered_by,
            citation=meta.citation,
        )
        # offices resolve to their holders on the event's day, or else on the day the text was written
        day = event_date.value if event_date else written.value if written else None
        discovered: list[Speaker] = []
        if speech:
            statements = self._remarks(source, blocks, speech, day, warnings, discovered, meta.passages)
        elif declared:
            warnings.append(Notice(path, 1, "transcript-without-speech", "transcript without any paragraph of speech"))
            statements = ()
        else:
            statements = self._statements(source, blocks, day, warnings, discovered, about)
        if meta.corrections:
            names = {s.id: s.name for s in discovered}
            statements, notes = apply_corrections(
                statements,
                meta.corrections,
                lambda i: self._speaker_name(i) or names.get(i),
                str(PurePosixPath(path).with_suffix(".yaml")),
            )
            warnings += notes
        event = None
        if clue and clue.title and event_date:
            event = RawEvent(
                title=clue.title,
                date=event_date,
                place=clue.place,
                source=source_id,
                hosts=self._hosts(blocks, mentions, clue),
                participants=self._participants(blocks, mentions, statements),
            )
        else:
            message = "no dated event (no dateline, date line or dated 'held' sentence)"
            if meta.event or meta.place:
                message += "; the sidecar's 'event' and 'place' need its 'date' (YYYY-MM-DD, YYYY-MM or YYYY)"
            warnings.append(Notice(path, 1, "no-event", message))
        return Extraction(source, event, statements, tuple(warnings), tuple(discovered))

    def _speaker_name(self, speaker_id: str) -> str | None:
        try:
            return self.finder.speaker(speaker_id).name
        except KeyError:
            return None

    # dates ---------------------------------------------------------------------------------

    def _dates(
        self, blocks: list[Block], mentions: dict[int, list[Mention]], meta: SourceMeta, path: str
    ) -> tuple[list[DateRef], DateRef | None]:
        found = []
        for block in blocks:
            if block.role in _DATED_ROLES:
                for mention in dating.find_dates(block.text):
                    found.append((block, replace(mention, start=block.to_original(mention.start))))
        absolute = [m.absolute() for _, m in found if m.is_absolute]
        relatives = [m for block, m in found if m.relative and block.role in ("body", "caption", "title")]
        written = dating.infer_writing_date([d for d in absolute if d], relatives, meta.published)
        hint = self._year_hint(found, blocks, mentions)
        resolved = []
        for block, mention in found:
            if block.role == "reference":
                continue
            try:
                resolved.append(dating.resolve(mention, written, hint))
            except OverflowError:
                counted = f" counted from {written.value.isoformat()}" if written else ""
                raise ArchiveError(
                    f"“{mention.expression}”{counted} falls outside the years 1 to 9999", path, block.line
                ) from None
        return [d for d in resolved if d is not None], written

    def _year_hint(self, found, blocks: list[Block], mentions: dict[int, list[Mention]]) -> tuple[int, str] | None:
        """A year for "On 12 July" from the term of office of someone named with their title."""
        partial = [m for _, m in found if m.day and m.year is None]
        if not partial:
            return None
        day, month = partial[0].day, partial[0].month
        candidates: set[int] | None = None
        reasons = []
        for _, found_mentions in sorted(mentions.items()):
            for mention in found_mentions:
                if mention.kind != "person" or mention.title is None or mention.target is None:
                    continue
                speaker = self.finder.speaker(mention.target)
                for role in speaker.roles:
                    if role.title_id != mention.title:
                        continue
                    years = {
                        year
                        for year in range(role.start.year, (role.end or date.today()).year + 1)
                        if _valid(year, month, day) and role.held_on(date(year, month, day))
                    }
                    candidates = years if candidates is None else candidates & years
                    end = role.end.isoformat() if role.end else "present"
                    reasons.append(f"{speaker.name} as {role.title} ({role.start.isoformat()} to {end})")
        if candidates and len(candidates) == 1:
            return candidates.pop(), "the term of office of " + "; ".join(dict.fromkeys(reasons))
        # terms of office leave the year open: the session the text names, if any, settles it
        return next((y for b in blocks if b.role == "body" and (y := dating.session_year(b.text, month))), None)

    # statements ------------------------------------------------------------------------------

    def _statements(
        self,
        source: Source,
        blocks: list[Block],
        day: date | None,
        warnings: list[Notice],
        discovered: list[Speaker],
        about: Speech | None = None,
    ) -> tuple:
        """Statements of every body paragraph; ``discovered`` gets the people the registry lacks. ``about``: the
        speaker a press statement reports, whose are the quotations no rule gives anyone."""
        announced = self._announced(about) if about else None
        rule = "a quotation in a statement about its speaker is theirs"
        context = Context(voice=self.attributor.resolve([announced], None, day, rule) if announced else None)
        statements: list[Statement] = []
        line_starts: list[int] = []  # made on the first warning: most sources have none

        def line_of(offset: int) -> int:
            if not line_starts:
                line_starts.extend([0, *(m.end() for m in re.finditer("\n", source.text))])
            return bisect_right(line_starts, offset)

        floor = Floor()
        for number, block in enumerate(blocks, start=1):
            turn = self.turns.read(block.text, block.role, floor)
            if turn is not None:
                raw = self._turn(turn, block.text, day, context, discovered, f"{source.path}:{block.line}")
                statements.append(self._statement(source, block, number, 0, raw))
                continue
            cut = dateline_end(block.text) if block.role in (*_STATEMENT_ROLES, "dateline") else 0
            if block.role not in _STATEMENT_ROLES and not cut:
                continue
            text = " " * cut + block.text[cut:].replace("**", "  ")  # the dateline and Markdown bold out, offsets kept
            following = next((b.text for b in blocks[number:] if b.role != "chrome"), None)  # the story's next
            stray = stray_opening(text, following)
            if stray is not None:  # read without it, offsets kept
                text = f"{text[:stray]} {text[stray + 1 :]}"
                message = f"quotation opened and not closed: {text[stray + 1 : stray + 40].strip()}…"
                warnings.append(Notice(source.path, line_of(block.to_original(stray)), "quotation-not-closed", message))
            for index, raw in enumerate(self.attributor.paragraph(text, day, context)):
                statements.append(self._statement(source, block, number, index, raw))
            for at, message in context.warnings:
                warnings.append(
                    Notice(source.path, line_of(block.to_original(at)), "quotation-without-speaker", message)
                )
            context.warnings.clear()
            for at, mention in context.discovered:
                discovered.append(_discovered_speaker(mention, f"{source.path}:{line_of(block.to_original(at))}"))
            context.discovered.clear()
        return tuple(statements)

    def _turn(
        self, turn: Turn, text: str, day: date | None, context: Context, discovered: list[Speaker], found_at: str
    ) -> RawStatement:
        """A verbatim record's paragraph, the words of whoever holds the floor (text/turns.py)."""
        rule = "the turn's label in the verbatim record" if turn.words_start else "the turn goes on"
        name = HONORIFIC_PREFIX.sub("", turn.person or "").strip()
        person = next((m for m in self.finder.find(name) if m.kind == "person"), None) if name else None
        if name and person is None:
            person = Mention(0, len(name), name, "person", name_slug(name), discovered=True, role=turn.office)
            if all(s.id != person.target for s in discovered):
                discovered.append(_discovered_speaker(person, found_at))
        behalf = next((m for m in self.finder.find(turn.state or "") if m.kind == "state"), None)
        if person is not None:
            speaking = self.attributor.resolve([person], behalf, day, rule, context.chain).speakers[0]
        else:
            speaking = Speaking(
                None, turn.office or "an unnamed speaker", "anonymous", behalf.target if behalf else None
            )
        words = text[turn.words_start :]
        return RawStatement(words.strip(), "quote", speaking, turn.words_start, len(text.rstrip()), rule)

    def _statement(self, source: Source, block: Block, number: int, index: int, raw: RawStatement):
        start = block.to_original(raw.start)
        end = block.to_original(raw.end)
        speaking = raw.speaking
        return Statement(
            id=f"{source.id}-p{number}-{index + 1}",
            text=raw.text,
            kind=raw.kind,
            speaker=speaking.speaker,
            speaker_label=speaking.label,
            source=source.id,
            paragraph=number,
            start=start,
            end=end,
            on_behalf_of=speaking.on_behalf_of,
            themes=themes_for(raw.text, block.heading, self.registry.themes),
            attribution=raw.rule,
            also_by=raw.also_by,
            by_document=speaking.kind == "document",
        )

    def _announced(self, speech: Speech) -> Mention | None:
        """Who the speech's announcement names: a person, an office, a state, someone the registry lacks."""
        speaker_mentions = self.finder.find(speech.speaker, discover=True) if speech.speaker else []
        named = next((m for m in speaker_mentions if m.kind != "title"), None) or next(iter(speaker_mentions), None)
        if named is None and speech.speaker and _PERSON_NAME.fullmatch(speech.speaker):
            # the announcement's words are the name itself ("Statement by Mark C. Storella"): a person
            name = HONORIFIC_PREFIX.sub("", speech.speaker)
            named = Mention(0, len(name), name, "person", name_slug(name), discovered=True, role=speech.office)
        return named

    def _remarks(
        self,
        source: Source,
        blocks: list[Block],
        speech: Speech,
        day,
        warnings,
        discovered: list[Speaker],
        passages: str | None = None,
    ) -> tuple:
        """A speech is statements passage by passage: each paragraph from its first words on, but
        courtesies (rule 6 of text/speech.py), by the speaker the text names (a person, an office
        held on the day, a state, someone the registry lacks), for whom it names. ``passages``
        (from the sidecar) keeps only the paragraphs on one theme, or "all"."""
        body = [(n, b) for n, b in enumerate(blocks, start=1) if n > speech.start + 1 and b.role in _SPEECH_ROLES]
        named = self._announced(speech)
        behalf = next((m for words in speech.behalf for m in self.finder.find(words, discover=True)[:1]), None)
        if behalf is None and speech.office:  # "Head of Delegation of the United States of America"
            behalf = next((m for m in self.finder.find(speech.office) if m.kind == "state"), None)
        for mention in (named, behalf):
            if mention and mention.discovered:
                discovered.append(_discovered_speaker(mention, f"{source.path}:{blocks[speech.start].line}"))
        if named:
            raw = self.attributor.resolve([named], behalf, day, speech.rule)
            speaking = raw.speakers[0]
            label = speech.speaker or speaking.label
        else:
            speaking = Speaking(
                None, speech.speaker or "an unnamed speaker", "anonymous", behalf.target if behalf else None
            )
            label, rule = speaking.label, speech.rule
            if not behalf and not speech.speaker:
                warnings.append(
                    Notice(source.path, 1, "speech-without-speaker", "a speech whose speaker the text does not name")
                )
        theme = self._passage_theme(passages, source.path)
        said = []
        context = Context()
        opening = True  # until the first passage kept: where a speech greets the room
        for number, block in [(speech.start + 1, blocks[speech.start]), *body]:
            if self.speeches.is_courtesy(block.text) or (theme and not matches(block.text, theme)):
                continue
            if opening and self.speeches.is_greeting(block.text, self._on_subject):
                continue
            opening = False
            cut = _passage_number_end(block.text)
            said.append(
                Statement(
                    id=f"{source.id}-remarks-{number}",
                    text=block.text[cut:],
                    kind="remarks",
                    speaker=speaking.speaker,
                    speaker_label=label,
                    source=source.id,
                    paragraph=number,
                    start=block.to_original(cut) if cut else block.start,
                    end=block.end,
                    on_behalf_of=speaking.on_behalf_of,
                    themes=themes_for(block.text, None, self.registry.themes),
                    attribution=raw.rule if named else rule,
                )
            )
            if _QUOTE_MARK.search(block.text):  # words the speaker quotes are their speakers' too
                for index, quoted in enumerate(self._quoted_in_speech(block.text, day, context, speaking)):
                    said.append(self._statement(source, block, number, index, quoted))
                discovered.extend(_discovered_speaker(m, f"{source.path}:{block.line}") for _, m in context.discovered)
                context.discovered.clear()
                context.warnings.clear()
        return tuple(said)

    def _quoted_in_speech(self, text: str, day: date | None, context: Context, speech: Speaking) -> list[RawStatement]:
        """Quotations a speech gives to someone it names ("As the High Commissioner, Ms. X, said, “…”"):
        that person's statements, while the passage stays the speaker's. A quotation the text does not
        give to someone by name (a pronoun, a sentence going on) is the speaker's own passage."""
        return [
            raw
            for raw in self.attributor.paragraph(text, day, context)
            if raw.kind == "quote"
            and raw.speaking.speaker not in (None, speech.speaker)
            and not any(cue in raw.rule for cue in _BY_CONTEXT)
        ]

    def _on_subject(self, text: str) -> bool:
        """Do the words cue any of the archive's themes?"""
        return bool(themes_for(text, None, self.registry.themes))

    def _passage_theme(self, passages: str | None, path: str) -> Theme | None:
        if passages in (None, "all"):
            return None
        theme = next((t for t in self.registry.themes if t.id == passages), None)
        if theme is None:
            raise ArchiveError(f"the sidecar's passages names no theme {passages!r} (nor 'all')", path)
        return theme

    # hosts and participants --------------------------------------------------------------

    def _cue_mentions(self, blocks, mentions, cues: tuple[str, ...]) -> list[str]:
        """Speakers named in sentences with a cue word, on the cue's side of the clause."""
        pattern = re.compile(r"\b(?:" + "|".join(re.escape(c) for c in cues) + r")\b", re.I)
        found: list[str] = []
        for index, block in enumerate(blocks):
            if block.role != "body":
                continue
            named = [m for m in mentions.get(index, []) if m.target and m.kind != "title"]
            starts = [m.start for m in named]
            for cue in pattern.finditer(block.text):
                start, end = _sentence_around(block, cue.start())
                if block.text.startswith(" by ", cue.end()):
                    low, high = cue.end(), end  # "co-hosted by X and Y"
                else:
                    low, high = _main_clause_start(block.text, start, cue.start()), cue.start()  # "X co-hosted"
                found += [m.target for m in named[bisect_left(starts, low) : bisect_left(starts, high)]]
        return list(dict.fromkeys(found))

    def _hosts(self, blocks, mentions, clue: EventClue | None) -> tuple[str, ...]:
        """Who held the event: its organizer ("the General Assembly held") and its (co-)hosts."""
        hosts = []
        if clue and clue.organizer:
            low, high = clue.organizer
            for index, block in enumerate(blocks):
                for mention in mentions.get(index, []):
                    if mention.target and mention.kind != "title" and low <= block.to_original(mention.start) < high:
                        hosts.append(mention.target)
        hosts += self._cue_mentions(blocks, mentions, self.conventions.host_cues)
        return tuple(h for h in dict.fromkeys(hosts) if self.finder.speaker(h).kind != "person")

    def _participants(self, blocks, mentions, statements) -> tuple[str, ...]:
        """People named as taking part, speakers listed at the end, and everyone quoted."""
        cued = self._cue_mentions(blocks, mentions, self.conventions.participation_cues)
        found = [p for p in cued if self.finder.speaker(p).kind == "person"]
        found += [
            m.target for i, b in enumerate(blocks) if b.role == "list" for m in mentions.get(i, [])[:1] if m.target
        ]
        found += [s.speaker for s in statements if s.speaker]
        return tuple(dict.fromkeys(found))


_PERSON_NAME = re.compile(rf"(?:{HONORIFIC}\s+)*[A-Z][\w’'-]+(?:\s+(?:[A-Z]\.|[A-Z][\w’'-]+)){{1,3}}")
_QUOTE_MARK = re.compile('[“"]')
_BY_CONTEXT = ("pronoun", "“he”", "“she”", "“He”", "“She”", "continues", "the latest", "before a colon")  # not by name
_PASSAGE_NUMBER = re.compile(r"^(?:\d{1,3}\.|\(\d{1,3}\))\s+(?=[A-Z“\"‘'])")


def _passage_number_end(text: str) -> int:
    """Where a passage's words begin after the number a transcript gives its paragraphs ("45. It
    must be evident ...", "(12) We ..."): the record's numbering, not words. A bare number is kept:
    "100 States have signed" says how many."""
    found = _PASSAGE_NUMBER.match(text)
    return found.end() if found else 0


def _discovered_speaker(mention: Mention, found_at: str) -> Speaker:
    """The record of a person (rule D1) or a body (D9) the registry does not know, from its first mention."""
    person = mention.kind == "person"
    return Speaker(
        id=mention.target or "",
        name=mention.surface,
        kind="person" if person else "organization",
        aliases=surnames(mention) if person else (),
        discovered=True,
        found_at=found_at,
        role_text=mention.role,
    )


def _valid(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _main_clause_start(text: str, start: int, cue_start: int) -> int:
    """Skip an opening phrase ("Coinciding with ..., the governments of ...")."""
    at = text.find(", the ", start, cue_start)
    return at + 2 if at >= 0 else start


@lru_cache(maxsize=64)
def _sentence_spans(block: Block) -> list[tuple[int, int]]:
    return sentences(block.text, find_quotes(block.text))


def _sentence_around(block: Block, index: int) -> tuple[int, int]:
    """The sentence of ``block`` holding ``index``."""
    spans = _sentence_spans(block)
    at = max(0, bisect_right([s for s, _ in spans], index) - 1)
    return spans[at] if spans else (0, len(block.text))


def _impossible_dates(blocks: list[Block], text: str, path: str) -> list[Notice]:
    """A warning for each day the text writes that does not exist ("31 February 2015"): no date is read from it."""
    return [
        Notice(path, text.count("\n", 0, block.to_original(at)) + 1, "no-such-date", f"no such date: “{words}”")
        for block in blocks
        if block.role != "chrome"
        for at, words in dating.impossible_dates(block.text)
    ]


def _declared_event(meta: SourceMeta, found: EventClue | None) -> EventClue | None:
    """The event a sidecar names (an importer's), which no layout of the text need announce. A sidecar's
    ``event`` or ``place`` without its ``date`` names the event the text dates."""
    if meta.event and meta.date:
        return EventClue(title=meta.event, date_text=meta.date, date_span=None, place=meta.place)
    if found and (meta.event or meta.place):
        return replace(found, title=meta.event or found.title, place=meta.place or found.place)
    return found


def _declared_date(meta: SourceMeta) -> DateRef | None:
    found = partial_date(meta.date) if meta.event and meta.date else None
    if found is None or meta.date is None:
        return None
    return DateRef(found[0], meta.date, "given in the source's sidecar", precision=found[1])


def _title(blocks: list[Block], clue: EventClue | None) -> str | None:
    for block in blocks:
        if block.role == "title":
            return plain_text(block.text)
    if clue and clue.speaker_title:
        return f"{clue.speaker_title}'s remarks to {clue.title}"
    return clue.title if clue else None


def _byline(blocks: list[Block], pattern: re.Pattern[str]) -> str | None:
    for block in blocks:
        match = pattern.match(block.text)
        if block.role == "byline" and match:
            return match.group("name")
    return None


__all__ = ["ArchiveError", "Extraction", "Extractor", "RawEvent", "SourceMeta"]
