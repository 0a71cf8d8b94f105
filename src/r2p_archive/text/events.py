"""A source's main event: its title, date, place, hosts and participants.

Texts in this genre announce their event in a few layouts; each gives some of title, date and
place, and a source's event takes each from the first layout that gives it:

1. a dateline, on a line of its own or ending a heading: "5th Annual R2P Ministerial Meeting,
   New York, 28 September 2012", "Statement by X in <meeting>. New York, 23 June 2022",
   "New York, 12 July 2011 - Secretary-General's Remarks to <event>": title, place and date;
2. a title that ends with its date: "<Event>: 14 January 2009", "<Event>, 24 September 2010",
   "<Event> - 04 July 2023";
3. the event sentence of the lead (the first ``LEAD_PARAGRAPHS`` body paragraphs): "<organizer>
   held|co-hosted|convened|opened an/its/the <event> [at <venue>] [in <Place>] [on <date>]",
   "On 14 January, <organizer> held <event>", or "at the <Event>, held in <Place> yesterday"; a
   communiqué's preamble ending in a colon ("The <Body>, at its 631st meeting, held in <Place> on
   <date>, adopted the following decision:") too.
   Its own date beats a date line: a report is posted after its event (a posting line "22 Sep
   2016" over "On 21 September, ... co-hosted ..."), and its name is the body's own name for
   the meeting;
4. a date line under the title ("15 January 2009", "8 Dec 2016 0:0"): the date of a speech or
   a statement (one speaker's words are an event too), or of a report whose lead names no date;
5. a place alone on a line beside the date line ("New York"), or at the end of a masthead of
   bulleted parts ("Department of ... • News and Media Division • New York"), or a news
   dateline opening the first paragraph ("NEW YORK, United States – ...", "NEW YORK, 24
   September (...) – ...").

6. a news story's lead: the day its first paragraphs give relative to the story's own date ("China
   on Thursday called for ...", "... today"), when no event sentence dates the event; like an
   event sentence's date, it beats a posting line (layout 4). The event
   is what the story reports on that day; with no meeting named, its headline names it. A wire
   dateline ("GENEVA (Reuters) - ") places it, except "UNITED NATIONS", which is no city.

Dates merely cited in the body (a resolution's date, "in 2005") are never the event's: a date
comes only from the line or sentence that announces the event. A date line whose day is
uncertain ("20 or 21 September 2022") dates the event to its month, never to a guessed day.
A meeting line ("7155th Meeting (AM)") names the meeting, never a date.

Titles: a speech's or statement's heading names its occasion after "remarks at", "statement
to", "during", "in <Meeting>" ("Remarks at the Annual Lecture" is the Annual Lecture); ordinals
are kept ("Ninth", "3rd Annual"); evaluative words of the genre ("Historic", "Successful", listed
in conventions.yaml) are left out, since they praise the meeting rather than name it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from r2p_archive.records import DateRef
from r2p_archive.text.dates import find_dates
from r2p_archive.text.read import INLINE_DATELINE, WIRE_DATELINE, Block, date_line, dateline, dateline_end, plain_text

LEAD_PARAGRAPHS = 3  # a report names its event in its lead, not further down
_PLACE = r"[A-Z][A-Za-z'’-]+(?: [A-Z][A-Za-z'’-]+){0,2}"
_HELD_IN = re.compile(rf"\bat the (?P<title>[A-Z][^,]+?), held in (?P<place>{_PLACE})")
# a communiqué's preamble: "The <Body>, at its 631st meeting, held in <Place> on <date>, adopted ...:"
_AT_ITS_MEETING = re.compile(
    rf"^(?P<body>[A-Z][^,]{{3,120}}?), at its (?P<meeting>[^,]+?), held in (?P<place>{_PLACE})"
)
_IN_PLACE = re.compile(rf"\bin (?P<place>{_PLACE})(?:, [A-Z][A-Za-z ]+)?(?=,| on | from |\.?$)")
_TITLE_END = re.compile(
    rf",? (?:at|in association with|together with|as part of|with the|from \d|on (?:\d|[A-Z][a-z]+day)"
    rf"|in (?={_PLACE}(?:, [A-Z][A-Za-z ]+)?(?:,| on | from |\.?$)))\b"
    r"|, [“\"]"
)
_TITLED_DATE = re.compile(r"^(?P<title>.{3,200}?)(?:[:,]| [-–—]) (?P<date>[^,:]{5,30})$")
_MEETING_LINE = re.compile(r"^(?P<meeting>\d+(?:st|nd|rd|th)(?: & \d+(?:st|nd|rd|th))? Meetings?)\b")
_DATE_FIRST = re.compile(
    rf"^(?P<date>\d{{1,2}} (?:January|February|March|April|May|June|July|August|September|October|November|"
    rf"December) \d{{4}}), (?P<place>{_PLACE})\s(?:--?|[–—])\s"
)
_PASSIVE_HELD = re.compile(
    r"^(?P<subject>[^,;:]{3,120}?) (?:was|were) (?:held|convened|hosted|organi[sz]ed)\b(?P<rest>.*)$"
)
_MASTHEAD = re.compile(rf"^(?:[^•|]+ [•|] )+(?P<place>{_PLACE})$")
_PLACE_LINE = re.compile(rf"^{_PLACE}$")
_SPEECH = re.compile(
    r"^(?:[^:]{1,40}: )?(?:(?P<speaker>[^:]+?)['’]s )?(?:Opening )?"
    r"(?:Remarks|Statement|Address|Speech|Message|Intervention)\b(?P<rest>.*)$",
    re.I,
)
# Where the occasion begins, most telling first; "on" is left out ("Statement on the situation").
_OCCASION_STARTS = (
    re.compile(r" (?:[Aa]t|[Dd]uring|[Bb]efore) (?:the )?"),
    re.compile(r" [Tt]o (?:the )?"),
    re.compile(r" [Ii]n (?=[A-Z])"),
)
_GENRE_NAME = re.compile(r"responsibility to protect", re.I)  # a name, never where an occasion begins
_BY_SPEAKER = re.compile(r"^(?:Remarks|Statement|Address|Speech|Message|Intervention) by (?P<by>[^,]+)", re.I)
_PARENTHESES = re.compile(r"\s*\([^)]*\)")
_SENTENCE_ENDS = tuple('.!?:;"”’)')
_SENTENCE_CAP = 600  # characters of a sentence the event patterns look at


@dataclass(frozen=True)
class EventWords:
    """The genre's words for announcing an event (from conventions.yaml)."""

    verbs: tuple[str, ...]  # "held", "co-hosted", ...
    evaluative: tuple[str, ...]  # "Historic", "Successful", ...


@dataclass(frozen=True)
class EventClue:
    """What one source says of its main event, before events of all sources are merged."""

    title: str
    date_text: str | None  # the words that date it, for DateMention lookup
    date_span: tuple[int, int] | None  # original offsets of the line or sentence that dates it
    place: str | None
    speaker_title: str | None = None  # for a transcript: who delivered the remarks
    organizer: tuple[int, int] | None = None  # original offsets of the words naming the organizer


@dataclass(frozen=True)
class _Found:
    """One layout's contribution: any of title, date and place, and where it stands."""

    title: str | None = None
    date_text: str | None = None
    date_span: tuple[int, int] | None = None
    place: str | None = None
    speaker: str | None = None
    organizer: tuple[int, int] | None = None


def find_event(blocks: list[Block], sentence_spans, words: EventWords) -> EventClue | None:
    """The main event of a source, each of its parts from the first layout that gives it."""
    lead, body = _lead(blocks)
    lines = list(_lead_lines(lead))
    preambles = [block for block in lead if plain_text(block.text).endswith(":")]  # "..., adopted the following:"
    sentence = _event_sentence([*body, *preambles], sentence_spans, _verb_pattern(words.verbs))
    datelines = [f for kind, f in lines if kind == "dateline"]
    titled = [f for kind, f in lines if kind == "titled"]
    dated = [f for kind, f in lines if kind == "date"]
    places = [f for kind, f in lines if kind == "place"]
    named = [f for wanted in ("occasion", "meeting", "title") for kind, f in lines if kind == wanted]
    inline = next((found for block in body if (found := _inline_dateline(block))), None)
    news = _news_day(body)  # a story's lead day beats its posting line, as an event sentence's date does
    lead_dated = [sentence] if sentence else [news] if news else []
    in_order = [*datelines, *titled, *lead_dated, *dated, *places, *named]
    if inline:
        in_order.append(inline)
    dating = next((f for f in in_order if f.date_span), None)
    subject = _meeting_subject([*(b for b in lead if b.role == "dateline"), *body[:1]])
    naming = next(
        (f for f in [*datelines, *titled, *([sentence] if sentence else []), *subject, *named] if f.title), None
    )
    title = naming.title if naming else None
    if title is None and dating is None:
        return None
    return EventClue(
        title=_tidy(title, words.evaluative) if title else "",
        date_text=dating.date_text if dating else None,
        date_span=dating.date_span if dating else None,
        place=next((f.place for f in in_order if f.place), None),
        speaker_title=next((f.speaker for f in in_order if f.speaker), None),
        organizer=sentence.organizer if sentence is not None and naming is sentence else None,  # its subject held it
    )


_MEETING_NOUN = re.compile(
    r"\b(?:Workshop|Meeting|Dialogue|Debate|Conference|Forum|Seminar|Roundtable|Summit|Consultation|Symposium|"
    r"Retreat|Session)s?\b"
)
_NAME_LINKS = frozenset(["on", "of", "for", "and", "the", "in", "to", "at", "&"])


def _meeting_subject(blocks: list[Block]) -> list[_Found]:
    """An ordinary press release's lead names its meeting as its subject ("GENEVA, 14 May 2019 – The Regional
    Workshop on Atrocity Prevention for Eastern Europe brought together ..."): the title is that name, its
    capitalized words and the small words between them, never the whole sentence nor the headline."""
    for block in blocks:
        text = plain_text(block.text)
        words = text[dateline_end(text) :].split()
        if not words or words[0] != "The":
            continue
        name: list[str] = []
        for word in words[1:]:
            if not (word[0].isupper() or word in _NAME_LINKS):
                break
            name.append(word)
        while name and name[-1] in _NAME_LINKS:
            name.pop()
        title = " ".join(name).rstrip(",;:")
        if len(name) >= 2 and _MEETING_NOUN.search(title):
            return [_Found(title=title)]
    return []


def _lead(blocks: list[Block]) -> tuple[list[Block], list[Block]]:
    """The lines above the text, and its first body paragraphs.

    The text begins at the first paragraph that ends a sentence: a headline too long to be read
    as a heading ("Statement on behalf of ... at the ... Dialogue") still stands above it. A heading
    that ends like a sentence ("Statement of the Special Advisers on ... crimes.") is known by the
    date line under it: it is the title, and the lines down to the date line stand above the text."""
    lead: list[Block] = []
    body: list[Block] = []
    between: list[Block] = []  # lines after a first paragraph that may yet prove a heading
    for block in blocks:
        if block.role == "chrome":
            continue
        if len(body) == 1 and block.role == "dateline" and not lead:
            lead, body, between = [replace(body[0], role="title"), *between, block], [], []
        elif not body and (block.role != "body" or not plain_text(block.text).endswith(_SENTENCE_ENDS)):
            lead.append(block)
        elif block.role != "body":
            between.append(block)
        else:
            body.append(block)
            if len(body) == LEAD_PARAGRAPHS:
                break
    return lead, body


def _lead_lines(lead: list[Block]) -> Iterator[tuple[str, _Found]]:
    """What each line above the text says: dateline, titled date, date, place, occasion, meeting."""
    previous_dated = False
    for index, block in enumerate(lead):
        text = plain_text(block.text)
        span = (block.start, block.end)
        match = dateline(text)
        if match:
            post = match.group("post")
            # the words after a news dateline are the story's first sentence, not the meeting's name
            title = (None if post and _is_sentence(post) else post) or match.group("pre")
            occasion = _occasion(title) if title else None
            by_speaker = _BY_SPEAKER.match(title) if title and not occasion else None
            speaker = None
            if occasion:
                title, speaker = occasion
            elif by_speaker:  # "Intervention by <speaker>, <office>": who and when, not the occasion
                title, speaker = None, by_speaker.group("by")
            yield "dateline", _Found(title, match.group("date"), span, _place_name(match.group("place")), speaker)
            previous_dated = False
            continue
        mention = date_line(text)
        if mention is not None:
            yield "date", _Found(date_text=mention.expression, date_span=span)
            following = lead[index + 1] if index + 1 < len(lead) else None
            if following is not None and _PLACE_LINE.match(plain_text(following.text)):
                yield "place", _Found(place=plain_text(following.text))
            previous_dated = True
            continue
        if previous_dated and _PLACE_LINE.match(text):
            yield "place", _Found(place=text)
        previous_dated = False
        titled = _TITLED_DATE.match(text)
        if titled and _is_date(titled.group("date")):
            yield "titled", _Found(titled.group("title"), titled.group("date"), span)
            continue
        masthead = _MASTHEAD.match(text)
        if masthead and not masthead.group("place").isupper():  # "Statements | OHCHR" ends in a name, not a place
            yield "place", _Found(place=masthead.group("place"))
            continue
        meeting = _MEETING_LINE.match(text)
        if meeting:
            body_name = plain_text(lead[index - 1].text) if index else ""
            named = f"{body_name} {meeting.group('meeting')}" if _PLACE_LINE.match(body_name) else meeting.group(0)
            yield "meeting", _Found(title=named)
            continue
        occasion = _occasion(text)
        if occasion:
            yield "occasion", _Found(occasion[0], speaker=occasion[1])
        elif block.role == "title":
            yield "title", _Found(title=text)


def _is_date(text: str) -> bool:
    found = find_dates(text)
    return len(found) == 1 and found[0].expression == text.strip()


def _occasion(text: str) -> tuple[str, str | None] | None:
    """ "<Speaker>'s Remarks at <occasion>", "Statement by <speaker> in <Meeting> ..." -> occasion, speaker.

    Only the words before a quotation are searched, and the genre's name is masked, so that
    "to" in "Responsibility to Protect" never starts an occasion."""
    match = _SPEECH.match(text)
    if not match:
        return None
    rest = match.group("rest")
    head = re.split(r"[“\"]", rest, maxsplit=1)[0]
    if re.match(r" (?:by|of) ", head):  # "by <speaker>, <office> to the UN": the office is no occasion
        head = head.split(",", 1)[0]
    head = _GENRE_NAME.sub(lambda m: "#" * len(m.group()), head)
    for start in _OCCASION_STARTS:
        at = start.search(head)
        if at:
            speaker = match.group("speaker") or _speaker_by(rest[: at.start()])
            return rest[at.end() :], speaker
    return None


def _speaker_by(words: str) -> str | None:
    by = re.match(r" (?:by|of) (?P<by>[^,]+?)(?: on behalf of .*)?$", words.split(",")[0])
    return by.group("by") if by else None


def _verb_pattern(verbs: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(v) for v in sorted(verbs, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives}) (?:an?|its|the|their) (?P<rest>.+)$")


def _event_sentence(body: list[Block], sentence_spans: Callable, verbs: re.Pattern[str]) -> _Found | None:
    """The first lead sentence that says the event took place, with its own date if it has one."""
    for block in body:
        for start, end in sentence_spans(block):
            sentence = block.text[start : min(end, start + _SENTENCE_CAP)]
            found = _held_in(sentence) or _held(sentence, verbs) or _held_passive(sentence)
            if found is None:
                continue
            title, place, organizer_end = found
            # a day beats a weekday: "On Thursday, 27 June" is dated by "27 June"
            dates = sorted(find_dates(sentence), key=lambda m: m.relative is not None)
            span = (block.to_original(start), block.to_original(end)) if dates else None
            organizer = (block.to_original(start), block.to_original(start + organizer_end)) if organizer_end else None
            return _Found(title, dates[0].expression if dates else None, span, place, None, organizer)
    return None


def _held_in(sentence: str) -> tuple[str, str, int] | None:
    """ "... at the <Event>, held in <Place> yesterday": the organizer is not named here; "<Body>, at its
    631st meeting, held in <Place> on <date>": the body's meeting, which the body held."""
    ours = _AT_ITS_MEETING.match(sentence)
    if ours:
        body = ours.group("body")
        return f"{ours.group('meeting')} of {body[0].lower()}{body[1:]}", ours.group("place"), len(body)
    match = _HELD_IN.search(sentence)
    return (match.group("title"), match.group("place"), 0) if match else None


def _is_sentence(words: str) -> bool:
    """A sentence of the story (it ends as one, in lower-case words), not a heading in title case."""
    lower = [w for w in words.split() if w[:1].islower()]
    return words.rstrip().endswith((".", "!", "?")) and len(words.split()) >= 4 and len(lower) >= 2


def _place_name(place: str) -> str:
    """A place as a place is written: "GENEVA" is Geneva."""
    return place.title() if place.isupper() else place


def _held_passive(sentence: str) -> tuple[str | None, str | None, int] | None:
    """ "The Fourth Dialogue was held at Headquarters on 5 September": the event, named if its subject
    is a name ("The dialogue" is not: the headline names it then), with no organizer."""
    match = _PASSIVE_HELD.match(sentence)
    if not match:
        return None
    subject = re.sub(r"^[Tt]he ", "", match.group("subject"))
    where = _IN_PLACE.search(match.group("rest"))
    return (subject if subject[:1].isupper() else None), (where.group("place") if where else None), 0


def _held(sentence: str, verbs: re.Pattern[str]) -> tuple[str, str | None, int] | None:
    """ "<organizer> held its <event> at <venue> in <Place>, on <date>" -> event, place, organizer end."""
    match = verbs.search(sentence)
    if not match:
        return None
    rest = match.group("rest")
    cut = _TITLE_END.search(rest)
    title = rest[: cut.start()] if cut else rest
    where = _IN_PLACE.search(rest, len(title))
    return title, where.group("place") if where else None, match.start()


def _inline_dateline(block: Block) -> _Found | None:
    """A news dateline opening the first paragraph: "NEW YORK, United States – ...", "NEW YORK, 24
    September (...) – ..."; its date (if any) has no year, which the text's other dates give."""
    reversed_dateline = _DATE_FIRST.match(block.text)
    if reversed_dateline:  # "1 July 2024, New York -- EU statement ..."
        whole = (block.start, block.to_original(reversed_dateline.end()))
        return _Found(None, reversed_dateline.group("date"), whole, reversed_dateline.group("place"))
    match = INLINE_DATELINE.match(block.text)
    if not match:
        wire = WIRE_DATELINE.match(block.text)
        place = wire.group("place").title() if wire else None
        return _Found(place=place) if place and place != "United Nations" else None
    rest = match.group("rest") or ""
    dates = find_dates(rest)
    span = (block.start, block.to_original(match.end())) if dates else None
    return _Found(None, dates[0].expression if dates else None, span, match.group("place").title())


def _news_day(body: list[Block]) -> _Found | None:
    """Layout 6: the first day a story's lead names relative to the story's date ("on Thursday")."""
    for block in body:
        relative = next((m for m in find_dates(block.text) if m.relative), None)
        if relative is not None:
            return _Found(None, relative.expression, (block.start, block.end))
    return None


def _tidy(title: str, evaluative: tuple[str, ...]) -> str:
    """A title as a name: no parentheses, no praise ("Historic"), first letter upper case."""
    title = _PARENTHESES.sub("", plain_text(title)).strip(" ,.:;")
    if evaluative:
        praise = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in evaluative) + r")\b ?", re.I)
        title = praise.sub("", title).strip(" ,.:;")
    return title[:1].upper() + title[1:]


def date_for(clue: EventClue, dates: list[DateRef]) -> DateRef | None:
    """The resolved date of the words that date the clue, within its line or sentence; None if
    those words name no date (a day the text gives no year for): never another."""
    if clue.date_span is None or clue.date_text is None:
        return None
    low, high = clue.date_span
    return next((d for d in dates if low <= d.start < high and d.expression == clue.date_text), None)
